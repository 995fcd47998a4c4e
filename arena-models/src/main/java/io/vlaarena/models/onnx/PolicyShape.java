package io.vlaarena.models.onnx;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The interface of a generated generic-card policy ({@link PolicyModels}): named cameras of free
 * sizes and layouts, an optional proprioceptive state input, an optional observation history, an
 * action chunk of any horizon and width, and optional constant and translator-filled inputs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the model id written into the card
 * @param cameras the image inputs, in graph input order; names unique
 * @param window observations per input; 1 = no time axis, more = a time axis after the batch axis
 * @param stateDim width of the {@code observation.state} input; 0 = no state input
 * @param horizon actions per chunk
 * @param width values per action
 * @param chunkAxis whether the output is {@code [1, horizon, width]}; {@code false} = {@code [1, width]} (horizon 1)
 * @param constantInput whether the graph has a scalar input {@code offset} (the card feeds a constant)
 * @param translatorInput whether the graph has an input {@code bias} {@code [1, width]} that only a
 *     translator fills, and an output {@code bias_echo} ({@code 2 · bias}) that only a translator reads
 * @param tokens the length of the {@code input_ids} and {@code attention_mask} inputs (the instruction,
 *     tokenized with the generated tokenizer); 0 = no text inputs
 */
public record PolicyShape(String id, List<Camera> cameras, int window, int stateDim, int horizon, int width,
        boolean chunkAxis, boolean constantInput, boolean translatorInput, int tokens) {

    /** Validates and copies. */
    public PolicyShape {
        Objects.requireNonNull(id, "id");
        cameras = List.copyOf(cameras);
        Set<String> names = new HashSet<>();
        for (Camera c : cameras) {
            if (!names.add(c.input())) {
                throw new IllegalArgumentException("Camera input names must be unique, '" + c.input() + "' repeats");
            }
        }
        if (window < 1 || stateDim < 0 || horizon < 1 || width < 1 || tokens < 0) {
            throw new IllegalArgumentException("window, horizon and width must be positive and stateDim not negative, got "
                    + window + ", " + horizon + ", " + width + ", " + stateDim);
        }
        if (!chunkAxis && horizon != 1) {
            throw new IllegalArgumentException("An output without a chunk axis has horizon 1, got " + horizon);
        }
    }

    /**
     * The shape the tests and the examples use: a 64×48 {@code front} camera as normalized float NCHW,
     * a 32×24 {@code wrist_cam} camera as raw uint8 NHWC, an 8-value state (the franka's arm joints and
     * one finger), chunks of 5 actions 7 wide (the arm's joints; the card adds the gripper), and a
     * constant input.
     */
    public static PolicyShape twoCameras() {
        return new PolicyShape("two-cameras", List.of(new Camera("observation.images.front", "front", 64, 48, true, false),
                new Camera("observation.images.wrist", "wrist_cam", 32, 24, false, true)), 1, 8, 5, 7, true, true, false, 0);
    }

    /** A copy with another id. */
    public PolicyShape withId(String newId) {
        return new PolicyShape(newId, cameras, window, stateDim, horizon, width, chunkAxis, constantInput, translatorInput,
                tokens);
    }

    /** A copy with another observation window. */
    public PolicyShape withWindow(int newWindow) {
        return new PolicyShape(id, cameras, newWindow, stateDim, horizon, width, chunkAxis, constantInput, translatorInput,
                tokens);
    }

    /** A copy with another chunk: {@code horizon × width}, with or without the chunk axis. */
    public PolicyShape withChunk(int newHorizon, int newWidth, boolean withChunkAxis) {
        return new PolicyShape(id, cameras, window, stateDim, newHorizon, newWidth, withChunkAxis, constantInput,
                translatorInput, tokens);
    }

    /** A copy with or without the translator-filled {@code bias} input. */
    public PolicyShape withTranslatorInput(boolean present) {
        return new PolicyShape(id, cameras, window, stateDim, horizon, width, chunkAxis, constantInput, present, tokens);
    }

    /** A copy that reads the instruction as {@code length} token ids and mask values (0 = none). */
    public PolicyShape withTokens(int length) {
        return new PolicyShape(id, cameras, window, stateDim, horizon, width, chunkAxis, constantInput, translatorInput, length);
    }

    /**
     * One camera input.
     *
     * @param input the graph input's name
     * @param camera the MJCF camera the card renders it from
     * @param width pixels
     * @param height pixels
     * @param channelsFirst {@code [.., 3, H, W]} (NCHW) instead of {@code [.., H, W, 3]} (NHWC)
     * @param uint8 raw bytes instead of normalized float32
     */
    public record Camera(String input, String camera, int width, int height, boolean channelsFirst, boolean uint8) {
        /** Validates. */
        public Camera {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(camera, "camera");
            if (width < 1 || height < 1 || width > 4096 || height > 4096) {
                throw new IllegalArgumentException("Camera '" + input + "' needs a size from 1 to 4096, got " + width + "x"
                        + height);
            }
        }

        /** The coefficient of this camera's mean in the output: 0.5/(index+1), divided by 255 for raw bytes. */
        public double coefficient(int index) {
            return 0.5 / (index + 1) / (uint8 ? 255.0 : 1.0);
        }
    }
}
