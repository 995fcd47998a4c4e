package io.vlaarena.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to open one policy through a {@link VlaProvider}: its type, id and name, the address of the
 * server that serves it (if any), the environment variable holding its API key, and every other
 * setting of its {@code models.yaml} entry or command-line spec.
 *
 * <p>Holds the <em>name</em> of the key's variable and looks the key up only when asked
 * ({@link #apiKey()}); {@code toString()} never shows a key. Immutable and thread-safe.
 */
public final class VlaConfig {
    private final String type;
    private final String id;
    private final String name;
    private final Optional<String> url;
    private final Optional<String> apiKeyEnv;
    private final Settings settings;
    private final Path baseDirectory;
    private final Function<String, String> environment;

    private VlaConfig(Builder b) {
        this.type = b.type;
        this.id = b.id;
        this.name = b.name == null ? b.id : b.name;
        this.url = Optional.ofNullable(b.url).filter(u -> !u.isBlank());
        this.apiKeyEnv = Optional.ofNullable(b.apiKeyEnv).filter(e -> !e.isBlank());
        this.settings = b.settings == null ? Settings.empty(b.source == null ? "model '" + b.id + "'" : b.source) : b.settings;
        this.baseDirectory = b.baseDirectory;
        this.environment = b.environment;
    }

    /**
     * A builder for a policy of {@code type} (e.g. {@code "openpi"}) with the model id {@code id}.
     *
     * @throws IllegalArgumentException for a blank type or id
     */
    public static Builder builder(String type, String id) {
        return new Builder(type, id);
    }

    /** The policy's type, lower case, e.g. {@code "openpi"}. */
    public String type() {
        return type;
    }

    /** The model id the arena knows the policy by. */
    public String id() {
        return id;
    }

    /** The display name (the id unless given). */
    public String name() {
        return name;
    }

    /** The address of the server that serves the policy, if any. */
    public Optional<String> url() {
        return url;
    }

    /** The name of the environment variable holding the policy server's API key, if any. */
    public Optional<String> apiKeyEnv() {
        return apiKeyEnv;
    }

    /** The API key: the named variable's value when it is set and not blank. */
    public Optional<String> apiKey() {
        return apiKeyEnv.map(environment).filter(k -> !k.isBlank());
    }

    /** Where the variable is looked up (the process environment unless a test gave a map). */
    public Function<String, String> environment() {
        return environment;
    }

    /** Every other setting. */
    public Settings settings() {
        return settings;
    }

    /** Where relative paths in the settings start (the directory of the file they came from). */
    public Path baseDirectory() {
        return baseDirectory;
    }

    /** Where the configuration came from, for messages, e.g. {@code "models.yaml: model 3 ('pi0')"}. */
    public String source() {
        return settings.source();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(type, id).name(name).url(url.orElse(null)).apiKeyEnv(apiKeyEnv.orElse(null))
                .settings(settings).baseDirectory(baseDirectory).environment(environment);
    }

    @Override
    public String toString() {
        return "VlaConfig[" + type + " '" + id + "'" + url.map(u -> " at " + u).orElse("")
                + apiKeyEnv.map(e -> ", API key from $" + e).orElse("") + "]";
    }

    /** Builds a {@link VlaConfig}; not thread-safe. */
    public static final class Builder {
        private final String type;
        private final String id;
        private String name;
        private String url;
        private String apiKeyEnv;
        private Settings settings;
        private String source;
        private Path baseDirectory = Path.of("");
        private Function<String, String> environment = System::getenv;

        private Builder(String type, String id) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            if (type.isBlank() || id.isBlank()) {
                throw new IllegalArgumentException("A policy needs a type and an id, got type '" + type + "' and id '"
                        + id + "'");
            }
            this.type = type.strip().toLowerCase(java.util.Locale.ROOT);
            this.id = id.strip();
        }

        /** The display name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The server's address. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** The environment variable holding the API key. */
        public Builder apiKeyEnv(String variable) {
            this.apiKeyEnv = variable;
            return this;
        }

        /** Every other setting. */
        public Builder settings(Settings settings) {
            this.settings = settings;
            return this;
        }

        /** Every other setting, from plain values, with {@code source} for messages. */
        public Builder settings(Map<String, ?> values, String source) {
            this.settings = Settings.of(values, source);
            return this;
        }

        /** Where messages say the configuration came from (when no settings are given). */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Where relative paths start; default the working directory. */
        public Builder baseDirectory(Path directory) {
            this.baseDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Where {@link VlaConfig#apiKey()} looks variables up; default the process environment. */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Builds the configuration. */
        public VlaConfig build() {
            return new VlaConfig(this);
        }
    }
}
