package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;

/** Inline mesh assets and mesh geoms: what is compiled, and every malformed input refused with a clear message. */
class MeshAssetTest {
    private static final String CUBE_VERTS = "-1 -1 -1  1 -1 -1  1 1 -1  -1 1 -1  -1 -1 1  1 -1 1  1 1 1  -1 1 1";

    private static MjModel load(String mesh, String geom) {
        return MjcfLoader.load("<mujoco><asset>" + mesh + "</asset><worldbody><body><freejoint/>" + geom
                + "</body></worldbody></mujoco>");
    }

    private static SceneException refused(String mesh) {
        try {
            load(mesh, "<geom type='mesh' mesh='m'/>");
        } catch (SceneException e) {
            return e;
        }
        throw new AssertionError("accepted: " + mesh);
    }

    @Test
    void cubeWithoutFacesGetsItsHullAndTheCubesMassAndInertia() {
        // vertices are single precision, as in MuJoCo: 0.05 is not exact, hence the float-level tolerances
        MjModel m = load("<mesh name='m' vertex='" + CUBE_VERTS + "' scale='0.05 0.05 0.05'/>",
                "<geom type='mesh' mesh='m' pos='0 0 0.1'/>");
        assertThat(m.nmesh).isEqualTo(1);
        assertThat(m.mesh_hullnum[0]).isEqualTo(12);
        assertThat(m.mesh_facenum[0]).isEqualTo(12);
        assertThat(m.geom_type[0]).isEqualTo(MjModel.GEOM_MESH);
        assertThat(m.geom_dataid[0]).isZero();
        assertThat(m.body_mass[1]).isCloseTo(1.0, within(1e-6));
        assertThat(m.body_inertia[3]).isCloseTo(1.0 * (0.01 + 0.01) / 12, within(1e-8));
        assertThat(m.body_ipos[5]).isCloseTo(0.1, within(1e-12));
        // a cube's inertia is the same about every axis, so its principal frame is whatever the
        // eigen-solver returns (in MuJoCo too): the geom frame carries the vertices back to the cube
        double[] r = io.vlaarena.sim.internal.util.Spatial.quat2Mat(java.util.Arrays.copyOfRange(m.geom_quat, 0, 4));
        for (int v = 0; v < m.mesh_vertnum[0]; v++) {
            for (int k = 0; k < 3; k++) {
                double c = m.geom_pos[k] - (k == 2 ? 0.1 : 0);
                for (int j = 0; j < 3; j++) {
                    c += r[3 * k + j] * m.mesh_vert[3 * v + j];
                }
                assertThat(Math.abs(c)).isCloseTo(0.05, within(1e-8));
            }
        }
    }

