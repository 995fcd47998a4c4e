package io.vlaarena.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void rejectsActionWithNaN() {
        assertThatThrownBy(() -> Action.of(0.1, Double.NaN, 0.3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN").hasMessageContaining("index 1");
    }

    @Test
    void rejectsActionWithInfinity() {
        assertThatThrownBy(() -> Action.of(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    }

    @Test
    void rejectsEmptyAction() {
        assertThatThrownBy(() -> Action.of()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one value");
    }

    @Test
    void actionCopiesItsValuesInAndOut() {
        double[] v = {1, 2, 3};
        Action a = new Action(v);
        v[0] = 99;
        a.values()[1] = 99;
        assertThat(a.values()).containsExactly(1, 2, 3);
        assertThat(a).isEqualTo(Action.of(1, 2, 3)).hasSameHashCodeAs(Action.of(1, 2, 3));
    }

    @Test
    void actionResizesByTruncatingOrZeroPadding() {
        assertThat(Action.of(1, 2, 3).resized(2).values()).containsExactly(1, 2);
        assertThat(Action.of(1, 2).resized(4).values()).containsExactly(1, 2, 0, 0);
    }

    @Test
    void rejectsRaggedChunk() {
        assertThatThrownBy(() -> ActionChunk.of(Action.of(1, 2), Action.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 3");
    }

    @Test
    void rejectsEmptyChunk() {
        assertThatThrownBy(() -> new ActionChunk(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsStateWithNaN() {
        assertThatThrownBy(() -> new SimState(new double[] {0, Double.NaN}, new double[2], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qpos");
        assertThatThrownBy(() -> new SimState(new double[1], new double[1], -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time");
    }

    @Test
    void rejectsImageOfWrongByteCount() {
        assertThatThrownBy(() -> new RgbImage(2, 2, new byte[11]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 bytes");
        assertThatThrownBy(() -> new RgbImage(0, 2, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imageReadsPackedPixels() {
        RgbImage img = new RgbImage(2, 1, new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 128});
        assertThat(img.rgb(0, 0)).isEqualTo(0xFF0000);
        assertThat(img.rgb(1, 0)).isEqualTo(0x000080);
    }

    @Test
    void rejectsDuplicateImageKeys() {
        assertThatThrownBy(() -> new ObservationSpec(List.of(ImageSpec.of("primary", 8, 8), ImageSpec.of("primary", 4, 4)),
                true, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
    }

    @Test
    void rejectsNonPositiveHistoryWindow() {
        assertThatThrownBy(() -> new ObservationSpec(List.of(), true, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void observationCopiesImages() {
        RgbImage img = new RgbImage(1, 1, new byte[3]);
        Observation o = new Observation(0, new SimState(new double[1], new double[1], 0), Map.of("primary", img));
        assertThat(o.image("primary")).contains(img);
        assertThat(o.image("wrist")).isEmpty();
    }

    @Test
    void specBuilderValidates() {
        assertThatThrownBy(() -> VlaSpec.builder(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VlaSpec.builder("m").actionDimension(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actionDimension");
        VlaSpec spec = VlaSpec.builder("m").actionHorizon(4).actionSpace(ActionSpace.EE_DELTA).actionDimension(7).build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
    }

    @Test
    void parsesWireNamesAndNamesTheValidOnes() {
        assertThat(ActionSpace.fromWireName("ee_delta")).isEqualTo(ActionSpace.EE_DELTA);
        assertThat(VoteChoice.fromWireName("both_bad")).isEqualTo(VoteChoice.BOTH_BAD);
        assertThatThrownBy(() -> VoteChoice.fromWireName("great"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left_better");
        assertThatThrownBy(() -> ActionSpace.fromWireName("torque"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("joint_position");
    }

    @Test
    void environmentOptionsDeriveSubstepsFromControlRate() {
        assertThat(EnvironmentOptions.defaults().substepsFor(0.002)).isEqualTo(100);
        assertThat(EnvironmentOptions.defaults().withControlHz(10).substepsFor(0.002)).isEqualTo(50);
        assertThat(EnvironmentOptions.defaults().withSubsteps(1).substepsFor(0.002)).isEqualTo(1);
        assertThat(EnvironmentOptions.defaults().withControlHz(1000).substepsFor(0.002)).isEqualTo(1);
        assertThatThrownBy(() -> EnvironmentOptions.defaults().withControlHz(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimestepTooSmallToCountIsRefusedNotWrappedToNoPhysics() {
        assertThat(EnvironmentOptions.defaults().substepsFor(1e-8)).isEqualTo(20_000_000);
        assertThat(EnvironmentOptions.defaults().substepsFor(1e-10)).isEqualTo(2_000_000_000);
        for (double ts : new double[] {9e-11, 1e-300, 0, -0.002, Double.NaN}) {
            assertThatThrownBy(() -> EnvironmentOptions.defaults().substepsFor(ts)).as("timestep " + ts)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestep");
        }
    }

    @Test
    void episodeFailedBeforeStartHasNoStepsAndStepMinusOne() {
        Episode e = Episode.failedBeforeStart("m", "pick", java.time.Duration.ofMillis(3), EpisodeFailure.Kind.REMOTE_ERROR,
                "connection refused");
        assertThat(e.isCompleted()).isFalse();
        assertThat(e.actions()).isEmpty();
        assertThat(e.states()).isEmpty();
        assertThat(e.failure()).contains(new EpisodeFailure(EpisodeFailure.Kind.REMOTE_ERROR, -1, "connection refused"));
    }
}
