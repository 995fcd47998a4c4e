package io.vlaarena.sim.task;

import io.vlaarena.core.SimState;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An episode seen through a task: the time, the end-effector site's position and the positions of
 * the objects the task names, after each action. The objects start where the first state has them
 * (they rest until the robot reaches them, which it cannot in one control period); the
 * end-effector starts at its {@code home} keyframe position. Not thread-safe; one per evaluation.
 */
final class Trace {
    private final double[] time;
    private final double[][] ee;
    private final Map<String, double[][]> positions = new HashMap<>();
    private final Map<String, Double> restHeights;
    private final double[] homeEe;

    Trace(SimModel model, String eeSite, List<String> objects, Map<String, Double> restHeights, double[] homeEe,
            List<SimState> states) {
        int n = states.size();
        this.time = new double[n];
        this.ee = new double[n][];
        this.restHeights = restHeights;
        this.homeEe = homeEe;
        for (String o : objects) {
            positions.put(o, new double[n][]);
        }
        Simulation sim = model.newSimulation();
        for (int i = 0; i < n; i++) {
            SimState s = states.get(i);
            if (s.nq() != model.nq()) {
                throw new IllegalArgumentException("The episode's state " + i + " has nq=" + s.nq() + " but the task's scene has nq="
                        + model.nq());
            }
            sim.setQpos(s.qpos());
            time[i] = s.time();
            ee[i] = sim.sitePosition(eeSite);
            for (String o : objects) {
                positions.get(o)[i] = sim.bodyPosition(o);
            }
        }
    }

    int size() {
        return time.length;
    }

    double[] position(String object, int i) {
        return positions.get(object)[i];
    }

    double restHeight(String object) {
        return restHeights.get(object);
    }

    double eeDistance(String object, int i) {
        return distance(ee[i], position(object, i));
    }

    /** The end-effector's distance to the object at the start: from its home position to where the object rests. */
    double initialDistance(String object) {
        return distance(homeEe, position(object, 0));
    }

    /** The most the object's centre rose above its resting height. */
    double maxLift(String object) {
        double rest = restHeight(object);
        double best = 0;
        for (int i = 0; i < size(); i++) {
            best = Math.max(best, position(object, i)[2] - rest);
        }
        return best;
    }

    /** Whether the object moved at most {@link Scoring#REST_MOTION} over the episode's last {@link Scoring#REST_WINDOW} seconds. */
    boolean atRest(String object) {
        int end = size() - 1;
        double[] last = position(object, end);
        for (int i = end; i >= 0 && time[end] - time[i] <= Scoring.REST_WINDOW + 1e-9; i--) {
            if (distance(position(object, i), last) > Scoring.REST_MOTION) {
                return false;
            }
        }
        return true;
    }

    /** The longest stretch of simulated time over which {@code flags} held at consecutive states. */
    double longestRun(boolean[] flags) {
        double best = 0;
        double run = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] && i > 0 && flags[i - 1]) {
                run += time[i] - time[i - 1];
            } else {
                run = 0;
            }
            best = Math.max(best, run);
        }
        return best;
    }

    private static double distance(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
