package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Loading models: only the loads that grant file access read mesh files, and only inside what they grant. */
@Timeout(60)
class SimModelTest {
    private static final String SCENE = "<mujoco model='files'><compiler meshdir='meshes'/><asset><mesh file='cuboid.stl'/>"
            + "<mesh file='wedge.obj'/></asset><worldbody><body><freejoint/><geom type='mesh' mesh='cuboid'/></body>"
            + "<body pos='0 0 1'><freejoint/><geom type='mesh' mesh='wedge'/></body></worldbody></mujoco>";

    @TempDir
    Path dir;
    byte[] stl;
    byte[] obj;

    @BeforeEach
    void meshes() throws IOException {
        stl = resource("cuboid.stl");
        obj = resource("wedge.obj");
        Files.createDirectories(dir.resolve("meshes"));
        Files.write(dir.resolve("meshes/cuboid.stl"), stl);
        Files.write(dir.resolve("meshes/wedge.obj"), obj);
        Files.writeString(dir.resolve("scene.xml"), SCENE, StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SimModelTest.class.getResourceAsStream("/io/vlaarena/sim/reference/meshes/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aLocalFileIncludesPartsFromItsDirectoryButXmlTextDoesNot() throws IOException {
        Files.createDirectories(dir.resolve("robot"));
        Files.writeString(dir.resolve("robot/arm.xml"), "<mujoco><body name=\"arm\"><joint name=\"shoulder\"/>"
                + "<geom size=\"0.1\"/></body></mujoco>");
        String scene = "<mujoco><worldbody><include file=\"robot/arm.xml\"/></worldbody></mujoco>";
        Path file = Files.writeString(dir.resolve("scene.xml"), scene);
        assertThat(SimModel.load(file).jointNames()).containsExactly("shoulder");
        assertThatThrownBy(() -> SimModel.load(scene)).isInstanceOf(SceneException.class)
                .hasMessageContaining("loaded without file access");
    }

    @Test
    void loadsAFileAndItsMeshesRelativeToItsDirectory() {
        SimModel m = SimModel.load(dir.resolve("scene.xml"));
        assertThat(m.name()).isEqualTo("files");
        assertThat(m.nq()).isEqualTo(14);
        // the cuboid mesh: 0.2 x 0.1 x 0.06 at density 1000
        assertThat(m.raw().body_mass[1]).isCloseTo(1.2, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void theThreeGrantingLoadsCompileTheSameModel() {
        SimModel fromFile = SimModel.load(dir.resolve("scene.xml"));
        SimModel fromDir = SimModel.load(SCENE, dir);
        SimModel fromMemory = SimModel.load(SCENE, Map.of("meshes/cuboid.stl", stl, "meshes/wedge.obj", obj));
        for (SimModel m : new SimModel[] {fromDir, fromMemory}) {
            assertThat(m.raw().body_mass).containsExactly(fromFile.raw().body_mass);
            assertThat(m.raw().mesh_vert).containsExactly(fromFile.raw().mesh_vert);
        }
    }

    @Test
    void theUntrustedLoadStillRefusesMeshFiles() {
        assertThatThrownBy(() -> SimModel.load(SCENE)).isInstanceOf(SceneException.class)
                .hasMessageContaining("Attribute 'file' of <mesh> at line 1 is refused: the loader never reads files named by the XML");
    }

    @Test
    void fileAccessStaysInsideTheGrantedDirectory() throws IOException {
        Files.createDirectories(dir.resolve("inner"));
        assertThatThrownBy(() -> SimModel.load(SCENE.replace("meshdir='meshes'", "meshdir='../meshes'"), dir.resolve("inner")))
                .isInstanceOf(SceneException.class).hasMessageContaining("Mesh 'cuboid': the file '../meshes/cuboid.stl' resolves to")
                .hasMessageContaining("outside the granted asset directory");
        Files.writeString(dir.resolve("inner/scene.xml"), SCENE.replace("meshdir='meshes'", "meshdir='../meshes'"));
        assertThatThrownBy(() -> SimModel.load(dir.resolve("inner/scene.xml"))).hasMessageContaining("outside the granted asset directory");
    }

    @Test
    void refusesAMissingOrOddModelFile() {
        assertThatThrownBy(() -> SimModel.load(dir.resolve("none.xml"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("The MJCF file '" + dir.resolve("none.xml") + "' cannot be read");
        assertThatThrownBy(() -> SimModel.load(dir.resolve("meshes"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void looksUpTheBundledScenesLayoutByName() {
        SimModel m = SimModel.load(BundledScenes.frankaTableXml());
        assertThat(m.nq()).isEqualTo(30);
        assertThat(m.nv()).isEqualTo(27);
        for (int i = 1; i <= 7; i++) {
            Joint arm = m.joint("joint" + i);
            assertThat(arm.kind()).isEqualTo(Joint.Kind.HINGE);
            assertThat(arm.qposAddress()).isEqualTo(i - 1);
            assertThat(arm.qvelAddress()).isEqualTo(i - 1);
            assertThat(m.actuator("actuator" + i)).isEqualTo(i - 1);
        }
        assertThat(m.joint("finger_joint2").qposAddress()).isEqualTo(8);
        assertThat(m.actuator("gripper")).isEqualTo(7);
        Joint cube = m.joint("red_cube_joint");
        assertThat(cube.kind()).isEqualTo(Joint.Kind.FREE);
        assertThat(cube.qposAddress()).isEqualTo(9);
        assertThat(cube.qposWidth()).isEqualTo(7);
        assertThat(cube.qvelAddress()).isEqualTo(9);
        assertThat(cube.qvelWidth()).isEqualTo(6);
        assertThat(m.joint("blue_cube_joint").qposAddress()).isEqualTo(16);
        assertThat(m.joint("green_sphere_joint").qposAddress()).isEqualTo(23);
        assertThat(m.joint("green_sphere_joint").qvelAddress()).isEqualTo(21);
        assertThat(m.camera("front")).isEqualTo(m.cameraNames().indexOf("front"));
        assertThat(m.site("ee_site")).isEqualTo(m.siteNames().indexOf("ee_site"));
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes() {
        SimModel m = SimModel.load(BundledScenes.frankaTableXml());
        assertThatThrownBy(() -> m.joint("elbow")).isInstanceOf(io.vlaarena.core.NotFoundException.class)
                .hasMessageStartingWith("Unknown joint 'elbow'; the model's joints: [joint1, joint2,")
                .hasMessageContaining("red_cube_joint");
        assertThatThrownBy(() -> m.actuator("motor9")).isInstanceOf(io.vlaarena.core.NotFoundException.class)
                .hasMessageContaining("the model's actuators: [actuator1").hasMessageContaining("gripper");
        assertThatThrownBy(() -> m.camera("side")).hasMessageContaining("the model's cameras:").hasMessageContaining("front");
        assertThatThrownBy(() -> m.site("")).hasMessageContaining("Unknown site ''").hasMessageContaining("ee_site");
    }
}
