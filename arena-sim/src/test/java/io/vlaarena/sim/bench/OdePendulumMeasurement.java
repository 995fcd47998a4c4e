package io.vlaarena.sim.bench;

import org.ode4j.math.DMatrix3;
import org.ode4j.ode.DBody;
import org.ode4j.ode.DHingeJoint;
import org.ode4j.ode.DMass;
import org.ode4j.ode.DWorld;
import org.ode4j.ode.OdeHelper;

/**
 * The measurement behind docs/simulator.md: a hinge pendulum (0.5 m massless rod, 1 kg sphere bob
 * of radius 0.05 m, start 1.0 rad, h = 0.002 s, 2 s) on ODE4J's maximal-coordinate solver against
 * MuJoCo's semi-implicit Euler in generalized coordinates. Run as a plain main method.
 */
public final class OdePendulumMeasurement {
    private OdePendulumMeasurement() {
    }

    public static void main(String[] args) {
        double l = 0.5, m = 1.0, r = 0.05, g = 9.81, h = 0.002, q0 = 1.0;
        int steps = 1000;
        double inertia = m * l * l + 0.4 * m * r * r;
        double[] ref = new double[steps + 1];
        double q = q0, v = 0;
        ref[0] = q;
        for (int i = 1; i <= steps; i++) {
            double a = -m * g * l * Math.sin(q) / inertia;
            v += h * a;
            q += h * v;
            ref[i] = q;
        }
        for (boolean quick : new boolean[] {false, true}) {
            for (double cfm : new double[] {1e-5, 1e-10}) {
                double[] ode = runOde(quick, cfm, l, m, r, g, h, q0, steps);
                double sum = 0, max = 0;
                for (int i = 0; i <= steps; i++) {
                    double e = ode[i] - ref[i];
                    sum += e * e;
                    max = Math.max(max, Math.abs(e));
                }
                System.out.printf("ODE %s cfm=%.0e: RMS %.3e rad, max %.3e rad, final ode %.5f vs euler %.5f%n",
                        quick ? "quickStep(20 it)" : "step (LCP)", cfm, Math.sqrt(sum / (steps + 1)), max,
                        ode[steps], ref[steps]);
            }
        }
    }

    private static double[] runOde(boolean quick, double cfm, double l, double m, double r, double g, double h,
            double q0, int steps) {
        OdeHelper.initODE2(0);
        DWorld world = OdeHelper.createWorld();
        world.setGravity(0, 0, -g);
        world.setCFM(cfm);
        world.setQuickStepNumIterations(20);
        DBody body = OdeHelper.createBody(world);
        DMass mass = OdeHelper.createMass();
        mass.setSphereTotal(m, r);
        body.setMass(mass);
        body.setPosition(-l * Math.sin(q0), 0, -l * Math.cos(q0));
        DMatrix3 rot = new DMatrix3();
        double c = Math.cos(q0), s = Math.sin(q0);
        rot.set(c, 0, s, 0, 1, 0, -s, 0, c);
        body.setRotation(rot);
        DHingeJoint hinge = OdeHelper.createHingeJoint(world);
        hinge.attach(body, null);
        hinge.setAnchor(0, 0, 0);
        hinge.setAxis(0, 1, 0);
        double[] out = new double[steps + 1];
        out[0] = q0;
        for (int i = 1; i <= steps; i++) {
            if (quick) {
                world.quickStep(h);
            } else {
                world.step(h);
            }
            var p = body.getPosition();
            out[i] = Math.atan2(-p.get0(), -p.get2());
        }
        world.destroy();
        return out;
    }
}
