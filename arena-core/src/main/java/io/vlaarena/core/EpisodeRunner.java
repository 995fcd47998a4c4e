package io.vlaarena.core;

import io.vlaarena.core.internal.Checks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one policy in one environment for one instruction and records the {@link Episode}.
 *
 * <p>Each control step: observe (rendering only the images the policy's {@link ObservationSpec}
 * asks for), predict, execute the action (held by the environment for its control period), record
 * the state. The episode ends after {@code maxSteps} actions, at the first failure, or at the
 * episode deadline. A policy that throws, exceeds the per-step deadline, returns no chunk or an
 * action of the wrong size, or an environment that rejects an action or diverges, yields a
 * {@link EpisodeStatus#FAILED} episode with an {@link EpisodeFailure}; {@link #run} never throws
 * for such faults. It refuses, before anything runs, a policy whose action space is not the
 * environment's; and an {@link Error} (out of memory, say) propagates rather than being recorded as
 * the model's failure.
 *
 * <p>Predictions run on the {@link Builder#executor executor} when one is given, so that a hanging
 * policy can be abandoned at the deadline; otherwise each episode starts one daemon thread of its
 * own for that purpose and stops it at the end. Immutable and thread-safe: one runner serves many
 * concurrent episodes.
 */
public final class EpisodeRunner {
    private final int maxSteps;
    private final ChunkExecution chunkExecution;
    private final double ensembleDecay;
    private final Duration stepTimeout;
    private final Duration episodeTimeout;
    private final Executor executor;

    private EpisodeRunner(Builder b) {
        this.maxSteps = b.maxSteps;
        this.chunkExecution = b.chunkExecution;
        this.ensembleDecay = b.ensembleDecay;
        this.stepTimeout = b.stepTimeout;
        this.episodeTimeout = b.episodeTimeout;
        this.executor = b.executor;
    }

    /**
     * A builder with the defaults: 75 steps (the original's 15 s at 5 Hz), {@link
     * ChunkExecution#FIRST_ACTION}, 60 s per step, 10 min per episode.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A runner with the defaults. */
    public static EpisodeRunner withDefaults() {
        return builder().build();
    }

    /** A builder starting from this runner's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxSteps = maxSteps;
        b.chunkExecution = chunkExecution;
        b.ensembleDecay = ensembleDecay;
        b.stepTimeout = stepTimeout;
        b.episodeTimeout = episodeTimeout;
        b.executor = executor;
        return b;
    }

    /** The most actions an episode executes. */
    public int maxSteps() {
        return maxSteps;
    }

    /** How chunks are executed. */
    public ChunkExecution chunkExecution() {
        return chunkExecution;
    }

    /** Runs an episode with no listener; see {@link #run(Vla, Environment, RolloutContext, EpisodeListener)}. */
    public Episode run(Vla vla, Environment env, RolloutContext context) {
        return run(vla, env, context, EpisodeListener.NONE);
    }

    /**
     * Runs one episode of at most {@code min(context.maxSteps(), maxSteps())} actions. Neither the
     * policy nor the environment is closed; the rollout the policy starts is.
     *
     * @return the episode, completed or failed; never {@code null}
     * @throws InvalidRequestException before anything runs, when the policy's action space is not
     *     the environment's (see {@link #checkActionSpace})
     * @throws Error an {@link Error} thrown by the policy (e.g. {@link OutOfMemoryError}) propagates:
     *     it is not the model's outcome to record
     */
    public Episode run(Vla vla, Environment env, RolloutContext context, EpisodeListener listener) {
        Objects.requireNonNull(vla, "vla");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(listener, "listener");
        checkActionSpace(vla.spec(), env);
        ExecutorService own = executor == null ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "arena-episode-predict");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            Run run = new Run(vla, env, context, listener, executor != null ? executor : own);
            Episode episode = run.execute();
            safely(() -> listener.onFinish(episode));
            return episode;
        } finally {
            if (own != null) {
                own.shutdownNow();
            }
        }
    }

    /**
     * Checks that a policy's actions mean to the environment what the policy means by them: the
     * same {@link ActionSpace}. Joint targets executed as end-effector moves, or the reverse, would
     * run to completion and mean nothing.
     *
     * @throws InvalidRequestException naming the model and both action spaces, and how to create a
     *     matching environment
     */
    public static void checkActionSpace(VlaSpec spec, Environment env) {
        if (spec.actionSpace() != env.actionSpace()) {
            throw new InvalidRequestException("Model '" + spec.id() + "' emits " + spec.actionSpace().wireName()
                    + " actions but the environment takes " + env.actionSpace().wireName() + " actions; create the"
                    + " environment with EnvironmentOptions.defaults().withActionSpace(ActionSpace."
                    + spec.actionSpace().name() + ")");
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // A listener's fault must never fail the episode it observes.
        }
    }

    /** The state of one episode run; confined to the calling thread. */
    private final class Run {
        private final Vla vla;
        private final VlaSpec spec;
        private final Environment env;
        private final RolloutContext context;
        private final EpisodeListener listener;
        private final Executor predictExecutor;
        private final List<Action> actions = new ArrayList<>();
        private final List<SimState> states = new ArrayList<>();
        private final long startNanos = System.nanoTime();
        private final long deadlineNanos;
        private final int steps;
        /** Chunks predicted at a given step, for temporal ensembling (oldest first). */
        private final Deque<Map.Entry<Integer, ActionChunk>> recent = new ArrayDeque<>();

        Run(Vla vla, Environment env, RolloutContext context, EpisodeListener listener, Executor predictExecutor) {
            this.vla = vla;
            this.spec = vla.spec();
            this.env = env;
            this.context = context;
            this.listener = listener;
            this.predictExecutor = predictExecutor;
            this.deadlineNanos = startNanos + episodeTimeout.toNanos();
            this.steps = Math.min(maxSteps, context.maxSteps());
        }

        Episode execute() {
            SimState state;
            try {
                state = env.reset(context.seed());
            } catch (RuntimeException e) {
                return fail(EpisodeFailure.Kind.ENVIRONMENT_ERROR, -1,
                        "The environment could not be reset: " + describe(e));
            }
            SimState initial = state;
            safely(() -> listener.onStart(context, initial));
            VlaRollout rollout;
            try {
                rollout = vla.start(context);
                if (rollout == null) {
                    return fail(EpisodeFailure.Kind.MODEL_ERROR, -1, "Model '" + spec.id() + "' returned no rollout");
                }
            } catch (RuntimeException e) {
                return fail(EpisodeFailure.Kind.MODEL_ERROR, -1,
                        "Model '" + spec.id() + "' could not start an episode: " + describe(e));
            }
            try {
                ActionChunk pending = null;
                int pendingIndex = 0;
                for (int step = 0; step < steps; step++) {
                    if (System.nanoTime() - deadlineNanos > 0) {
                        return fail(EpisodeFailure.Kind.TIMEOUT, step, deadlineExceeded(step));
                    }
                    Action action;
                    boolean predictNow = chunkExecution != ChunkExecution.WHOLE_CHUNK
                            || pending == null || pendingIndex >= pending.size();
                    if (predictNow) {
                        Observation obs;
                        try {
                            obs = observe(step, state);
                        } catch (RuntimeException e) {
                            return fail(EpisodeFailure.Kind.ENVIRONMENT_ERROR, step,
                                    "Observing the scene failed at step " + step + ": " + describe(e));
                        }
                        Outcome outcome = predict(rollout, obs, step);
                        if (outcome.failure != null) {
                            return fail(outcome.failure.kind(), step, outcome.failure.message());
                        }
                        pending = outcome.chunk;
                        pendingIndex = 0;
                    }
                    action = switch (chunkExecution) {
                        case FIRST_ACTION -> pending.first();
                        case WHOLE_CHUNK -> pending.get(pendingIndex++);
                        case TEMPORAL_ENSEMBLE -> ensemble(step, pending);
                    };
                    try {
                        state = env.step(action, deadlineNanos);
                    } catch (java.util.concurrent.CancellationException e) {
                        return fail(EpisodeFailure.Kind.TIMEOUT, step, deadlineExceeded(step));
                    } catch (IllegalArgumentException e) {
                        return fail(EpisodeFailure.Kind.INVALID_ACTION, step, "The environment rejected the action of model '"
                                + spec.id() + "' at step " + step + ": " + e.getMessage());
                    } catch (RuntimeException e) {
                        return fail(EpisodeFailure.Kind.ENVIRONMENT_ERROR, step,
                                "The simulation failed at step " + step + ": " + describe(e));
                    }
                    actions.add(action);
                    states.add(state);
                    int s = step;
                    SimState after = state;
                    safely(() -> listener.onStep(s, action, after, elapsed()));
                }
                return Episode.completed(spec.id(), context.instruction(), actions, states, elapsed());
            } finally {
                try {
                    rollout.close();
                } catch (RuntimeException ignored) {
                    // Closing a finished rollout cannot change the episode's outcome.
                }
            }
        }

        private Observation observe(int step, SimState state) {
            ObservationSpec os = spec.observation();
            if (!os.needsImages() && os.sites().isEmpty()) {
                return Observation.of(step, state);
            }
            Map<String, RgbImage> images = new HashMap<>();
            for (ImageSpec img : os.images()) {
                images.put(img.key(), env.render(img.camera(), img.width(), img.height()));
            }
            Map<String, SitePose> sites = new HashMap<>();
            for (String site : os.sites()) {
                sites.put(site, env.site(site));
            }
            return new Observation(step, state, images, sites);
        }

        private Outcome predict(VlaRollout rollout, Observation obs, int step) {
            String id = spec.id();
            ActionChunk chunk;
            try {
                long untilDeadline = deadlineNanos - System.nanoTime();
                boolean stepBound = stepTimeout.toNanos() <= untilDeadline;
                long remaining = Math.min(stepTimeout.toNanos(), untilDeadline);
                if (remaining <= 0) {
                    return Outcome.failed(EpisodeFailure.Kind.TIMEOUT, deadlineExceeded(step));
                }
                FutureTask<ActionChunk> task = new FutureTask<>(() -> rollout.predict(obs, context.instruction()));
                predictExecutor.execute(task);
                try {
                    chunk = task.get(remaining, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    task.cancel(true);
                    return Outcome.failed(EpisodeFailure.Kind.TIMEOUT, "Model '" + id + "' did not answer within "
                            + (stepBound ? stepTimeout + " (the per-step deadline)" : "the episode deadline of " + episodeTimeout)
                            + " at step " + step);
                } catch (InterruptedException e) {
                    task.cancel(true);
                    Thread.currentThread().interrupt();
                    return Outcome.failed(EpisodeFailure.Kind.INTERRUPTED, "The episode of model '" + id
                            + "' was interrupted at step " + step);
                } catch (CancellationException e) {
                    return Outcome.failed(EpisodeFailure.Kind.MODEL_ERROR, "The prediction of model '" + id
                            + "' was cancelled at step " + step);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof Error error) {
                        throw error; // OutOfMemoryError and the like are the JVM's trouble, not the model's outcome
                    }
                    EpisodeFailure.Kind kind = cause instanceof RemoteServiceException
                            ? EpisodeFailure.Kind.REMOTE_ERROR : EpisodeFailure.Kind.MODEL_ERROR;
                    return Outcome.failed(kind, EpisodeFailure.modelFailed(id, step, cause));
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return Outcome.failed(EpisodeFailure.Kind.MODEL_ERROR,
                        "The executor refused the prediction of model '" + id + "' at step " + step + ": " + describe(e));
            }
            String wrong = EpisodeFailure.wrongDimension(id, step, chunk, spec);
            if (wrong != null) {
                return Outcome.failed(EpisodeFailure.Kind.INVALID_ACTION, wrong);
            }
            return new Outcome(chunk, null);
        }

        private Action ensemble(int step, ActionChunk latest) {
            recent.addLast(Map.entry(step, latest));
            while (!recent.isEmpty() && recent.peekFirst().getKey() + recent.peekFirst().getValue().size() <= step) {
                recent.removeFirst();
            }
            double[] sum = new double[latest.dimension()];
            double total = 0;
            for (Map.Entry<Integer, ActionChunk> e : recent) {
                int age = step - e.getKey();
                double w = Math.exp(-ensembleDecay * age);
                Action a = e.getValue().get(age);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += w * a.get(i);
                }
                total += w;
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= total;
            }
            return new Action(sum);
        }

        private String deadlineExceeded(int step) {
            return "Episode of model '" + spec.id() + "' exceeded its deadline of " + episodeTimeout + " after " + step
                    + " actions";
        }

        private Episode fail(EpisodeFailure.Kind kind, int step, String message) {
            return Episode.failed(spec.id(), context.instruction(), actions, states, elapsed(),
                    new EpisodeFailure(kind, step, message));
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    private record Outcome(ActionChunk chunk, EpisodeFailure failure) {
        static Outcome failed(EpisodeFailure.Kind kind, String message) {
            return new Outcome(null, new EpisodeFailure(kind, -1, message));
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    /** Builds {@link EpisodeRunner}s; not thread-safe. */
    public static final class Builder {
        private int maxSteps = 75;
        private ChunkExecution chunkExecution = ChunkExecution.FIRST_ACTION;
        private double ensembleDecay = 0.0;
        private Duration stepTimeout = Duration.ofSeconds(60);
        private Duration episodeTimeout = Duration.ofMinutes(10);
        private Executor executor;

        private Builder() {}

        /** The most actions per episode (default 75); requests may ask for fewer. */
        public Builder maxSteps(int maxSteps) {
            this.maxSteps = Checks.positive("maxSteps", maxSteps);
            return this;
        }

        /** How chunks are executed (default {@link ChunkExecution#FIRST_ACTION}). */
        public Builder chunkExecution(ChunkExecution chunkExecution) {
            this.chunkExecution = Objects.requireNonNull(chunkExecution, "chunkExecution");
            return this;
        }

        /**
         * The decay of {@link ChunkExecution#TEMPORAL_ENSEMBLE} weights per step of age (default 0:
         * a plain average; positive values favour recent predictions).
         */
        public Builder ensembleDecay(double decay) {
            if (!Double.isFinite(decay)) {
                throw new IllegalArgumentException("ensembleDecay must be finite, was " + decay);
            }
            this.ensembleDecay = decay;
            return this;
        }

        /** Deadline for one prediction (default 60 s). */
        public Builder stepTimeout(Duration timeout) {
            this.stepTimeout = Checks.positive("stepTimeout", timeout);
            return this;
        }

        /** Deadline for the whole episode (default 10 min). */
        public Builder episodeTimeout(Duration timeout) {
            this.episodeTimeout = Checks.positive("episodeTimeout", timeout);
            return this;
        }

        /**
         * Where predictions run (so a hanging policy can be abandoned at its deadline); the runner
         * never shuts it down. By default each episode uses one daemon thread of its own.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Builds the runner. */
        public EpisodeRunner build() {
            return new EpisodeRunner(this);
        }
    }
}
