package io.vlaarena.sim;

import io.vlaarena.core.Episode;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.task.Judge;
import io.vlaarena.core.task.Judgement;
import io.vlaarena.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An automatic judge that votes on a battle from task progress, for headless demos and
 * tournaments where no person watches.
 *
 * <p>The target is the scene object the instruction names: the first body whose name's words
 * (split at {@code _}) all occur in the instruction, e.g. {@code red_cube} for "pick up the red
 * cube"; when none matches, the body named by its colour alone ("the red one"), else the first
 * object with a free joint. Each episode scores {@code 10 · lift + approach} in metres, where
 * {@code lift} is the most the target rose above its initial height and {@code approach} how much
 * closer than at the start the end-effector site came to it (0 if it never got closer). Scores
 * under 0.01 on both sides vote
 * {@code both_bad}; scores within 0.005 of each other vote {@code tie}; otherwise the higher
 * score wins. A failed episode scores 0.
 *
 * <p>As a {@link Judge} of task battles it votes from these scores on the task's instruction and
 * reports the task's own results beside them (so success rates stay available); the task-aware
 * {@link io.vlaarena.core.task.TaskJudge} votes from success first instead.
 *
 * <p>Immutable and thread-safe (each call builds its own simulation state).
 */
public final class ProgressJudge implements Judge {
    private static final double LIFT_WEIGHT = 10;
    private static final double BOTH_BAD_BELOW = 0.01;
    private static final double TIE_WITHIN = 0.005;

    private final SimModel model;
    private final String endEffectorSite;

    private ProgressJudge(SimModel model, String endEffectorSite) {
        this.model = Objects.requireNonNull(model, "model");
        this.endEffectorSite = Objects.requireNonNull(endEffectorSite, "endEffectorSite");
        model.site(endEffectorSite); // an unknown site is refused here, naming the scene's sites
    }

    /**
     * A judge for scenes of {@code model} whose end-effector site is {@code ee_site}.
     *
     * @throws io.vlaarena.core.NotFoundException when the scene has no such site, naming its sites
     */
    public static ProgressJudge of(SimModel model) {
        return new ProgressJudge(model, "ee_site");
    }

    /**
     * A judge with another end-effector site.
     *
     * @throws io.vlaarena.core.NotFoundException when the scene has no such site, naming its sites
     */
    public static ProgressJudge of(SimModel model, String endEffectorSite) {
        return new ProgressJudge(model, endEffectorSite);
    }

    /** The body the instruction is about, by the rule in the class comment; empty when the scene has no object. */
    public java.util.Optional<String> target(String instruction) {
        String text = " " + instruction.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ";
        List<String> objects = objectBodies();
        for (String body : objects) {
            boolean all = true;
            for (String word : body.toLowerCase(Locale.ROOT).split("_")) {
                all &= text.contains(" " + word + " ");
            }
            if (all) {
                return java.util.Optional.of(body);
            }
        }
        for (String body : objects) {
            if (text.contains(" " + body.toLowerCase(Locale.ROOT).split("_")[0] + " ")) {
                return java.util.Optional.of(body);
            }
        }
        return objects.stream().findFirst();
    }

    /** The episode's task-progress score (see the class comment); 0 for a failed or empty episode. */
    public double score(String instruction, Episode episode) {
        return episode.isCompleted() ? score(instruction, episode.states()) : 0;
    }

    /**
     * The task-progress score of a completed episode's states (e.g. a stored one); 0 when empty.
     *
     * @throws IllegalArgumentException when the states are not of this judge's scene
     */
    public double score(String instruction, List<SimState> episodeStates) {
        if (episodeStates.isEmpty()) {
            return 0;
        }
        String target = target(instruction).orElse(null);
        if (target == null) {
            return 0;
        }
        Simulation sim = model.newSimulation();
        double z0 = Double.NaN;
        double lift = 0;
        double reach = Double.POSITIVE_INFINITY;
        double reach0 = Double.NaN;
        boolean first = true;
        sim.resetToHome();
        List<SimState> states = new ArrayList<>();
        states.add(sim.state());
        states.addAll(episodeStates);
        for (SimState s : states) {
            if (s.nq() != model.nq()) {
                throw new IllegalArgumentException("The episode's states have nq=" + s.nq() + " but the scene has nq="
                        + model.nq());
            }
            sim.setQpos(s.qpos());
            double[] obj = sim.bodyPosition(target);
            double[] ee = sim.sitePosition(endEffectorSite);
            double dx = obj[0] - ee[0];
            double dy = obj[1] - ee[1];
            double dz = obj[2] - ee[2];
            double distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
            if (first) {
                z0 = obj[2];
                reach0 = distance;
                first = false;
            }
            lift = Math.max(lift, obj[2] - z0);
            reach = Math.min(reach, distance);
        }
        return LIFT_WEIGHT * lift + (reach0 - reach);
    }

    /** Votes on two episodes of the same instruction, left and right. */
    public VoteChoice vote(String instruction, Episode left, Episode right) {
        return verdict(score(instruction, left), score(instruction, right));
    }

    /** Votes on the states of two completed episodes of the same instruction (e.g. stored ones). */
    public VoteChoice vote(String instruction, List<SimState> left, List<SimState> right) {
        return verdict(score(instruction, left), score(instruction, right));
    }

    /** Votes on a task battle from the progress scores of the task's instruction; the results are the task's own. */
    @Override
    public Judgement judge(Task task, List<SimState> left, List<SimState> right) {
        return new Judgement(vote(task.instruction(), left, right), task.evaluate(left), task.evaluate(right));
    }

    private static VoteChoice verdict(double l, double r) {
        if (l < BOTH_BAD_BELOW && r < BOTH_BAD_BELOW) {
            return VoteChoice.BOTH_BAD;
        }
        if (Math.abs(l - r) < TIE_WITHIN) {
            return VoteChoice.TIE;
        }
        return l > r ? VoteChoice.LEFT_BETTER : VoteChoice.RIGHT_BETTER;
    }

    /** Bodies with a free joint, in document order: the movable objects of a scene. */
    private List<String> objectBodies() {
        return model.freeBodies().stream().filter(b -> !b.isEmpty()).toList();
    }
}
