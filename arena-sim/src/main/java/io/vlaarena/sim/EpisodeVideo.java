package io.vlaarena.sim;

import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns recorded episodes back into pictures: replays their {@code qpos} in a simulation of the
 * scene and renders each state, e.g. both episodes of a turn side by side as an animated GIF.
 *
 * <p>Not thread-safe (it owns one simulation and renderer); cheap to create per video.
 */
public final class EpisodeVideo {
    private final SimModel model;
    private final Simulation sim;
    private final String camera;
    private final int width;
    private final int height;

    private EpisodeVideo(SimModel model, String camera, int width, int height) {
        this.model = Objects.requireNonNull(model, "model");
        this.sim = model.newSimulation();
        this.camera = camera;
        this.width = width;
        this.height = height;
        if (camera != null) {
            model.camera(camera); // an unknown camera is refused here, naming the scene's cameras
        }
    }

    /**
     * A video maker for scenes of {@code model}, rendering {@code width × height} frames from
     * {@code camera} (an MJCF camera name, or null for the default framing camera).
     *
     * @throws io.vlaarena.core.NotFoundException for an unknown camera, naming the scene's cameras
     */
    public static EpisodeVideo of(SimModel model, String camera, int width, int height) {
        return new EpisodeVideo(model, camera, width, height);
    }

    /** Renders one state. */
    public RgbImage frame(SimState state) {
        if (state.nq() != model.nq()) {
            throw new IllegalArgumentException("The state has nq=" + state.nq() + " but the scene has nq=" + model.nq());
        }
        sim.setQpos(state.qpos());
        return sim.render(camera, width, height);
    }

    /**
     * Writes two episodes of one turn side by side (left | right) as a looping GIF, starting from
     * {@code initial} and taking every {@code stride}-th state; the shorter episode holds its last
     * state. {@code frameDelayMs} is the display time per frame.
     */
    public void writeSideBySide(SimState initial, List<SimState> left, List<SimState> right, int stride, int frameDelayMs,
            OutputStream out) throws IOException {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, was " + stride);
        }
        List<RgbImage> frames = new ArrayList<>();
        RgbImage start = frame(initial);
        frames.add(Gif.sideBySide(start, start));
        int n = Math.max(left.size(), right.size());
        for (int i = stride - 1; i < n + stride - 1; i += stride) {
            int k = Math.min(i, n - 1);
            RgbImage l = left.isEmpty() ? start : frame(left.get(Math.min(k, left.size() - 1)));
            RgbImage r = right.isEmpty() ? start : frame(right.get(Math.min(k, right.size() - 1)));
            frames.add(Gif.sideBySide(l, r));
        }
        Gif.write(frames, frameDelayMs, out);
    }

    /** The state a scene's episodes start from: its {@code home} keyframe, or qpos0. */
    public SimState initialState() {
        sim.resetToHome();
        return sim.state();
    }
}
