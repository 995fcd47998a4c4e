package io.vlaarena.testkit.junit;

import io.vlaarena.http.RetryPolicy;
import io.vlaarena.http.ServiceInfo;
import io.vlaarena.http.VlaService;
import io.vlaarena.http.VlaServiceClient;
import io.vlaarena.models.MockVla;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the mock VLA services that {@link MockVlaService} asks for, injects them into fields and
 * parameters, and stops them after their test or class. Registered by the annotation; register it
 * yourself only to use it programmatically.
 *
 * <p>Each service serves a {@link MockVla} of the annotation's model id on {@code 127.0.0.1}, any
 * free port, with {@code /info} reporting service {@code "Mock VLA Service"}, type {@code "mock"},
 * device {@code "cpu"}, parameters {@code "N/A"} (as the original's mock service), and arena-sim's
 * {@link io.vlaarena.sim.MjcfEnvironmentFactory} for {@code /execute} and MJCF checks. Services
 * and clients live in the JUnit store of the context that asked for them, so parallel tests never
 * share per-test services. Thread-safe and stateless.
 */
public final class MockVlaServiceExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MockVlaServiceExtension.class);
    private static final List<Class<?>> TYPES = List.of(VlaService.class, URI.class, VlaServiceClient.class);

    /** Creates the extension (JUnit does). */
    public MockVlaServiceExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Injection.injectStaticFields(context, MockVlaService.class, TYPES, MockVlaServiceExtension::resolve);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Injection.injectInstanceFields(context, MockVlaService.class, TYPES, MockVlaServiceExtension::resolve);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        if (!parameter.isAnnotated(MockVlaService.class)) {
            return false;
        }
        Class<?> type = parameter.getParameter().getType();
        if (!Injection.supported(type, TYPES)) {
            throw new ParameterResolutionException(Injection.unsupported(MockVlaService.class,
                    Injection.where(parameter), type, TYPES));
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return resolve(parameter.findAnnotation(MockVlaService.class).orElseThrow(), parameter.getParameter().getType(),
                context);
    }

    /** The settings that identify a service within a store. */
    private record Key(String modelId, int maxSteps, String bearerToken, String name) {
        static Key of(MockVlaService a) {
            if (a.modelId().isBlank()) {
                throw new ExtensionConfigurationException("@MockVlaService needs a non-blank modelId");
            }
            if (a.maxSteps() < 1 || a.maxSteps() > VlaService.MAX_EXECUTE_STEPS) {
                throw new ExtensionConfigurationException("@MockVlaService(maxSteps = " + a.maxSteps()
                        + ") must be between 1 and " + VlaService.MAX_EXECUTE_STEPS);
            }
            return new Key(a.modelId(), a.maxSteps(), a.bearerToken(), a.name());
        }
    }

    private record ClientKey(Key service) {}

    private static Object resolve(MockVlaService annotation, Class<?> type, ExtensionContext context) {
        Key key = Key.of(annotation);
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Running running = store.getOrComputeIfAbsent(key, k -> start(k, context), Running.class);
        if (type == VlaService.class) {
            return running.service;
        }
        if (type == URI.class) {
            return running.service.baseUri();
        }
        return store.getOrComputeIfAbsent(new ClientKey(key), k -> new Client(VlaServiceClient.builder()
                .baseUrl(running.service.baseUri().toString()).retry(RetryPolicy.none())
                .bearerToken(key.bearerToken()).build()), Client.class).client;
    }

    private static Running start(Key key, ExtensionContext context) {
        ServiceInfo info = ServiceInfo.of(key.modelId()).withServiceName("Mock VLA Service").withType("mock")
                .withParameters("N/A").withMaxSteps(key.maxSteps());
        return new Running(VlaService.builder(new MockVla(key.modelId())).info(info)
                .environments(SharedFixtures.environments(context)).bearerToken(key.bearerToken()).port(0).start());
    }

    /** Stops the service when JUnit discards its store. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final VlaService service;

        Running(VlaService service) {
            this.service = service;
        }

        @Override
        public void close() {
            service.close();
        }
    }

    /** Closes an injected client when JUnit discards its store. */
    private static final class Client implements ExtensionContext.Store.CloseableResource {
        final VlaServiceClient client;

        Client(VlaServiceClient client) {
            this.client = client;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
