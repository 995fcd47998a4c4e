package io.vlaarena.openpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.Settings;
import io.vlaarena.core.SimState;
import io.vlaarena.core.SitePose;
import io.vlaarena.core.VlaSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenPiMappingTest {
    private static final double[] QPOS = {0.1, -0.7, 0.05, -2.3, 0.02, 1.5, 0.8, 0.01, 0.03};

    private static RgbImage image(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 3 == 0 ? 200 : i % 3 == 1 ? 100 : 50);
        }
        return new RgbImage(w, h, px);
    }

    private static Observation observation(int w, int h, SitePose ee) {
        return new Observation(3, new SimState(QPOS, new double[9], 0.6), Map.of("primary", image(w, h), "wrist", image(w, h)),
                ee == null ? Map.of() : Map.of("ee_site", ee));
    }

    @Test
    void droidSendsOpenPisKeysTypesAndShapes() {
        Map<String, Object> msg = MappingCodec.request(OpenPiMapping.droid(), observation(320, 180, null), "wipe");
        assertThat(msg.keySet()).containsExactly("observation/exterior_image_1_left", "observation/wrist_image_left",
                "observation/joint_position", "observation/gripper_position", "prompt");
        NdArray ext = (NdArray) msg.get("observation/exterior_image_1_left");
        assertThat(ext.dtype()).isEqualTo(DType.UINT8);
        assertThat(ext.shape()).containsExactly(224, 224, 3);
        NdArray joints = (NdArray) msg.get("observation/joint_position");
        assertThat(joints.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(joints.toDoubles()).containsExactly(0.1, -0.7, 0.05, -2.3, 0.02, 1.5, 0.8);
        // finger opening 0.01 of 0.04 m: DROID's gripper position (0 open … 1 closed) is 0.75
        assertThat(((NdArray) msg.get("observation/gripper_position")).toDoubles()[0]).isCloseTo(0.75, within(1e-12));
        assertThat(msg.get("prompt")).isEqualTo("wipe");
    }

    @Test
    void droidsSpecRendersSixteenByNineAndActsWithJointVelocities() {
        VlaSpec spec = OpenPiMapping.droid().spec("pi0-droid", "pi0 DROID");
        assertThat(spec.actionSpace()).isEqualTo(ActionSpace.JOINT_VELOCITY);
        assertThat(spec.actionDimension()).isEqualTo(8);
        assertThat(spec.actionHorizon()).isEqualTo(8);
        assertThat(spec.observation().images()).containsExactly(new ImageSpec("primary", "front", 320, 180),
                new ImageSpec("wrist", "wrist_cam", 320, 180));
        assertThat(spec.observation().sites()).isEmpty();
    }

    @Test
    void droidActionsAreClippedScaledAndCutToItsHorizon() {
        float[] wire = new float[10 * 8];
        for (int t = 0; t < 10; t++) {
            for (int i = 0; i < 7; i++) {
                wire[t * 8 + i] = (i == 0 ? 2.0f : 0.5f) - t * 0.1f;
            }
            wire[t * 8 + 7] = 0.25f;
        }
        ActionChunk chunk = MappingCodec.chunk(OpenPiMapping.droid(), Map.of("actions", NdArray.ofFloats(wire, 10, 8)));
        assertThat(chunk.size()).isEqualTo(8);
        assertThat(chunk.get(0).get(0)).isEqualTo(3.0); // 2.0 clipped to 1, × 3 rad/s
        assertThat(chunk.get(0).get(1)).isEqualTo(1.5);
        assertThat(chunk.get(0).get(7)).isCloseTo(0.03, within(1e-9)); // a quarter closed: 0.03 m open
        ActionChunk one = MappingCodec.chunk(OpenPiMapping.droid(),
                Map.of("actions", List.of(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1.0)));
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.get(0).get(7)).isEqualTo(0.0);
    }

    @Test
    void liberoSendsTheEndEffectorPoseAndTheFingers() {
        SitePose ee = SitePose.ofAxisAngle(new double[] {0.5, 0.0, 0.4}, new double[] {0, 0, Math.PI / 2});
        OpenPiMapping libero = OpenPiMapping.libero();
        assertThat(libero.spec("p", "p").observation().sites()).containsExactly("ee_site");
        Map<String, Object> msg = MappingCodec.request(libero, observation(256, 256, ee), "put the bowl away");
        double[] state = ((NdArray) msg.get("observation/state")).toDoubles();
        assertThat(state).hasSize(8);
        assertThat(state[0]).isEqualTo(0.5);
        assertThat(state[5]).isCloseTo(Math.PI / 2, within(1e-12));
        assertThat(state[6]).isEqualTo(0.01);
        assertThat(state[7]).isEqualTo(0.03);
        assertThat(((NdArray) msg.get("observation/image")).shape()).containsExactly(224, 224, 3);
        // end-effector deltas: ±1 is LIBERO's 0.05 m / 0.5 rad; the gripper −1 open … +1 closed
        ActionChunk chunk = MappingCodec.chunk(libero, Map.of("actions",
                NdArray.ofFloats(new float[] {1, -0.5f, 0, 0, 0, 2, -1}, 1, 7)));
        assertThat(chunk.first().values()).containsExactly(new double[] {0.05, -0.025, 0, 0, 0, 0.5, 0.04}, within(1e-9));
    }

    @Test
    void alohaSendsChannelFirstImagesUnderImages() {
        Observation o = new Observation(0, new SimState(new double[14], new double[14], 0), Map.of("primary", image(640, 480)));
        Map<String, Object> msg = MappingCodec.request(OpenPiMapping.aloha(), o, "transfer the cube");
        NdArray cam = (NdArray) ((Map<?, ?>) msg.get("images")).get("cam_high");
        assertThat(cam.shape()).containsExactly(3, 224, 224);
        int centre = 112 * 224 + 112;
        assertThat(cam.getDouble(centre)).isEqualTo(200);
        assertThat(cam.getDouble(224 * 224 + centre)).isEqualTo(100);
        assertThat(cam.getDouble(2 * 224 * 224 + centre)).isEqualTo(50);
        assertThat(((NdArray) msg.get("state")).shape()).containsExactly(14);
        assertThat(OpenPiMapping.aloha().spec("a", "a").actionDimension()).isEqualTo(14);
    }

    @Test
    void whatTheClientSendsTheServerReadsBack() {
        SitePose ee = SitePose.ofAxisAngle(new double[] {0.5, -0.1, 0.4}, new double[] {0.3, -0.2, 1.1});
        for (OpenPiMapping m : List.of(OpenPiMapping.droid(), OpenPiMapping.libero())) {
            Observation sent = observation(320, 180, ee);
            Map<String, Object> msg = OpenPiCodec.decodeMap(OpenPiCodec.encode(MappingCodec.request(m, sent, "x")));
            VlaSpec wanted = m.spec("p", "p");
            Observation got = MappingCodec.observation(m, msg, 0, wanted.observation(), 0, 0);
            if (m.name().equals("droid")) {
                assertThat(got.state().qpos()).startsWith(0.1, -0.7, 0.05, -2.3, 0.02, 1.5, 0.8);
                assertThat(got.state().qpos()[7]).isCloseTo(0.01, within(1e-12));
            } else {
                assertThat(got.site("ee_site").orElseThrow().position()).containsExactly(new double[] {0.5, -0.1, 0.4},
                        within(1e-12));
                assertThat(got.site("ee_site").orElseThrow().axisAngle()).containsExactly(ee.axisAngle(), within(1e-9));
                assertThat(got.state().qpos()).endsWith(0.01, 0.03);
            }
            assertThat(got.image(wanted.observation().images().get(0).key()).orElseThrow().width()).isEqualTo(
                    wanted.observation().images().get(0).width());
        }
    }

    @Test
    void aCustomMappingIsWrittenInSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("preset", "custom");
        s.put("cameras", List.of(Map.of("key", "observation/image", "image", "primary", "camera", "overhead",
                "size", List.of(96, 64), "render", List.of(192, 128))));
        s.put("state", List.of(Map.of("key", "observation/state", "from", List.of("qpos[0:7]", "qpos[7]"),
                "scale", 2.0, "dtype", "float32")));
        s.put("actions", Map.of("width", 4, "space", "joint_position", "dims", List.of(
                Map.of("from", 0), Map.of("from", 1, "scale", 0.5), Map.of("from", 2, "clip", List.of(-1, 1)),
                Map.of("from", -1, "offset", 0.04))));
        s.put("horizon", 3);
        s.put("extra", Map.of("robot", "franka"));
        OpenPiMapping m = OpenPiMapping.fromSettings(Settings.of(s, "models.yaml: model 1 ('mine')"));
        assertThat(m.name()).isEqualTo("custom");
        VlaSpec spec = m.spec("mine", "mine");
        assertThat(spec.observation().images()).containsExactly(new ImageSpec("primary", "overhead", 192, 128));
        assertThat(spec.actionDimension()).isEqualTo(4);
        assertThat(spec.actionHorizon()).isEqualTo(3);
        Map<String, Object> msg = MappingCodec.request(m, new Observation(0, new SimState(QPOS, new double[9], 0),
                Map.of("primary", image(192, 128))), "x");
        assertThat(msg).containsEntry("robot", "franka");
        NdArray state = (NdArray) msg.get("observation/state");
        assertThat(state.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(state.getDouble(0)).isCloseTo(0.2, within(1e-6));
        ActionChunk chunk = MappingCodec.chunk(m, Map.of("actions", NdArray.ofFloats(new float[] {1, 1, 5, 9}, 1, 4)));
        assertThat(chunk.first().values()).containsExactly(1, 0.5, 1, 0.04);
    }

    @Test
    void aPresetsCameraCanBeRetargetedWithoutRepeatingItsSizes() {
        OpenPiMapping m = OpenPiMapping.fromSettings(Settings.of(Map.of("preset", "droid", "cameras",
                List.of(Map.of("key", "observation/exterior_image_1_left", "camera", "overhead")), "horizon", 0), "m"));
        assertThat(m.cameras().get(0)).isEqualTo(new OpenPiMapping.Camera(List.of("observation/exterior_image_1_left"),
                "primary", "overhead", 320, 180, 224, 224, false));
        assertThat(m.cameras()).hasSize(2);
        assertThat(m.actions().horizon()).isZero();
        assertThat(OpenPiMapping.fromSettings(Settings.empty("m")).name()).isEqualTo("droid");
    }

    @Test
    void settingsErrorsNameTheField() {
        String src = "models.yaml: model 2 ('pi')";
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("preset", "drod"), src)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(src + ": field 'preset' must be one of [droid, libero, aloha, custom], got 'drod'");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("state",
                List.of(Map.of("key", "s", "from", "qpos[0:x]"))), src)))
                .hasMessageContaining("field 'state[0].from' has a bad selector: Unknown state selector 'qpos[0:x]'");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("preset", "custom"), src)))
                .hasMessageContaining("field 'actions' is required for a custom mapping");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("actions", Map.of("widht", 8)), src)))
                .hasMessageContaining("unknown field 'actions.widht'; known fields here: [dims, horizon, space, width]");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("actions",
                Map.of("width", 4, "space", "joint_position", "dims", List.of(Map.of("from", 5)))), src)))
                .hasMessageContaining("field 'actions.dims' An action value reads column 5 but the policy's actions are 4 wide");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("actions",
                Map.of("width", 4, "space", "torque")), src)))
                .hasMessageContaining("field 'actions.space' Unknown action space 'torque'");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("cameras",
                List.of(Map.of("key", "observation/side"))), src)))
                .hasMessageContaining("field 'cameras[0].size' is required for a new camera");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("horizon", -1), src)))
                .hasMessageContaining("field 'horizon' must be 0");
        assertThatThrownBy(() -> OpenPiMapping.fromSettings(Settings.of(Map.of("state",
                List.of(Map.of("key", "s", "from", "qpos[0:3]", "scale", List.of(1, 2)))), src)))
                .hasMessageContaining("has 3 values; give one scale/offset or one per value, got 2");
    }

    @Test
    void roboArenasConfigurationDecidesCamerasAndActions() {
        OpenPiMapping two = OpenPiMapping.roboArena(Map.of("n_external_cameras", 2, "needs_stereo_camera", true,
                "image_resolution", List.of(180, 320), "action_space", "cartesian_velocity"));
        assertThat(two.cameras()).extracting(c -> c.key().get(0)).containsExactly("observation/exterior_image_1_left",
                "observation/exterior_image_1_right", "observation/exterior_image_2_left", "observation/exterior_image_2_right",
                "observation/wrist_image_left", "observation/wrist_image_right");
        assertThat(two.spec("r", "r").observation().images()).extracting(ImageSpec::key)
                .containsExactly("primary", "secondary", "wrist");
        assertThat(two.actions().space()).isEqualTo(ActionSpace.EE_DELTA);
        assertThat(two.actions().width()).isEqualTo(7);
        OpenPiMapping none = OpenPiMapping.roboArena(Map.of("n_external_cameras", 0, "needs_wrist_camera", false,
                "action_space", "joint_velocity"));
        assertThat(none.cameras()).isEmpty();
        assertThat(none.actions().space()).isEqualTo(ActionSpace.JOINT_VELOCITY);
        assertThat(none.actions().horizon()).as("RoboArena runs every action of a chunk").isZero();
        assertThatThrownBy(() -> OpenPiMapping.roboArena(Map.of("n_external_cameras", 3))).hasMessageContaining("0, 1 or 2");
        assertThatThrownBy(() -> OpenPiMapping.roboArena(Map.of("action_space", "torque")))
                .hasMessageContaining("Unknown RoboArena action space 'torque'");
        assertThatThrownBy(() -> OpenPiMapping.roboArena(Map.of("image_resolution", List.of(224))))
                .hasMessageContaining("[height, width]");
    }

    @Test
    void aMappingUsesEachKeyOnce() {
        assertThatThrownBy(() -> OpenPiMapping.builder("dup").state(OpenPiMapping.State.of("prompt", "qpos[0:1]"))
                .prompt("prompt").actions(OpenPiMapping.Actions.identity(1, ActionSpace.CTRL, 0)).build())
                .hasMessageContaining("uses the key 'prompt' twice");
        assertThatThrownBy(() -> OpenPiMapping.preset("bridge")).hasMessageContaining("presets: [droid, libero, aloha, custom]");
    }
}
