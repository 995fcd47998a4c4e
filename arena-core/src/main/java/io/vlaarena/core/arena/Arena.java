package io.vlaarena.core.arena;

import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeGenerator;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.InvalidRequestException;
import io.vlaarena.core.LocalEpisodeGenerator;
import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.internal.Checks;
import io.vlaarena.core.internal.Ids;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.RatedVote;
import io.vlaarena.core.scene.SceneCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embeddable arena: register models, start sessions, play blind turns, take votes, rank.
 *
 * <pre>{@code
 * try (Arena arena = Arena.builder().scenes(catalog).environments(factory)
 *         .model(new MockVla()).model(otherVla).build()) {
 *     SessionStart s = arena.startSession("franka", "table");
 *     TurnOutcome turn = arena.playTurn(s.battleId(), "pick up the red cube");
 *     VoteResult vote = arena.vote(s.battleId(), VoteChoice.LEFT_BETTER);
 *     Leaderboard board = arena.leaderboard(LeaderboardQuery.defaults());
 * }
 * }</pre>
 *
 * <p>Blind by construction: nothing it returns about a battle names the battle's models before
 * the battle's vote. A turn generates both episodes in parallel and stores both with the turn, or
 * nothing. Thread-safe: many sessions and turns may run at once. Closing the arena stops the
 * executor it created itself; the store, the generators and the policies passed in stay open
 * (their owners close them).
 */
public final class Arena implements AutoCloseable {
    private final ArenaStore store;
    private final SceneCatalog scenes;
    private final Map<String, Registration> models;
    private final PairingStrategy pairing;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final int maxSteps;
    private final Clock clock;
    private final Random seeds;
    private final EnvironmentFactory environments;
    private final EpisodeRunner runner;
    private final Object[] locks = new Object[64];
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Registration(ModelInfo info, EpisodeGenerator generator) {}

