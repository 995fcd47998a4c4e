package io.vlaarena.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a running mock VLA service: a {@link io.vlaarena.http.VlaService} serving
 * {@link io.vlaarena.models.MockVla} on a free loopback port, with arena-sim's MJCF simulator
 * behind {@code /execute} (so an unloadable {@code xml_string} answers 400, as the original).
 *
 * <pre>{@code
 * class MyClientTest {
 *     @MockVlaService static VlaService shared;          // one per class, started before @BeforeAll
 *     @MockVlaService(modelId = "mock-b") URI other;     // one per test
 *
 *     @Test
 *     void predicts(@MockVlaService VlaServiceClient client) {   // the same service as 'shared'
 *         assertThat(client.info().modelId()).isEqualTo("mock-vla");
 *     }
 * }
 * }</pre>
 *
 * <p>Put it on a field or a parameter (of a test method, a lifecycle method or a constructor) of
 * type {@link io.vlaarena.http.VlaService}, {@link java.net.URI} (the base URI, e.g.
 * {@code http://127.0.0.1:40123}) or {@link io.vlaarena.http.VlaServiceClient} (a client of that
 * service alone, without retries). The annotation registers {@link MockVlaServiceExtension}
 * itself.
 *
 * <p>Lifetime: a static field, or a parameter of {@code @BeforeAll}, gets a service for the whole
 * test class, stopped after the class; an instance field, or a parameter of a test method or of
 * {@code @BeforeEach}, gets one for the test, stopped after it. Annotations with equal
 * attributes name the same service within a test, and a test sees its class's service of equal
 * attributes; give a {@link #name()} to get another. Injected clients are closed with their
 * service; do not close what you are given.
 *
 * <p>Parallel tests each get their own per-test services; nothing is static. With
 * {@code @TestInstance(PER_CLASS)} and concurrent test methods, use parameters or static fields,
 * since instance fields are shared by the methods.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(MockVlaServiceExtension.class)
public @interface MockVlaService {
    /** The served {@link io.vlaarena.models.MockVla}'s model id, reported by {@code /health} and {@code /info}. */
    String modelId() default "mock-vla";

    /** The default episode length of {@code /execute} and {@code max_steps} of {@code /info}. */
    int maxSteps() default 75;

    /**
     * A bearer token the service requires on every endpoint but {@code /health} (401 otherwise);
     * empty for an open service. Injected clients send it.
     */
    String bearerToken() default "";

    /** Tells apart services with otherwise equal attributes, e.g. two replicas of one model. */
    String name() default "";
}
