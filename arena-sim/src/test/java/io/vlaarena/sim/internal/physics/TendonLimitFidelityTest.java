package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fixed-tendon limits against MuJoCo 2.2.2 (resources io/vlaarena/sim/reference/tendon_limit.*):
 * a tendon summing two hinges of different trees hits both bounds while they swing, a weighted
 * hinge + slide tendon with its own solreflimit/solimplimit and a margin rests on its lower bound.
 * Prints the achieved errors; the tolerances are set from them (see docs/simulator.md).
 */
@Timeout(60)
class TendonLimitFidelityTest {

    @Test
    void tendonSpringDampersTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("tendon_spring.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        Reference.Deviation e = Reference.follow(d, "tendon_spring.traj.txt", row -> { });
        assertThat(e.qpos()).isLessThan(1e-12);
    }

    @Test
    void tendonLimitsTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("tendon_limit.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        int[] counts = new int[3]; // rows at the lower bound of "sum", at its upper bound, in the margin band of "mix"
        Reference.Deviation e = Reference.follow(d, "tendon_limit.traj.txt", row -> {
            double sum = row[3] + row[4], mix = 0.7 * row[5] - 2 * row[6];
            counts[0] += sum < -0.6 ? 1 : 0;
            counts[1] += sum > 0.4 ? 1 : 0;
            counts[2] += mix < -0.5 + 0.02 ? 1 : 0;
        });
        // the reference really exercises both bounds of "sum" and the margin band of "mix"
        assertThat(counts[0]).isGreaterThan(50);
        assertThat(counts[1]).isGreaterThan(20);
        assertThat(counts[2]).isGreaterThan(200);
        assertThat(e.qpos()).isLessThan(1e-12);
    }

    @Test
    void spatialTendonsWrappingPulleysAndAStringTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("tendon_spatial.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        int[] taut = new int[1], wrapped = new int[3];
        Reference.Deviation e = Reference.follow(d, "tendon_spatial.traj.txt", row -> {
            // the string (cup x at qpos[5], ball at qpos[6..8]) reaches its 0.25 limit
            double dx = row[3 + 6] - row[3 + 5], dy = row[3 + 7] - 1, dz = row[3 + 8] - 1.19;
            taut[0] += Math.sqrt(dx * dx + dy * dy + dz * dz) > 0.249 ? 1 : 0;
            // the biceps wraps the elbow sphere and the wound tendon the drum: longer than straight
            wrapped[0] += d.ten_length[0] > dist(d, "anchor", "s_up") + dist(d, "s_up", "s_fore") + 1e-3 ? 1 : 0;
            wrapped[1] += d.ten_length[2] > dist(d, "w_top", "w_tip") + 1e-3 ? 1 : 0;
            // the triceps' side site is inside the sphere: MuJoCo's inside wrap bends it round the surface
            wrapped[2] += d.ten_length[1] > dist(d, "s_up", "s_fore_low") + 1e-3 ? 1 : 0;
        });
        System.out.printf("spatial tendons: string taut %d, biceps wrapped %d, drum wrapped %d, triceps inside-wrapped %d"
                + " of %d states%n", taut[0], wrapped[0], wrapped[1], wrapped[2], e.steps());
        assertThat(wrapped[0]).isGreaterThan(100);
        assertThat(wrapped[1]).isGreaterThan(100);
        assertThat(wrapped[2]).isGreaterThan(100);
        assertThat(taut[0]).isGreaterThan(100);
        assertThat(e.steps()).isEqualTo(1000);
        // round-off (measured 9.9e-13; the inside wrap's Newton iteration runs on asin/acos, whose last
        // bits differ between the JDK and glibc)
        assertThat(e.qpos()).isLessThan(1e-11);
    }

    private static double dist(MjData d, String a, String b) {
        MjModel m = d.model.m;
        int i = MjModel.find(m.site_name, a), j = MjModel.find(m.site_name, b);
        double s = 0;
        for (int c = 0; c < 3; c++) {
            double x = d.site_xpos[3 * i + c] - d.site_xpos[3 * j + c];
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
