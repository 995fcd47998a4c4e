package io.vlaarena.core.arena;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a voter may add to a vote besides the verdict, as RoboArena's protocol asks: how far each
 * side got with the instruction (0–100) and a short text. All three are optional.
 *
 * <p>Immutable and thread-safe.
 *
 * @param leftProgress the left side's progress, 0–100, when given
 * @param rightProgress the right side's progress, 0–100, when given
 * @param feedback free text, at most {@link #MAX_FEEDBACK_CHARS} characters, when given (never empty)
 */
public record VoteNotes(OptionalInt leftProgress, OptionalInt rightProgress, Optional<String> feedback) {
    /** The longest feedback text accepted, in characters (Unicode code points). */
    public static final int MAX_FEEDBACK_CHARS = 2000;

    private static final VoteNotes NONE = new VoteNotes(OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for a progress outside 0–100, an empty feedback or one longer
     *     than {@link #MAX_FEEDBACK_CHARS} characters
     */
    public VoteNotes {
        Objects.requireNonNull(leftProgress, "leftProgress");
        Objects.requireNonNull(rightProgress, "rightProgress");
        Objects.requireNonNull(feedback, "feedback");
        checkProgress("left", leftProgress);
        checkProgress("right", rightProgress);
        feedback.ifPresent(text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("Feedback must not be empty when given; leave it out instead");
            }
            int chars = text.codePointCount(0, text.length());
            if (chars > MAX_FEEDBACK_CHARS) {
                throw new IllegalArgumentException("Feedback is " + chars + " characters long; at most "
                        + MAX_FEEDBACK_CHARS + " are accepted");
            }
        });
    }

    /** No progress scores and no text. */
    public static VoteNotes none() {
        return NONE;
    }

    /**
     * Notes from nullable values: a null progress or a null or blank feedback is left out.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static VoteNotes of(Integer leftProgress, Integer rightProgress, String feedback) {
        return new VoteNotes(leftProgress == null ? OptionalInt.empty() : OptionalInt.of(leftProgress),
                rightProgress == null ? OptionalInt.empty() : OptionalInt.of(rightProgress),
                feedback == null || feedback.isBlank() ? Optional.empty() : Optional.of(feedback));
    }

    /** The progress of one side, when given. */
    public OptionalInt progress(Side side) {
        return side == Side.LEFT ? leftProgress : rightProgress;
    }

    /** Whether nothing was given. */
    public boolean isEmpty() {
        return leftProgress.isEmpty() && rightProgress.isEmpty() && feedback.isEmpty();
    }

    private static void checkProgress(String side, OptionalInt progress) {
        if (progress.isPresent() && (progress.getAsInt() < 0 || progress.getAsInt() > 100)) {
            throw new IllegalArgumentException("The " + side + " side's progress must be between 0 and 100, got "
                    + progress.getAsInt());
        }
    }
}
