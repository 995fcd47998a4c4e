package io.vlaarena.core.rating;

import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.internal.Checks;
import java.util.Objects;

/**
 * One human vote between two models, the input to every rating method in this package.
 *
 * <p>Order matters: {@link EloRating} applies votes in list order, and {@link BradleyTerry}'s
 * bootstrap resamples them by position, so pass votes in the order they were cast. To rate one
 * robot or scene only, filter the votes before rating them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param leftModel the model shown on the left, a non-blank id
 * @param rightModel the model shown on the right, a non-blank id different from {@code leftModel}
 * @param choice the verdict
 */
public record RatedVote(String leftModel, String rightModel, VoteChoice choice) {
    /** Validates; throws {@link IllegalArgumentException} on a blank or repeated model id and {@link NullPointerException} on null. */
    public RatedVote {
        Checks.nonBlank("leftModel", leftModel);
        Checks.nonBlank("rightModel", rightModel);
        Objects.requireNonNull(choice, "choice");
        if (leftModel.equals(rightModel)) {
            throw new IllegalArgumentException(
                    "A vote needs two different models, but both sides are '" + leftModel + "'");
        }
    }

    /** Creates a vote; same checks as the constructor. */
    public static RatedVote of(String leftModel, String rightModel, VoteChoice choice) {
        return new RatedVote(leftModel, rightModel, choice);
    }
}
