package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.util.Spatial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.ArenaException;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DynamicsTest {

    private static MjData data(MjModel m) {
        return new MjData(new PhysicsModel(m));
    }

    @Test
    void pendulumFollowsGeneralizedSemiImplicitEuler() {
        MjData d = data(TestModels.pendulum(0));
        d.qpos[0] = 1.0;
        double inertia = 0.25 + 0.4 * 0.05 * 0.05, q = 1.0, v = 0, h = 0.002;
        double maxErr = 0;
        for (int i = 0; i < 1000; i++) {
            Step.step(d.model, d);
            v += h * (-9.81 * 0.5 * Math.sin(q) / inertia);
            q += h * v;
            maxErr = Math.max(maxErr, Math.abs(d.qpos[0] - q));
        }
        System.out.printf("pendulum vs hand-integrated MuJoCo Euler: max |dq| = %.3e rad%n", maxErr);
        assertThat(maxErr).isLessThan(1e-10);
    }

    @Test
    void pendulumSmallAnglePeriodMatchesTheory() {
        MjData d = data(TestModels.pendulum(0));
        d.qpos[0] = 0.01;
        double inertia = 0.25 + 0.4 * 0.05 * 0.05;
        double period = 2 * Math.PI * Math.sqrt(inertia / (9.81 * 0.5));
        double prev = d.qpos[0];
        double firstCross = -1, secondCross = -1;
        for (int i = 0; i < 2000 && secondCross < 0; i++) {
            Step.step(d.model, d);
            double cur = d.qpos[0];
            if (prev > 0 && cur <= 0) {
                double t = d.time - 0.002 * cur / (cur - prev);
                if (firstCross < 0) {
                    firstCross = t;
                } else {
                    secondCross = t;
                }
            }
            prev = cur;
        }
        assertThat(secondCross - firstCross).isCloseTo(period, within(2e-3));
    }

    @Test
    void undampedPendulumEnergyDriftIsBounded() {
        MjData d = data(TestModels.pendulum(0));
        d.qpos[0] = 1.0;
        Reference.positions(d);
        double e0 = Support.energy(d.model, d), maxDrift = 0;
        for (int i = 0; i < 5000; i++) {
            Step.step(d.model, d);
            Reference.positions(d);
            maxDrift = Math.max(maxDrift, Math.abs(Support.energy(d.model, d) - e0));
        }
        // symplectic Euler: bounded oscillation of order h, no secular growth
        assertThat(maxDrift / Math.abs(e0)).isLessThan(0.01);
    }

    @Test
    void slideJointFallsWithGravity() {
        TestModels t = new TestModels();
        int b = t.body("slider", 0, new double[] {0, 0, 0}, null, 2.0, null, new double[] {0.1, 0.1, 0.1});
        t.joint("z", b, MjModel.JNT_SLIDE, new double[] {0, 0, 1}, null);
        MjData d = data(t.build());
        Step.step(d.model, d, 500);
        assertThat(d.qvel[0]).isCloseTo(-9.81 * 1.0, within(1e-9));
        // semi-implicit Euler: z_n = -g h^2 n (n + 1) / 2
        assertThat(d.qpos[0]).isCloseTo(-9.81 * 0.002 * 0.002 * 500 * 501 / 2, within(1e-9));
    }

    @Test
    void dampingIsIntegratedImplicitlyAsMuJoCoDoes() {
        TestModels t = new TestModels();
        t.gravity = new double[3];
        int b = t.body("slider", 0, new double[] {0, 0, 0}, null, 2.0, null, new double[] {0.1, 0.1, 0.1});
        int j = t.joint("x", b, MjModel.JNT_SLIDE, new double[] {1, 0, 0}, null);
        t.damping(j, 500).armature(j, 0.5);
        MjData d = data(t.build());
        d.qvel[0] = 1.0;
        double m = 2.5, h = 0.002, bDamp = 500, v = 1.0, x = 0;
        for (int i = 0; i < 200; i++) {
            Step.step(d.model, d);
            v *= m / (m + h * bDamp);
            x += h * v;
        }
        assertThat(d.qvel[0]).isCloseTo(v, within(1e-12));
        assertThat(d.qpos[0]).isCloseTo(x, within(1e-12));
    }

    @Test
    void massMatrixIsSymmetricPositiveDefiniteAndMatchesKineticEnergy() {
        for (long seed = 1; seed <= 5; seed++) {
            MjModel model = randomTree(new Random(seed));
            MjData d = data(model);
            Random rnd = new Random(seed + 100);
            randomState(d, rnd);
            Reference.positions(d);
            int nv = model.nv;
            double[] qM = Support.fullM(d.model, d);
            for (int i = 0; i < nv; i++) {
                for (int j = 0; j < nv; j++) {
                    assertThat(qM[i * nv + j]).isCloseTo(qM[j * nv + i], within(1e-12));
                }
            }
            double[] bf = bruteForceMass(d, model);
            for (int i = 0; i < nv * nv; i++) {
                assertThat(qM[i]).as("M[%d] seed %d", i, seed).isCloseTo(bf[i], within(2e-5 * (1 + Math.abs(bf[i]))));
            }
            // positive definite: v'Mv > 0 for random v
            for (int k = 0; k < 20; k++) {
                double s = 0;
                double[] v = new double[nv];
                for (int i = 0; i < nv; i++) {
                    v[i] = rnd.nextGaussian();
                }
                for (int i = 0; i < nv; i++) {
                    for (int j = 0; j < nv; j++) {
                        s += v[i] * qM[i * nv + j] * v[j];
                    }
                }
                assertThat(s).isPositive();
            }
        }
    }

    @Test
    void rneWithAccelerationEqualsMassMatrixTimesAccelerationPlusBias() {
        MjModel model = randomTree(new Random(7));
        MjData d = data(model);
        Random rnd = new Random(8);
        randomState(d, rnd);
        int nv = model.nv;
        for (int i = 0; i < nv; i++) {
            d.qvel[i] = rnd.nextGaussian();
        }
        Reference.positions(d);
        Smooth.comVel(d.model, d);
        double[] bias = new double[nv], full = new double[nv];
        Smooth.rne(d.model, d, false, bias);
        for (int i = 0; i < nv; i++) {
            d.qacc[i] = rnd.nextGaussian();
        }
        Smooth.rne(d.model, d, true, full);
        double[] qM = Support.fullM(d.model, d);
        for (int i = 0; i < nv; i++) {
            double mq = 0;
            for (int j = 0; j < nv; j++) {
                mq += (qM[i * nv + j] - (i == j ? model.dof_armature[i] : 0)) * d.qacc[j];
            }
            assertThat(full[i] - bias[i]).isCloseTo(mq, within(1e-9 * (1 + Math.abs(mq))));
        }
    }

    @Test
    void biasForceMatchesLagrangianCoriolisByFiniteDifferences() {
        // For a double pendulum the bias must equal d/dt(M) qdot - dT/dq + dV/dq.
        TestModels t = new TestModels();
        int b1 = t.body("l1", 0, new double[] {0, 0, 2}, null, 1.0, new double[] {0, 0, -0.5}, new double[] {0.01, 0.02, 0.03});
        t.joint("j1", b1, MjModel.JNT_HINGE, new double[] {0, 1, 0}, null);
        int b2 = t.body("l2", b1, new double[] {0, 0, -1}, null, 0.7, new double[] {0.1, 0, -0.3}, new double[] {0.02, 0.01, 0.015});
        t.joint("j2", b2, MjModel.JNT_HINGE, new double[] {0.3, 1, 0.2}, null);
        MjModel model = t.build();
        MjData d = data(model);
        d.qpos[0] = 0.4;
        d.qpos[1] = -0.9;
        d.qvel[0] = 1.3;
        d.qvel[1] = -0.7;
        Reference.positions(d);
        Smooth.comVel(d.model, d);
        double[] bias = new double[2];
        Smooth.rne(d.model, d, false, bias);
        double eps = 1e-6;
        double[] lag = new double[2];
        double[] q0 = d.qpos.clone(), v0 = d.qvel.clone();
        for (int k = 0; k < 2; k++) {
            // dT/dq_k and dV/dq_k by central differences, dM/dt qdot by differences along qdot
            double[] qp = q0.clone(), qm = q0.clone();
            qp[k] += eps;
            qm[k] -= eps;
            double lp = lagrangianParts(d, qp, v0)[0] - lagrangianParts(d, qp, v0)[1];
            double lm = lagrangianParts(d, qm, v0)[0] - lagrangianParts(d, qm, v0)[1];
            lag[k] = -(lp - lm) / (2 * eps);
        }
        double[] qp = {q0[0] + eps * v0[0], q0[1] + eps * v0[1]}, qm = {q0[0] - eps * v0[0], q0[1] - eps * v0[1]};
        double[] mp = massAt(d, qp), mm = massAt(d, qm);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                lag[i] += (mp[2 * i + j] - mm[2 * i + j]) / (2 * eps) * v0[j];
            }
        }
        assertThat(bias[0]).isCloseTo(lag[0], within(1e-5));
        assertThat(bias[1]).isCloseTo(lag[1], within(1e-5));
    }

    private static double[] lagrangianParts(MjData d, double[] q, double[] v) {
        System.arraycopy(q, 0, d.qpos, 0, q.length);
        System.arraycopy(v, 0, d.qvel, 0, v.length);
        Reference.positions(d);
        double e = Support.energy(d.model, d);
        System.arraycopy(new double[v.length], 0, d.qvel, 0, v.length);
        double pot = Support.energy(d.model, d);
        System.arraycopy(v, 0, d.qvel, 0, v.length);
        return new double[] {e - pot, pot};
    }

    private static double[] massAt(MjData d, double[] q) {
        System.arraycopy(q, 0, d.qpos, 0, q.length);
        Reference.positions(d);
        return Support.fullM(d.model, d);
    }

    @Test
    void freeBodyInZeroGravityConservesAngularMomentum() {
        TestModels t = new TestModels();
        t.gravity = new double[3];
        int b = t.body("brick", 0, new double[] {0, 0, 1}, null, 3.0, null, new double[] {0.05, 0.1, 0.13});
        t.joint("free", b, MjModel.JNT_FREE, null, null);
        MjData d = data(t.build());
        d.qvel[0] = 0.3;
        d.qvel[3] = 0.1;
        d.qvel[4] = 4.0;
        d.qvel[5] = 0.2;
        double[] l0 = angularMomentum(d);
        for (int i = 0; i < 500; i++) {
            Step.step(d.model, d);
        }
        double[] l1 = angularMomentum(d);
        double n0 = Math.sqrt(l0[0] * l0[0] + l0[1] * l0[1] + l0[2] * l0[2]);
        for (int k = 0; k < 3; k++) {
            assertThat(l1[k]).isCloseTo(l0[k], within(0.01 * n0));
        }
        assertThat(d.qpos[0]).isCloseTo(0.3 * 1.0, within(1e-9));
        double qn = 0;
        for (int k = 3; k < 7; k++) {
            qn += d.qpos[k] * d.qpos[k];
        }
        assertThat(qn).isCloseTo(1.0, within(1e-12));
    }

    private static double[] angularMomentum(MjData d) {
        Reference.positions(d);
        double[] r = new double[9];
        Spatial.quat2Mat(d.qpos, 3, r, 0);
        double[] in = {0.05, 0.1, 0.13};
        double[] lb = {in[0] * d.qvel[3], in[1] * d.qvel[4], in[2] * d.qvel[5]};
        double[] out = new double[3];
        Spatial.mulMatVec(r, 0, lb, 0, out, 0);
        return out;
    }

    @Test
    void boxDroppedOnPlaneComesToRestOnItsFace() {
        MjData d = data(boxDrop());
        Step.step(d.model, d, 1500);
        System.out.printf("box drop rest: z = %.6f (half size 0.1), qvel[2] = %.2e%n", d.qpos[2], d.qvel[2]);
        assertThat(d.qpos[2]).isCloseTo(0.1, within(2e-3));
        assertThat(Math.abs(d.qvel[2])).isLessThan(1e-3);
    }

    static MjModel boxDrop() {
        TestModels t = new TestModels();
        t.geom(0, MjModel.GEOM_PLANE, new double[] {5, 5, 0.1}, null, null);
        int b = t.body("box", 0, new double[] {0, 0, 0.5}, new double[] {0.9659258, 0.0, 0.258819, 0.0}, 1.0, null,
                TestModels.boxInertia(1.0, 0.1, 0.1, 0.1));
        t.joint("box_free", b, MjModel.JNT_FREE, null, null);
        t.geom(b, MjModel.GEOM_BOX, new double[] {0.1, 0.1, 0.1}, null, null);
        return t.build();
    }

    @Test
    void jointLimitStopsASlide() {
        TestModels t = new TestModels();
        int b = t.body("slider", 0, new double[] {0, 0, 0}, null, 1.0, null, new double[] {0.1, 0.1, 0.1});
        int j = t.joint("z", b, MjModel.JNT_SLIDE, new double[] {0, 0, 1}, null);
        t.limit(j, -0.2, 0.2);
        MjData d = data(t.build());
        Step.step(d.model, d, 1500);
        assertThat(d.qpos[0]).isCloseTo(-0.2, within(2e-3));
        assertThat(Math.abs(d.qvel[0])).isLessThan(1e-3);
    }

    @Test
    void sameInputsGiveBitIdenticalStates() {
        double[][] runs = new double[2][];
        for (int r = 0; r < 2; r++) {
            MjData d = data(boxDrop());
            d.qvel[3] = 1.0;
            Step.step(d.model, d, 600);
            runs[r] = d.qpos.clone();
        }
        assertThat(runs[0]).containsExactly(runs[1]);
    }

    @Test
    void divergenceIsReportedWithTheJointName() {
        TestModels t = new TestModels();
        int b = t.body("slider", 0, new double[] {0, 0, 0}, null, 1.0, null, new double[] {0.1, 0.1, 0.1});
        t.joint("runaway", b, MjModel.JNT_SLIDE, new double[] {0, 0, 1}, null);
        MjData d = data(t.build());
        Step.step(d.model, d);
        d.qfrc_applied[0] = Double.NaN;
        assertThatThrownBy(() -> Step.step(d.model, d)).isInstanceOf(ArenaException.class)
                .hasMessageContaining("Simulation diverged at t=").hasMessageContaining("'runaway'");
        d.reset();
        d.qfrc_applied[0] = 1e300;
        assertThatThrownBy(() -> Step.step(d.model, d)).isInstanceOf(ArenaException.class).hasMessageContaining("'runaway'");
    }

    @Test
    void massLessMovingBodyIsRejectedAsAScene() {
        TestModels t = new TestModels();
        int b = t.body("ghost", 0, new double[] {0, 0, 1}, null, 0, null, new double[] {0, 0, 0});
        t.joint("z", b, MjModel.JNT_SLIDE, new double[] {0, 0, 1}, null);
        assertThatThrownBy(t::build).isInstanceOf(io.vlaarena.core.SceneException.class)
                .hasMessageContaining("no mass");
    }

    @Test
    void contactFilterFollowsMuJoCoRules() {
        TestModels t = new TestModels();
        int floor = t.geom(0, MjModel.GEOM_PLANE, new double[] {1, 1, 0.1}, null, null);
        int wall = t.geom(0, MjModel.GEOM_BOX, new double[] {0.1, 0.1, 0.1}, new double[] {1, 0, 0}, null);
        int a = t.body("a", 0, new double[] {0, 0, 1}, null, 1, null, new double[] {0.1, 0.1, 0.1});
        t.joint("ja", a, MjModel.JNT_HINGE, null, null);
        int ga = t.geom(a, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        int ga2 = t.geom(a, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        int c = t.body("child", a, new double[] {0, 0, 0.1}, null, 1, null, new double[] {0.1, 0.1, 0.1});
        t.joint("jc", c, MjModel.JNT_HINGE, null, null);
        int gc = t.geom(c, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        int welded = t.body("welded", c, new double[] {0, 0, 0.1}, null, 1, null, new double[] {0.1, 0.1, 0.1});
        int gw = t.geom(welded, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        int grand = t.body("grandchild", welded, new double[] {0, 0, 0.1}, null, 1, null, new double[] {0.1, 0.1, 0.1});
        t.joint("jg", grand, MjModel.JNT_HINGE, null, null);
        int gg = t.geom(grand, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        int o = t.body("other", 0, new double[] {0, 0, 2}, null, 1, null, new double[] {0.1, 0.1, 0.1});
        t.joint("jo", o, MjModel.JNT_FREE, null, null);
        int go = t.geom(o, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        int ghost = t.geom(o, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        t.contype(ghost, 0, 0);
        int ex = t.body("excluded", 0, new double[] {0, 0, 3}, null, 1, null, new double[] {0.1, 0.1, 0.1});
        t.joint("je", ex, MjModel.JNT_FREE, null, null);
        int ge = t.geom(ex, MjModel.GEOM_SPHERE, new double[] {0.1}, null, null);
        t.exclude(o, ex);
        PhysicsModel pm = new PhysicsModel(t.build());
        assertThat(pm.canCollide(floor, wall)).as("two world geoms").isFalse();
        assertThat(pm.canCollide(ga, ga2)).as("same body").isFalse();
        assertThat(pm.canCollide(ga, gc)).as("parent and child").isFalse();
        assertThat(pm.canCollide(gc, gw)).as("welded to the same body").isFalse();
        assertThat(pm.canCollide(gw, gg)).as("weld body of the parent and child").isFalse();
        assertThat(pm.canCollide(ga, gg)).as("grandparent and grandchild").isTrue();
        assertThat(pm.canCollide(floor, ga)).as("world and its child").isTrue();
        assertThat(pm.canCollide(go, ghost)).isFalse();
        assertThat(pm.canCollide(ga, ghost)).as("contype/conaffinity 0").isFalse();
        assertThat(pm.canCollide(go, ge)).as("excluded pair").isFalse();
        assertThat(pm.canCollide(ga, go)).isTrue();
    }

    @Test
    void fingersSqueezeABoxAndHoldItAgainstGravity() {
        TestModels t = new TestModels();
        int left = t.body("left", 0, new double[] {-0.032, 0, 0.5}, null, 0.2, null, new double[] {1e-4, 1e-4, 1e-4});
        int jl = t.joint("left_slide", left, MjModel.JNT_SLIDE, new double[] {1, 0, 0}, null);
        t.geom(left, MjModel.GEOM_BOX, new double[] {0.01, 0.03, 0.03}, null, null);
        int right = t.body("right", 0, new double[] {0.032, 0, 0.5}, null, 0.2, null, new double[] {1e-4, 1e-4, 1e-4});
        int jr = t.joint("right_slide", right, MjModel.JNT_SLIDE, new double[] {-1, 0, 0}, null);
        t.geom(right, MjModel.GEOM_BOX, new double[] {0.01, 0.03, 0.03}, null, null);
        t.damping(jl, 20).damping(jr, 20);
        // position servos closing on a 4 cm box with a target past its faces: they squeeze
        t.actuator(jl, 1, 500, 0, -500, 0, Double.NaN, Double.NaN);
        t.actuator(jr, 1, 500, 0, -500, 0, Double.NaN, Double.NaN);
        int box = t.body("box", 0, new double[] {0, 0, 0.5}, null, 0.1, null, TestModels.boxInertia(0.1, 0.02, 0.02, 0.02));
        t.joint("box_free", box, MjModel.JNT_FREE, null, null);
        t.geom(box, MjModel.GEOM_BOX, new double[] {0.02, 0.02, 0.02}, null, null);
        MjData d = data(t.build());
        d.ctrl[0] = 0.02;
        d.ctrl[1] = 0.02;
        Step.step(d.model, d, 250);
        double gripped = d.qpos[4];
        Step.step(d.model, d, 750);
        System.out.printf("squeeze: box z %.5f once gripped, %.5f 1.5 s later (start 0.5), fingers at %.4f %.4f, contacts %d, "
                + "solver sweeps %d%n", gripped, d.qpos[4], d.qpos[0], d.qpos[1], d.ncon, d.solver_iter);
        assertThat(d.ncon).isGreaterThanOrEqualTo(2);
        assertThat(gripped).isGreaterThan(0.45);
        // held: soft friction creeps (~2 mm/s here; the franka's grasp creeps 3.0 mm/s in MuJoCo 2.2.2 and 3.3 mm/s
        // in this engine, see GraspFidelityTest), free fall would be 11 m
        assertThat(d.qpos[4]).isCloseTo(gripped, within(5e-3));
    }

    @Test
    void frictionlessContactsHaveOneRowAndNoGrip() {
        MjModel m = boxDrop();
        m.geom_condim[0] = 1;
        m.geom_condim[1] = 1;
        MjData d = data(m);
        d.qvel[0] = 1.0;
        Step.step(d.model, d, 600);
        assertThat(d.ncon).isEqualTo(4);
        assertThat(d.nefc).isEqualTo(4);
        // no friction: it keeps sliding
        assertThat(d.qvel[0]).isGreaterThan(0.5);
    }

    // ---------------------------------------------------------------------------------------

    static MjModel randomTree(Random rnd) {
        TestModels t = new TestModels();
        int root = t.body("root", 0, new double[] {0.1, 0.2, 0.3}, randomQuat(rnd), 1 + rnd.nextDouble(), randomVec(rnd, 0.1),
                randomInertia(rnd));
        t.joint("free", root, MjModel.JNT_FREE, null, null);
        int[] bodies = {root, 0, 0, 0, 0, 0};
        for (int i = 1; i < 6; i++) {
            int parent = bodies[rnd.nextInt(i)];
            int b = t.body("b" + i, parent, randomVec(rnd, 0.5), randomQuat(rnd), 0.5 + rnd.nextDouble(), randomVec(rnd, 0.2),
                    randomInertia(rnd));
            bodies[i] = b;
            int kind = i % 4;
            int type = kind == 0 ? MjModel.JNT_BALL : kind == 1 ? MjModel.JNT_HINGE : kind == 2 ? MjModel.JNT_SLIDE : MjModel.JNT_HINGE;
            int j = t.joint("j" + i, b, type, randomVec(rnd, 1), randomVec(rnd, 0.1));
            t.armature(j, 0.01 * i);
            if (kind == 3) {
                t.joint("j" + i + "b", b, MjModel.JNT_SLIDE, randomVec(rnd, 1), null);
            }
        }
        return t.build();
    }

    private static void randomState(MjData d, Random rnd) {
        MjModel m = d.model.m;
        double[] v = new double[m.nv];
        for (int i = 0; i < m.nv; i++) {
            v[i] = rnd.nextGaussian() * 0.5;
        }
        Support.integratePos(d.model, d.qpos, v, 1.0, d.tmp4);
    }

    private static double[] randomVec(Random rnd, double s) {
        return new double[] {s * rnd.nextGaussian(), s * rnd.nextGaussian(), s * rnd.nextGaussian() + 1e-3};
    }

    private static double[] randomQuat(Random rnd) {
        double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        Spatial.normalizeQuat(q, 0);
        return q;
    }

    private static double[] randomInertia(Random rnd) {
        double a = 0.01 + 0.05 * rnd.nextDouble(), b = 0.01 + 0.05 * rnd.nextDouble();
        return new double[] {a, b, 0.5 * (a + b)};
    }

    /** M from the kinetic energy of body motions measured by finite differences of kinematics. */
    private static double[] bruteForceMass(MjData d, MjModel m) {
        int nv = m.nv;
        double[] q0 = d.qpos.clone();
        double[] mm = new double[nv * nv];
        double[] diag = new double[nv];
        for (int i = 0; i < nv; i++) {
            double[] v = new double[nv];
            v[i] = 1;
            diag[i] = 2 * kinetic(d, m, q0, v);
        }
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nv; j++) {
                if (i == j) {
                    mm[i * nv + i] = diag[i] + m.dof_armature[i];
                    continue;
                }
                double[] v = new double[nv];
                v[i] = 1;
                v[j] = 1;
                mm[i * nv + j] = (2 * kinetic(d, m, q0, v) - diag[i] - diag[j]) / 2;
            }
        }
        System.arraycopy(q0, 0, d.qpos, 0, q0.length);
        Reference.positions(d);
        return mm;
    }

    private static double kinetic(MjData d, MjModel m, double[] q0, double[] v) {
        double eps = 1e-6;
        double[][] pos = new double[2][], mat = new double[2][];
        for (int s = 0; s < 2; s++) {
            double[] q = q0.clone();
            Support.integratePos(d.model, q, v, s == 0 ? eps : -eps, d.tmp4);
            System.arraycopy(q, 0, d.qpos, 0, q.length);
            Smooth.kinematics(d.model, d);
            pos[s] = d.xipos.clone();
            mat[s] = d.ximat.clone();
        }
        System.arraycopy(q0, 0, d.qpos, 0, q0.length);
        Smooth.kinematics(d.model, d);
        double t = 0;
        for (int b = 1; b < m.nbody; b++) {
            double vv = 0;
            for (int k = 0; k < 3; k++) {
                double vk = (pos[0][3 * b + k] - pos[1][3 * b + k]) / (2 * eps);
                vv += vk * vk;
            }
            // body-frame angular velocity: skew(w) = R^T dR/dt (principal frame)
            double[] r = d.ximat;
            double[] dr = new double[9];
            for (int k = 0; k < 9; k++) {
                dr[k] = (mat[0][9 * b + k] - mat[1][9 * b + k]) / (2 * eps);
            }
            double[] w = new double[3];
            double[] rtdr = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += r[9 * b + 3 * k + i] * dr[3 * k + j];
                    }
                    rtdr[3 * i + j] = s;
                }
            }
            w[0] = rtdr[7];
            w[1] = rtdr[2];
            w[2] = rtdr[3];
            t += 0.5 * m.body_mass[b] * vv;
            for (int k = 0; k < 3; k++) {
                t += 0.5 * m.body_inertia[3 * b + k] * w[k] * w[k];
            }
        }
        return t;
    }
}
