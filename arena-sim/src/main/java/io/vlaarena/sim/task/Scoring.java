package io.vlaarena.sim.task;

import io.vlaarena.core.task.TaskResult;

/**
 * The success predicates and progress measures of the goals, over an episode's {@link Trace}.
 * Stateless. The rules are documented in {@code docs/tasks.md}; keep the two in step.
 */
final class Scoring {
    /** An object is on the table while its centre is within this of its resting height. */
    static final double ON_TABLE = 0.01;
    /** An object is at rest when it moved at most this far over the last {@link #REST_WINDOW} seconds. */
    static final double REST_MOTION = 0.005;
    static final double REST_WINDOW = 0.4;
    /** The gripper has let go when the end-effector site is at least this far from the object's centre. */
    static final double RELEASED = 0.06;
    /** The end-effector site's distance to an object's centre that counts as fully reached for progress. */
    static final double GRASP_DISTANCE = 0.02;
    /** A lift this high counts fully in the lift stage of placing an object in a region. */
    static final double CARRY_LIFT = 0.03;
    /** Progress of an unsuccessful episode stays below this. */
    static final double BELOW_SUCCESS = 0.99;
    private static final double EPS = 1e-9;

    private Scoring() {}

    static TaskResult score(Goal goal, Trace t) {
        if (t.size() == 0) {
            return TaskResult.NONE;
        }
        if (goal instanceof Goal.Lifted g) {
            return lifted(g, t);
        } else if (goal instanceof Goal.PlacedOn g) {
            return placedOn(g, t);
        } else if (goal instanceof Goal.PlacedIn g) {
            return placedIn(g, t);
        } else if (goal instanceof Goal.Pushed g) {
            return pushed(g, t);
        } else {
            return reached((Goal.Reached) goal, t);
        }
    }

    private static TaskResult lifted(Goal.Lifted g, Trace t) {
        String o = g.object();
        double rest = t.restHeight(o);
        double maxLift = 0;
        boolean[] up = new boolean[t.size()];
        for (int i = 0; i < t.size(); i++) {
            double lift = t.position(o, i)[2] - rest;
            maxLift = Math.max(maxLift, lift);
            up[i] = lift >= g.height();
        }
        double held = t.longestRun(up);
        if (held + EPS >= g.holdSeconds() && maxLift >= g.height()) {
            return TaskResult.succeeded();
        }
        double hold = g.holdSeconds() > 0 ? clamp(held / g.holdSeconds()) : 0;
        return failed(0.3 * reach(t, o) + 0.4 * clamp(maxLift / g.height()) + 0.3 * hold);
    }

    private static TaskResult reached(Goal.Reached g, Trace t) {
        String o = g.object();
        double d0 = t.initialDistance(o);
        double best = Double.POSITIVE_INFINITY;
        boolean[] near = new boolean[t.size()];
        for (int i = 0; i < t.size(); i++) {
            double d = t.eeDistance(o, i);
            best = Math.min(best, d);
            near[i] = d <= g.radius();
        }
        double held = t.longestRun(near);
        if (best <= g.radius() && held + EPS >= g.holdSeconds()) {
            return TaskResult.succeeded();
        }
        double approach = d0 <= g.radius() ? 1 : clamp((d0 - best) / (d0 - g.radius()));
        double hold = g.holdSeconds() > 0 ? clamp(held / g.holdSeconds()) : 0;
        return failed(0.8 * approach + 0.2 * hold);
    }

    private static TaskResult placedOn(Goal.PlacedOn g, Trace t) {
        String o = g.object();
        String s = g.support();
        int end = t.size() - 1;
        double[] p = t.position(o, end);
        double[] q = t.position(s, end);
        double horizontal = Math.hypot(p[0] - q[0], p[1] - q[1]);
        boolean stacked = horizontal <= g.tolerance() && Math.abs(p[2] - q[2] - g.height()) <= g.tolerance() / 2;
        boolean supportDown = Math.abs(q[2] - t.restHeight(s)) <= ON_TABLE;
        if (stacked && supportDown && t.atRest(o) && t.atRest(s) && t.eeDistance(o, end) >= RELEASED) {
            return TaskResult.succeeded();
        }
        double[] p0 = t.position(o, 0);
        double[] q0 = t.position(s, 0);
        double h0 = Math.hypot(p0[0] - q0[0], p0[1] - q0[1]);
        double transport = h0 <= g.tolerance() ? (stacked ? 1 : 0) : clamp((h0 - horizontal) / (h0 - g.tolerance()));
        if (!stacked && p[2] - q[2] < g.height() / 2) {
            transport *= 0.5; // beside the support, not on it
        }
        return failed(0.2 * reach(t, o) + 0.2 * clamp(t.maxLift(o) / g.height()) + 0.6 * transport);
    }

    private static TaskResult placedIn(Goal.PlacedIn g, Trace t) {
        String o = g.object();
        int end = t.size() - 1;
        double[] p = t.position(o, end);
        boolean inside = g.region().contains(p[0], p[1]);
        boolean down = Math.abs(p[2] - t.restHeight(o)) <= ON_TABLE;
        if (inside && down && t.atRest(o) && t.eeDistance(o, end) >= RELEASED) {
            return TaskResult.succeeded();
        }
        return failed(0.2 * reach(t, o) + 0.2 * clamp(t.maxLift(o) / CARRY_LIFT) + 0.6 * transport(g.region(), t, o));
    }

    private static TaskResult pushed(Goal.Pushed g, Trace t) {
        String o = g.object();
        int end = t.size() - 1;
        double[] p = t.position(o, end);
        if (g.region().contains(p[0], p[1]) && Math.abs(p[2] - t.restHeight(o)) <= ON_TABLE) {
            return TaskResult.succeeded();
        }
        return failed(0.3 * reach(t, o) + 0.7 * transport(g.region(), t, o));
    }

    /** How much of the way into the region the object got by the end: 1 inside, 0 no closer than at the start. */
    private static double transport(Region r, Trace t, String o) {
        double[] p0 = t.position(o, 0);
        double[] p = t.position(o, t.size() - 1);
        double d0 = r.distance(p0[0], p0[1]);
        double d = r.distance(p[0], p[1]);
        return d0 == 0 ? (d == 0 ? 1 : 0) : clamp((d0 - d) / d0);
    }

    /** How much closer than at the start the end-effector came to the object: 1 at grasp distance. */
    private static double reach(Trace t, String o) {
        double d0 = t.initialDistance(o);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t.size(); i++) {
            best = Math.min(best, t.eeDistance(o, i));
        }
        return d0 <= GRASP_DISTANCE ? 1 : clamp((d0 - best) / (d0 - GRASP_DISTANCE));
    }

    private static TaskResult failed(double progress) {
        return TaskResult.failed(Math.min(BELOW_SUCCESS, clamp(progress)));
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