    @Test
    void hullOfPointsWithInteriorPointsKeepsOnlyTheOuterOnes() throws Exception {
        double[] p = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.1, 1, 1, 1};
        int[] hull = ConvexHull.triangles(p);
        for (int v : hull) {
            assertThat(v).isNotIn(4, 5);
        }
        // closed surface: every directed edge has its reverse
        java.util.Set<Long> edges = new java.util.HashSet<>();
        for (int f = 0; f < hull.length / 3; f++) {
            for (int k = 0; k < 3; k++) {
                edges.add(((long) hull[3 * f + k] << 32) | hull[3 * f + (k + 1) % 3]);
            }
        }
        for (long e : edges) {
            assertThat(edges).contains(((e & 0xffffffffL) << 32) | (e >>> 32));
        }
    }

    @Test
    void explicitMassScalesTheMeshInertia() {
        MjModel m = load("<mesh name='m' vertex='" + CUBE_VERTS + "' scale='0.05 0.05 0.05'/>",
                "<geom type='mesh' mesh='m' mass='3'/>");
        assertThat(m.body_mass[1]).isEqualTo(3.0);
        assertThat(m.body_inertia[3]).isCloseTo(3.0 * 0.02 / 12, within(1e-8));
    }

    @Test
    void refusesMeshFilesBecauseTheXmlMayComeFromTheNetwork() {
        assertThat(refused("<mesh name='m' file='/etc/passwd'/>")).hasMessageContaining("Attribute 'file' of <mesh> at line 1 is refused")
                .hasMessageContaining("never reads files");
    }

    @Test
    void refusesVertexCountsThatAreNotWholeVertices() {
        assertThat(refused("<mesh name='m' vertex='0 0 0 1 0 0 0 1 0 0 0 1 5'/>"))
                .hasMessage("Attribute 'vertex' of <mesh> at line 1 has 13 numbers, which is not a multiple of 3 (x y z per vertex).");
    }

    @Test
    void refusesAbsurdVertexCounts() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= MeshAsset.MAX_VERTICES; i++) {
            sb.append(i % 7).append(" 0 ").append(i % 3).append(' ');
        }
        assertThat(refused("<mesh name='m' vertex='" + sb + "'/>"))
                .hasMessageContaining("has 200001 vertices; at most 200000 are accepted per mesh.");
    }

    @Test
    void refusesFaceIndicesOutOfRangeOrNotWhole() {
        String v = "vertex='0 0 0 1 0 0 0 1 0 0 0 1'";
        assertThat(refused("<mesh name='m' " + v + " face='0 2 1 0 1 4'/>"))
                .hasMessageContaining("Attribute 'face' of <mesh> at line 1 has the vertex index '4' at position 5; indices must be whole numbers from 0 to 3.");
        assertThat(refused("<mesh name='m' " + v + " face='0 2 1 0 1 -1'/>")).hasMessageContaining("vertex index '-1'");
        assertThat(refused("<mesh name='m' " + v + " face='0 2 1.5'/>")).hasMessageContaining("vertex index '1.5'");
        assertThat(refused("<mesh name='m' " + v + " face='0 2 1 0'/>")).hasMessageContaining("3 vertex indices per triangle");
    }

    @Test
    void refusesNonFiniteNumbers() {
        assertThat(refused("<mesh name='m' vertex='0 0 0 1 0 0 0 1 0 0 0 nan'/>")).hasMessageContaining("non-finite");
        assertThat(refused("<mesh name='m' vertex='0 0 0 1 0 0 0 1 0 0 0 1e999'/>")).hasMessageContaining("non-finite");
    }

    @Test
    void refusesMeshesWithoutVolume() {
        assertThat(refused("<mesh name='m' vertex='0 0 0 1 0 0 0 1 0 1 1 0'/>"))
                .hasMessageContaining("encloses no volume (all vertices lie in one plane)");
        assertThat(refused("<mesh name='m' vertex='0 0 0 1 0 0 0 1 0 0 0 1' face='0 1 2 0 2 1'/>"))
                .hasMessageContaining("zero volume");
        assertThat(refused("<mesh name='m' vertex='0 0 0 1 0 0 2 0 0'/>")).hasMessageContaining("has 3 vertices; a mesh needs at least 4");
    }

    @Test
    void refusesUnnamedAndRepeatedMeshesAndMisusedGeoms() {
        assertThat(refused("<mesh vertex='" + CUBE_VERTS + "'/>")).hasMessageContaining("needs a 'name'");
        assertThat(refused("<mesh name='m' vertex='" + CUBE_VERTS + "'/><mesh name='m' vertex='" + CUBE_VERTS + "'/>"))
                .hasMessageContaining("Repeated mesh name 'm'");
        assertThatThrownBy(() -> load("<mesh name='m' vertex='" + CUBE_VERTS + "'/>", "<geom type='box' size='1 1 1' mesh='m'/>"))
                .hasMessageContaining("is only used by geoms of type 'mesh'");
        assertThatThrownBy(() -> load("<mesh name='m' vertex='" + CUBE_VERTS + "'/>", "<geom type='mesh'/>"))
                .hasMessageContaining("Attribute 'mesh' of <geom> at line 1 is missing");
        assertThatThrownBy(() -> load("<mesh name='m' vertex='" + CUBE_VERTS + "'/>", "<geom type='mesh' mesh='other'/>"))
                .hasMessageContaining("refers to unknown mesh 'other'; known meshes: [m]");
        assertThatThrownBy(() -> load("<mesh name='m' vertex='" + CUBE_VERTS + "' refpos='1 0 0'/>", "<geom type='mesh' mesh='m'/>"))
                .hasMessageContaining("refpos");
    }
}
