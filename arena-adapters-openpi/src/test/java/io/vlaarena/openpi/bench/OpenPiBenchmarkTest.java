package io.vlaarena.openpi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness runs and its figures hang together; the figures themselves are held in {@code arena bench}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenPiBenchmarkTest {

    @Test
    void measuresARoundTripAndItsParts() {
        OpenPiBenchmark.Result r = OpenPiBenchmark.run(20, 50);
        assertThat(r.requests()).isEqualTo(50);
        assertThat(r.messageBytes()).isGreaterThan(2 * 224 * 224 * 3);
        assertThat(r.roundTripP50()).isPositive();
        assertThat(r.policyP50()).isLessThan(r.roundTripP50());
        assertThat(r.overheadP50()).isPositive().isLessThanOrEqualTo(r.roundTripP50());
        assertThat(r.overheadP99()).isGreaterThanOrEqualTo(r.overheadP50());
        assertThat(r.codecOnlyP50()).isPositive();
        assertThat(r.summary()).contains("overhead p50");
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        for (int round = 0; round < 3; round++) {
            System.out.println(OpenPiBenchmark.run(500, requests).summary());
        }
        assertThat(Duration.ZERO).isZero();
    }
}
