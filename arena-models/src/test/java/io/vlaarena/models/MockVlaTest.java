package io.vlaarena.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Action;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MockVlaTest {

    @Test
    void sameInstructionGivesTheSameAction() {
        assertThat(new MockVla().actionFor("pick up the red cube")).isEqualTo(new MockVla().actionFor("pick up the red cube"));
    }

    @Test
    void actionsArePinnedAcrossMachines() {
        // SHA-256("mock-vla\npick up the red cube") = 1ef612ac cc71db0f 544c2142 4b0fc9f4 …; the values are
        // pinned so that a change of derivation (charset, digest, scaling) cannot pass unnoticed.
        Action a = MockVla.action("mock-vla", "pick up the red cube");
        assertThat(a.dimension()).isEqualTo(8);
        assertThat(a.values()).containsExactly(-0.7581139848935683, -0.8541237506675822, 0.5972228580148013,
                0.7114213778896772, -0.34142061493858245, -0.7401693751430534, -0.4135957885099565, 0.57778286411841);
        assertThat(a.values()).containsExactly(expected("mock-vla", "pick up the red cube"));
        for (String instruction : new String[] {"", "a", "stack the blue cube on the red cube", "x".repeat(10_000)}) {
            for (double v : MockVla.action("mock-vla", instruction).values()) {
                assertThat(v).isBetween(-1.0, 1.0);
            }
        }
    }

    @Test
    void differentInstructionsAndModelsGiveDifferentActions() {
        assertThat(new MockVla().actionFor("pick up the red cube")).isNotEqualTo(new MockVla().actionFor("push the blue cube"));
        assertThat(new MockVla("mock-vla-2").actionFor("pick")).isNotEqualTo(new MockVla().actionFor("pick"));
    }

    @Test
    void handlesNonAsciiInstructions() {
        assertThat(MockVla.action("mock-vla", "赤いキューブを持ち上げて").values()).hasSize(8);
    }

    @Test
    @Timeout(60)
    void runsAWholeEpisodeInTheBundledScene() {
        String xml = BundledScenes.frankaTableXml();
        try (Environment env = new MjcfEnvironmentFactory().create(xml, EnvironmentOptions.defaults())) {
            Episode e = EpisodeRunner.withDefaults().run(new MockVla(), env, new RolloutContext("pick", xml, 1, 75));
            assertThat(e.isCompleted()).isTrue();
            assertThat(e.length()).isEqualTo(75);
            assertThat(e.actions()).containsOnly(MockVla.action("mock-vla", "pick"));
            assertThat(e.states().get(74).qpos()).isNotEqualTo(e.states().get(0).qpos());
        }
    }

    /** Recomputes the documented derivation independently of MockVla. */
    private static double[] expected(String id, String instruction) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((id + "\n" + instruction).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            double[] v = new double[8];
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(d);
            for (int i = 0; i < 8; i++) {
                v[i] = Short.toUnsignedInt(buf.getShort()) / 32767.5 - 1.0;
            }
            return v;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
