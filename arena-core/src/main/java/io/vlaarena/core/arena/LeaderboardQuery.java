package io.vlaarena.core.arena;

import io.vlaarena.core.rating.BradleyTerry;
import io.vlaarena.core.rating.EloRating;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.Rater;
import java.util.Objects;
import java.util.Optional;

/**
 * Which leaderboard to compute: all votes or one robot's, scene's or task's, by which method, with
 * which minimum vote count.
 *
 * <p>Immutable and thread-safe. {@link #defaults()}: all votes, Bradley–Terry with ties as half wins
 * and 1000 bootstrap rounds (seed 0) for 95% intervals, models with at least 5 votes.
 * {@link #davidson()}: the same with Davidson's ties (RoboArena's). {@link #elo()}: the original's
 * online Elo with the same filter.
 *
 * @param robotId only votes of battles on this robot (id or alias), if present
 * @param sceneId only votes of battles in this scene (id or alias), if present
 * @param taskId only votes on battles of this task, if present
 * @param method Elo, Bradley–Terry or Bradley–Terry with Davidson's ties
 * @param minVoteCount the fewest votes a model needs to appear
 * @param bootstrapRounds Bradley–Terry bootstrap rounds for the confidence intervals
 * @param seed seed of the bootstrap
 */
public record LeaderboardQuery(Optional<String> robotId, Optional<String> sceneId, Optional<String> taskId,
        Leaderboard.Method method, int minVoteCount, int bootstrapRounds, long seed) {

    /** Validates. */
    public LeaderboardQuery {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(sceneId, "sceneId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(method, "method");
        if (minVoteCount < 0) {
            throw new IllegalArgumentException("minVoteCount must not be negative, was " + minVoteCount);
        }
        if (bootstrapRounds <= 0) {
            throw new IllegalArgumentException("bootstrapRounds must be positive, was " + bootstrapRounds);
        }
    }

    /** All votes, Bradley–Terry (ties as half wins) with 95% intervals from 1000 bootstrap rounds, at least 5 votes. */
    public static LeaderboardQuery defaults() {
        return new LeaderboardQuery(Optional.empty(), Optional.empty(), Optional.empty(), Leaderboard.Method.BRADLEY_TERRY,
                5, 1000, 0);
    }

    /** All votes, Bradley–Terry with Davidson's ties (RoboArena's), 95% intervals, at least 5 votes. */
    public static LeaderboardQuery davidson() {
        return defaults().withMethod(Leaderboard.Method.BRADLEY_TERRY_DAVIDSON);
    }

    /** All votes, the original's online Elo, at least 5 votes. */
    public static LeaderboardQuery elo() {
        return defaults().withMethod(Leaderboard.Method.ELO);
    }

    /** A copy restricted to one robot. */
    public LeaderboardQuery withRobot(String robot) {
        return new LeaderboardQuery(Optional.of(robot), sceneId, taskId, method, minVoteCount, bootstrapRounds, seed);
    }

    /** A copy restricted to one scene. */
    public LeaderboardQuery withScene(String scene) {
        return new LeaderboardQuery(robotId, Optional.of(scene), taskId, method, minVoteCount, bootstrapRounds, seed);
    }

    /** A copy restricted to the votes on one task's battles. */
    public LeaderboardQuery withTask(String task) {
        return new LeaderboardQuery(robotId, sceneId, Optional.of(task), method, minVoteCount, bootstrapRounds, seed);
    }

    /** A copy with another method. */
    public LeaderboardQuery withMethod(Leaderboard.Method method) {
        return new LeaderboardQuery(robotId, sceneId, taskId, method, minVoteCount, bootstrapRounds, seed);
    }

    /** A copy with another minimum vote count. */
    public LeaderboardQuery withMinVoteCount(int minVoteCount) {
        return new LeaderboardQuery(robotId, sceneId, taskId, method, minVoteCount, bootstrapRounds, seed);
    }

    /** A copy with another number of bootstrap rounds. */
    public LeaderboardQuery withBootstrapRounds(int rounds) {
        return new LeaderboardQuery(robotId, sceneId, taskId, method, minVoteCount, rounds, seed);
    }

    /** A copy with another bootstrap seed. */
    public LeaderboardQuery withSeed(long seed) {
        return new LeaderboardQuery(robotId, sceneId, taskId, method, minVoteCount, bootstrapRounds, seed);
    }

    /** The rater this query describes. */
    public Rater rater() {
        return switch (method) {
            case ELO -> EloRating.builder().minVoteCount(minVoteCount).build();
            case BRADLEY_TERRY -> BradleyTerry.builder().minVoteCount(minVoteCount).bootstrapRounds(bootstrapRounds)
                    .seed(seed).build();
            case BRADLEY_TERRY_DAVIDSON -> BradleyTerry.builder().ties(BradleyTerry.Ties.DAVIDSON).minVoteCount(minVoteCount)
                    .bootstrapRounds(bootstrapRounds).seed(seed).build();
        };
    }

    /** Whether a stored vote belongs on this board (robot, scene and task already canonical). */
    boolean admits(Vote v, Optional<String> robot, Optional<String> scene) {
        return robot.map(v.robotId()::equals).orElse(true) && scene.map(v.sceneId()::equals).orElse(true)
                && taskId.map(t -> v.task().map(x -> x.taskId().equals(t)).orElse(false)).orElse(true);
    }
}
