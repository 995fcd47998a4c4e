package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.SceneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mutated scenes either load or fail with a SceneException that explains itself, never an internal error. */
@Timeout(60)
class MjcfLoaderRobustnessTest {
    private static final String TOKENS = "<>/=\" \n0123456789.-e abcxyz body geom joint size pos quat class nan";

    @Test
    void mutatedScenesFailOnlyWithExplainedSceneExceptions() throws IOException {
        String base;
        try (InputStream in = getClass().getResourceAsStream("/io/vlaarena/sim/reference/layout_defaults.xml")) {
            base = in == null ? SAMPLE : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Random random = new Random(42);
        int loaded = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(base);
            int edits = 1 + random.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0:
                        sb.deleteCharAt(at);
                        break;
                    case 1:
                        sb.insert(at, TOKENS.charAt(random.nextInt(TOKENS.length())));
                        break;
                    default:
                        int end = Math.min(sb.length(), at + random.nextInt(20));
                        sb.delete(at, end);
                        break;
                }
            }
            try {
                MjcfLoader.load(sb.toString());
                loaded++;
            } catch (SceneException e) {
                assertThat(e.getMessage()).as("mutation %d:%n%s", i, sb).doesNotStartWith("The MJCF could not be compiled");
            }
        }
        assertThat(loaded).isPositive();
    }

    @Test
    @Timeout(20)
    void loadsASceneNearTheElementLimitQuickly() {
        StringBuilder sb = new StringBuilder("<mujoco><worldbody>");
        int n = 24_000;
        for (int i = 0; i < n; i++) {
            sb.append("<body name='b").append(i).append("'><joint name='j").append(i).append("'/><geom size='0.1'/></body>");
        }
        sb.append("</worldbody><actuator>");
        for (int i = 0; i < n; i++) {
            sb.append("<motor joint='j").append(n - 1 - i).append("'/>");
        }
        sb.append("</actuator></mujoco>");
        var model = MjcfLoader.load(sb.toString());
        assertThat(model.nu).isEqualTo(n);
        assertThat(model.actuator_trnid[0]).isEqualTo(n - 1);
    }

    private static final String SAMPLE = "<mujoco><default><geom size='0.1'/></default><worldbody><body name='a'>"
            + "<joint name='j' range='-1 1'/><geom type='capsule' fromto='0 0 0 0 0 1'/></body></worldbody>"
            + "<actuator><position joint='j' kp='10'/></actuator></mujoco>";
}
