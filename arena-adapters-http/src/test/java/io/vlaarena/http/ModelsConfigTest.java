package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.arena.ModelInfo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsConfigTest {

    @Test
    void readsTheOriginalsFormatUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(file, Http.fixture("models.yaml"));
        ModelsConfig config = ModelsConfig.load(file);
        assertThat(config.models()).extracting(ModelEntry::id).containsExactly("mock-vla", "octo-small", "openvla-7b");
        assertThat(config.active()).extracting(ModelEntry::id).containsExactly("mock-vla", "octo-small");
        ModelEntry octo = config.find("octo-small").orElseThrow();
        assertThat(octo.name()).isEqualTo("Octo Small");
        assertThat(octo.model()).isEqualTo("octo-small-1.5");
        assertThat(octo.baseUrls()).containsExactly("http://localhost:8002");
        assertThat(octo.apiKeyEnv()).contains("OCTO_API_KEY");
        assertThat(octo.isRemote()).isTrue();
        assertThat(octo.mode()).isEqualTo("execute");
        assertThat(octo.toModelInfo()).isEqualTo(new ModelInfo("octo-small", "Octo Small", "Octo Model Team", "MIT", true));
        assertThat(config.find("mock-vla").orElseThrow().apiKeyEnv()).isEmpty();
        assertThat(config.find("openvla-7b").orElseThrow().status()).isEqualTo("inactive");
    }

    @Test
    void readsTheExtensions() {
        ModelsConfig config = ModelsConfig.parse(Http.fixture("models-extended.yaml"), "models-extended.yaml");
        ModelEntry octo = config.find("octo-small").orElseThrow();
        assertThat(octo.baseUrls()).containsExactly("http://localhost:8002", "http://localhost:8012", "http://localhost:8022");
        assertThat(octo.mode()).isEqualTo("step");
        assertThat(octo.options()).containsEntry("action_space", "ee_delta");
        ModelEntry mock = config.find("local-mock").orElseThrow();
        assertThat(mock.isRemote()).isFalse();
        assertThat(mock.type()).isEqualTo("mock");
        ModelEntry onnx = config.find("octo-onnx").orElseThrow();
        assertThat(onnx.path()).contains("models/octo-small");
        assertThat(onnx.active()).isFalse();
    }

    @Test
    void clientBuilderCarriesReplicasAndTheTokenFromTheNamedVariable() {
        ModelEntry octo = ModelsConfig.parse(Http.fixture("models-extended.yaml"), "x").find("octo-small").orElseThrow();
        assertThat(octo.bearerToken(Map.of("OCTO_API_KEY", "tok-1")::get)).contains("tok-1");
        assertThat(octo.bearerToken(Map.<String, String>of()::get)).isEmpty();
        try (VlaServiceClient c = octo.clientBuilder(Map.of("OCTO_API_KEY", "tok-1")::get).build()) {
            assertThat(c.baseUris()).containsExactly(URI.create("http://localhost:8002"), URI.create("http://localhost:8012"),
                    URI.create("http://localhost:8022"));
            assertThat(c.toString()).doesNotContain("tok-1");
        }
        assertThat(octo.toString()).doesNotContain("tok-1");
        ModelEntry mock = ModelsConfig.parse(Http.fixture("models-extended.yaml"), "x").find("local-mock").orElseThrow();
        assertThatThrownBy(mock::clientBuilder).isInstanceOf(io.vlaarena.core.InvalidRequestException.class).hasMessageContaining("mock");
    }

    @Test
    void errorsNameTheFileTheEntryAndTheField() {
        assertThatThrownBy(() -> ModelsConfig.parse("models:\n  - name: x\n", "config/models.yaml"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("config/models.yaml")
                .hasMessageContaining("model 1").hasMessageContaining("'id'");
        assertThatThrownBy(() -> ModelsConfig.parse("- id: a\n  base_url: http://h:1\n  status: retired\n", "m.yaml"))
                .hasMessageContaining("m.yaml: model 1 ('a')").hasMessageContaining("'status'").hasMessageContaining("retired");
        assertThatThrownBy(() -> ModelsConfig.parse("- id: a\n  base_url: ftp://h\n", "m.yaml"))
                .hasMessageContaining("'base_url'");
        assertThatThrownBy(() -> ModelsConfig.parse("- id: a\n  base_url: http://h:1\n  base_urls: http://h:2\n", "m.yaml"))
                .hasMessageContaining("'base_urls'");
        assertThatThrownBy(() -> ModelsConfig.parse("- id: a\n  name: [1, 2]\n  base_url: http://h:1\n", "m.yaml"))
                .hasMessageContaining("'name'").hasMessageContaining("string");
        assertThatThrownBy(() -> ModelsConfig.parse("- id: a\n  name: A\n", "m.yaml"))
                .hasMessageContaining("'base_url'").hasMessageContaining("'type'");
        assertThatThrownBy(() -> ModelsConfig.parse("- id: a\n  type: mock\n- id: a\n  type: mock\n", "m.yaml"))
                .hasMessageContaining("model 2").hasMessageContaining("repeats");
        assertThatThrownBy(() -> ModelsConfig.parse("models: [\n", "m.yaml"))
                .hasMessageContaining("m.yaml").hasMessageContaining("YAML");
        assertThatThrownBy(() -> ModelsConfig.load(Path.of("/nonexistent/models.yaml")))
                .hasMessageContaining("/nonexistent/models.yaml");
    }

    @Test
    void emptyRegistryHasNoModels() {
        assertThat(ModelsConfig.parse("models: []\n", "m").models()).isEmpty();
        assertThat(ModelsConfig.parse("", "m").models()).isEqualTo(List.of());
    }

    @Test
    void anEntryOfAnotherTypeKeepsItsServersAddressAndNestedSettingsForItsProvider() {
        ModelsConfig config = ModelsConfig.parse("""
                models:
                  - id: pi0-droid
                    type: openpi
                    base_url: ws://gpu-box:8000
                    api_key_env: OPENPI_KEY
                    preset: droid
                    horizon: 8
                    cameras:
                      - {key: observation/exterior_image_1_left, camera: overhead}
                """, "config/models.yaml");
        ModelEntry pi0 = config.models().get(0);
        assertThat(pi0.isRemote()).isFalse();
        assertThat(pi0.baseUrls()).containsExactly("ws://gpu-box:8000");
        io.vlaarena.core.VlaConfig c = pi0.toVlaConfig("config/models.yaml", 0, Path.of("config"));
        assertThat(c.type()).isEqualTo("openpi");
        assertThat(c.url()).hasValue("ws://gpu-box:8000");
        assertThat(c.apiKeyEnv()).hasValue("OPENPI_KEY");
        assertThat(c.source()).isEqualTo("config/models.yaml: model 1 ('pi0-droid')");
        assertThat(c.settings().integer("horizon", 0)).isEqualTo(8);
        assertThat(c.settings().sections("cameras").get(0).string("camera")).hasValue("overhead");
        assertThatThrownBy(() -> ModelsConfig.parse("- id: a\n  base_url: ws://x:1\n", "m"))
                .hasMessageContaining("field 'base_url'");
    }
}
