package io.vlaarena.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.models.onnx.PolicyShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad generic card fails {@link OnnxVla#open} with one line that names the key (or the tensor,
 * for a card that disagrees with its graph), before any episode runs.
 */
@Timeout(60)
class GenericCardValidationTest {
    static final String FRONT = "{\"name\": \"observation.images.front\", \"role\": \"image\"";
    static final String WRIST_TAIL = "\"dtype\": \"uint8\", \"shape\": [1, 24, 32, 3]}";
    static final String STATE_STD = "\"std\": [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]";
    static final String OFFSET = "{\"name\": \"offset\", \"role\": \"constant\", \"dtype\": \"float32\", \"shape\": [1], \"value\": 0.25}";

    @TempDir
    static Path tmp;

    static Stream<Arguments> badCards() {
        return Stream.of(
                Arguments.of("unknown top-level key", "\"history_window\": 1", "\"histroy_window\": 2",
                        "the card has the unknown key 'histroy_window'"),
                Arguments.of("history window out of range", "\"history_window\": 1", "\"history_window\": 0",
                        "history_window is 0 but must be from 1 to 64"),
                Arguments.of("unknown role", "\"role\": \"image\", \"camera\": \"wrist_cam\"", "\"role\": \"depth\", \"camera\": \"wrist_cam\"",
                        "Unknown tensor role 'depth' at policy.inputs[1] ('observation.images.wrist').role"),
                Arguments.of("misspelt key", "\"layout\": \"nhwc\"", "\"layuot\": \"nhwc\"",
                        "policy.inputs[1] ('observation.images.wrist') has the unknown key 'layuot'"),
                Arguments.of("unknown layout", "\"layout\": \"nchw\"", "\"layout\": \"chw\"",
                        "policy.inputs[0] ('observation.images.front').layout is 'chw'; valid layouts: [nchw, nhwc]"),
                Arguments.of("not RGB", "\"shape\": [1, 3, 48, 64]", "\"shape\": [1, 4, 48, 64]",
                        "policy.inputs[0] ('observation.images.front').shape [1, 4, 48, 64] has 4 channels in layout nchw"),
                Arguments.of("image of wrong rank", "\"shape\": [1, 3, 48, 64]", "\"shape\": [3, 48, 64]",
                        "policy.inputs[0] ('observation.images.front').shape is [3, 48, 64] but must be [1, 3, height, width]"),
                Arguments.of("an input too large to allocate", OFFSET, OFFSET.replace("\"shape\": [1], \"value\": 0.25", "\"shape\": [65536, 65536], \"value\": 0"),
                        "policy.inputs[3] ('offset').shape [65536, 65536] holds 4294967296 float32 values; an input holds at most 1024 MiB"),
                Arguments.of("time axis without history", "\"shape\": [1, 3, 48, 64]", "\"shape\": [1, 2, 3, 48, 64]",
                        "has a time axis of 2 but history_window is 1"),
                Arguments.of("normalizing raw bytes", WRIST_TAIL, WRIST_TAIL.replace("}", ", \"mean\": [0, 0, 0]}"),
                        "policy.inputs[1] ('observation.images.wrist').mean is given but the image is uint8"),
                Arguments.of("zero pixel std", "\"std\": [0.229, 0.224, 0.225]", "\"std\": [0.229, 0, 0.225]",
                        "policy.inputs[0] ('observation.images.front').std[1] is 0.0 but must be positive"),
                Arguments.of("image as int64", "\"dtype\": \"float32\", \"shape\": [1, 3, 48, 64]", "\"dtype\": \"int64\", \"shape\": [1, 3, 48, 64]",
                        "policy.inputs[0] ('observation.images.front').dtype is int64 but an image is float32 or uint8"),
                Arguments.of("bad state selector", "\"qpos[0:8]\"", "\"qpos[0:x]\"",
                        "policy.inputs[2] ('observation.state').from[0]: Unknown state selector 'qpos[0:x]'"),
                Arguments.of("state selection of the wrong length", "\"qpos[0:8]\"", "\"qpos[0:7]\"",
                        "policy.inputs[2] ('observation.state').from selects 7 values but the shape [1, 8] holds 8"),
                Arguments.of("state normalization of the wrong length", STATE_STD, "\"std\": [0.5, 0.6]",
                        "policy.inputs[2] ('observation.state').normalization.std must be an array of 8 numbers"),
                Arguments.of("zero state std", STATE_STD, STATE_STD.replace("0.6", "0"),
                        "policy.inputs[2] ('observation.state').normalization.std[1] is 0.0 but must be positive"),
                Arguments.of("unknown normalization", "{\"type\": \"mean_std\"", "{\"type\": \"z_score\"",
                        "policy.inputs[2] ('observation.state').normalization.type 'z_score' is unknown; known types: [none, mean_std, min_max, bounds]"),
                Arguments.of("state as int64", "\"from\": [\"qpos[0:8]\"], \"dtype\": \"float32\"", "\"from\": [\"qpos[0:8]\"], \"dtype\": \"int64\"",
                        "policy.inputs[2] ('observation.state').dtype is int64 but a state input is float32"),
                Arguments.of("constant without a value", OFFSET, OFFSET.replace(", \"value\": 0.25", ""),
                        "policy.inputs[3] ('offset').value is missing"),
                Arguments.of("constant of the wrong size", OFFSET, OFFSET.replace("0.25", "[1, 2]"),
                        "policy.inputs[3] ('offset').value has 2 numbers but the shape [1] holds 1"),
                Arguments.of("an output role as input", OFFSET, OFFSET.replace("constant", "actions").replace(", \"value\": 0.25", ""),
                        "policy.inputs[3] ('offset').role: actions is an output role, not an input"),
                Arguments.of("input declared twice", "{\"name\": \"observation.images.wrist\"", "{\"name\": \"observation.images.front\"",
                        "policy.inputs[1] declares the input 'observation.images.front' a second time"),
                Arguments.of("actions output of the wrong rank", "\"shape\": [1, 5, 7]", "\"shape\": [5, 7, 1, 1]",
                        "policy.outputs[0] ('action').shape is [5, 7, 1, 1] but an actions output is [1, horizon, width] or [1, width]"),
                Arguments.of("no actions output", "\"role\": \"actions\"", "\"role\": \"translator\"",
                        "policy.outputs has no tensor with role actions"),
                Arguments.of("unknown action space", "\"space\": \"joint_position\"", "\"space\": \"joint_torque\"",
                        "action.space: "),
                Arguments.of("executing more than the chunk", "\"space\": \"joint_position\"", "\"space\": \"joint_position\", \"execute\": 6",
                        "action.execute is 6 but must be from 1 to the chunk's horizon 5"),
                Arguments.of("action normalization of the wrong length", "\"min\": [-2.8, -2.8, -2.8, -2.8, -2.8, -2.8, -2.8]",
                        "\"min\": [-2.8]", "action.normalization.min must be an array of 7 numbers"),
                Arguments.of("a column beyond the chunk's width", "{\"from\": 6}", "{\"from\": 7}",
                        "action.map[6].from is 7 but the policy's actions have columns 0 to 6"),
                Arguments.of("a column and a constant at once", "{\"value\": 0.04}", "{\"value\": 0.04, \"from\": 1}",
                        "action.map[7] needs exactly one of 'from'"),
                Arguments.of("an inverted clip", "{\"from\": 0}", "{\"from\": 0, \"clip\": [1, -1]}",
                        "action.map[0].clip is [1.0, -1.0] but min must not exceed max"),
                Arguments.of("a bad translator entry", "\"files\": {", "\"translator\": 7, \"files\": {",
                        "translator must be a name or"),
                Arguments.of("an image size the graph does not have", "\"shape\": [1, 3, 48, 64]", "\"shape\": [1, 3, 64, 64]",
                        "declares input 'observation.images.front' with shape [1, 3, 64, 64] but graph"),
                Arguments.of("an element type the graph does not have", WRIST_TAIL, WRIST_TAIL.replace("uint8", "float32"),
                        "declares input 'observation.images.wrist' as float32 but graph"),
                Arguments.of("an input the graph does not have", "\"name\": \"offset\"", "\"name\": \"offsets\"",
                        "declares input 'offsets' but graph"),
                Arguments.of("a graph input the card leaves out", ",\n      " + OFFSET, "",
                        "has input 'offset' which the model card does not declare"),
                Arguments.of("an output the graph does not have", "{\"name\": \"action\"", "{\"name\": \"actions\"",
                        "declares output 'actions' but graph"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCards")
    void refusesABadCardInOneLineNamingTheKey(String what, String from, String to, String expected) throws Exception {
        Path dir = GenericCards.write(Files.createTempDirectory(tmp, "card"), PolicyShape.twoCameras(), from, to);
        Throwable t = catchThrowable(() -> OnnxVla.open(dir).close());
        assertThat(t).as(what).isInstanceOf(ModelLoadException.class).hasMessageContaining(expected);
        assertThat(t.getMessage()).as("one line").doesNotContain("\n");
    }
}
