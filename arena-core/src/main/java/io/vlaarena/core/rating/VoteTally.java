package io.vlaarena.core.rating;

import io.vlaarena.core.VoteChoice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The models in a vote list, indexed in id order, with their win/loss/tie/vote counts.
 * Not thread-safe; built and used inside one {@code rate} call.
 */
final class VoteTally {
    final String[] models;
    final int[] votes;
    final int[] wins;
    final int[] losses;
    final int[] ties;
    /** Per vote, in input order: index of the left and right model. */
    final int[] left;
    final int[] right;
    private final VoteChoice[] choices;
    private final Map<String, Integer> index;

    private VoteTally(List<RatedVote> input) {
        Objects.requireNonNull(input, "votes");
        TreeSet<String> ids = new TreeSet<>();
        for (int i = 0; i < input.size(); i++) {
            RatedVote v = Objects.requireNonNull(input.get(i), "votes must not contain null (index " + i + ")");
            ids.add(v.leftModel());
            ids.add(v.rightModel());
        }
        models = ids.toArray(new String[0]);
        index = new HashMap<>(models.length * 2);
        for (int i = 0; i < models.length; i++) {
            index.put(models[i], i);
        }
        int m = models.length;
        votes = new int[m];
        wins = new int[m];
        losses = new int[m];
        ties = new int[m];
        left = new int[input.size()];
        right = new int[input.size()];
        choices = new VoteChoice[input.size()];
        for (int k = 0; k < input.size(); k++) {
            RatedVote v = input.get(k);
            int a = index.get(v.leftModel());
            int b = index.get(v.rightModel());
            left[k] = a;
            right[k] = b;
            choices[k] = v.choice();
            votes[a]++;
            votes[b]++;
            switch (v.choice()) {
                case LEFT_BETTER -> {
                    wins[a]++;
                    losses[b]++;
                }
                case RIGHT_BETTER -> {
                    wins[b]++;
                    losses[a]++;
                }
                case TIE -> {
                    ties[a]++;
                    ties[b]++;
                }
                case BOTH_BAD -> {
                    // Counts in no column, as in the original arena.
                }
            }
        }
    }

    static VoteTally of(List<RatedVote> votes) {
        return new VoteTally(votes);
    }

    VoteChoice choice(int vote) {
        return choices[vote];
    }

    int size() {
        return models.length;
    }

    /** Models with fewer than {@code minVoteCount} votes, which {@link #rows} leaves out. */
    int hidden(int minVoteCount) {
        int n = 0;
        for (int v : votes) {
            if (v < minVoteCount) {
                n++;
            }
        }
        return n;
    }

    /** Rows for models with at least {@code minVoteCount} votes; {@code lower}/{@code upper} may be null. */
    List<Ranking> rows(double[] ratings, double[] lower, double[] upper, int minVoteCount) {
        List<Ranking> rows = new ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            if (votes[i] >= minVoteCount) {
                Double lo = lower == null ? null : lower[i];
                Double hi = upper == null ? null : upper[i];
                rows.add(new Ranking(models[i], ratings[i], lo, hi, votes[i], wins[i], losses[i], ties[i]));
            }
        }
        return rows;
    }
}
