package io.vlaarena.core.support;

import java.util.ServiceLoader;

/**
 * Some of VLA Arena's dependencies log through SLF4J (Jetty in the HTTP adapters, the embedded
 * MongoDB-wire server). An application without an SLF4J provider would see SLF4J's three-line "No
 * SLF4J providers were found" warning on standard error the first time such a part starts, from
 * plain library use. The modules call this before starting them. When no provider (SLF4J 2) and no old binding
 * (SLF4J 1.7) is on the class path, SLF4J falls back to discarding every message anyway; this
 * lowers SLF4J's own reporting to errors before that first use, so the fallback is silent. An
 * application with a provider, an old binding, or its own {@code slf4j.internal.verbosity} setting
 * is left alone. Stateless.
 */
public final class QuietSlf4j {
    private static final String VERBOSITY = "slf4j.internal.verbosity";

    private QuietSlf4j() {}

    /** Silences SLF4J's no-provider warning if, and only if, SLF4J would discard every message. */
    public static void whenNoProvider() {
        if (System.getProperty(VERBOSITY) != null || System.getProperty("slf4j.provider") != null) {
            return;
        }
        ClassLoader loader = QuietSlf4j.class.getClassLoader();
        Class<?> spi;
        try {
            spi = Class.forName("org.slf4j.spi.SLF4JServiceProvider", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return; // no SLF4J 2 on the class path: nothing will warn
        }
        if (ServiceLoader.load(spi, loader).stream().findAny().isPresent()
                || loader.getResource("org/slf4j/impl/StaticLoggerBinder.class") != null) {
            return; // a provider logs, or SLF4J has a useful warning about an old binding to give
        }
        System.setProperty(VERBOSITY, "ERROR");
    }
}
