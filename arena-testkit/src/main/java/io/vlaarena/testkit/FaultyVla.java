package io.vlaarena.testkit;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection around a policy, to test what happens when models misbehave: slow, hanging,
 * throwing, NaN-emitting, wrong-dimension and flaky policies. Each wraps another {@link Vla} and
 * counts predictions across all episodes ({@link #calls()}); faults start after a given number of
 * good predictions.
 *
 * <p>Thread-safe when the wrapped policy is. Does not close the wrapped policy.
 */
public final class FaultyVla implements Vla {
    private final Vla delegate;
    private final Fault fault;
    private final AtomicLong calls = new AtomicLong();
    private final CountDownLatch released = new CountDownLatch(1);

    private interface Fault {
        ActionChunk apply(FaultyVla self, long call, ActionChunk good);
    }

    private FaultyVla(Vla delegate, Fault fault) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.fault = fault;
    }

    /** Sleeps {@code delay} before every prediction. */
    public static FaultyVla slow(Vla delegate, Duration delay) {
        long ms = delay.toMillis();
        return new FaultyVla(delegate, (self, call, good) -> {
            sleep(ms);
            return good;
        });
    }

    /**
     * Answers {@code goodCalls} predictions, then blocks until interrupted or {@link #release()}d
     * (a hung model: the runner's deadline must abandon it).
     */
    public static FaultyVla hanging(Vla delegate, int goodCalls) {
        return new FaultyVla(delegate, (self, call, good) -> {
            if (call > goodCalls) {
                try {
                    self.released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceException("Hanging model was interrupted");
                }
            }
            return good;
        });
    }

    /** Answers {@code goodCalls} predictions, then throws {@link InferenceException} with {@code message}. */
    public static FaultyVla throwing(Vla delegate, int goodCalls, String message) {
        return new FaultyVla(delegate, (self, call, good) -> {
            if (call > goodCalls) {
                throw new InferenceException(message);
            }
            return good;
        });
    }

    /**
     * Answers {@code goodCalls} predictions, then emits NaN the way a broken numeric model does:
     * building the action fails inside the model with the core's non-finite check.
     */
    public static FaultyVla nanEmitting(Vla delegate, int goodCalls) {
        return new FaultyVla(delegate, (self, call, good) -> {
            if (call > goodCalls) {
                double[] v = good.first().values();
                v[v.length - 1] = Double.NaN;
                return ActionChunk.of(new Action(v));
            }
            return good;
        });
    }

    /** Answers {@code goodCalls} predictions, then returns actions of {@code dimension} values. */
    public static FaultyVla wrongDimension(Vla delegate, int goodCalls, int dimension) {
        return new FaultyVla(delegate, (self, call, good) -> {
            if (call > goodCalls) {
                return ActionChunk.of(new Action(Arrays.copyOf(good.first().values(), dimension)));
            }
            return good;
        });
    }

    /** Throws {@link InferenceException} on every {@code n}-th prediction (n, 2n, 3n, … across episodes). */
    public static FaultyVla flaky(Vla delegate, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        return new FaultyVla(delegate, (self, call, good) -> {
            if (call % n == 0) {
                throw new InferenceException("Flaky model failed on call " + call);
            }
            return good;
        });
    }

    /** Predictions asked of this policy so far, over all episodes. */
    public long calls() {
        return calls.get();
    }

    /** Lets every hanging prediction return (for cleanup in tests). */
    public void release() {
        released.countDown();
    }

    @Override
    public VlaSpec spec() {
        return delegate.spec();
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        VlaRollout inner = delegate.start(context);
        return new VlaRollout() {
            @Override
            public ActionChunk predict(Observation observation, String instruction) {
                long call = calls.incrementAndGet();
                return fault.apply(FaultyVla.this, call, inner.predict(observation, instruction));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("Slow model was interrupted");
        }
    }

    @Override
    public String toString() {
        return "FaultyVla[" + delegate + "]";
    }
}
