package io.vlaarena.sim.bench;

import java.io.IOException;
import java.util.List;
import org.ode4j.math.DMatrix3;
import org.ode4j.ode.DBody;
import org.ode4j.ode.DHingeJoint;
import org.ode4j.ode.DMass;
import org.ode4j.ode.DWorld;
import org.ode4j.ode.OdeHelper;

/**
 * ODE4J's maximal-coordinate solver on MuJoCo's reference pendulums (pendulum.xml and
 * pendulum_damped.xml, numbers from their compiled layouts), against MuJoCo 2.2.2's own
 * trajectories. ODE has no joint armature and no implicit joint damping: spring and damper are
 * applied as explicit torques and the armature (0.05) is left out. Plain main method.
 */
public final class OdeReferenceMeasurement {
    private OdeReferenceMeasurement() {
    }

    public static void main(String[] args) throws IOException {
        // pendulum body: mass 1.1, COM 0.47727 m below the hinge, inertia about the COM
        double mass = 1.1, lc = 0.47727272727272724, ixx = 0.0088807857142857161, izz = 0.0010049740259740262;
        for (String name : new String[] {"pendulum", "pendulum_damped"}) {
            boolean damped = name.endsWith("damped");
            List<double[]> ref = io.vlaarena.sim.internal.physics.Reference.trajectory(name + ".traj.txt");
            for (boolean quick : new boolean[] {false, true}) {
                OdeHelper.initODE2(0);
                DWorld world = OdeHelper.createWorld();
                world.setGravity(0, 0, -9.81);
                world.setCFM(1e-10);
                world.setQuickStepNumIterations(20);
                DBody body = OdeHelper.createBody(world);
                DMass m = OdeHelper.createMass();
                m.setParameters(mass, 0, 0, 0, ixx, ixx, izz, 0, 0, 0);
                body.setMass(m);
                double q0 = 1.0, c = Math.cos(q0), s = Math.sin(q0);
                body.setPosition(-lc * s, 0, 1 - lc * c);
                DMatrix3 rot = new DMatrix3();
                rot.set(c, 0, s, 0, 1, 0, -s, 0, c);
                body.setRotation(rot);
                DHingeJoint hinge = OdeHelper.createHingeJoint(world);
                hinge.attach(body, null);
                hinge.setAnchor(0, 0, 1);
                hinge.setAxis(0, 1, 0);
                double sum = 0, max = 0;
                int step = 0;
                for (double[] row : ref) {
                    while (step < (int) row[0]) {
                        if (damped) {
                            double q = angle(body), w = body.getAngularVel().get1();
                            body.addTorque(0, -2 * (q - 0.2) - 0.3 * w, 0);
                        }
                        if (quick) {
                            world.quickStep(0.002);
                        } else {
                            world.step(0.002);
                        }
                        step++;
                    }
                    double e = angle(body) - row[3];
                    sum += e * e;
                    max = Math.max(max, Math.abs(e));
                }
                System.out.printf("ODE4J %s on %s vs MuJoCo 2.2.2: RMS %.3e rad, max %.3e rad%n",
                        quick ? "quickStep(20)" : "step", name, Math.sqrt(sum / ref.size()), max);
                world.destroy();
            }
        }
    }

    private static double angle(DBody body) {
        var p = body.getPosition();
        return Math.atan2(-p.get0(), -(p.get2() - 1));
    }
}
