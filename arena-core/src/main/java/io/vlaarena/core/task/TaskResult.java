package io.vlaarena.core.task;

/**
 * How well one episode did its task: whether the success predicate held, and how far it got.
 *
 * <p>Immutable and thread-safe.
 *
 * @param success whether the task's success predicate held
 * @param progress how far the episode got, from 0 (nothing) to 1 (done); 1 whenever {@code success}
 */
public record TaskResult(boolean success, double progress) {

    /** A failed episode, or one that did nothing: no success, no progress. */
    public static final TaskResult NONE = new TaskResult(false, 0);

    /**
     * Validates: progress is a number in [0, 1], and 1 on success.
     *
     * @throws IllegalArgumentException otherwise
     */
    public TaskResult {
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("progress must be in [0, 1], was " + progress);
        }
        if (success && progress != 1) {
            throw new IllegalArgumentException("A successful episode has progress 1, was " + progress);
        }
    }

    /** A success (progress 1). */
    public static TaskResult succeeded() {
        return new TaskResult(true, 1);
    }

    /** No success, with this much progress in [0, 1). */
    public static TaskResult failed(double progress) {
        if (progress >= 1) {
            throw new IllegalArgumentException("An unsuccessful episode has progress below 1, was " + progress);
        }
        return new TaskResult(false, progress);
    }

    /** Progress as a whole percentage, 0 to 100, as votes carry it. */
    public int progressPercent() {
        return (int) Math.round(100 * progress);
    }
}
