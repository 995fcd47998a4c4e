package io.vlaarena.core.bench;

import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.rating.EloRating;
import io.vlaarena.core.rating.RatedVote;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Votes drawn from known Bradley–Terry strengths, for the benchmark and the tests.
 * Stateless; each call owns its random generator.
 */
public final class SyntheticVotes {
    private SyntheticVotes() {}

    /** The id of the {@code i}-th synthetic model: {@code model-00}, {@code model-01}, … */
    public static String modelId(int i) {
        return String.format("model-%02d", i);
    }

    /** {@code models} ratings evenly spaced over {@code span} points, centred on 1500 (so their mean is 1500). */
    public static double[] evenlySpaced(int models, double span) {
        double[] ratings = new double[models];
        for (int i = 0; i < models; i++) {
            ratings[i] = 1500 - span / 2 + (models == 1 ? span / 2 : span * i / (models - 1));
        }
        return ratings;
    }

    /**
     * {@code count} votes between uniformly chosen distinct models; with probability {@code tieRate} a
     * tie, with {@code bothBadRate} a both_bad, otherwise a win drawn from the Elo-scale ratings.
     */
    public static List<RatedVote> draw(double[] ratings, int count, double tieRate, double bothBadRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = ratings.length;
        String[] ids = new String[m];
        for (int i = 0; i < m; i++) {
            ids[i] = modelId(i);
        }
        List<RatedVote> votes = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int left = random.nextInt(m);
            int right = random.nextInt(m - 1);
            if (right >= left) {
                right++;
            }
            double u = random.nextDouble();
            VoteChoice choice;
            if (u < tieRate) {
                choice = VoteChoice.TIE;
            } else if (u < tieRate + bothBadRate) {
                choice = VoteChoice.BOTH_BAD;
            } else {
                double leftWins = EloRating.expectedScore(ratings[left], ratings[right]);
                choice = random.nextDouble() < leftWins ? VoteChoice.LEFT_BETTER : VoteChoice.RIGHT_BETTER;
            }
            votes.add(new RatedVote(ids[left], ids[right], choice));
        }
        return votes;
    }
}
