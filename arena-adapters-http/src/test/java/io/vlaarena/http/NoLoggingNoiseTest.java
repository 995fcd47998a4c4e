package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.architecture.FreshJvm;
import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain library use prints nothing: a fresh JVM with this module's class path and no SLF4J provider
 * starts a VLA service (Jetty logs through SLF4J), calls it and stops it, and its standard error
 * stays empty (no "No SLF4J providers" lines).
 */
class NoLoggingNoiseTest {

    /** Serves a constant policy, asks it for its health, prints the answer's model and stops. */
    public static void main(String[] args) {
        Vla vla = Vla.stateless(VlaSpec.builder("quiet").actionDimension(2).build(), (o, i) -> ActionChunk.of(Action.of(0, 0)));
        try (VlaService service = VlaService.builder(vla).options(ServerOptions.defaults().withPort(0)).start();
                VlaServiceClient client = VlaServiceClient.builder().baseUrl(service.baseUri().toString()).build()) {
            System.out.println(client.health().model());
        }
    }

    @Test
    @Timeout(120)
    void servingAPolicyWithoutAnSlf4jProviderPrintsNothingOnStandardError() {
        assertThat(getClass().getClassLoader().getResource("org/slf4j/simple/SimpleServiceProvider.class"))
                .as("no SLF4J provider on this module's test class path").isNull();
        FreshJvm.Result r = FreshJvm.run(NoLoggingNoiseTest.class, 90);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo("quiet");
        assertThat(r.err()).isEmpty();
    }
}
