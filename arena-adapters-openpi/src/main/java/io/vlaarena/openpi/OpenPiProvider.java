package io.vlaarena.openpi;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.core.Settings;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaConfig;
import io.vlaarena.core.VlaProvider;
import java.util.HashSet;
import java.util.Set;

/**
 * Opens openpi policy servers for {@code models.yaml} entries of {@code type: openpi} (or
 * {@code roboarena}) and command-line specs {@code openpi:ws://HOST:PORT} (or
 * {@code roboarena:ws://HOST:PORT}), registered for {@link java.util.ServiceLoader}.
 *
 * <p>Settings: the server's address in {@code base_url}; {@code api_key_env}; the mapping
 * ({@code preset} and the fields of {@link OpenPiMapping#fromSettings}, or {@code preset: arena}
 * for a policy another arena serves, whose metadata describes it; not for {@code roboarena}, whose
 * server's configuration decides it); {@code connect_timeout} (default 10 s),
 * {@code request_timeout} (default 60 s), {@code max_message_bytes} (default 16 MiB). Unknown
 * fields are refused by name. Stateless and thread-safe.
 */
public final class OpenPiProvider implements VlaProvider {
    private static final Set<String> CONNECTION = Set.of("connect_timeout", "request_timeout", "max_message_bytes");

    /** For {@link java.util.ServiceLoader}. */
    public OpenPiProvider() {}

    @Override
    public Set<String> types() {
        return Set.of("openpi", "roboarena");
    }

    @Override
    public String describe(String type) {
        return type.equals("roboarena")
                ? "roboarena:ws://HOST:PORT    a RoboArena policy server (its configuration decides cameras and actions)"
                : "openpi:ws://HOST:PORT       an openpi policy server (pi0, pi0-FAST, pi0.5), #preset=droid|libero|aloha|arena";
    }

    @Override
    public Vla open(VlaConfig config) {
        Settings s = config.settings();
        boolean roboArena = config.type().equals("roboarena");
        Set<String> known = new HashSet<>(CONNECTION);
        if (!roboArena) {
            known.addAll(OpenPiMapping.SETTINGS);
        }
        s.requireOnly(known);
        String url = config.url().orElseThrow(() -> new ModelLoadException(config.source()
                + ": field 'base_url' is required: the policy server's address, ws://HOST:PORT"));
        OpenPiVla.Builder b;
        try {
            b = OpenPiVla.builder(url);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(config.source() + ": field 'base_url': " + e.getMessage(), e);
        }
        b.id(config.id()).name(config.name())
                .connectTimeout(s.duration("connect_timeout", java.time.Duration.ofSeconds(10)))
                .requestTimeout(s.duration("request_timeout", java.time.Duration.ofSeconds(60)));
        if (s.has("max_message_bytes")) {
            b.maxMessageBytes(s.integer("max_message_bytes", 16 << 20));
        }
        config.apiKey().ifPresent(b::apiKey);
        if (roboArena) {
            b.roboArena();
        } else if (s.string("preset", "").equals("arena")) {
            s.requireOnly(new HashSet<>(java.util.List.of("preset", "connect_timeout", "request_timeout",
                    "max_message_bytes")));
            b.mappingFromServer();
        } else {
            b.mapping(OpenPiMapping.fromSettings(s));
        }
        try {
            return b.connect();
        } catch (RemoteServiceException e) {
            throw new ModelLoadException(config.source() + ": " + e.getMessage(), e);
        }
    }
}
