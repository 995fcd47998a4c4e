package io.vlaarena.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vlaarena.core.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model registry read from the original's {@code config/models.yaml}: a list of models, either
 * at the top level or under a {@code models:} key, each with the original's fields unchanged and
 * this project's optional extensions (see {@link ModelEntry}):
 *
 * <pre>{@code
 * models:
 *   - id: octo-small
 *     name: Octo Small
 *     model: octo-small
 *     base_url: http://localhost:8002
 *     base_urls: [http://localhost:8012]   # extension: more replicas
 *     api_key_env: OCTO_API_KEY            # or null
 *     organization: Octo Team
 *     license: MIT
 *     status: active                       # or inactive
 *   - id: local-mock
 *     type: mock                           # extension: an in-process model
 * }</pre>
 *
 * <p>Errors name the file, the entry (index and id) and the field. Immutable and thread-safe.
 *
 * @param source where the registry was read from (a path or a name), for messages
 * @param models the entries in file order, ids unique
 */
public record ModelsConfig(String source, List<ModelEntry> models) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KNOWN = Set.of("id", "name", "model", "base_url", "base_urls", "api_key_env",
            "organization", "license", "status", "type", "path", "mode");

    /** Copies. */
    public ModelsConfig {
        java.util.Objects.requireNonNull(source, "source");
        models = List.copyOf(models);
    }

    /**
     * Reads a registry file.
     *
     * @throws ModelLoadException when the file cannot be read or an entry is invalid, naming the file, entry and field
     */
    public static ModelsConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read the model registry " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses registry YAML.
     *
     * @param yaml the YAML text
     * @param source a name for messages, e.g. the file's path
     * @throws ModelLoadException when the YAML is malformed or an entry is invalid
     */
    public static ModelsConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ModelLoadException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        JsonNode list = root;
        if (root != null && root.isObject() && root.has("models")) {
            list = root.get("models");
        }
        if (list == null || list.isMissingNode() || list.isNull()) {
            return new ModelsConfig(source, List.of());
        }
        if (!list.isArray()) {
            throw new ModelLoadException(source + ": expected a list of models (at the top level or under 'models:')");
        }
        List<ModelEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ModelEntry e = entry(source, i, list.get(i));
            if (!ids.add(e.id())) {
                throw new ModelLoadException(source + ": model " + (i + 1) + " repeats the id '" + e.id() + "'");
            }
            entries.add(e);
        }
        return new ModelsConfig(source, entries);
    }

    /** The active entries (the ones that enter battles). */
    public List<ModelEntry> active() {
        return models.stream().filter(ModelEntry::active).toList();
    }

    /** The entry with {@code id}, if any. */
    public Optional<ModelEntry> find(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private static ModelEntry entry(String source, int index, JsonNode n) {
        String where = source + ": model " + (index + 1);
        if (n == null || !n.isObject()) {
            throw new ModelLoadException(where + ": expected a mapping of fields");
        }
        String id = string(n, "id", where, null);
        if (id == null || id.isBlank()) {
            throw new ModelLoadException(where + ": field 'id' is required");
        }
        where = where + " ('" + id + "')";
        List<String> urls = new ArrayList<>();
        String baseUrl = string(n, "base_url", where, null);
        if (baseUrl != null && !baseUrl.isBlank()) {
            urls.add(baseUrl.strip());
        }
        JsonNode more = n.get("base_urls");
        if (more != null && !more.isNull()) {
            if (!more.isArray()) {
                throw new ModelLoadException(where + ": field 'base_urls' must be a list of URLs");
            }
            for (int j = 0; j < more.size(); j++) {
                if (!more.get(j).isTextual()) {
                    throw new ModelLoadException(where + ": field 'base_urls[" + j + "]' must be a URL string");
                }
                urls.add(more.get(j).textValue().strip());
            }
        }
        String explicitType = string(n, "type", where, null);
        for (String u : urls) {
            if (explicitType != null && !explicitType.equals(ModelEntry.REMOTE)) {
                break; // another type's server (ws://, an OpenVLA /act server): its provider checks the address
            }
            try {
                VlaServiceClient.builder().baseUrl(u);
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(where + ": " + (u.equals(baseUrl) ? "field 'base_url'" : "field 'base_urls'")
                        + ": " + e.getMessage());
            }
        }
        String status = string(n, "status", where, "active");
        if (!status.equals("active") && !status.equals("inactive")) {
            throw new ModelLoadException(where + ": field 'status' must be 'active' or 'inactive', got '" + status + "'");
        }
        String type = string(n, "type", where, urls.isEmpty() ? null : ModelEntry.REMOTE);
        if (type == null) {
            throw new ModelLoadException(where + ": needs a 'base_url' (a VLA service) or a 'type' (an in-process model)");
        }
        if (type.equals(ModelEntry.REMOTE) && urls.isEmpty()) {
            throw new ModelLoadException(where + ": field 'base_url' is required for a remote model");
        }
        String mode = string(n, "mode", where, "execute");
        if (!mode.equals("execute") && !mode.equals("step")) {
            throw new ModelLoadException(where + ": field 'mode' must be 'execute' or 'step', got '" + mode + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : n.properties()) {
            if (!KNOWN.contains(f.getKey()) && !f.getValue().isNull()) {
                options.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
                settings.put(f.getKey(), YAML.convertValue(f.getValue(), Object.class));
            }
        }
        return new ModelEntry(id, string(n, "name", where, id), string(n, "model", where, ""), urls,
                Optional.ofNullable(string(n, "api_key_env", where, null)).filter(s -> !s.isBlank()),
                string(n, "organization", where, ""), string(n, "license", where, ""), status.equals("active"),
                type, Optional.ofNullable(string(n, "path", where, null)), mode, options, settings);
    }

    private static String string(JsonNode n, String field, String where, String fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode() || v.isBoolean() && !field.equals("status")) {
            throw new ModelLoadException(where + ": field '" + field + "' must be a string, got " + v.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        return v.asText();
    }
}
