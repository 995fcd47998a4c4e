package io.vlaarena.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.http.internal.Json;
import io.vlaarena.http.internal.JsonNumpy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A policy served by OpenVLA's REST server ({@code vla-scripts/deploy.py}) as a {@link Vla}: each
 * prediction posts {@code {"image": <json-numpy uint8 [H, W, 3]>, "instruction": …, "unnorm_key": …}}
 * to {@code {url}/act} and reads the 7-value end-effector action the server answers as a
 * json-numpy array.
 *
 * <p>The action: translation (3, metres) and rotation (3, radians) deltas per step as OpenVLA's
 * datasets record them (Bridge: 5 Hz, the arena's default control rate), and the gripper in
 * [0, 1] with 1 open; it runs as {@code ee_delta} with the gripper scaled to the robot's finger
 * opening ({@link Builder#gripperOpening}, default 0.04 m, the bundled franka's). The image comes
 * from one scene camera (default {@code front}) at 224×224 by default; OpenVLA's processor resizes
 * what it receives to 224×224 itself.
 *
 * <p>Errors: deploy.py answers a failure with status 200 and the JSON string {@code "error"}: that,
 * an answer that is not a 7-value action, or a non-finite value throws an {@link InferenceException};
 * an error status throws a {@link RemoteStatusException}, an unreachable or silent server a
 * {@link RemoteServiceException}. Thread-safe and stateless; creating one does no I/O.
 */
public final class OpenVlaRestVla implements Vla {
    private final URI act;
    private final VlaSpec spec;
    private final String imageKey;
    private final String unnormKey;
    private final double gripperOpening;
    private final Duration requestTimeout;
    private final HttpClient http;

    private OpenVlaRestVla(Builder b) {
        this.act = b.base.resolve(b.base.getPath().endsWith("/") ? "act" : b.base.getPath() + "/act");
        this.imageKey = "primary";
        this.spec = VlaSpec.builder(b.id == null ? "openvla@" + b.base.getAuthority() : b.id)
                .name(b.name == null ? (b.id == null ? "OpenVLA" : b.id) : b.name)
                .actionDimension(7).actionSpace(ActionSpace.EE_DELTA).actionHorizon(1)
                .observation(new ObservationSpec(List.of(new ImageSpec(imageKey, b.camera, b.width, b.height)), false, 1))
                .build();
        this.unnormKey = b.unnormKey;
        this.gripperOpening = b.gripperOpening;
        this.requestTimeout = b.requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
    }

    /** A builder for the server at {@code baseUrl} (e.g. {@code http://gpu-box:8000}). */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    /** The endpoint predictions are posted to. */
    public URI endpoint() {
        return act;
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        return this::predict;
    }

    private ActionChunk predict(Observation observation, String instruction) {
        RgbImage img = observation.image(imageKey).orElseThrow(() -> new InferenceException(
                "The observation lacks the image '" + imageKey + "' that OpenVLA needs"));
        ObjectNode body = Json.object();
        body.set("image", JsonNumpy.image(img.pixels(), img.width(), img.height()));
        body.put("instruction", instruction);
        if (unnormKey != null) {
            body.put("unnorm_key", unnormKey);
        }
        HttpRequest request = HttpRequest.newBuilder(act).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RemoteServiceException("The OpenVLA server at " + act + " did not answer within "
                    + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new RemoteServiceException("Cannot reach the OpenVLA server at " + act + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("Interrupted while waiting for the OpenVLA server at " + act, e);
        }
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw new RemoteStatusException(act.toString(), response.statusCode(), text.length() > 500
                    ? text.substring(0, 500) + "…" : text);
        }
        double[] a;
        try {
            a = action(Json.MAPPER.readTree(response.body()), 0);
        } catch (IOException e) {
            throw new InferenceException("The OpenVLA server at " + act + " answered something that is not JSON: "
                    + abbreviate(text), e);
        } catch (IllegalArgumentException e) {
            throw new InferenceException("The OpenVLA server at " + act + " answered " + e.getMessage(), e);
        }
        for (int i = 0; i < 7; i++) {
            if (!Double.isFinite(a[i])) {
                throw new InferenceException("The OpenVLA server at " + act + " answered the non-finite value " + a[i]
                        + " at index " + i);
            }
        }
        double g = Math.max(0, Math.min(1, a[6]));
        return ActionChunk.of(new Action(new double[] {a[0], a[1], a[2], a[3], a[4], a[5], g * gripperOpening}));
    }

    /** The 7 values of an answer: a json-numpy array, a plain list, {@code {"action": …}}, or a JSON string of either. */
    private static double[] action(JsonNode n, int depth) throws IOException {
        if (n.isTextual()) {
            if (n.textValue().strip().equals("error")) {
                throw new IllegalArgumentException("\"error\": the request failed on the server (its log has the traceback; "
                        + "check the instruction and the unnorm_key)");
            }
            if (depth > 0) {
                throw new IllegalArgumentException("a string instead of an action: " + abbreviate(n.textValue()));
            }
            return action(Json.MAPPER.readTree(n.textValue()), depth + 1); // deploy.py's double-encoded answer
        }
        double[] v;
        if (JsonNumpy.isArray(n)) {
            v = JsonNumpy.values(n);
        } else if (n.isObject() && n.has("action")) {
            return action(n.get("action"), depth + 1);
        } else if (n.isArray()) {
            v = new double[n.size()];
            for (int i = 0; i < v.length; i++) {
                if (!n.get(i).isNumber()) {
                    throw new IllegalArgumentException("a list holding " + n.get(i).getNodeType().name().toLowerCase()
                            + " at " + i + " instead of an action of 7 numbers");
                }
                v[i] = n.get(i).doubleValue();
            }
        } else {
            throw new IllegalArgumentException(abbreviate(n.toString()) + " instead of an action of 7 numbers");
        }
        if (v.length != 7) {
            throw new IllegalArgumentException("an action of " + v.length + " values " + abbreviate(Arrays.toString(v))
                    + "; OpenVLA's actions have 7 (end-effector deltas and the gripper)");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public String toString() {
        return "OpenVlaRestVla[" + spec.id() + " at " + act + "]";
    }

    /** Builds an {@link OpenVlaRestVla}; not thread-safe. */
    public static final class Builder {
        private final URI base;
        private String id;
        private String name;
        private String unnormKey;
        private String camera = "front";
        private int width = 224;
        private int height = 224;
        private double gripperOpening = 0.04;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);

        private Builder(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            URI u;
            try {
                u = URI.create(baseUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Not a valid OpenVLA server address: '" + baseUrl + "'");
            }
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("An OpenVLA server address is http://HOST:PORT, got '" + baseUrl + "'");
            }
            this.base = u;
        }

        /** The model id the arena reports; default {@code openvla@HOST:PORT}. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The display name; default the id. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The dataset statistics the server unnormalizes with, e.g. {@code bridge_orig}; default none (the server's). */
        public Builder unnormKey(String key) {
            this.unnormKey = key == null || key.isBlank() ? null : key;
            return this;
        }

        /** The scene camera and the image size sent; default {@code front}, 224×224. */
        public Builder image(String camera, int width, int height) {
            if (width <= 0 || height <= 0 || width > 4096 || height > 4096) {
                throw new IllegalArgumentException("The image size must be 1 to 4096 pixels a side, got " + width + "x" + height);
            }
            this.camera = camera;
            this.width = width;
            this.height = height;
            return this;
        }

        /** The robot's finger opening when OpenVLA's gripper value is 1 (open); default 0.04 m. */
        public Builder gripperOpening(double metres) {
            if (!(metres > 0) || !Double.isFinite(metres)) {
                throw new IllegalArgumentException("The gripper opening must be a positive number of metres, got " + metres);
            }
            this.gripperOpening = metres;
            return this;
        }

        /** How long connecting may take; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long one prediction may take; default 60 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Builds the policy; no I/O happens until the first prediction. */
        public OpenVlaRestVla build() {
            return new OpenVlaRestVla(this);
        }
    }
}
