package io.vlaarena.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Generates episodes in this process: builds an environment for the scene, runs the policy in it
 * with an {@link EpisodeRunner}, closes the environment.
 *
 * <p>Thread-safe when the policy and the environment factory are (they are meant to be). Does not
 * close the policy it was given.
 */
public final class LocalEpisodeGenerator implements EpisodeGenerator {
    private final Vla vla;
    private final EnvironmentFactory environments;
    private final EnvironmentOptions options;
    private final EpisodeRunner runner;
    private final EpisodeListener listener;

    private LocalEpisodeGenerator(Vla vla, EnvironmentFactory environments, EnvironmentOptions options,
            EpisodeRunner runner, EpisodeListener listener) {
        this.vla = Objects.requireNonNull(vla, "vla");
        this.environments = Objects.requireNonNull(environments, "environments");
        this.options = Objects.requireNonNull(options, "options");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A generator for {@code vla} in environments from {@code environments}; the environment's
     * action space is the policy's.
     */
    public static LocalEpisodeGenerator of(Vla vla, EnvironmentFactory environments, EpisodeRunner runner) {
        EnvironmentOptions options = EnvironmentOptions.defaults().withActionSpace(vla.spec().actionSpace());
        return new LocalEpisodeGenerator(vla, environments, options, runner, EpisodeListener.NONE);
    }

    /** A copy that builds environments with {@code options}. */
    public LocalEpisodeGenerator withOptions(EnvironmentOptions options) {
        return new LocalEpisodeGenerator(vla, environments, options, runner, listener);
    }

    /** A copy that reports every episode's progress to {@code listener}. */
    public LocalEpisodeGenerator withListener(EpisodeListener listener) {
        return new LocalEpisodeGenerator(vla, environments, options, runner, listener);
    }

    @Override
    public String modelId() {
        return vla.spec().id();
    }

    /** Whether the policy is live ({@link Vla#isLive()}). */
    @Override
    public boolean isLive() {
        return vla.isLive();
    }

    @Override
    public Episode generate(EpisodeRequest request) {
        long start = System.nanoTime();
        Environment env;
        try {
            env = environments.create(request.sceneXml(), options);
        } catch (RuntimeException e) {
            return Episode.failedBeforeStart(modelId(), request.instruction(), Duration.ofNanos(System.nanoTime() - start),
                    EpisodeFailure.Kind.ENVIRONMENT_ERROR,
                    "The scene could not be loaded for model '" + modelId() + "': " + e.getMessage());
        }
        try (env) {
            try {
                EpisodeRunner.checkActionSpace(vla.spec(), env);
            } catch (InvalidRequestException e) {
                return Episode.failedBeforeStart(modelId(), request.instruction(), Duration.ofNanos(System.nanoTime() - start),
                        EpisodeFailure.Kind.ENVIRONMENT_ERROR, e.getMessage());
            }
            return runner.run(vla, env, request.toRolloutContext(), listener);
        }
    }

    @Override
    public String toString() {
        return "LocalEpisodeGenerator[" + modelId() + "]";
    }
}
