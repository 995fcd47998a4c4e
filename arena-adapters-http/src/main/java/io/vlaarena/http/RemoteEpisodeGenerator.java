package io.vlaarena.http;

import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeGenerator;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.RemoteServiceException;
import java.time.Duration;
import java.util.Objects;

/**
 * Produces a model's episodes on its remote VLA service: posts {@code /execute} (the service
 * simulates the whole episode) and maps {@code actions}, {@code states} and {@code duration_ms}
 * into an {@link Episode}.
 *
 * <p>Never throws for a remote fault: an unreachable service, an error status or an invalid
 * answer gives a failed episode of kind {@link EpisodeFailure.Kind#REMOTE_ERROR}. Thread-safe. Does
 * not own the client: closing the generator leaves it open.
 */
public final class RemoteEpisodeGenerator implements EpisodeGenerator {
    private final String modelId;
    private final VlaServiceClient client;

    private RemoteEpisodeGenerator(String modelId, VlaServiceClient client) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.client = Objects.requireNonNull(client, "client");
    }

    /** A generator of {@code modelId}'s episodes through {@code client}. */
    public static RemoteEpisodeGenerator of(String modelId, VlaServiceClient client) {
        return new RemoteEpisodeGenerator(modelId, client);
    }

    @Override
    public String modelId() {
        return modelId;
    }

    /** Whether the service answers its health check ({@link VlaServiceClient#isLive()}, cached briefly). */
    @Override
    public boolean isLive() {
        return client.isLive();
    }

    @Override
    public Episode generate(EpisodeRequest request) {
        long start = System.nanoTime();
        try {
            ExecuteResult r = client.execute(request);
            if (r.actions().size() != r.states().size()) {
                return failed(request, start, "The service of model '" + modelId + "' returned " + r.actions().size()
                        + " actions but " + r.states().size() + " states");
            }
            if (r.actions().isEmpty()) {
                return failed(request, start, "The service of model '" + modelId + "' returned an empty episode");
            }
            return Episode.completed(modelId, request.instruction(), r.actions(), r.states(), r.duration());
        } catch (RemoteServiceException e) {
            return failed(request, start, "The service of model '" + modelId + "' failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return failed(request, start, "The service of model '" + modelId + "' gave an unusable answer: " + e);
        }
    }

    private Episode failed(EpisodeRequest request, long start, String message) {
        return Episode.failedBeforeStart(modelId, request.instruction(), Duration.ofNanos(System.nanoTime() - start),
                EpisodeFailure.Kind.REMOTE_ERROR, message);
    }

    @Override
    public String toString() {
        return "RemoteEpisodeGenerator[" + modelId + " at " + client.baseUris() + "]";
    }
}
