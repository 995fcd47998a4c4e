package io.vlaarena.cli.internal;

import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.Ranking;
import io.vlaarena.core.rating.SuccessRate;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints leaderboards and success-rate tables the way the CLI shows them. */
public final class Boards {
    private Boards() {}

    /** A leaderboard with its rank (by interval when it has intervals), rating, interval and counts. */
    public static void printBoard(PrintWriter out, Leaderboard board, String title) {
        out.printf("%nLeaderboard: %s%n", title);
        out.printf("  %-4s %-18s %7s %-13s %5s %5s %6s %5s %8s %8s%n", "rank", "model", "rating", "95% CI", "votes", "wins",
                "losses", "ties", "both bad", "win rate");
        for (Ranking r : board.rankings()) {
            String ci = r.hasConfidenceInterval()
                    ? String.format(Locale.ROOT, "[%.0f, %.0f]", r.ciLower(), r.ciUpper()) : "-";
            out.printf(Locale.ROOT, "  %-4d %-18s %7d %-13s %5d %5d %6d %5d %8d %7.0f%%%n", board.rank(r.modelId()), r.modelId(),
                    r.eloScore(), ci, r.voteCount(), r.wins(), r.losses(), r.ties(), r.bothBad(), 100 * r.winRate());
        }
        if (board.rankings().isEmpty()) {
            out.println("  (no votes yet)");
        }
    }

    /** Success rates per model and task, then per model over all tasks, with Wilson intervals. */
    public static void printSuccessRates(PrintWriter out, List<SuccessRate> byTask, List<SuccessRate> byModel) {
        out.printf("%nSuccess rates (95%% Wilson intervals):%n");
        out.printf("  %-18s %-24s %7s %-12s %6s%n", "model", "task", "success", "95% CI", "trials");
        for (SuccessRate m : byModel) {
            for (SuccessRate r : byTask) {
                if (r.modelId().equals(m.modelId())) {
                    row(out, r, r.taskId().orElse(""));
                }
            }
            row(out, m, "all tasks");
        }
        if (byModel.isEmpty()) {
            out.println("  (no judged matches yet)");
        }
    }

    private static void row(PrintWriter out, SuccessRate r, String task) {
        out.printf(Locale.ROOT, "  %-18s %-24s %6.0f%% %-12s %6d%n", r.modelId(), task, 100 * r.rate(),
                String.format(Locale.ROOT, "[%.0f, %.0f]", 100 * r.ciLower(), 100 * r.ciUpper()), r.trials());
    }
}
