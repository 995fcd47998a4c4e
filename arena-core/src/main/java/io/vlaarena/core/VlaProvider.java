package io.vlaarena.core;

import java.util.Set;

/**
 * Opens policies of some types for applications that configure them by name: a {@code models.yaml}
 * entry's {@code type}, a command-line spec such as {@code openpi:ws://host:8000}. Each adapter
 * module registers its provider in {@code META-INF/services/io.vlaarena.core.VlaProvider}, so an
 * application finds every adapter on its class path through {@link VlaProviders#load()} without
 * naming one, and no adapter depends on another.
 *
 * <p>Implementations are stateless and thread-safe and have a public no-argument constructor.
 */
public interface VlaProvider {

    /** The types this provider opens, lower case, e.g. {@code ["openpi"]}. */
    Set<String> types();

    /**
     * Opens the policy {@code config} describes; the caller closes it.
     *
     * @throws ModelLoadException when a setting is wrong (naming the field) or the policy cannot be
     *     reached or loaded
     */
    Vla open(VlaConfig config);

    /**
     * One line per type for help texts, e.g. {@code "openpi:ws://HOST:PORT  an openpi policy
     * server (pi0, pi0-FAST, pi0.5) or a RoboArena server"}.
     */
    default String describe(String type) {
        return type + ":URL";
    }
}
