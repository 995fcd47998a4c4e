package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <include file=...>} for trusted local loads: confined like mesh files, nested, once per file. */
class IncludesTest {
    @TempDir
    Path dir;

    private MjModel load(String xml) {
        return MjcfLoader.load(xml, MjcfLoader.Limits.DEFAULT, AssetAccess.directory(dir));
    }

    @Test
    void includedElementsReplaceTheIncludeAndNestedIncludesResolveAgainstTheModelDirectory() throws IOException {
        Files.createDirectories(dir.resolve("parts"));
        Files.writeString(dir.resolve("parts/arm.xml"), "<mujoco><body name=\"arm\"><joint name=\"j\"/>"
                + "<geom size=\"0.1\"/></body><include file=\"parts/more.xml\"/></mujoco>");
        // as MuJoCo 2.2.2: relative to the model directory, not to parts/
        Files.writeString(dir.resolve("parts/more.xml"), "<anything><body name=\"more\"><freejoint/><geom size=\"0.1\"/></body>"
                + "</anything>");
        Files.writeString(dir.resolve("options.xml"), "<mujoco><option timestep=\"0.005\"/></mujoco>");
        MjModel m = load("<mujoco><include file=\"options.xml\"/><worldbody><include file=\"parts/arm.xml\"/>"
                + "<body name=\"last\"><geom size=\"0.1\"/></body></worldbody></mujoco>");
        assertThat(m.timestep).isEqualTo(0.005);
        assertThat(m.body_name).containsExactly("world", "arm", "more", "last");
        assertThat(m.nq).isEqualTo(8);
    }

    @Test
    void networkXmlWithoutAGrantedDirectoryReadsNoFile() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><worldbody><include file=\"/etc/passwd\"/></worldbody></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("<include> at line 1")
                .hasMessageContaining("without file access");
    }

    @Test
    void aCycleIsRefused() throws IOException {
        Files.writeString(dir.resolve("a.xml"), "<mujoco><include file=\"b.xml\"/></mujoco>");
        Files.writeString(dir.resolve("b.xml"), "<mujoco><include file=\"./a.xml\"/></mujoco>");
        assertThatThrownBy(() -> load("<mujoco><include file=\"a.xml\"/></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("'./a.xml' is already included");
    }

    @Test
    void aPathEscapingTheGrantedDirectoryIsRefused() throws IOException {
        Path inner = Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("secret.xml"), "<mujoco><option timestep=\"0.1\"/></mujoco>");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><include file=\"../secret.xml\"/></mujoco>", MjcfLoader.Limits.DEFAULT,
                AssetAccess.directory(inner)))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("outside the granted asset directory");
    }

    @Test
    void inMemoryAssetsServeIncludesAndMissingFilesAreNamed() {
        MjModel m = MjcfLoader.load("<mujoco><include file=\"opt.xml\"/></mujoco>", MjcfLoader.Limits.DEFAULT,
                AssetAccess.memory(Map.of("opt.xml", "<mujoco><option timestep=\"0.004\"/></mujoco>".getBytes())));
        assertThat(m.timestep).isEqualTo(0.004);
        assertThatThrownBy(() -> load("<mujoco><include file=\"nope.xml\"/></mujoco>"))
                .hasMessageContaining("'nope.xml' does not exist");
    }

    @Test
    void malformedOrChildBearingIncludesAreRefused() throws IOException {
        Files.writeString(dir.resolve("bad.xml"), "<mujoco><option></mujoco>");
        assertThatThrownBy(() -> load("<mujoco><include file=\"bad.xml\"/></mujoco>"))
                .hasMessageContaining("is not valid XML");
        assertThatThrownBy(() -> load("<mujoco><include file=\"bad.xml\"><geom/></include></mujoco>"))
                .hasMessageContaining("cannot have children");
        assertThatThrownBy(() -> load("<mujoco><include/></mujoco>"))
                .hasMessageContaining("Missing required attribute 'file'");
    }
}
