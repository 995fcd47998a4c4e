package io.vlaarena.core.rating;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A ranked list of models computed from votes, best first, as shown by {@code GET /api/leaderboard}.
 *
 * <p>Rows are sorted by rating, highest first, ties broken by model id; the constructor sorts a
 * copy of what it is given, so the order always holds. Only models with at least
 * {@code minVoteCount} votes appear, but the ratings were computed from all votes, so a hidden
 * model still influenced the others.
 *
 * <p>Immutable and thread-safe.
 *
 * @param method how the ratings were computed
 * @param minVoteCount the fewest votes a model needed to appear, not negative
 * @param confidenceLevel the level of the rows' intervals (e.g. 0.95), or {@code null} when rows have none
 * @param rankings the rows, best first, one per model
 * @param hiddenModels rated models left off the board for having fewer than {@code minVoteCount}
 *     votes (so an empty board says why it is empty: see {@link #minimumVoteRule()})
 */
public record Leaderboard(Method method, int minVoteCount, Double confidenceLevel, List<Ranking> rankings,
        int hiddenModels) {

    /** How a leaderboard's ratings were computed. */
    public enum Method {
        /** The original arena's online Elo ({@link EloRating}). */
        ELO,
        /** A Bradley–Terry maximum-likelihood fit with ties as half wins ({@link BradleyTerry}, Chatbot Arena's). */
        BRADLEY_TERRY,
        /** A Bradley–Terry fit with Davidson's ties ({@link BradleyTerry.Ties#DAVIDSON}, RoboArena's). */
        BRADLEY_TERRY_DAVIDSON
    }

    /** Orders rows best first: rating descending, then model id ascending. */
    public static final Comparator<Ranking> BEST_FIRST =
            Comparator.comparingDouble(Ranking::rating).reversed().thenComparing(Ranking::modelId);

    /** Validates, copies and sorts; throws {@link IllegalArgumentException} on a repeated model or a bad level. */
    public Leaderboard {
        Objects.requireNonNull(method, "method");
        if (minVoteCount < 0) {
            throw new IllegalArgumentException("minVoteCount must not be negative, was " + minVoteCount);
        }
        if (hiddenModels < 0) {
            throw new IllegalArgumentException("hiddenModels must not be negative, was " + hiddenModels);
        }
        if (confidenceLevel != null && !(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException(
                    "confidenceLevel must be in (0, 1) or null, was " + confidenceLevel);
        }
        List<Ranking> sorted = new ArrayList<>(rankings);
        Set<String> seen = new HashSet<>();
        for (Ranking r : sorted) {
            Objects.requireNonNull(r, "rankings must not contain null");
            if (!seen.add(r.modelId())) {
                throw new IllegalArgumentException("Model '" + r.modelId() + "' appears twice on the leaderboard");
            }
        }
        sorted.sort(BEST_FIRST);
        rankings = List.copyOf(sorted);
    }

    /** The row of {@code modelId}, or empty when the model had no votes or too few to appear. */
    public Optional<Ranking> find(String modelId) {
        return rankings.stream().filter(r -> r.modelId().equals(modelId)).findFirst();
    }

    /**
     * The model's rank: 1 plus the number of models on this board whose interval's lower bound is
     * above this model's upper bound (Chatbot Arena's rule, so models whose intervals overlap share
     * a rank); on a board without intervals, 1 plus the number of models rated higher.
     *
     * @throws IllegalArgumentException when the model is not on the board
     */
    public int rank(String modelId) {
        Ranking row = find(modelId).orElseThrow(() -> new IllegalArgumentException("Model '" + modelId
                + "' is not on this leaderboard; its models: " + modelIds()));
        int above = 0;
        for (Ranking other : rankings) {
            boolean better = row.hasConfidenceInterval() && other.hasConfidenceInterval()
                    ? other.ciLower() > row.ciUpper() : other.rating() > row.rating();
            if (better) {
                above++;
            }
        }
        return 1 + above;
    }

    /** The model ids in rank order, best first. */
    public List<String> modelIds() {
        return rankings.stream().map(Ranking::modelId).toList();
    }

    /** A board that hides no rated model: {@code hiddenModels} 0. */
    public Leaderboard(Method method, int minVoteCount, Double confidenceLevel, List<Ranking> rankings) {
        this(method, minVoteCount, confidenceLevel, rankings, 0);
    }

    /**
     * The minimum-vote rule as a sentence for whoever shows the board, e.g. "Models appear with at
     * least 5 votes; 2 rated models have fewer and are not shown.", so that an empty board never
     * looks like a board without models.
     */
    public String minimumVoteRule() {
        String rule = "Models appear with at least " + minVoteCount + (minVoteCount == 1 ? " vote" : " votes");
        if (hiddenModels == 0) {
            return rule + ".";
        }
        return rule + "; " + hiddenModels + (hiddenModels == 1 ? " rated model has" : " rated models have")
                + " fewer and " + (hiddenModels == 1 ? "is" : "are") + " not shown.";
    }
}
