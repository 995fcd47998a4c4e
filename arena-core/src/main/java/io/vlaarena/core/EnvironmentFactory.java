package io.vlaarena.core;

/**
 * Builds {@link Environment}s from MJCF XML. Implementations are thread-safe and may cache the
 * compiled model per XML.
 */
@FunctionalInterface
public interface EnvironmentFactory {

    /**
     * Loads {@code mjcfXml} and returns a fresh environment the caller owns and must close.
     *
     * @throws SceneException when the XML is malformed, unsafe or not a loadable model
     */
    Environment create(String mjcfXml, EnvironmentOptions options);
}
