package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start on a free port, report it, stop gracefully, close idempotently. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLifecycleTest {

    @Test
    void portZeroBindsAFreePortAndCloseIsIdempotent() {
        VlaService s = VlaService.builder(new DeterministicVla("mock-vla")).start();
        assertThat(s.port()).isPositive();
        assertThat(s.baseUri().toString()).isEqualTo("http://127.0.0.1:" + s.port());
        assertThat(Http.get(s.baseUri(), "/health").status()).isEqualTo(200);
        s.close();
        s.close();
        assertThatThrownBy(() -> Http.get(s.baseUri(), "/health")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aTakenPortIsReported() {
        try (VlaService s = VlaService.builder(new DeterministicVla("a")).start()) {
            assertThatThrownBy(() -> VlaService.builder(new DeterministicVla("b")).port(s.port()).start())
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining(String.valueOf(s.port()));
        }
    }

    @Test
    void stopLetsRequestsInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Vla slow = Vla.stateless(VlaSpec.builder("slow").build(), (o, i) -> {
            entered.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ActionChunk.of(DeterministicVla.action("slow", i));
        });
        VlaService s = VlaService.builder(slow).options(ServerOptions.defaults().withStopGrace(Duration.ofSeconds(5))).start();
        CompletableFuture<Http.Answer> inFlight = CompletableFuture.supplyAsync(
                () -> Http.post(s.baseUri(), "/predict", Http.fixture("predict_request.json")));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        s.close();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(tookMs).isLessThan(4000);
    }
}
