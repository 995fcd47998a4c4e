package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Forward;
import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MuJoCo 2.2.2's CG and PGS constraint solvers against MuJoCo's own runs of the same scene
 * (resources io/vlaarena/sim/reference/solver_cg and solver_pgs: contacts, limits, frictionloss
 * and an equality, every step compared; *_perturbed: MuJoCo rerun with 1e-12 added to qvel, its
 * own sensitivity).
 * Prints the achieved errors.
 */
@Timeout(120)
class SolverFidelityTest {

    /** Errors of a run from the keyframe's forward dynamics (as mjref starts): max |Δqpos|, |Δqvel| before and from {@code split}. */
    static double[] follow(String scene, String traj, int split) {
        MjModel m = MjcfLoader.load(Reference.text(scene));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        Forward.forward(d.model, d);
        double[] e = new double[5];
        int step = 0;
        for (double[] r : Reference.trajectory(traj)) {
            Step.step(d.model, d, (int) r[0] - step);
            step = (int) r[0];
            int at = step < split ? 0 : 2;
            for (int i = 0; i < m.nq; i++) {
                e[at] = Math.max(e[at], Math.abs(d.qpos[i] - r[3 + i]));
            }
            for (int i = 0; i < m.nv; i++) {
                e[at + 1] = Math.max(e[at + 1], Math.abs(d.qvel[i] - r[3 + m.nq + i]));
            }
            e[4] += d.solver_iter == m.iterations ? 1 : 0;
        }
        System.out.printf("fidelity %s: qpos max %.3e, qvel max %.3e before step %d; %.3e, %.3e from there; "
                + "%d steps at the iteration limit%n", traj, e[0], e[1], split, e[2], e[3], (int) e[4]);
        return e;
    }

    /** MuJoCo's own sensitivity: the largest |Δqpos| and |Δqvel| between two of its runs. */
    static double[] sensitivity(String traj, String perturbed, int nq) {
        List<double[]> a = Reference.trajectory(traj), b = Reference.trajectory(perturbed);
        double[] s = new double[2];
        for (int k = 0; k < a.size(); k++) {
            for (int i = 3; i < a.get(k).length; i++) {
                int at = i < 3 + nq ? 0 : 1;
                s[at] = Math.max(s[at], Math.abs(a.get(k)[i] - b.get(k)[i]));
            }
        }
        return s;
    }

    @Test
    void conjugateGradientTracksMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("solver_cg.xml"));
        assertThat(m.solver).isEqualTo(MjModel.SOL_CG);
        assertThat(m.iterations).isEqualTo(20);
        double[] e = follow("solver_cg.xml", "solver_cg.traj.txt", 136);
        // round-off for the first 135 steps: equality, frictionloss, the limits and the first
        // contacts (measured 1.5e-14 and 2.5e-12: the unconverged equality rows amplify round-off)
        assertThat(e[0]).isLessThan(1e-13);
        assertThat(e[1]).isLessThan(1e-11);
        // from step 136 CG stops at its 20 iterations while contacts come and go: from there the
        // scene amplifies any difference (MuJoCo itself parts by 1.5e-7 in qpos when 1e-12 is
        // added to qvel); measured 6.7e-8 and 4.7e-6, below MuJoCo's own sensitivity
        double[] s = sensitivity("solver_cg.traj.txt", "solver_cg_perturbed.traj.txt", m.nq);
        System.out.printf("MuJoCo's own sensitivity: qpos %.3e, qvel %.3e%n", s[0], s[1]);
        assertThat(e[2]).isLessThan(s[0]);
        assertThat(e[3]).isLessThan(s[1]);
        assertThat(e[4]).isGreaterThan(0);
    }

    @Test
    void projectedGaussSeidelTracksMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("solver_pgs.xml"));
        assertThat(m.solver).isEqualTo(MjModel.SOL_PGS);
        double[] e = follow("solver_pgs.xml", "solver_pgs.traj.txt", 500);
        // round-off over the whole run, PGS at its 100 sweeps on most contact steps (measured
        // 3.0e-14 and 3.4e-12; MuJoCo's own run with 1e-12 added to qvel parts by 6.3e-12)
        assertThat(e[0]).isLessThan(1e-13);
        assertThat(e[1]).isLessThan(1e-11);
        assertThat(e[4]).isGreaterThan(0);
        double[] s = sensitivity("solver_pgs.traj.txt", "solver_pgs_perturbed.traj.txt", m.nq);
        System.out.printf("MuJoCo's own sensitivity: qpos %.3e, qvel %.3e%n", s[0], s[1]);
        assertThat(e[0]).isLessThan(s[0]);
    }

    @Test
    void newtonConvergesWithinTheIterationsWhereConjugateGradientStops() {
        MjModel n = MjcfLoader.load(Reference.text("solver_cg.xml").replace("solver=\"CG\"", "solver=\"Newton\""));
        assertThat(n.solver).isEqualTo(MjModel.SOL_NEWTON);
        MjData newton = new MjData(new PhysicsModel(n));
        Reference.startAt(newton, "start");
        int most = 0;
        for (int step = 0; step < 500; step++) {
            Step.step(newton.model, newton);
            most = Math.max(most, newton.solver_iter);
        }
        assertThat(most).isLessThan(n.iterations);
    }
}
