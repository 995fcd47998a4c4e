package io.vlaarena.core.arena;

import java.util.Objects;

/**
 * A model as the arena lists it: id, display name, provider, licence and whether it enters battles.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the model id, e.g. {@code "octo-small"}
 * @param name display name
 * @param provider the organization behind the model (may be empty)
 * @param license the model's licence (may be empty)
 * @param active whether the model enters new battles
 */
public record ModelInfo(String id, String name, String provider, String license, boolean active) {
    /** Validates. */
    public ModelInfo {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Model id must not be blank");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(license, "license");
    }

    /** An active model whose name is its id. */
    public static ModelInfo of(String id) {
        return new ModelInfo(id, id, "", "", true);
    }

    /** An active model with a display name. */
    public static ModelInfo of(String id, String name) {
        return new ModelInfo(id, name, "", "", true);
    }

    /** {@code "active"} or {@code "inactive"}, as the API reports it. */
    public String status() {
        return active ? "active" : "inactive";
    }

    /** A copy with another activity. */
    public ModelInfo withActive(boolean active) {
        return new ModelInfo(id, name, provider, license, active);
    }
}
