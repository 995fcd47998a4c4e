package io.vlaarena.core.task;

import io.vlaarena.core.SimState;
import io.vlaarena.core.VoteChoice;
import java.util.List;
import java.util.Objects;

/**
 * Votes from task outcomes: success first, progress second.
 *
 * <ul>
 *   <li>one side succeeded and the other did not: the successful side wins;
 *   <li>both succeeded: {@code tie};
 *   <li>neither succeeded: {@code both_bad} when both progressed less than
 *       {@link #bothBadBelow()}, {@code tie} when their progress differs by less than
 *       {@link #tieWithin()}, otherwise the side with more progress wins.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskJudge implements Judge {
    /** Default progress under which a failed episode counts as having done nothing useful. */
    public static final double DEFAULT_BOTH_BAD_BELOW = 0.05;
    /** Default progress difference under which two failed episodes tie. */
    public static final double DEFAULT_TIE_WITHIN = 0.05;

    private static final TaskJudge DEFAULT = new TaskJudge(DEFAULT_BOTH_BAD_BELOW, DEFAULT_TIE_WITHIN);

    private final double bothBadBelow;
    private final double tieWithin;

    private TaskJudge(double bothBadBelow, double tieWithin) {
        this.bothBadBelow = bothBadBelow;
        this.tieWithin = tieWithin;
    }

    /** The default judge: both_bad under 5 % progress each, tie within 5 %. */
    public static TaskJudge of() {
        return DEFAULT;
    }

    /**
     * A judge with other thresholds, both fractions in [0, 1).
     *
     * @throws IllegalArgumentException for a threshold outside [0, 1)
     */
    public static TaskJudge of(double bothBadBelow, double tieWithin) {
        return new TaskJudge(fraction("bothBadBelow", bothBadBelow), fraction("tieWithin", tieWithin));
    }

    /** Progress under which both failed sides make a {@code both_bad} vote. */
    public double bothBadBelow() {
        return bothBadBelow;
    }

    /** Progress difference under which two failed sides tie. */
    public double tieWithin() {
        return tieWithin;
    }

    /** Evaluates both episodes with the task and votes on the results. */
    @Override
    public Judgement judge(Task task, List<SimState> left, List<SimState> right) {
        Objects.requireNonNull(task, "task");
        TaskResult l = task.evaluate(left);
        TaskResult r = task.evaluate(right);
        return new Judgement(vote(l, r), l, r);
    }

    /** The vote on two results by the rule in the class comment. */
    public VoteChoice vote(TaskResult left, TaskResult right) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        if (left.success() != right.success()) {
            return left.success() ? VoteChoice.LEFT_BETTER : VoteChoice.RIGHT_BETTER;
        }
        if (left.success()) {
            return VoteChoice.TIE;
        }
        if (left.progress() < bothBadBelow && right.progress() < bothBadBelow) {
            return VoteChoice.BOTH_BAD;
        }
        double d = left.progress() - right.progress();
        if (Math.abs(d) < tieWithin) {
            return VoteChoice.TIE;
        }
        return d > 0 ? VoteChoice.LEFT_BETTER : VoteChoice.RIGHT_BETTER;
    }

    private static double fraction(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), was " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return "TaskJudge[bothBadBelow=" + bothBadBelow + ", tieWithin=" + tieWithin + "]";
    }
}
