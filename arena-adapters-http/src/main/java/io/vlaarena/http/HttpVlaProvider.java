package io.vlaarena.http;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.Settings;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaConfig;
import io.vlaarena.core.VlaProvider;
import java.time.Duration;
import java.util.Set;

/**
 * Opens HTTP policies for {@code models.yaml} entries and command-line specs, registered for
 * {@link java.util.ServiceLoader}: {@code openvla} — OpenVLA's REST server ({@link OpenVlaRestVla}),
 * spec {@code openvla:http://HOST:PORT}.
 *
 * <p>Settings of {@code openvla}: the server in {@code base_url}; {@code unnorm_key} (e.g.
 * {@code bridge_orig}); {@code camera} (default {@code front}); {@code image} as [width, height]
 * (default [224, 224]); {@code gripper_opening} in metres (default 0.04); {@code connect_timeout},
 * {@code request_timeout}. Unknown fields are refused by name. Stateless and thread-safe.
 */
public final class HttpVlaProvider implements VlaProvider {

    /** For {@link java.util.ServiceLoader}. */
    public HttpVlaProvider() {}

    @Override
    public Set<String> types() {
        return Set.of("openvla");
    }

    @Override
    public String describe(String type) {
        return "openvla:http://HOST:PORT    OpenVLA's REST server (POST /act), #unnorm_key=bridge_orig";
    }

    @Override
    public Vla open(VlaConfig config) {
        Settings s = config.settings().requireOnly(Set.of("unnorm_key", "camera", "image", "gripper_opening",
                "connect_timeout", "request_timeout"));
        String url = config.url().orElseThrow(() -> new ModelLoadException(config.source()
                + ": field 'base_url' is required: the OpenVLA server's address, http://HOST:PORT"));
        OpenVlaRestVla.Builder b;
        try {
            b = OpenVlaRestVla.builder(url);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(config.source() + ": field 'base_url': " + e.getMessage(), e);
        }
        double[] size = s.numbers("image").orElse(new double[] {224, 224});
        if (size.length != 2 || size[0] != Math.rint(size[0]) || size[1] != Math.rint(size[1])) {
            throw s.error("image", "must be [width, height] in whole pixels");
        }
        try {
            b.image(s.string("camera", "front"), (int) size[0], (int) size[1])
                    .gripperOpening(s.number("gripper_opening", 0.04));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(config.source() + ": " + e.getMessage(), e);
        }
        return b.id(config.id()).name(config.name()).unnormKey(s.string("unnorm_key", null))
                .connectTimeout(s.duration("connect_timeout", Duration.ofSeconds(10)))
                .requestTimeout(s.duration("request_timeout", Duration.ofSeconds(60))).build();
    }
}
