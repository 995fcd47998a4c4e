package io.vlaarena.core;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link VlaProvider}s an application can use, by type: found on the class path with
 * {@link ServiceLoader} ({@link #load()}) or given explicitly ({@link #of}).
 *
 * <p>Command-line specs: {@code TYPE:ADDRESS[#KEY=VALUE&KEY=VALUE…]}, e.g.
 * {@code openpi:ws://gpu:8000#preset=libero&horizon=5}. The part after {@code #} (a URI fragment,
 * which is never sent to a server) holds settings as text; {@code id} and {@code name} among them
 * set the model's id and name, which default to {@code TYPE@HOST:PORT}.
 *
 * <p>Immutable and thread-safe.
 */
public final class VlaProviders {
    private final Map<String, VlaProvider> byType;

    private VlaProviders(Map<String, VlaProvider> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /**
     * The providers registered on the class path of this class's loader.
     *
     * @throws IllegalStateException when two providers claim the same type
     */
    public static VlaProviders load() {
        return load(VlaProviders.class.getClassLoader());
    }

    /** The providers registered on {@code loader}'s class path. */
    public static VlaProviders load(ClassLoader loader) {
        List<VlaProvider> found = new ArrayList<>();
        ServiceLoader.load(VlaProvider.class, loader).forEach(found::add);
        return of(found);
    }

    /**
     * Exactly these providers.
     *
     * @throws IllegalStateException when two providers claim the same type
     */
    public static VlaProviders of(List<? extends VlaProvider> providers) {
        Map<String, VlaProvider> byType = new LinkedHashMap<>();
        for (VlaProvider p : providers) {
            for (String t : p.types()) {
                VlaProvider before = byType.putIfAbsent(t, p);
                if (before != null && before.getClass() != p.getClass()) {
                    throw new IllegalStateException("Two policy providers claim the type '" + t + "': "
                            + before.getClass().getName() + " and " + p.getClass().getName());
                }
            }
        }
        return new VlaProviders(byType);
    }

    /** The types that can be opened, sorted. */
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(byType.keySet()));
    }

    /** Whether {@code type} can be opened. */
    public boolean supports(String type) {
        return type != null && byType.containsKey(type.toLowerCase(java.util.Locale.ROOT));
    }

    /** One help line per type, sorted by type. */
    public List<String> describe() {
        return types().stream().map(t -> byType.get(t).describe(t)).toList();
    }

    /**
     * Opens a policy; the caller closes it.
     *
     * @throws ModelLoadException for a type no provider opens (naming the known ones), or as the provider throws
     */
    public Vla open(VlaConfig config) {
        VlaProvider p = byType.get(config.type());
        if (p == null) {
            throw new ModelLoadException(config.source() + ": no provider opens the type '" + config.type()
                    + "'; types on the class path: " + types());
        }
        return p.open(config);
    }

    /** Whether {@code spec} looks like {@code TYPE:ADDRESS} with a type this registry opens. */
    public boolean isSpec(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        return colon > 0 && supports(spec.substring(0, colon));
    }

    /**
     * Parses a command-line spec {@code TYPE:ADDRESS[#KEY=VALUE&…]} into a configuration.
     *
     * @throws ModelLoadException when the spec has no type this registry opens, no address, or a
     *     malformed setting
     */
    public VlaConfig parseSpec(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        if (colon <= 0 || !supports(spec.substring(0, colon))) {
            throw new ModelLoadException("'" + spec + "' is not a policy spec TYPE:ADDRESS; types on the class path: "
                    + types());
        }
        String type = spec.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        String rest = spec.substring(colon + 1);
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        if (rest.isBlank()) {
            throw new ModelLoadException("The policy spec '" + spec + "' has no address after '" + type + ":'");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String pair : fragment.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ModelLoadException("The policy spec '" + spec + "' has the setting '" + pair
                        + "'; settings after '#' are KEY=VALUE separated by '&'");
            }
            settings.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        String id = settings.containsKey("id") ? settings.remove("id").toString() : type + "@" + hostPort(rest);
        Object name = settings.remove("name");
        return VlaConfig.builder(type, id).name(name == null ? null : name.toString()).url(rest.strip())
                .apiKeyEnv(settings.containsKey("api_key_env") ? settings.remove("api_key_env").toString() : null)
                .settings(settings, "policy spec '" + spec + "'").build();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String hostPort(String address) {
        try {
            URI u = URI.create(address.contains("://") ? address.strip() : "x://" + address.strip());
            if (u.getHost() != null) {
                return u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
            }
        } catch (IllegalArgumentException e) {
            // not a URI: the address as written is the id's suffix
        }
        return address.strip();
    }

    @Override
    public String toString() {
        return "VlaProviders" + types();
    }
}
