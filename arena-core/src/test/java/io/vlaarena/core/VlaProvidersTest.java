package io.vlaarena.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VlaProvidersTest {

    /** Opens any config as a stateless policy whose id says what it was given. */
    static final class EchoProvider implements VlaProvider {
        @Override
        public Set<String> types() {
            return Set.of("echo", "echo2");
        }

        @Override
        public Vla open(VlaConfig config) {
            return Vla.stateless(VlaSpec.builder(config.id()).build(), (o, i) -> null);
        }

        @Override
        public String describe(String type) {
            return type + ":ADDRESS  echoes";
        }
    }

    @Test
    void opensByTypeAndNamesTheKnownTypesOtherwise() {
        VlaProviders providers = VlaProviders.of(List.of(new EchoProvider()));
        assertThat(providers.types()).containsExactly("echo", "echo2");
        assertThat(providers.open(VlaConfig.builder("Echo", "e1").build()).spec().id()).isEqualTo("e1");
        assertThatThrownBy(() -> providers.open(VlaConfig.builder("zmq", "z").source("models.yaml: model 1 ('z')").build()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("models.yaml: model 1 ('z'): no provider opens the type 'zmq'; types on the class path: [echo, echo2]");
        assertThat(providers.describe()).containsExactly("echo:ADDRESS  echoes", "echo2:ADDRESS  echoes");
    }

    @Test
    void twoProvidersCannotClaimOneType() {
        VlaProvider other = new VlaProvider() {
            @Override
            public Set<String> types() {
                return Set.of("echo");
            }

            @Override
            public Vla open(VlaConfig config) {
                return null;
            }
        };
        assertThatThrownBy(() -> VlaProviders.of(List.of(new EchoProvider(), other)))
                .hasMessageContaining("Two policy providers claim the type 'echo'");
    }

    @Test
    void parsesCommandLineSpecsWithSettingsInTheFragment() {
        VlaProviders providers = VlaProviders.of(List.of(new EchoProvider()));
        VlaConfig c = providers.parseSpec("echo:ws://gpu-box:8000#preset=libero&horizon=5&api_key_env=PI_KEY");
        assertThat(c.type()).isEqualTo("echo");
        assertThat(c.id()).isEqualTo("echo@gpu-box:8000");
        assertThat(c.url()).hasValue("ws://gpu-box:8000");
        assertThat(c.apiKeyEnv()).hasValue("PI_KEY");
        assertThat(c.settings().asMap()).isEqualTo(Map.of("preset", "libero", "horizon", "5"));
        assertThat(c.settings().integer("horizon", 0)).isEqualTo(5);
        VlaConfig named = providers.parseSpec("echo:localhost:8000#id=pi0-droid&name=pi0%20DROID");
        assertThat(named.id()).isEqualTo("pi0-droid");
        assertThat(named.name()).isEqualTo("pi0 DROID");
        assertThat(providers.isSpec("echo:x")).isTrue();
        assertThat(providers.isSpec("mock-vla")).isFalse();
        assertThat(providers.isSpec("onnx:models/x")).isFalse();
        assertThatThrownBy(() -> providers.parseSpec("echo:")).hasMessageContaining("has no address");
        assertThatThrownBy(() -> providers.parseSpec("echo:x#horizon")).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> providers.parseSpec("zmq:x")).hasMessageContaining("types on the class path: [echo, echo2]");
    }

    @Test
    void aConfigNeverShowsItsKey() {
        VlaConfig c = VlaConfig.builder("echo", "e").url("ws://h:1").apiKeyEnv("K").environment(Map.of("K", "s3cret")::get)
                .build();
        assertThat(c.apiKey()).hasValue("s3cret");
        assertThat(c.toString()).contains("API key from $K").doesNotContain("s3cret");
        assertThat(VlaConfig.builder("echo", "e").apiKeyEnv("K").environment(Map.of("K", " ")::get).build().apiKey()).isEmpty();
    }
}
