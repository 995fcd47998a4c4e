package io.vlaarena.core.tournament;

import io.vlaarena.core.internal.Checks;
import io.vlaarena.core.task.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A tournament's matches, planned deterministically from its configuration: every pair of models
 * plays every task both ways round (each model once on each side) in every round.
 *
 * <p><b>Order.</b> Models and tasks are sorted by id, so the order they were listed in does not
 * matter. Matches are numbered from 0: for each round, for each task, for each pair {@code (a, b)}
 * with {@code a} before {@code b}, first {@code a} left and {@code b} right, then the reverse.
 * {@code M} models, {@code T} tasks and {@code R} rounds give {@code R · T · M(M-1)} matches.
 *
 * <p><b>Seeds.</b> Match {@code k} plays from seed {@code splitmix64(seed + k · 0x9E3779B97F4A7C15)},
 * so every match (mirrored ones too) sees its own object poses, drawn within the task's ranges,
 * and both its sides see the same.
 *
 * <p><b>Ids.</b> The plan's {@link #id()} is the first 12 hex digits of the SHA-256 of its
 * {@link #fingerprint()}: its name, models, tasks (id, robot, scene, instruction and a digest of
 * the seed-0 scene), rounds, seed and episode length. Match {@code k} is battle
 * {@code battle_<id>-<k>} in session {@code sess_<id>-<k>}: the same plan gives the same ids in
 * every process, a changed plan gives new ones.
 *
 * <p>Immutable and thread-safe.
 */
public final class TournamentPlan {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final String name;
    private final List<String> models;
    private final List<Task> tasks;
    private final int rounds;
    private final long seed;
    private final int maxSteps;
    private final String fingerprint;
    private final String id;
    private final List<Match> matches;

    private TournamentPlan(Builder b) {
        this.name = b.name;
        TreeSet<String> ids = new TreeSet<>(b.models);
        if (ids.size() < 2) {
            throw new IllegalArgumentException("A tournament needs at least two distinct models, got " + b.models);
        }
        this.models = List.copyOf(ids);
        List<Task> sorted = new ArrayList<>(b.tasks);
        sorted.sort(Comparator.comparing(Task::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("Task '" + sorted.get(i).id() + "' appears twice in the tournament");
            }
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("A tournament needs at least one task");
        }
        this.tasks = List.copyOf(sorted);
        this.rounds = b.rounds;
        this.seed = b.seed;
        this.maxSteps = b.maxSteps;
        StringBuilder f = new StringBuilder("vla-arena tournament plan v1\n");
        f.append("name=").append(name).append('\n');
        f.append("models=").append(String.join(",", models)).append('\n');
        for (Task t : tasks) {
            f.append("task=").append(t.id()).append('|').append(t.robotId()).append('|').append(t.sceneId()).append('|')
                    .append(t.instruction()).append('|').append(sha256(t.sceneXml(0)).substring(0, 16)).append('\n');
        }
        f.append("rounds=").append(rounds).append("\nseed=").append(seed).append("\nsteps=").append(maxSteps).append('\n');
        this.fingerprint = f.toString();
        this.id = sha256(fingerprint).substring(0, 12);
        List<Match> planned = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Task t : tasks) {
                for (int i = 0; i < models.size(); i++) {
                    for (int j = i + 1; j < models.size(); j++) {
                        planned.add(match(planned.size(), r, t, models.get(i), models.get(j)));
                        planned.add(match(planned.size(), r, t, models.get(j), models.get(i)));
                    }
                }
            }
        }
        this.matches = List.copyOf(planned);
    }

    /** A builder; models and tasks are required. */
    public static Builder builder() {
        return new Builder();
    }

    private Match match(int index, int round, Task task, String left, String right) {
        String suffix = id + "-" + index;
        return new Match(index, round, task, left, right, splitmix64(seed + index * GOLDEN), "sess_" + suffix,
                "battle_" + suffix);
    }

    /** The tournament's name. */
    public String name() {
        return name;
    }

    /** The models, sorted by id. */
    public List<String> models() {
        return models;
    }

    /** The tasks, sorted by id. */
    public List<Task> tasks() {
        return tasks;
    }

    /** Rounds over all pairs and tasks. */
    public int rounds() {
        return rounds;
    }

    /** The seed the match seeds derive from. */
    public long seed() {
        return seed;
    }

    /** Actions per episode. */
    public int maxSteps() {
        return maxSteps;
    }

    /** The text the plan's id is the digest of (see the class comment). */
    public String fingerprint() {
        return fingerprint;
    }

    /** 12 hex digits naming this plan: the start of the SHA-256 of its fingerprint. */
    public String id() {
        return id;
    }

    /** Every match, in plan order. */
    public List<Match> matches() {
        return matches;
    }

    /** The matches of one shard, in plan order. */
    public List<Match> matches(Shard shard) {
        Objects.requireNonNull(shard, "shard");
        return matches.stream().filter(m -> shard.contains(m.index())).toList();
    }

    /** SplitMix64's output function: a well-mixed 64-bit value from any 64-bit input. */
    static long splitmix64(long x) {
        long z = x + GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "TournamentPlan[" + name + " " + id + ": " + models.size() + " models, " + tasks.size() + " tasks, " + rounds
                + " rounds, " + matches.size() + " matches]";
    }

    /** Configures a {@link TournamentPlan}; not thread-safe. */
    public static final class Builder {
        private String name = "tournament";
        private List<String> models = List.of();
        private List<Task> tasks = List.of();
        private int rounds = 1;
        private long seed;
        private int maxSteps = 75;

        private Builder() {}

        /** The tournament's name, part of its fingerprint (default {@code tournament}): 1 to 64 letters, digits, {@code _ . -}. */
        public Builder name(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("A tournament name is 1 to 64 letters, digits, '_', '.' or '-', was '"
                        + name + "'");
            }
            this.name = name;
            return this;
        }

        /** The models (ids), at least two distinct. */
        public Builder models(List<String> models) {
            List<String> copy = List.copyOf(models);
            copy.forEach(m -> Checks.nonBlank("model id", m));
            this.models = copy;
            return this;
        }

        /** The tasks, at least one, distinct ids. */
        public Builder tasks(List<? extends Task> tasks) {
            this.tasks = List.copyOf(tasks);
            return this;
        }

        /** Rounds over all pairs and tasks (default 1). */
        public Builder rounds(int rounds) {
            this.rounds = Checks.positive("rounds", rounds);
            return this;
        }

        /** The seed the match seeds derive from (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Actions per episode (default 75); the arena that plays the plan must run episodes this long. */
        public Builder maxSteps(int maxSteps) {
            this.maxSteps = Checks.positive("maxSteps", maxSteps);
            return this;
        }

        /**
         * Plans the matches.
         *
         * @throws IllegalArgumentException for fewer than two models, no task or a repeated task id
         */
        public TournamentPlan build() {
            return new TournamentPlan(this);
        }
    }
}
