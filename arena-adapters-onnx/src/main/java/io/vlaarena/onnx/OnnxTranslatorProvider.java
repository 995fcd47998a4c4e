package io.vlaarena.onnx;

import java.util.Map;

/**
 * Makes the {@link OnnxTranslator} that a model card names ({@code "translator": "NAME"} or
 * {@code {"name": "NAME", "settings": {…}}}, NAME being the provider's {@link #name()} or its class
 * name). Providers are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/io.vlaarena.onnx.OnnxTranslatorProvider}. Only
 * registered providers can be named, so a card (which may come from anywhere) never makes the
 * library load a class of its choosing.
 *
 * <p>Implementations are thread-safe and have a public no-argument constructor.
 */
public interface OnnxTranslatorProvider {

    /** The name a card uses, e.g. {@code "lerobot-relative-joints"}. */
    String name();

    /**
     * Makes the translator for one model.
     *
     * @param settings the card's {@code translator.settings} (JSON values as maps, lists, strings,
     *     numbers, booleans); empty when the card gives none
     * @throws IllegalArgumentException for a bad setting, naming it; opening the model then fails
     *     with a {@link io.vlaarena.core.ModelLoadException} carrying the message
     */
    OnnxTranslator create(Map<String, Object> settings);
}
