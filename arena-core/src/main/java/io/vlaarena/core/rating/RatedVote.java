package io.vlaarena.core.rating;

import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.internal.Checks;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One vote between two models, the input to every rating method in this package: the verdict,
 * and optionally each side's progress score (0–100), as the web arena's voters and the automatic
 * judges give them.
 *
 * <p>Order matters: {@link EloRating} applies votes in list order, and {@link BradleyTerry}'s
 * bootstrap resamples them by position, so pass votes in the order they were cast. To rate one
 * robot, scene or task only, filter the votes before rating them. Progress is a secondary signal:
 * {@link BradleyTerry} uses it to split {@code tie} and {@code both_bad} votes (see its
 * {@code progressWeight}); {@link EloRating} ignores it, as the original did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param leftModel the model shown on the left, a non-blank id
 * @param rightModel the model shown on the right, a non-blank id different from {@code leftModel}
 * @param choice the verdict
 * @param leftProgress the left episode's progress score from 0 to 100, if the voter gave one
 * @param rightProgress the right episode's progress score from 0 to 100, if the voter gave one
 */
public record RatedVote(String leftModel, String rightModel, VoteChoice choice, OptionalInt leftProgress,
        OptionalInt rightProgress) {
    /**
     * Validates; throws {@link IllegalArgumentException} on a blank or repeated model id or a
     * progress score outside 0..100, and {@link NullPointerException} on null.
     */
    public RatedVote {
        Checks.nonBlank("leftModel", leftModel);
        Checks.nonBlank("rightModel", rightModel);
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(leftProgress, "leftProgress");
        Objects.requireNonNull(rightProgress, "rightProgress");
        if (leftModel.equals(rightModel)) {
            throw new IllegalArgumentException(
                    "A vote needs two different models, but both sides are '" + leftModel + "'");
        }
        checkProgress("leftProgress", leftProgress);
        checkProgress("rightProgress", rightProgress);
    }

    /** A vote without progress scores; same checks as the canonical constructor. */
    public RatedVote(String leftModel, String rightModel, VoteChoice choice) {
        this(leftModel, rightModel, choice, OptionalInt.empty(), OptionalInt.empty());
    }

    /** Creates a vote without progress scores; same checks as the constructor. */
    public static RatedVote of(String leftModel, String rightModel, VoteChoice choice) {
        return new RatedVote(leftModel, rightModel, choice);
    }

    /** A copy with both sides' progress scores, each 0 to 100. */
    public RatedVote withProgress(int left, int right) {
        return new RatedVote(leftModel, rightModel, choice, OptionalInt.of(left), OptionalInt.of(right));
    }

    /**
     * How far the left side's progress exceeds the right's, as a fraction in [-1, 1]; 0 unless both
     * scores are present.
     */
    public double progressMargin() {
        if (leftProgress.isEmpty() || rightProgress.isEmpty()) {
            return 0;
        }
        return (leftProgress.getAsInt() - rightProgress.getAsInt()) / 100.0;
    }

    private static void checkProgress(String what, OptionalInt p) {
        if (p.isPresent() && (p.getAsInt() < 0 || p.getAsInt() > 100)) {
            throw new IllegalArgumentException(what + " must be between 0 and 100, was " + p.getAsInt());
        }
    }
}
