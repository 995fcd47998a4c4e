package io.vlaarena.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EpisodeRunnerTest {
    private static final RolloutContext CONTEXT = new RolloutContext("pick up the red cube", "<mujoco/>", 3, 75);

    private static Vla constant(int dim, double value) {
        return Vla.stateless(VlaSpec.builder("const").actionDimension(dim).build(),
                (obs, instr) -> ActionChunk.of(Action.of(filled(dim, value))));
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void completedEpisodeHasOneStateAfterEachAction() {
        FakeEnvironment env = new FakeEnvironment(2, 2);
        Episode e = EpisodeRunner.withDefaults().run(constant(2, 0.5), env, CONTEXT);
        assertThat(e.isCompleted()).isTrue();
        assertThat(e.failure()).isEmpty();
        assertThat(e.length()).isEqualTo(75);
        assertThat(e.states()).hasSize(75);
        assertThat(e.states().get(74).time()).isCloseTo(15.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.states().get(0).qpos(1)).isEqualTo(0.1);
        assertThat(e.modelId()).isEqualTo("const");
        assertThat(e.instruction()).isEqualTo("pick up the red cube");
        assertThat(env.closed).as("the runner never closes the environment it is given").isFalse();
    }

    @Test
    void stopsAtTheSmallerOfRunnerAndRequestMaxSteps() {
        Episode e = EpisodeRunner.builder().maxSteps(10).build().run(constant(2, 0), new FakeEnvironment(2, 2), CONTEXT);
        assertThat(e.length()).isEqualTo(10);
        Episode f = EpisodeRunner.withDefaults().run(constant(2, 0), new FakeEnvironment(2, 2),
                new RolloutContext("x", "<mujoco/>", 0, 5));
        assertThat(f.length()).isEqualTo(5);
    }

    @Test
    void modelThatThrowsYieldsFailedEpisodeWithReason() {
        AtomicInteger calls = new AtomicInteger();
        Vla vla = Vla.stateless(VlaSpec.builder("boom").actionDimension(2).build(), (obs, instr) -> {
            if (calls.incrementAndGet() == 4) {
                throw new IllegalStateException("CUDA out of memory");
            }
            return ActionChunk.of(Action.of(0, 0));
        });
        Episode e = EpisodeRunner.withDefaults().run(vla, new FakeEnvironment(2, 2), CONTEXT);
        assertThat(e.isCompleted()).isFalse();
        EpisodeFailure f = e.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.MODEL_ERROR);
        assertThat(f.step()).isEqualTo(3);
        assertThat(f.message()).contains("boom").contains("step 3").contains("CUDA out of memory");
        assertThat(e.actions()).hasSize(3);
        assertThat(e.states()).hasSize(3);
    }

    @Test
    void modelThatEmitsNaNYieldsFailedEpisode() {
        Vla vla = Vla.stateless(VlaSpec.builder("nan").actionDimension(2).build(),
                (obs, instr) -> ActionChunk.of(Action.of(0.0, Double.NaN)));
        Episode e = EpisodeRunner.withDefaults().run(vla, new FakeEnvironment(2, 2), CONTEXT);
        assertThat(e.failure().orElseThrow().message()).contains("nan").contains("NaN");
        assertThat(e.actions()).isEmpty();
    }

    @Test
    void wrongSizedActionYieldsInvalidActionFailure() {
        Vla vla = Vla.stateless(VlaSpec.builder("short").actionDimension(8).build(),
                (obs, instr) -> ActionChunk.of(Action.of(1, 2, 3)));
        Episode e = EpisodeRunner.withDefaults().run(vla, new FakeEnvironment(2, 8), CONTEXT);
        EpisodeFailure f = e.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.INVALID_ACTION);
        assertThat(f.message()).contains("dimension 3").contains("declares 8");
    }

    @Test
    void nullChunkYieldsInvalidActionFailure() {
        Vla vla = Vla.stateless(VlaSpec.builder("null").actionDimension(2).build(), (obs, instr) -> null);
        Episode e = EpisodeRunner.withDefaults().run(vla, new FakeEnvironment(2, 2), CONTEXT);
        assertThat(e.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.INVALID_ACTION);
    }

    @Test
    void environmentRejectingTheActionYieldsInvalidActionFailure() {
        Episode e = EpisodeRunner.withDefaults().run(constant(3, 0), new FakeEnvironment(2, 2), CONTEXT);
        EpisodeFailure f = e.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.INVALID_ACTION);
        assertThat(f.message()).contains("rejected").contains("expects 2 values");
    }

    @Test
    void divergingSimulationYieldsEnvironmentFailure() {
        FakeEnvironment env = new FakeEnvironment(2, 2);
        env.divergeAt = 5;
        Episode e = EpisodeRunner.withDefaults().run(constant(2, 0), env, CONTEXT);
        assertThat(e.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.ENVIRONMENT_ERROR);
        assertThat(e.failure().orElseThrow().message()).contains("diverged");
        assertThat(e.actions()).hasSize(5);
    }

    @Test
    void hangingModelTimesOutAtTheStepDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        Vla vla = Vla.stateless(VlaSpec.builder("hang").actionDimension(2).build(), (obs, instr) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ActionChunk.of(Action.of(0, 0));
        });
        long t0 = System.nanoTime();
        Episode e = EpisodeRunner.builder().stepTimeout(Duration.ofMillis(200)).build()
                .run(vla, new FakeEnvironment(2, 2), CONTEXT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        EpisodeFailure f = e.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.TIMEOUT);
        assertThat(f.message()).contains("hang").contains("per-step deadline");
    }

    @Test
    void slowModelHitsTheEpisodeDeadline() {
        Vla vla = Vla.stateless(VlaSpec.builder("slow").actionDimension(2).build(), (obs, instr) -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ActionChunk.of(Action.of(0, 0));
        });
        Episode e = EpisodeRunner.builder().episodeTimeout(Duration.ofMillis(200)).build()
                .run(vla, new FakeEnvironment(2, 2), CONTEXT);
        EpisodeFailure f = e.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.TIMEOUT);
        assertThat(f.message()).contains("deadline");
        assertThat(e.length()).isBetween(1, 10);
    }

    @Test
    void aStepThatWouldOutliveTheEpisodeIsStoppedAtTheDeadline() {
        // an environment whose one step would run "forever" (a tiny timestep): it honours the deadline
        FakeEnvironment fake = new FakeEnvironment(2, 2);
        Environment endless = new Environment() {
            public int nq() {
                return fake.nq();
            }

            public int nv() {
                return fake.nv();
            }

            public int nu() {
                return fake.nu();
            }

            public ActionSpace actionSpace() {
                return fake.actionSpace();
            }

            public int actionDimension() {
                return fake.actionDimension();
            }

            public double controlPeriod() {
                return fake.controlPeriod();
            }

            public List<String> cameras() {
                return fake.cameras();
            }

            public SimState reset(long seed) {
                return fake.reset(seed);
            }

            public SimState step(Action action) {
                return step(action, Long.MAX_VALUE + System.nanoTime());
            }

            public SimState state() {
                return fake.state();
            }

            public RgbImage render(String camera, int width, int height) {
                return fake.render(camera, width, height);
            }

            public void close() {
                fake.close();
            }

            @Override
            public SimState step(Action action, long deadlineNanos) {
                while (System.nanoTime() - deadlineNanos <= 0) {
                    Thread.onSpinWait();
                }
                throw new java.util.concurrent.CancellationException("stopped inside the physics loop");
            }
        };
        long t0 = System.nanoTime();
        Episode e = EpisodeRunner.builder().episodeTimeout(Duration.ofMillis(300)).build()
                .run(constant(2, 0.1), endless, CONTEXT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        EpisodeFailure f = e.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.TIMEOUT);
        assertThat(f.step()).isZero();
        assertThat(ms).isBetween(250L, 5_000L);
    }

    @Test
    void anEnvironmentWithoutItsOwnDeadlineCheckStillSteps() {
        Episode e = EpisodeRunner.builder().maxSteps(3).build().run(constant(2, 0.1), new FakeEnvironment(2, 2), CONTEXT);
        assertThat(e.isCompleted()).isTrue();
        assertThat(e.length()).isEqualTo(3);
    }

    @Test
    void wholeChunkExecutionPredictsOncePerChunk() {
        AtomicInteger predictions = new AtomicInteger();
        Vla vla = Vla.stateless(VlaSpec.builder("chunky").actionDimension(1).actionHorizon(4).build(), (obs, instr) -> {
            int n = predictions.incrementAndGet();
            return ActionChunk.of(Action.of(n), Action.of(n + 0.25), Action.of(n + 0.5), Action.of(n + 0.75));
        });
        FakeEnvironment env = new FakeEnvironment(1, 1);
        Episode e = EpisodeRunner.builder().chunkExecution(ChunkExecution.WHOLE_CHUNK).build().run(vla, env, CONTEXT);
        assertThat(e.length()).isEqualTo(75);
        assertThat(predictions.get()).isEqualTo(19);
        assertThat(e.actions().subList(0, 5)).containsExactly(Action.of(1), Action.of(1.25), Action.of(1.5),
                Action.of(1.75), Action.of(2));
    }

    @Test
    void firstActionExecutionPredictsEveryStep() {
        AtomicInteger predictions = new AtomicInteger();
        Vla vla = Vla.stateless(VlaSpec.builder("first").actionDimension(1).actionHorizon(2).build(), (obs, instr) -> {
            int n = predictions.incrementAndGet();
            return ActionChunk.of(Action.of(n), Action.of(-n));
        });
        Episode e = EpisodeRunner.withDefaults().run(vla, new FakeEnvironment(1, 1), CONTEXT);
        assertThat(predictions.get()).isEqualTo(75);
        assertThat(e.actions().get(2)).isEqualTo(Action.of(3));
    }

    @Test
    void temporalEnsembleAveragesOverlappingPredictions() {
        AtomicInteger predictions = new AtomicInteger();
        // Prediction n (made at step n-1) proposes value 10*n for each of the next 3 steps.
        Vla vla = Vla.stateless(VlaSpec.builder("ens").actionDimension(1).actionHorizon(3).build(), (obs, instr) -> {
            double v = 10 * predictions.incrementAndGet();
            return ActionChunk.of(Action.of(v), Action.of(v), Action.of(v));
        });
        Episode e = EpisodeRunner.builder().chunkExecution(ChunkExecution.TEMPORAL_ENSEMBLE).maxSteps(4).build()
                .run(vla, new FakeEnvironment(1, 1), CONTEXT);
        List<Double> executed = new ArrayList<>();
        e.actions().forEach(a -> executed.add(a.get(0)));
        // step 0: {10}; step 1: {10, 20}; step 2: {10, 20, 30}; step 3: {20, 30, 40}
        assertThat(executed).containsExactly(10.0, 15.0, 20.0, 30.0);

        predictions.set(0);
        Episode decayed = EpisodeRunner.builder().chunkExecution(ChunkExecution.TEMPORAL_ENSEMBLE).ensembleDecay(Math.log(2))
                .maxSteps(2).build().run(vla, new FakeEnvironment(1, 1), CONTEXT);
        // step 1: 20 with weight 1, 10 with weight 1/2 -> (20 + 5) / 1.5
        assertThat(decayed.actions().get(1).get(0)).isCloseTo(25 / 1.5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rendersOnlyWhenThePolicyAsksForImages() {
        FakeEnvironment blind = new FakeEnvironment(2, 2);
        EpisodeRunner.withDefaults().run(constant(2, 0), blind, CONTEXT);
        assertThat(blind.renders.get()).isZero();

        VlaSpec seeing = VlaSpec.builder("eyes").actionDimension(2)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 16, 8)), true, 1)).build();
        List<Integer> widths = new ArrayList<>();
        Vla vla = Vla.stateless(seeing, (obs, instr) -> {
            widths.add(obs.image("primary").orElseThrow().width());
            return ActionChunk.of(Action.of(0, 0));
        });
        FakeEnvironment env = new FakeEnvironment(2, 2);
        EpisodeRunner.builder().maxSteps(5).build().run(vla, env, CONTEXT);
        assertThat(env.renders.get()).isEqualTo(5);
        assertThat(widths).containsOnly(16);
    }

    @Test
    void readsTheSitesThePolicyAsksFor() {
        VlaSpec spec = VlaSpec.builder("reach").actionDimension(2)
                .observation(new ObservationSpec(List.of(), true, 1, List.of("tip"))).build();
        List<Double> xs = new ArrayList<>();
        Vla vla = Vla.stateless(spec, (obs, instr) -> {
            xs.add(obs.site("tip").orElseThrow().position()[0]);
            return ActionChunk.of(Action.of(1, 0));
        });
        Episode e = EpisodeRunner.builder().maxSteps(3).build().run(vla, new FakeEnvironment(2, 2), CONTEXT);
        assertThat(e.isCompleted()).isTrue();
        assertThat(xs).hasSize(3); // the tip follows qpos[0], which moves 0.2 a step
        assertThat(xs.get(1) - xs.get(0)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(xs.get(2) - xs.get(1)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));

        VlaSpec wrong = VlaSpec.builder("lost").actionDimension(2)
                .observation(new ObservationSpec(List.of(), true, 1, List.of("hand"))).build();
        Episode failed = EpisodeRunner.withDefaults().run(Vla.stateless(wrong, (o, i) -> ActionChunk.of(Action.of(0, 0))),
                new FakeEnvironment(2, 2), CONTEXT);
        assertThat(failed.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.ENVIRONMENT_ERROR);
        assertThat(failed.failure().orElseThrow().message()).contains("Unknown site 'hand'");
    }

    @Test
    void listenerSeesEveryStepAndItsFaultsAreIgnored() {
        List<Integer> steps = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        EpisodeListener listener = new EpisodeListener() {
            @Override
            public void onStep(int step, Action action, SimState state, Duration elapsed) {
                steps.add(step);
                throw new RuntimeException("listener bug");
            }

            @Override
            public void onFinish(Episode episode) {
                finished.incrementAndGet();
            }
        };
        Episode e = EpisodeRunner.builder().maxSteps(6).build().run(constant(2, 0), new FakeEnvironment(2, 2), CONTEXT, listener);
        assertThat(e.isCompleted()).isTrue();
        assertThat(steps).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(finished.get()).isEqualTo(1);
    }

    @Test
    void rolloutIsStartedFreshAndClosedForEveryEpisode() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Vla vla = new Vla() {
            @Override
            public VlaSpec spec() {
                return VlaSpec.builder("stateful").actionDimension(1).build();
            }

            @Override
            public VlaRollout start(RolloutContext context) {
                started.incrementAndGet();
                return new VlaRollout() {
                    int calls;

                    @Override
                    public ActionChunk predict(Observation observation, String instruction) {
                        assertThat(observation.step()).isEqualTo(calls);
                        return ActionChunk.of(Action.of(calls++));
                    }

                    @Override
                    public void close() {
                        closed.incrementAndGet();
                    }
                };
            }
        };
        EpisodeRunner runner = EpisodeRunner.builder().maxSteps(3).build();
        Episode a = runner.run(vla, new FakeEnvironment(1, 1), CONTEXT);
        Episode b = runner.run(vla, new FakeEnvironment(1, 1), CONTEXT);
        assertThat(a.actions()).isEqualTo(b.actions());
        assertThat(started.get()).isEqualTo(2);
        assertThat(closed.get()).isEqualTo(2);
    }

    @Test
    void modelThatCannotStartYieldsFailedEpisode() {
        Vla vla = new Vla() {
            @Override
            public VlaSpec spec() {
                return VlaSpec.builder("nostart").build();
            }

            @Override
            public VlaRollout start(RolloutContext context) {
                throw new RemoteServiceException("connection refused");
            }
        };
        Episode e = EpisodeRunner.withDefaults().run(vla, new FakeEnvironment(2, 8), CONTEXT);
        assertThat(e.failure().orElseThrow().message()).contains("nostart").contains("connection refused");
    }

    @Test
    void usesTheGivenExecutorAndLeavesItRunning() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Episode e = EpisodeRunner.builder().executor(pool).maxSteps(5).build().run(constant(2, 1), new FakeEnvironment(2, 2), CONTEXT);
            assertThat(e.isCompleted()).isTrue();
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void interruptedRunnerFailsTheEpisodeAndKeepsTheFlag() {
        Vla vla = Vla.stateless(VlaSpec.builder("sleepy").actionDimension(2).build(), (obs, instr) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ActionChunk.of(Action.of(0, 0));
        });
        Thread.currentThread().interrupt();
        Episode e = EpisodeRunner.withDefaults().run(vla, new FakeEnvironment(2, 2), CONTEXT);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(e.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.INTERRUPTED);
    }

    @Test
    void refusesAPolicyOfAnotherActionSpaceBeforeAnythingRuns() {
        Vla eeDelta = Vla.stateless(VlaSpec.builder("octo-like").actionDimension(2).actionSpace(ActionSpace.EE_DELTA).build(),
                (obs, instr) -> ActionChunk.of(Action.of(0.5, 0.5)));
        FakeEnvironment env = new FakeEnvironment(2, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EpisodeRunner.withDefaults().run(eeDelta, env, CONTEXT))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Model 'octo-like' emits ee_delta actions but the environment takes ctrl actions")
                .hasMessageContaining("withActionSpace(ActionSpace.EE_DELTA)");
        assertThat(env.executed).isEmpty();
    }

    @Test
    void anErrorThrownByThePolicyPropagatesInsteadOfBeingRecordedAsTheModelsFailure() {
        Vla starving = Vla.stateless(VlaSpec.builder("starving").actionDimension(2).build(), (obs, instr) -> {
            throw new OutOfMemoryError("Java heap space (simulated)");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EpisodeRunner.withDefaults().run(starving, new FakeEnvironment(2, 2), CONTEXT))
                .isInstanceOf(OutOfMemoryError.class).hasMessageContaining("simulated");
    }

    @Test
    void aLocalGeneratorWhoseFactoryIgnoresTheActionSpaceGivesAFailedEpisodeNamingBothSpaces() {
        Vla eeDelta = Vla.stateless(VlaSpec.builder("octo-like").actionDimension(2).actionSpace(ActionSpace.EE_DELTA).build(),
                (obs, instr) -> ActionChunk.of(Action.of(0.5, 0.5)));
        EnvironmentFactory ctrlOnly = (xml, options) -> new FakeEnvironment(2, 2);
        Episode e = LocalEpisodeGenerator.of(eeDelta, ctrlOnly, EpisodeRunner.withDefaults())
                .generate(new EpisodeRequest("<mujoco/>", "pick", 5, 1));
        assertThat(e.isCompleted()).isFalse();
        assertThat(e.length()).isZero();
        assertThat(e.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.ENVIRONMENT_ERROR);
        assertThat(e.failure().orElseThrow().message()).contains("emits ee_delta actions but the environment takes ctrl actions");
    }
}
