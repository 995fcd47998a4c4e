package io.vlaarena.storage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark's correctness, on a small run; its timings are not asserted. */
@Timeout(120)
class StorageBenchmarkTest {
    @Test
    void concurrentTurnsArePresentExactlyOnceAndNumbersAreReported() {
        StorageBenchmark.Result r = StorageBenchmark.builder().iterations(5).warmup(2).turns(100).threads(8).build()
                .runOnTemporaryEmbeddedStore();
        assertThat(r.concurrentCorrect()).isTrue();
        assertThat(r.concurrentTurns()).isEqualTo(100);
        assertThat(r.episodeBytes()).isBetween(40_000L, 80_000L);
        assertThat(r.episodeStoreLoadP50()).isPositive();
        assertThat(r.summary()).contains("all present exactly once");
    }
}
