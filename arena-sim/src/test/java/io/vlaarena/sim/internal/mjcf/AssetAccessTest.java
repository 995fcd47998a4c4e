package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mesh files stay confined to what the caller granted: every escape, oddity and excess is refused, naming mesh and path. */
class AssetAccessTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(tmp.resolve("scene"));
        outside = Files.createDirectories(tmp.resolve("private"));
        Files.createDirectories(root.resolve("assets"));
        Files.write(root.resolve("assets/tet.stl"), MeshFilesTest.tetStl());
        Files.write(outside.resolve("secret.stl"), MeshFilesTest.tetStl());
    }

    private static String scene(String compiler, String file) {
        return "<mujoco><compiler " + compiler + "/><asset><mesh name='m' file='" + file + "'/></asset>"
                + "<worldbody><body><freejoint/><geom type='mesh' mesh='m'/></body></worldbody></mujoco>";
    }

    private MjModel load(String compiler, String file) {
        return MjcfLoader.load(scene(compiler, file), MjcfLoader.Limits.DEFAULT, AssetAccess.directory(root));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String compiler, String file) {
        return assertThatThrownBy(() -> load(compiler, file)).isInstanceOf(SceneException.class).hasMessageStartingWith("Mesh 'm': the file '");
    }

    @Test
    void readsFilesUnderTheGrantedDirectory() {
        assertThat(load("meshdir='assets'", "tet.stl").nmesh).isEqualTo(1);
        assertThat(load("", "assets/tet.stl").nmesh).isEqualTo(1);
        assertThat(load("meshdir='assets/'", "./../assets/tet.stl").nmesh).isEqualTo(1);
        // absolute names are MuJoCo's too; they are accepted while they stay inside the directory
        assertThat(load("meshdir='" + root.resolve("assets") + "'", "tet.stl").nmesh).isEqualTo(1);
        assertThat(load("", root.resolve("assets/tet.stl").toString()).nmesh).isEqualTo(1);
    }

    @Test
    void refusesDotDotEscape() {
        refused("meshdir='assets'", "../../private/secret.stl").hasMessageContaining("'assets/../../private/secret.stl' resolves to '"
                + outside.resolve("secret.stl") + "', outside the granted asset directory");
        refused("meshdir='../private'", "secret.stl").hasMessageContaining("outside the granted asset directory");
    }

    @Test
    void refusesAbsolutePathOutside() {
        refused("", outside.resolve("secret.stl").toString()).hasMessageContaining("outside the granted asset directory");
        refused("meshdir='" + outside + "'", "secret.stl").hasMessageContaining("outside the granted asset directory");
        refused("", "/etc/passwd.stl").hasMessageContaining("outside the granted asset directory");
    }

    @Test
    void refusesSymlinkPointingOutside() throws IOException {
        Files.createSymbolicLink(root.resolve("assets/link.stl"), outside.resolve("secret.stl"));
        refused("meshdir='assets'", "link.stl").hasMessageContaining("'assets/link.stl' is a symbolic link to '"
                + outside.toRealPath().resolve("secret.stl") + "', outside the granted asset directory");
        Files.createSymbolicLink(root.resolve("elsewhere"), outside);
        refused("meshdir='elsewhere'", "secret.stl").hasMessageContaining("is a symbolic link to");
    }

    @Test
    void followsSymlinksThatStayInside() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.stl"), root.resolve("assets/tet.stl"));
        assertThat(load("", "alias.stl").nmesh).isEqualTo(1);
    }

    @Test
    void refusesMissingFile() throws IOException {
        refused("meshdir='assets'", "nothere.stl").hasMessageContaining("'assets/nothere.stl' does not exist (looked for '"
                + root.toRealPath().resolve("assets/nothere.stl") + "')");
    }

    @Test
    void refusesDirectoryInsteadOfFile() throws IOException {
        Files.createDirectories(root.resolve("assets/dir.stl"));
        refused("meshdir='assets'", "dir.stl").hasMessageContaining("'assets/dir.stl' is a directory; a mesh file must be a regular file");
    }

    @Test
    void refusesOversizedFileWithoutReadingIt() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("assets/huge.stl").toFile(), "rw")) {
            f.setLength(AssetAccess.MAX_FILE_BYTES + 1); // sparse: nothing is written or read
        }
        refused("meshdir='assets'", "huge.stl").hasMessageContaining("'assets/huge.stl' is 67108865 bytes; mesh files are limited to 67108864 bytes");
    }

    @Test
    void refusesModelWhoseMeshFilesTogetherExceedTheTotal() {
        String xml = "<mujoco><compiler meshdir='assets'/><asset><mesh name='a' file='tet.stl'/><mesh name='b' file='tet.stl'/></asset></mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load(xml, MjcfLoader.Limits.DEFAULT, AssetAccess.directory(root, 300, 500)))
                .isInstanceOf(SceneException.class)
                .hasMessage("Mesh 'b': reading 'tet.stl' brings the mesh files of this model to 568 bytes; at most 500 bytes are read per model.");
        assertThatThrownBy(() -> MjcfLoader.load(xml, MjcfLoader.Limits.DEFAULT, AssetAccess.directory(root, 200, 500)))
                .hasMessageContaining("Mesh 'a': the file 'assets/tet.stl' is 284 bytes; mesh files are limited to 200 bytes");
    }

    @Test
    void refusesAMissingAssetDirectory() {
        assertThatThrownBy(() -> AssetAccess.directory(tmp.resolve("none"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("cannot be used");
    }

    @Test
    void inMemoryAssetsNeverLeaveTheirRoot() {
        Map<String, byte[]> assets = Map.of("assets/tet.stl", MeshFilesTest.tetStl());
        assertThat(MjcfLoader.load(scene("meshdir='assets'", "./x/../tet.stl"), MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets)).nmesh)
                .isEqualTo(1);
        assertThatThrownBy(() -> MjcfLoader.load(scene("meshdir='assets'", "../../tet.stl"), MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets)))
                .hasMessageContaining("Mesh 'm': the file 'assets/../../tet.stl' leaves the asset root with '..'");
        assertThatThrownBy(() -> MjcfLoader.load(scene("", "/assets/tet.stl"), MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets)))
                .hasMessageContaining("is an absolute path; in-memory assets are named by relative paths");
        assertThatThrownBy(() -> MjcfLoader.load(scene("", "tet.stl"), MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets)))
                .hasMessageContaining("'tet.stl' is not among the in-memory assets (looked for 'tet.stl'; assets: [assets/tet.stl])");
    }
}
