package io.vlaarena.openpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaConfig;
import io.vlaarena.core.VlaProviders;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenPiProviderTest {

    @Test
    void isFoundOnTheClassPathAndOpensASpec() {
        VlaProviders providers = VlaProviders.load();
        assertThat(providers.types()).contains("openpi", "roboarena");
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("p")).apiKey("k").start();
                Vla vla = providers.open(providers.parseSpec("openpi:" + server.uri() + "#id=pi0-droid&api_key_env=PI_KEY")
                        .toBuilder().environment(Map.of("PI_KEY", "k")::get).build())) {
            assertThat(vla).isInstanceOf(OpenPiVla.class);
            assertThat(vla.spec().id()).isEqualTo("pi0-droid");
            assertThat(((OpenPiVla) vla).mapping().name()).isEqualTo("droid");
        }
    }

    @Test
    void opensAModelsYamlEntryWithItsMapping() {
        try (OpenPiServer server = OpenPiServer.builder(OpenPiVlaTest.homeHolder("p"))
                .mapping(OpenPiVlaTest.arenaJointPositions()).start()) {
            VlaConfig config = VlaConfig.builder("openpi", "mine").url(server.uri().toString())
                    .settings(Map.of("preset", "custom", "request_timeout", "5s",
                            "cameras", java.util.List.of(
                                    Map.of("key", "observation/image", "image", "primary", "camera", "front",
                                            "size", java.util.List.of(32, 32), "render", java.util.List.of(64, 48)),
                                    Map.of("key", "observation/wrist_image", "image", "wrist", "camera", "wrist_cam",
                                            "size", java.util.List.of(32, 32))),
                            "state", java.util.List.of(Map.of("key", "observation/state", "from", "qpos[0:9]")),
                            "actions", Map.of("width", 8, "space", "joint_position"), "horizon", 4),
                            "models.yaml: model 1 ('mine')")
                    .build();
            try (Vla vla = new OpenPiProvider().open(config)) {
                assertThat(vla.spec().actionHorizon()).isEqualTo(4);
                assertThat(((OpenPiVla) vla).mapping().name()).isEqualTo("custom");
            }
        }
    }

    @Test
    void theArenaPresetTakesTheMappingFromAnotherArenasServer() {
        Vla served = OpenPiVlaTest.homeHolder("home-holder");
        try (OpenPiServer server = OpenPiServer.builder(served).mapping(OpenPiMapping.arena(served.spec())).start();
                Vla remote = VlaProviders.load().open(VlaProviders.load().parseSpec("openpi:" + server.uri()
                        + "#preset=arena"))) {
            assertThat(remote.spec().observation()).isEqualTo(served.spec().observation());
            assertThat(remote.spec().actionSpace()).isEqualTo(served.spec().actionSpace());
            assertThat(((OpenPiVla) remote).metadata()).containsKey(OpenPiMapping.ARENA_METADATA);
            try (var r = remote.start(new io.vlaarena.core.RolloutContext("x", "", 0, 5))) {
                io.vlaarena.core.RgbImage img = new io.vlaarena.core.RgbImage(32, 32, new byte[32 * 32 * 3]);
                assertThat(r.predict(new io.vlaarena.core.Observation(0, new io.vlaarena.core.SimState(new double[9],
                        new double[9], 0), Map.of("primary", img, "wrist", img)), "x").size()).isEqualTo(4);
            }
        }
        try (OpenPiServer droid = OpenPiServer.builder(TestPolicies.droidShaped("d")).start()) {
            assertThatThrownBy(() -> VlaProviders.load().open(VlaProviders.load().parseSpec("openpi:" + droid.uri()
                    + "#preset=arena"))).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("the server's metadata has no 'arena_policy'");
        }
    }

    @Test
    void aMissingAddressAnUnknownFieldOrAnUnreachableServerIsAModelLoadError() {
        OpenPiProvider p = new OpenPiProvider();
        assertThatThrownBy(() -> p.open(VlaConfig.builder("openpi", "x").source("models.yaml: model 4 ('x')").build()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("models.yaml: model 4 ('x'): field 'base_url' is required: the policy server's address, "
                        + "ws://HOST:PORT");
        assertThatThrownBy(() -> p.open(VlaConfig.builder("openpi", "x").url("ws://127.0.0.1:9")
                .settings(Map.of("presett", "droid"), "m").build()))
                .hasMessageContaining("unknown field 'presett'");
        assertThatThrownBy(() -> p.open(VlaConfig.builder("roboarena", "x").url("ws://127.0.0.1:9")
                .settings(Map.of("preset", "droid"), "m").build()))
                .hasMessageContaining("unknown field 'preset'");
        assertThatThrownBy(() -> p.open(VlaConfig.builder("openpi", "x").url("http://127.0.0.1:9").build()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("field 'base_url'");
        assertThatThrownBy(() -> p.open(VlaConfig.builder("openpi", "x").url("ws://127.0.0.1:9").source("m").build()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("m: Cannot connect to the openpi server");
    }
}