    private Arena(Builder b) {
        this.store = b.store != null ? b.store : new InMemoryArenaStore();
        this.scenes = Objects.requireNonNull(b.scenes, "An arena needs a scene catalog: call scenes(...)");
        this.pairing = b.pairing != null ? b.pairing : PairingStrategy.random(b.seed);
        this.maxSteps = b.maxSteps;
        this.clock = b.clock;
        this.seeds = new Random(b.seed ^ 0x5DEECE66DL);
        this.environments = b.environments;
        this.runner = b.runner;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.ownExecutor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "arena-episode-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.executor = ownExecutor;
        }
        this.models = new LinkedHashMap<>();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        b.registrations.forEach(r -> register(r.info(), r.generator()));
        b.vlas.forEach(this::register);
    }

    /** A builder; {@link Builder#scenes} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers a model with the generator that produces its episodes. Replaces an earlier
     * registration of the same id (e.g. to deactivate it).
     */
    public void register(ModelInfo info, EpisodeGenerator generator) {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(generator, "generator");
        if (!info.id().equals(generator.modelId())) {
            throw new IllegalArgumentException("Model info '" + info.id() + "' does not match its generator's model '"
                    + generator.modelId() + "'");
        }
        ensureOpen();
        synchronized (models) {
            models.put(info.id(), new Registration(info, generator));
        }
    }

    /**
     * Registers an in-process policy, run locally by the arena's episode runner in environments from
     * the arena's environment factory; the policy's spec gives its id and name.
     *
     * @throws IllegalStateException when the arena has no environment factory
     */
    public void register(Vla vla) {
        if (environments == null) {
            throw new IllegalStateException("Registering an in-process model needs an environment factory: "
                    + "call environments(...) on the arena's builder");
        }
        register(ModelInfo.of(vla.spec().id(), vla.spec().name()), LocalEpisodeGenerator.of(vla, environments, runner));
    }

    /** The registered models in registration order. */
    public List<ModelInfo> models() {
        synchronized (models) {
            return models.values().stream().map(Registration::info).toList();
        }
    }

    /** The scene catalog. */
    public SceneCatalog scenes() {
        return scenes;
    }

    /** The store (owned by whoever created it). */
    public ArenaStore store() {
        return store;
    }

    /**
     * Starts a session on a robot and scene (ids or aliases) and its first battle between two
     * distinct active models drawn by the pairing strategy.
     *
     * @throws NotFoundException for an unknown robot or scene, naming the known ones
     * @throws IllegalStateException when fewer than two models are active
     */
    public SessionStart startSession(String robotId, String sceneId) {
        ensureOpen();
        String robot = scenes.canonicalRobot(robotId);
        String scene = scenes.canonicalScene(sceneId);
        List<String> pair = pairActive();
        Session session = new Session(Ids.newId("sess_"), robot, scene, now());
        store.saveSession(session);
        Battle battle = new Battle(Ids.newId("battle_"), session.sessionId(), 0, robot, scene, pair.get(0), pair.get(1), now());
        store.saveBattle(battle);
        return new SessionStart(session.sessionId(), battle.battleId(), robot, scene);
    }

    /**
     * Starts another battle in an existing session, between a freshly drawn pair.
     *
     * @throws NotFoundException for an unknown session
     */
    public SessionStart newBattle(String sessionId) {
        ensureOpen();
        Session session = store.session(sessionId)
                .orElseThrow(() -> new NotFoundException("Unknown session '" + sessionId + "'"));
        List<String> pair = pairActive();
        synchronized (lock(sessionId)) {
            int seq = store.battles(sessionId).size();
            Battle battle = new Battle(Ids.newId("battle_"), sessionId, seq, session.robotId(), session.sceneId(),
                    pair.get(0), pair.get(1), now());
            store.saveBattle(battle);
            return new SessionStart(sessionId, battle.battleId(), session.robotId(), session.sceneId());
        }
    }

    /**
     * Plays one turn: both models run the instruction in the battle's scene in parallel, with the
     * same seed; if both episodes complete, the turn and both episodes are stored together.
     * Otherwise nothing is stored and the outcome says which side failed (without naming models).
     * A store that fails or is unreachable also gives a failed outcome with nothing stored.
     *
     * @throws NotFoundException for an unknown battle
     * @throws InvalidRequestException for a blank instruction or a battle that was already voted on
     */
    public TurnOutcome playTurn(String battleId, String instruction) {
        ensureOpen();
        if (instruction == null || instruction.isBlank()) {
            throw new InvalidRequestException("The instruction must not be empty");
        }
        Battle battle;
        boolean voted;
        try {
            battle = store.battle(battleId).orElse(null);
            voted = battle != null && store.vote(battleId).isPresent();
        } catch (StorageException e) {
            return new TurnOutcome(battleId, Optional.empty(), "The store is unavailable, so the turn was not played: "
                    + e.getMessage(), Map.of());
        }
        if (battle == null) {
            throw new NotFoundException("Unknown battle '" + battleId + "'");
        }
        if (voted) {
            throw new InvalidRequestException("Battle '" + battleId + "' has been voted on; start a new battle to play more turns");
        }
        String xml = scenes.composeXml(battle.robotId(), battle.sceneId());
        long seed;
        synchronized (seeds) {
            seed = seeds.nextLong();
        }
        EpisodeRequest request = new EpisodeRequest(xml, instruction, maxSteps, seed);
        Map<Side, CompletableFuture<Episode>> running = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            running.put(side, generate(battle.model(side), request));
        }
        Map<Side, Episode> episodes = new EnumMap<>(Side.class);
        Map<Side, EpisodeFailure> failures = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            Episode e;
            try {
                e = running.get(side).get();
            } catch (InterruptedException ie) {
                running.values().forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                return new TurnOutcome(battleId, Optional.empty(), "The turn was interrupted; nothing was stored", Map.of());
            } catch (ExecutionException ee) {
                Throwable cause = ee.getCause() == null ? ee : ee.getCause();
                e = Episode.failedBeforeStart(battle.model(side), instruction, Duration.ZERO, EpisodeFailure.Kind.MODEL_ERROR,
                        "Generating the episode of model '" + battle.model(side) + "' threw: " + cause);
            }
            episodes.put(side, e);
            e.failure().ifPresent(f -> failures.put(side, f));
        }
        if (!failures.isEmpty()) {
            List<String> parts = new ArrayList<>();
            // Blind: a side, never its kind, step or message, which could tell a remote service from
            // an in-process model (or one service from another); those stay in failures() for the operator.
            failures.forEach((side, f) -> parts.add("the " + side.wireName() + " model's episode failed"));
            String detail = Character.toUpperCase(parts.get(0).charAt(0)) + String.join("; ", parts).substring(1)
                    + "; nothing of the turn was stored";
            return new TurnOutcome(battleId, Optional.empty(), detail, failures);
        }
        synchronized (lock(battleId)) {
            int seq;
            try {
                if (store.vote(battleId).isPresent()) {
                    throw new InvalidRequestException("Battle '" + battleId + "' was voted on while the turn ran; nothing was stored");
                }
                seq = store.turns(battleId).size();
            } catch (StorageException e) {
                return new TurnOutcome(battleId, Optional.empty(), "The turn could not be stored: " + e.getMessage(), Map.of());
            }
            Instant created = now();
            String turnId = Ids.newId("turn_");
            EpisodeRecord left = record(battle, turnId, seq, Side.LEFT, episodes.get(Side.LEFT), created);
            EpisodeRecord right = record(battle, turnId, seq, Side.RIGHT, episodes.get(Side.RIGHT), created);
            Turn turn = new Turn(turnId, battleId, battle.sessionId(), seq, instruction, left.episodeId(),
                    right.episodeId(), created);
            try {
                store.saveTurn(turn, left, right);
            } catch (StorageException e) {
                return new TurnOutcome(battleId, Optional.empty(), "The turn could not be stored: " + e.getMessage(), Map.of());
            }
            return new TurnOutcome(battleId, Optional.of(turn), "Both episodes completed", Map.of());
        }
    }

    /**
     * Records the vote on a battle and reveals its models. One vote per battle, and only after at
     * least one completed turn.
     *
     * @throws NotFoundException for an unknown battle
     * @throws InvalidRequestException when the battle has no completed turn or already has a vote
     */
    public VoteResult vote(String battleId, VoteChoice choice) {
        ensureOpen();
        Objects.requireNonNull(choice, "choice");
        Battle battle = store.battle(battleId)
                .orElseThrow(() -> new NotFoundException("Unknown battle '" + battleId + "'"));
        synchronized (lock(battleId)) {
            if (store.turns(battleId).isEmpty()) {
                throw new InvalidRequestException("Battle '" + battleId + "' has no completed turn yet; play a turn before voting");
            }
            Vote vote = new Vote(Ids.newId("vote_"), battleId, battle.sessionId(), choice, battle.leftModel(),
                    battle.rightModel(), battle.robotId(), battle.sceneId(), now());
            if (!store.saveVote(vote)) {
                throw new InvalidRequestException("Battle '" + battleId + "' already has a vote");
            }
            return new VoteResult(vote.voteId(), new RevealedModels(battle.leftModel(), battle.rightModel()));
        }
    }

    /** A stored episode; its model is named only once its battle has a vote. */
    public Optional<EpisodeView> episode(String episodeId) {
        ensureOpen();
        return store.episode(episodeId).map(r -> new EpisodeView(r.episodeId(), r.battleId(), r.turnId(), r.side(),
                r.actions(), r.states(), r.duration(),
                store.vote(r.battleId()).isPresent() ? Optional.of(r.modelId()) : Optional.empty()));
    }

    /** A battle with its turns; its models and vote only once voted. */
    public Optional<BattleView> battle(String battleId) {
        ensureOpen();
        return store.battle(battleId).map(b -> {
            Optional<Vote> vote = store.vote(battleId);
            return new BattleView(b.battleId(), b.sessionId(), b.seqInSession(), b.robotId(), b.sceneId(),
                    store.turns(battleId), vote.map(Vote::choice),
                    vote.map(v -> new RevealedModels(b.leftModel(), b.rightModel())));
        });
    }

    /**
     * Ranks the models from the stored votes: all of them, or one robot's or scene's (ids or
     * aliases; an id the catalog does not know matches no vote), by the query's method.
     */
    public Leaderboard leaderboard(LeaderboardQuery query) {
        ensureOpen();
        Objects.requireNonNull(query, "query");
        Optional<String> robot = query.robotId().map(r -> scenes.hasRobot(r) ? scenes.canonicalRobot(r) : r);
        Optional<String> scene = query.sceneId().map(s -> scenes.hasScene(s) ? scenes.canonicalScene(s) : s);
        List<RatedVote> votes = store.votes().stream()
                .filter(v -> robot.map(v.robotId()::equals).orElse(true))
                .filter(v -> scene.map(v.sceneId()::equals).orElse(true))
                .map(v -> RatedVote.of(v.leftModel(), v.rightModel(), v.choice()))
                .toList();
        return query.rater().rate(votes);
    }

    /** Every vote cast, oldest first. */
    public List<Vote> votes() {
        ensureOpen();
        return store.votes();
    }

    /** Stops the executor the arena created itself; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    private CompletableFuture<Episode> generate(String modelId, EpisodeRequest request) {
        EpisodeGenerator generator;
        synchronized (models) {
            Registration r = models.get(modelId);
            generator = r == null ? null : r.generator();
        }
        if (generator == null) {
            return CompletableFuture.completedFuture(Episode.failedBeforeStart(modelId, request.instruction(), Duration.ZERO,
                    EpisodeFailure.Kind.MODEL_ERROR, "Model '" + modelId + "' is no longer registered"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> generator.generate(request), executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Episode.failedBeforeStart(modelId, request.instruction(), Duration.ZERO,
                    EpisodeFailure.Kind.MODEL_ERROR, "The arena's executor refused the episode of model '" + modelId + "'"));
        }
    }

    private EpisodeRecord record(Battle b, String turnId, int turnSeq, Side side, Episode e, Instant created) {
        return new EpisodeRecord(Ids.newId("ep_"), b.sessionId(), b.battleId(), turnId, b.seqInSession(), turnSeq, side,
                b.model(side), e.actions(), e.states(), e.duration(), created);
    }

    private List<String> pairActive() {
        List<String> active;
        synchronized (models) {
            active = models.values().stream().map(Registration::info).filter(ModelInfo::active).map(ModelInfo::id)
                    .sorted().toList();
        }
        if (active.size() < 2) {
            throw new IllegalStateException("A battle needs at least two active models; active models: " + active);
        }
        List<String> pair = pairing.pair(active);
        if (pair.size() != 2 || pair.get(0).equals(pair.get(1)) || !active.containsAll(pair)) {
            throw new IllegalStateException("The pairing strategy returned " + pair + "; it must pick two distinct models of "
                    + active);
        }
        return pair;
    }

    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    private Instant now() {
        return clock.instant();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This arena is closed");
        }
    }

    /** Builds {@link Arena}s; not thread-safe. */
    public static final class Builder {
        private ArenaStore store;
        private SceneCatalog scenes;
        private PairingStrategy pairing;
        private Executor executor;
        private int maxSteps = 75;
        private Clock clock = Clock.systemUTC();
        private long seed = new java.security.SecureRandom().nextLong();
        private EnvironmentFactory environments;
        private EpisodeRunner runner = EpisodeRunner.withDefaults();
        private final List<Registration> registrations = new ArrayList<>();
        private final List<Vla> vlas = new ArrayList<>();

        private Builder() {}

        /** Where to keep sessions, battles, turns, episodes and votes (default: a new in-memory store). */
        public Builder store(ArenaStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The robots and scenes on offer (required). */
        public Builder scenes(SceneCatalog scenes) {
            this.scenes = Objects.requireNonNull(scenes, "scenes");
            return this;
        }

        /** Builds environments for in-process models registered with {@link #model(Vla)}. */
        public Builder environments(EnvironmentFactory environments) {
            this.environments = Objects.requireNonNull(environments, "environments");
            return this;
        }

        /** Runs in-process models' episodes (default {@link EpisodeRunner#withDefaults()}). */
        public Builder runner(EpisodeRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /** Registers a model with its episode generator. */
        public Builder model(ModelInfo info, EpisodeGenerator generator) {
            registrations.add(new Registration(Objects.requireNonNull(info, "info"),
                    Objects.requireNonNull(generator, "generator")));
            return this;
        }

        /** Registers an in-process policy (needs {@link #environments}). */
        public Builder model(Vla vla) {
            vlas.add(Objects.requireNonNull(vla, "vla"));
            return this;
        }

        /** Chooses battle pairs (default: uniformly random, from {@link #seed}). */
        public Builder pairing(PairingStrategy pairing) {
            this.pairing = Objects.requireNonNull(pairing, "pairing");
            return this;
        }

        /** Seeds pairing and episode seeds, for reproducible arenas (default: random). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where episodes run; never shut down by the arena (default: a daemon pool the arena owns). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Actions per episode (default 75: 15 s at 5 Hz, as the original). */
        public Builder maxSteps(int maxSteps) {
            this.maxSteps = Checks.positive("maxSteps", maxSteps);
            return this;
        }

        /** The clock for creation times (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the arena.
         *
         * @throws NullPointerException without a scene catalog
         * @throws IllegalStateException for in-process models without an environment factory
         */
        public Arena build() {
            return new Arena(this);
        }
    }
}
