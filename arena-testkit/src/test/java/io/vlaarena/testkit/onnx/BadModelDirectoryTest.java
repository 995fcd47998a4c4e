package io.vlaarena.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.EpisodeStatus;
import io.vlaarena.core.Environment;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.models.onnx.OctoArchitecture;
import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.DjlVla;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.testkit.FakeEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every broken model directory is a clear load error or a failed episode with a reason, never a crash. */
@Timeout(120)
class BadModelDirectoryTest {
    @TempDir
    static Path tmp;
    static Path good;

    @BeforeAll
    static void generate() {
        good = OctoModels.writeOctoTiny(tmp.resolve("good"), 5);
    }

    static Path copy(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (var files = Files.list(good)) {
            for (Path p : files.toList()) {
                Files.copy(p, dir.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    static Path withCard(String name, String from, String to) throws IOException {
        Path dir = copy(name);
        Path card = dir.resolve(OctoModels.CARD_FILE);
        String text = Files.readString(card, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(card, text.replace(from, to), StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void missingDirectoryIsALoadError() {
        assertThatThrownBy(() -> OnnxVla.open(tmp.resolve("nowhere"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void missingCardIsALoadError() throws IOException {
        Path dir = copy("no-card");
        Files.delete(dir.resolve(OctoModels.CARD_FILE));
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model-card.json");
    }

    @Test
    void missingGraphFileIsALoadError() throws IOException {
        Path dir = copy("no-policy");
        Files.delete(dir.resolve(OctoModels.POLICY_FILE));
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("files.policy").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> DjlVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("files.policy");
    }

    @Test
    void missingTokenizerIsALoadError() throws IOException {
        Path dir = copy("no-tokenizer");
        Files.delete(dir.resolve(OctoModels.TOKENIZER_FILE));
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("files.tokenizer");
    }

    @Test
    void corruptGraphIsALoadError() throws IOException {
        Path dir = copy("corrupt");
        Files.write(dir.resolve(OctoModels.POLICY_FILE), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("could not load graph");
    }

    @Test
    void cardWithAWrongInputNameIsALoadError() throws IOException {
        Path dir = withCard("wrong-name", "\"name\": \"noise\"", "\"name\": \"diffusion_noise\"");
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'diffusion_noise'").hasMessageContaining("noise");
        assertThatThrownBy(() -> DjlVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'diffusion_noise'");
    }

    @Test
    void cardWithAWrongShapeIsALoadError() throws IOException {
        Path dir = withCard("wrong-shape", "\"shape\": [4, 1, 4, 7]", "\"shape\": [8, 1, 4, 7]");
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'noise'").hasMessageContaining("[8, 1, 4, 7]").hasMessageContaining("[4, 1, 4, 7]");
    }

    @Test
    void cardWithAWrongDtypeIsALoadError() throws IOException {
        Path dir = withCard("wrong-dtype", "\"role\": \"image\", \"key\": \"primary\", \"dtype\": \"float32\"",
                "\"role\": \"image\", \"key\": \"primary\", \"dtype\": \"uint8\"");
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'image_primary'").hasMessageContaining("uint8").hasMessageContaining("FLOAT");
    }

    @Test
    void cardInconsistentWithItselfIsALoadError() throws IOException {
        Path dir = withCard("wrong-horizon", "\"horizon\": 4", "\"horizon\": 5");
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'actions'").hasMessageContaining("[1, 5, 7]");
        Path unknown = withCard("wrong-space", "\"space\": \"ee_delta\"", "\"space\": \"teleport\"");
        assertThatThrownBy(() -> OnnxVla.open(unknown)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("teleport").hasMessageContaining("ee_delta");
    }

    @Test
    void graphInputMissingFromTheCardIsALoadError() throws IOException {
        Path dir = withCard("undeclared", "      {\"name\": \"noise\", \"role\": \"noise\", \"dtype\": \"float32\", \"shape\": [4, 1, 4, 7]}\n", "");
        String card = Files.readString(dir.resolve(OctoModels.CARD_FILE));
        Files.writeString(dir.resolve(OctoModels.CARD_FILE), card.replace("\"shape\": [1, 16, 32]},\n    ]", "\"shape\": [1, 16, 32]}\n    ]"));
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'noise'").hasMessageContaining("does not declare");
    }

    @Test
    void modelOutputtingNaNFailsTheEpisodeWithAReason() {
        Path dir = OctoModels.write(tmp.resolve("nan"), OctoArchitecture.tiny().withNaNOutput(), 5);
        try (OnnxVla vla = OnnxVla.open(dir); FakeEnvironment env = new FakeEnvironment(8, ActionSpace.EE_DELTA)) {
            Episode e = EpisodeRunner.builder().maxSteps(5).build().run(vla, env, new RolloutContext("pick", "<mujoco/>", 1, 5));
            assertThat(e.status()).isEqualTo(EpisodeStatus.FAILED);
            EpisodeFailure f = e.failure().orElseThrow();
            assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.MODEL_ERROR);
            assertThat(f.message()).contains("octo-tiny").contains("non-finite").contains("NaN");
        }
    }

    @Test
    void imageOfTheWrongSizeFailsTheEpisodeWithAReason() {
        try (OnnxVla vla = OnnxVla.open(good); Environment env = new WrongSizeCamera()) {
            Episode e = EpisodeRunner.builder().maxSteps(5).build().run(vla, env, new RolloutContext("pick", "<mujoco/>", 1, 5));
            assertThat(e.status()).isEqualTo(EpisodeStatus.FAILED);
            assertThat(e.failure().orElseThrow().message()).contains("256x256").contains("128x128");
        }
    }

    /** Renders every image at 128×128 whatever size is asked for. */
    private static final class WrongSizeCamera implements Environment {
        private final FakeEnvironment inner = new FakeEnvironment(8, ActionSpace.EE_DELTA);

        @Override
        public int nq() {
            return inner.nq();
        }

        @Override
        public int nv() {
            return inner.nv();
        }

        @Override
        public int nu() {
            return inner.nu();
        }

        @Override
        public ActionSpace actionSpace() {
            return inner.actionSpace();
        }

        @Override
        public int actionDimension() {
            return inner.actionDimension();
        }

        @Override
        public double controlPeriod() {
            return inner.controlPeriod();
        }

        @Override
        public List<String> cameras() {
            return inner.cameras();
        }

        @Override
        public SimState reset(long seed) {
            return inner.reset(seed);
        }

        @Override
        public SimState step(Action action) {
            return inner.step(action);
        }

        @Override
        public SimState state() {
            return inner.state();
        }

        @Override
        public RgbImage render(String camera, int width, int height) {
            return inner.render(camera, 128, 128);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
