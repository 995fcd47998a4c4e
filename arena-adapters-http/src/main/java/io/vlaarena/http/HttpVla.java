package io.vlaarena.http;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy served by a remote VLA service, in step mode: every {@link VlaRollout#predict} posts
 * {@code /predict} with the instruction, the scene's XML ({@code xml_string}) and, unless turned
 * off, the observation (state and the images the spec asks for, as base64 PNG).
 *
 * <p>The spec is given (e.g. from models.yaml), not fetched, so creating one does no I/O; the
 * episode runner renders the images the spec's {@link io.vlaarena.core.ObservationSpec} lists.
 * Failures of the service surface as {@link io.vlaarena.core.RemoteServiceException} from
 * {@code predict}, which the runner records as a {@code REMOTE_ERROR} episode failure.
 *
 * <p>Thread-safe. Does not own the client: closing an {@code HttpVla} leaves it open.
 */
public final class HttpVla implements Vla {
    private final VlaServiceClient client;
    private final VlaSpec spec;
    private final boolean sendObservation;

    private HttpVla(VlaServiceClient client, VlaSpec spec, boolean sendObservation) {
        this.client = Objects.requireNonNull(client, "client");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.sendObservation = sendObservation;
    }

    /** A remote policy with {@code spec} behind {@code client}, sending observations. */
    public static HttpVla of(VlaServiceClient client, VlaSpec spec) {
        return new HttpVla(client, spec, true);
    }

    /** A copy that sends only the instruction and the XML, as the original's backend does. */
    public HttpVla withoutObservation() {
        return new HttpVla(client, spec, false);
    }

    /** The client this policy posts through. */
    public VlaServiceClient client() {
        return client;
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    /** Whether the service answers its health check ({@link VlaServiceClient#isLive()}, cached briefly). */
    @Override
    public boolean isLive() {
        return client.isLive();
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        Objects.requireNonNull(context, "context");
        String xml = context.sceneXml();
        return new VlaRollout() {
            @Override
            public ActionChunk predict(Observation observation, String instruction) {
                return client.predict(instruction, xml, sendObservation ? Optional.of(observation) : Optional.empty());
            }
        };
    }

    @Override
    public String toString() {
        return "HttpVla[" + spec.id() + " at " + client.baseUris() + "]";
    }
}
