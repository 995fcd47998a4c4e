package io.vlaarena.core.arena;

import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeGenerator;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.InvalidRequestException;
import io.vlaarena.core.LocalEpisodeGenerator;
import io.vlaarena.core.NotEnoughModelsException;
import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.internal.Checks;
import io.vlaarena.core.internal.Ids;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.SuccessRate;
import io.vlaarena.core.scene.SceneCatalog;
import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskSuite;
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
    private final TaskSuite tasks;
    private final Duration healthTimeout;
    private final Object[] locks = new Object[64];
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Registration(ModelInfo info, EpisodeGenerator generator) {}

    private Arena(Builder b) {
        this.store = b.store != null ? b.store : new InMemoryArenaStore();
        if (b.scenes == null) {
            throw new InvalidRequestException("An arena needs a scene catalog: call scenes(...) on its builder"
                    + " (arena-sim's BundledScenes.catalog() offers the bundled robot and scene)");
        }
        this.scenes = b.scenes;
        this.pairing = b.pairing != null ? b.pairing : PairingStrategy.active(b.seed);
        this.maxSteps = b.maxSteps;
        this.clock = b.clock;
        this.seeds = new Random(b.seed ^ 0x5DEECE66DL);
        this.environments = b.environments;
        this.runner = b.runner;
        this.tasks = b.tasks;
        this.healthTimeout = b.healthTimeout;
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
     * Registers a model with the generator that produces its episodes.
     *
     * @throws InvalidRequestException when a model of the same id is registered already (its
     *     votes and ratings would mix; {@link #replace} changes a registered model on purpose)
     * @throws IllegalArgumentException when the info and the generator name different models
     */
    public void register(ModelInfo info, EpisodeGenerator generator) {
        checkPair(info, generator);
        ensureOpen();
        synchronized (models) {
            if (models.containsKey(info.id())) {
                throw new InvalidRequestException("Model '" + info.id() + "' is registered already; model ids must be"
                        + " unique (replace(...) changes a registered model, e.g. to deactivate it)");
            }
            models.put(info.id(), new Registration(info, generator));
        }
    }

    /**
     * Replaces the registration of a model, e.g. to deactivate it or to point it at another
     * service; battles already drawn keep their models.
     *
     * @throws NotFoundException when no model of that id is registered, naming the registered ones
     * @throws IllegalArgumentException when the info and the generator name different models
     */
    public void replace(ModelInfo info, EpisodeGenerator generator) {
        checkPair(info, generator);
        ensureOpen();
        synchronized (models) {
            if (!models.containsKey(info.id())) {
                throw new NotFoundException("Unknown model '" + info.id() + "'; registered models: " + models.keySet());
            }
            models.put(info.id(), new Registration(info, generator));
        }
    }

    private static void checkPair(ModelInfo info, EpisodeGenerator generator) {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(generator, "generator");
        if (!info.id().equals(generator.modelId())) {
            throw new IllegalArgumentException("Model info '" + info.id() + "' does not match its generator's model '"
                    + generator.modelId() + "'");
        }
    }

    /**
     * Registers an in-process policy, run locally by the arena's episode runner in environments from
     * the arena's environment factory; the policy's spec gives its id and name.
     *
     * @throws InvalidRequestException when the arena has no environment factory, or a model of the
     *     same id is registered already
     */
    public void register(Vla vla) {
        if (environments == null) {
            throw new InvalidRequestException("Registering an in-process model ('" + vla.spec().id() + "') needs an"
                    + " environment factory: call environments(...) on the arena's builder");
        }
        register(ModelInfo.of(vla.spec().id(), vla.spec().name()), LocalEpisodeGenerator.of(vla, environments, runner));
    }

    /** The registered models in registration order. */
    public List<ModelInfo> models() {
        synchronized (models) {
            return models.values().stream().map(Registration::info).toList();
        }
    }

    /** The most actions an episode of this arena runs. */
    public int maxSteps() {
        return maxSteps;
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
     * distinct live models (active and answering their health check) drawn by the pairing strategy,
     * which sees each model's evaluation count.
     *
     * @throws NotFoundException for an unknown robot or scene, naming the known ones
     * @throws NotEnoughModelsException when fewer than two models are active and live
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
     * @throws NotEnoughModelsException when fewer than two models are active
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
     * Stores a battle planned in advance, with its session, unless they are stored already: a
     * tournament's way to give every match a fixed, idempotent id. The models need not be
     * registered yet, but must be when a turn is played.
     *
     * @return the ids of the battle
     * @throws NotFoundException for an unknown robot or scene
     * @throws InvalidRequestException when a battle of that id is stored with other models, robot or scene
     */
    public SessionStart openBattle(PlannedBattle planned) {
        ensureOpen();
        Objects.requireNonNull(planned, "planned");
        String robot = scenes.canonicalRobot(planned.robotId());
        String scene = scenes.canonicalScene(planned.sceneId());
        Optional<Battle> stored = store.battle(planned.battleId());
        if (stored.isEmpty()) {
            if (store.session(planned.sessionId()).isEmpty()) {
                store.saveSession(new Session(planned.sessionId(), robot, scene, now()));
            }
            try {
                store.saveBattle(new Battle(planned.battleId(), planned.sessionId(), 0, robot, scene, planned.leftModel(),
                        planned.rightModel(), now()));
            } catch (StorageException e) {
                // another process stored it first: what counts is what is stored, checked below
            }
            stored = store.battle(planned.battleId());
        }
        Battle b = stored.orElseThrow(() -> new StorageException("Battle '" + planned.battleId() + "' could not be stored"));
        if (!b.sessionId().equals(planned.sessionId()) || !b.robotId().equals(robot) || !b.sceneId().equals(scene)
                || !b.leftModel().equals(planned.leftModel()) || !b.rightModel().equals(planned.rightModel())) {
            throw new InvalidRequestException("Battle '" + planned.battleId() + "' is already stored with other models, robot, "
                    + "scene or session than planned; a plan's battle ids must not be reused for another plan");
        }
        return new SessionStart(b.sessionId(), b.battleId(), b.robotId(), b.sceneId());
    }

    /**
     * Plays one turn: both models run the instruction in the battle's scene in parallel, with the
     * same seed; if both episodes complete, the turn and both episodes are stored together.
     * Otherwise nothing is stored and the outcome says which side failed (without naming models).
     * A store that fails or is unreachable also gives a failed outcome with nothing stored.
     *
     * <p>When the arena has a task suite and the instruction asks for one of its tasks on the
     * battle's robot and scene ({@link Task#matches}), the turn plays that task: the episodes start
     * from the task's scene for the turn's seed (its objects placed from the seed).
     *
     * @throws NotFoundException for an unknown battle
     * @throws InvalidRequestException for a blank instruction or a battle that was already voted on
     */
    public TurnOutcome playTurn(String battleId, String instruction) {
        long seed;
        synchronized (seeds) {
            seed = seeds.nextLong();
        }
        return playTurn(battleId, instruction, null, seed);
    }

    /**
     * Plays one turn of {@code task} with this seed: the episodes start from
     * {@link Task#sceneXml(long) task.sceneXml(seed)} with the task's instruction. Otherwise as
     * {@link #playTurn(String, String)}.
     *
     * @throws NotFoundException for an unknown battle
     * @throws InvalidRequestException for a battle already voted on, or a task of another robot or scene
     */
    public TurnOutcome playTurn(String battleId, Task task, long seed) {
        return playTurn(battleId, Objects.requireNonNull(task, "task").instruction(), task, seed);
    }

    private TurnOutcome playTurn(String battleId, String instruction, Task fixedTask, long seed) {
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
        Task task = fixedTask != null ? fixedTask : taskFor(battle, instruction).orElse(null);
        if (task != null && (!task.robotId().equals(battle.robotId()) || !task.sceneId().equals(battle.sceneId()))) {
            throw new InvalidRequestException("Task '" + task.id() + "' is for robot '" + task.robotId() + "' and scene '"
                    + task.sceneId() + "', but battle '" + battleId + "' is on '" + battle.robotId() + "' and '"
                    + battle.sceneId() + "'");
        }
        String xml = task != null ? task.sceneXml(seed) : scenes.composeXml(battle.robotId(), battle.sceneId());
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
                if (cause instanceof Error error) {
                    running.values().forEach(f -> f.cancel(true));
                    throw error; // not a model's failure: the JVM's, for the caller to see
                }
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
        return vote(battleId, choice, VoteNotes.none());
    }

    /**
     * Records the vote on a battle with the voter's notes (progress scores, text), stored with the
     * vote, and reveals its models. One vote per battle, and only after at least one completed turn.
     * When every turn of the battle asked for the same task of the arena's suite, the vote is stored
     * with that task.
     *
     * @throws NotFoundException for an unknown battle
     * @throws InvalidRequestException when the battle has no completed turn or already has a vote
     */
    public VoteResult vote(String battleId, VoteChoice choice, VoteNotes notes) {
        return vote(battleId, choice, notes, Optional.empty());
    }

    /**
     * Records a judge's vote on a battle: with its notes (the judge's progress scores) and the task
     * the battle played with each side's success. Otherwise as {@link #vote(String, VoteChoice, VoteNotes)}.
     *
     * @throws NotFoundException for an unknown battle
     * @throws InvalidRequestException when the battle has no completed turn or already has a vote
     */
    public VoteResult vote(String battleId, VoteChoice choice, VoteNotes notes, VoteTask task) {
        return vote(battleId, choice, notes, Optional.of(Objects.requireNonNull(task, "task")));
    }

    private VoteResult vote(String battleId, VoteChoice choice, VoteNotes notes, Optional<VoteTask> task) {
        ensureOpen();
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(notes, "notes");
        Battle battle = store.battle(battleId)
                .orElseThrow(() -> new NotFoundException("Unknown battle '" + battleId + "'"));
        synchronized (lock(battleId)) {
            if (store.turns(battleId).isEmpty()) {
                throw new InvalidRequestException("Battle '" + battleId + "' has no completed turn yet; play a turn before voting");
            }
            Optional<VoteTask> played = task;
            if (played.isEmpty() && tasks != null) {
                List<String> asked = store.turns(battleId).stream()
                        .map(t -> taskFor(battle, t.instruction()).map(Task::id).orElse("")).distinct().toList();
                if (asked.size() == 1 && !asked.get(0).isEmpty()) {
                    played = Optional.of(VoteTask.of(asked.get(0)));
                }
            }
            Vote vote = new Vote(Ids.newId("vote_"), battleId, battle.sessionId(), choice, battle.leftModel(),
                    battle.rightModel(), battle.robotId(), battle.sceneId(), now(), notes, played);
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
        return store.battle(battleId).map(this::view);
    }

    /** A session (its robot and scene; sessions name no model). */
    public Optional<Session> session(String sessionId) {
        ensureOpen();
        return store.session(sessionId);
    }

    /**
     * The battles of a session in order, each as {@link #battle} shows it: models and vote only once
     * voted. A person coming back to the arena finds their battles this way.
     *
     * @throws NotFoundException for an unknown session
     */
    public List<BattleView> battles(String sessionId) {
        ensureOpen();
        if (store.session(sessionId).isEmpty()) {
            throw new NotFoundException("Unknown session '" + sessionId + "'");
        }
        return store.battles(sessionId).stream().map(this::view).toList();
    }

    private BattleView view(Battle b) {
        Optional<Vote> vote = store.vote(b.battleId());
        return new BattleView(b.battleId(), b.sessionId(), b.seqInSession(), b.robotId(), b.sceneId(),
                store.turns(b.battleId()), vote.map(Vote::choice),
                vote.map(v -> new RevealedModels(b.leftModel(), b.rightModel())));
    }

    /**
     * Ranks the models from the stored votes: all of them, or one robot's, scene's or task's (ids
     * or aliases; an id the catalog does not know matches no vote), by the query's method. Votes'
     * progress scores feed the Bradley–Terry methods as a secondary signal.
     */
    public Leaderboard leaderboard(LeaderboardQuery query) {
        return query.rater().rate(votes(query).stream().map(Vote::rated).toList());
    }

    /**
     * Each model's success rate with its 95% Wilson interval, over the query's votes that carry
     * success flags (those an automatic judge cast): one trial per side of each such vote, the
     * query's task or all tasks together. Models without a judged vote are left out.
     */
    public List<SuccessRate> successRates(LeaderboardQuery query) {
        return SuccessRate.byModel(trials(votes(query)));
    }

    /** As {@link #successRates}, per model and task. */
    public List<SuccessRate> successRatesByTask(LeaderboardQuery query) {
        return SuccessRate.byModelAndTask(trials(votes(query)));
    }

    /** The judged trials in {@code votes}: one per side of each vote with a task and success flags. */
    public static List<SuccessRate.Trial> trials(List<Vote> votes) {
        List<SuccessRate.Trial> trials = new ArrayList<>();
        for (Vote v : votes) {
            v.task().filter(VoteTask::isJudged).ifPresent(t -> {
                trials.add(new SuccessRate.Trial(v.leftModel(), t.taskId(), t.leftSuccess().get()));
                trials.add(new SuccessRate.Trial(v.rightModel(), t.taskId(), t.rightSuccess().get()));
            });
        }
        return trials;
    }

    private List<Vote> votes(LeaderboardQuery query) {
        ensureOpen();
        Objects.requireNonNull(query, "query");
        Optional<String> robot = query.robotId().map(r -> scenes.hasRobot(r) ? scenes.canonicalRobot(r) : r);
        Optional<String> scene = query.sceneId().map(s -> scenes.hasScene(s) ? scenes.canonicalScene(s) : s);
        return store.votes().stream().filter(v -> query.admits(v, robot, scene)).toList();
    }

    /** The task suite turns are matched against, if the arena has one. */
    public Optional<TaskSuite> tasks() {
        return Optional.ofNullable(tasks);
    }

    private Optional<Task> taskFor(Battle battle, String instruction) {
        return tasks == null ? Optional.empty() : tasks.match(battle.robotId(), battle.sceneId(), instruction);
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
        List<Registration> active;
        synchronized (models) {
            active = models.values().stream().filter(r -> r.info().active())
                    .sorted(java.util.Comparator.comparing(r -> r.info().id())).toList();
        }
        List<String> activeIds = active.stream().map(r -> r.info().id()).toList();
        if (active.size() < 2) {
            throw new NotEnoughModelsException(activeIds);
        }
        List<String> live = live(active);
        if (live.size() < 2) {
            List<String> down = activeIds.stream().filter(id -> !live.contains(id)).toList();
            throw new NotEnoughModelsException(activeIds, down);
        }
        List<String> pair = pairing.pair(live, store.evaluationCounts());
        if (pair.size() != 2 || pair.get(0).equals(pair.get(1)) || !live.containsAll(pair)) {
            throw new InvalidRequestException("The pairing strategy returned " + pair + "; it must pick two distinct models of "
                    + live);
        }
        return pair;
    }

    /** The ids of the registrations whose generators answer {@link EpisodeGenerator#isLive()} in time, checked in parallel. */
    private List<String> live(List<Registration> candidates) {
        Map<String, CompletableFuture<Boolean>> checks = new LinkedHashMap<>();
        for (Registration r : candidates) {
            CompletableFuture<Boolean> check;
            try {
                check = CompletableFuture.supplyAsync(r.generator()::isLive, executor);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                check = CompletableFuture.completedFuture(false);
            }
            checks.put(r.info().id(), check);
        }
        long deadline = System.nanoTime() + healthTimeout.toNanos();
        List<String> live = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Boolean>> e : checks.entrySet()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (Boolean.TRUE.equals(e.getValue().get(left, java.util.concurrent.TimeUnit.NANOSECONDS))) {
                    live.add(e.getKey());
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
                e.getValue().cancel(true);
            }
        }
        return live;
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
        private TaskSuite tasks;
        private Duration healthTimeout = Duration.ofSeconds(3);
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

        /**
         * Tasks that turns are matched against: a turn whose instruction asks for one of them plays
         * it (its objects placed from the turn's seed), and votes on such battles name the task.
         */
        public Builder tasks(TaskSuite tasks) {
            this.tasks = Objects.requireNonNull(tasks, "tasks");
            return this;
        }

        /** How long the health checks before a pairing may take together (default 3 s); models not answering by then sit out. */
        public Builder healthTimeout(Duration timeout) {
            this.healthTimeout = Checks.positive("healthTimeout", timeout);
            return this;
        }

        /**
         * Chooses battle pairs (default: RoboArena's active sampling, {@link PairingStrategy#active},
         * from {@link #seed}; {@link PairingStrategy#random} draws uniform pairs).
         */
        public Builder pairing(PairingStrategy pairing) {
            this.pairing = Objects.requireNonNull(pairing, "pairing");
            return this;
        }

        /** Seeds pairing and episode seeds, for reproducible arenas (default: random). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Where episodes run, and the models' health checks before a pairing; never shut down by the arena
         * (default: a daemon pool the arena owns). Give it room for both sides of every turn at once plus the
         * checks: a check that cannot start before the health timeout counts as a model that is down.
         */
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
         * @throws InvalidRequestException without a scene catalog, for in-process models without an
         *     environment factory, or when two models share an id (naming it)
         */
        public Arena build() {
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (String id : java.util.stream.Stream.concat(registrations.stream().map(r -> r.info().id()),
                    vlas.stream().map(v -> v.spec().id())).toList()) {
                if (!ids.add(id)) {
                    throw new InvalidRequestException("Two models share the id '" + id + "'; model ids must be unique");
                }
            }
            return new Arena(this);
        }
    }
}
