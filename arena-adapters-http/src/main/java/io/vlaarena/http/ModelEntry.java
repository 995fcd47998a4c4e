package io.vlaarena.http;

import io.vlaarena.core.arena.ModelInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One model of a {@code models.yaml} registry: the original's fields ({@code id, name, model,
 * base_url, api_key_env, organization, license, status}) and this project's extensions
 * ({@code base_urls}, {@code type}, {@code path}, {@code mode}, and any other keys kept in
 * {@code options}).
 *
 * <p>A {@code remote} model (the type whenever base URLs are given and no type is) is a VLA
 * service; any other type (e.g. {@code mock}, {@code onnx} with a {@code path}) is an in-process
 * model that the application resolves itself. Holds the <em>name</em> of the token variable, never
 * the token. Immutable and thread-safe.
 *
 * @param id the model id, e.g. {@code "octo-small"}
 * @param name display name (defaults to the id)
 * @param model the original's model name field, or empty
 * @param baseUrls the service's replica base URLs ({@code base_url} followed by {@code base_urls})
 * @param apiKeyEnv the environment variable holding the bearer token, if any
 * @param organization the provider, or empty
 * @param license the licence, or empty
 * @param active whether {@code status} is {@code active}
 * @param type {@code "remote"} or an in-process type such as {@code "mock"} or {@code "onnx"}
 * @param path a model directory or file for in-process types, if given
 * @param mode for remote models: {@code "execute"} (the service simulates whole episodes, the default) or {@code "step"} ({@code /predict} each step)
 * @param options every other key of the entry, as text, for the application to interpret
 * @param settings every other key of the entry with its value as written (maps, lists, numbers,
 *     booleans, text): what a {@link io.vlaarena.core.VlaProvider} reads
 */
public record ModelEntry(String id, String name, String model, List<String> baseUrls, Optional<String> apiKeyEnv,
        String organization, String license, boolean active, String type, Optional<String> path, String mode,
        Map<String, String> options, Map<String, Object> settings) {

    /** The type of models served by a VLA service. */
    public static final String REMOTE = "remote";

    /** Validates and copies. */
    public ModelEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        baseUrls = List.copyOf(baseUrls);
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        options = Map.copyOf(options);
        settings = io.vlaarena.core.Settings.of(settings, "model '" + id + "'").asMap();
        if (type.equals(REMOTE) && baseUrls.isEmpty()) {
            throw new IllegalArgumentException("Remote model '" + id + "' needs at least one base URL");
        }
    }

    /** Whether a VLA service serves this model. */
    public boolean isRemote() {
        return type.equals(REMOTE);
    }

    /** {@code "active"} or {@code "inactive"}. */
    public String status() {
        return active ? "active" : "inactive";
    }

    /**
     * The entry as a provider's configuration ({@link io.vlaarena.core.VlaProviders#open}): type, id,
     * name, the first base URL, the key's variable, every other key as settings; errors will name
     * {@code source} and this entry.
     *
     * @param source the registry, e.g. the file's path
     * @param index the entry's position in the registry, from 0
     * @param baseDirectory where relative paths start (the registry's directory)
     */
    public io.vlaarena.core.VlaConfig toVlaConfig(String source, int index, java.nio.file.Path baseDirectory) {
        Map<String, Object> s = new java.util.LinkedHashMap<>(settings);
        path.ifPresent(p -> s.put("path", p));
        return io.vlaarena.core.VlaConfig.builder(type, id).name(name).url(baseUrls.isEmpty() ? null : baseUrls.get(0))
                .apiKeyEnv(apiKeyEnv.orElse(null)).baseDirectory(baseDirectory)
                .settings(s, source + ": model " + (index + 1) + " ('" + id + "')").build();
    }

    /** The model as the arena lists it. */
    public ModelInfo toModelInfo() {
        return new ModelInfo(id, name, organization, license, active);
    }

    /** The bearer token from the process environment, if the entry names a variable that is set. */
    public Optional<String> bearerToken() {
        return bearerToken(System::getenv);
    }

    /** The bearer token looked up with {@code env} (e.g. a test's map), if named and set. */
    public Optional<String> bearerToken(Function<String, String> env) {
        return apiKeyEnv.map(env).filter(t -> !t.isBlank());
    }

    /**
     * A client builder with this model's base URLs and token (from the process environment); add
     * timeouts or a retry policy, then build and close the client when done.
     *
     * @throws io.vlaarena.core.InvalidRequestException for an in-process model
     */
    public VlaServiceClient.Builder clientBuilder() {
        return clientBuilder(System::getenv);
    }

    /** Like {@link #clientBuilder()}, with the token looked up through {@code env}. */
    public VlaServiceClient.Builder clientBuilder(Function<String, String> env) {
        if (!isRemote()) {
            throw new io.vlaarena.core.InvalidRequestException("Model '" + id + "' is of type '" + type + "', not served over HTTP");
        }
        return VlaServiceClient.builder().baseUrls(baseUrls).bearerToken(bearerToken(env).orElse(null));
    }
}
