package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading STL and OBJ mesh files as MuJoCo 2.2.2 lays them out, and every malformed file refused clearly. */
class MeshFilesTest {
    /** A unit-corner tetrahedron: 4 triangles, outward. */
    private static final float[][] TET = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    private static final int[][] TET_FACES = {{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}};

    static byte[] binaryStl(String header, float[][] v, int[][] faces) {
        ByteBuffer b = ByteBuffer.allocate(84 + 50 * faces.length).order(ByteOrder.LITTLE_ENDIAN);
        byte[] h = Arrays.copyOf(header.getBytes(StandardCharsets.US_ASCII), 80);
        b.put(h).putInt(faces.length);
        for (int[] f : faces) {
            b.putFloat(0).putFloat(0).putFloat(0);
            for (int i : f) {
                b.putFloat(v[i][0]).putFloat(v[i][1]).putFloat(v[i][2]);
            }
            b.putShort((short) 0);
        }
        return b.array();
    }

    static byte[] tetStl() {
        return binaryStl("tetrahedron", TET, TET_FACES);
    }

    static String asciiStl(float[][] v, int[][] faces) {
        StringBuilder s = new StringBuilder("solid t\n");
        for (int[] f : faces) {
            s.append(" facet normal 0 0 0\n  outer loop\n");
            for (int i : f) {
                s.append("   vertex ").append(v[i][0]).append(' ').append(v[i][1]).append(' ').append(v[i][2]).append('\n');
            }
            s.append("  endloop\n endfacet\n");
        }
        return s.append("endsolid t\n").toString();
    }

    private static SceneException refused(String file, byte[] bytes) {
        try {
            MeshFiles.read("m", file, bytes, MeshAsset.MAX_FACES);
        } catch (SceneException e) {
            return e;
        }
        throw new AssertionError("accepted: " + file);
    }

    private static SceneException refused(String file, String text) {
        return refused(file, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryStlMergesRepeatedCornersInOrderOfFirstAppearance() {
        MeshFiles.Data d = MeshFiles.read("m", "t.stl", tetStl(), MeshAsset.MAX_FACES);
        assertThat(d.vert()).containsExactly(0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1);
        assertThat(d.face()).containsExactly(0, 1, 2, 0, 2, 3, 0, 3, 1, 2, 1, 3);
    }

    @Test
    void binaryStlWhoseHeaderStartsWithSolidIsStillBinary() {
        MeshFiles.Data d = MeshFiles.read("m", "t.STL", binaryStl("solid but binary", TET, TET_FACES), MeshAsset.MAX_FACES);
        assertThat(d.vert()).hasSize(12);
    }

    @Test
    void asciiStlReadsTheSameMeshAsBinary() {
        MeshFiles.Data bin = MeshFiles.read("m", "t.stl", tetStl(), MeshAsset.MAX_FACES);
        MeshFiles.Data asc = MeshFiles.read("m", "t.stl", asciiStl(TET, TET_FACES).getBytes(StandardCharsets.US_ASCII), MeshAsset.MAX_FACES);
        assertThat(asc.vert()).containsExactly(bin.vert());
        assertThat(asc.face()).containsExactly(bin.face());
    }

    @Test
    void refusesTruncatedBinaryStl() {
        byte[] b = tetStl();
        assertThat(refused("t.stl", Arrays.copyOf(b, b.length - 7)))
                .hasMessageContaining("Mesh 'm': the file 't.stl'")
                .hasMessageContaining("header announces 4 triangles, which take 284 bytes");
        assertThat(refused("t.stl", new byte[20])).hasMessageContaining("shorter than a binary STL header");
    }

    @Test
    void refusesStlWithoutTrianglesOrWithNonFiniteOrHugeCoordinates() {
        assertThat(refused("t.stl", binaryStl("none", TET, new int[0][]))).hasMessageContaining("has 0 triangles");
        float[][] nan = {{0, 0, 0}, {1, 0, 0}, {0, Float.NaN, 0}, {0, 0, 1}};
        assertThat(refused("t.stl", binaryStl("nan", nan, TET_FACES))).hasMessageContaining("non-finite vertex coordinate");
        float[][] inf = {{0, 0, 0}, {Float.POSITIVE_INFINITY, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertThat(refused("t.stl", binaryStl("inf", inf, TET_FACES))).hasMessageContaining("non-finite vertex coordinate");
        float[][] huge = {{0, 0, 0}, {2e9f, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertThat(refused("t.stl", binaryStl("huge", huge, TET_FACES))).hasMessageContaining("beyond 1073741824");
    }

    @Test
    void refusesMalformedAsciiStl() {
        assertThat(refused("t.stl", "solid t\n facet normal 0 0 0\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n  endloop\n"))
                .hasMessageContaining("a facet needs exactly 3 vertices");
        assertThat(refused("t.stl", "solid t\n facet normal 0 0 0\n  outer loop\n   vertex 0 0 0\n   vertex 1 0"))
                .hasMessageContaining("'vertex' needs 3 coordinates");
        assertThat(refused("t.stl", "solid t\n  outer loop\n   vertex 0 0 nan\n"))
                .hasMessageContaining("'nan' is not a");
        assertThat(refused("t.stl", "solid t\n  outer loop\n   vertex 0 0 0\n")).hasMessageContaining("ends inside a facet");
        assertThat(refused("t.stl", "solid t\nendsolid t\n")).hasMessageContaining("without triangles");
    }

    @Test
    void objGivesEveryFaceCornerItsOwnVertexAndSplitsPolygonsIntoAFan() {
        String obj = "# comment\nmtllib a.mtl\no thing\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 9 9 9 1\nvt 0 0\nvn 0 0 1\n"
                + "usemtl x\ns 1\nf 1/1/1 2/1/1 3/1/1 4/1/1\nf 1//1 -3//1 -4\nl 1 2\n";
        MeshFiles.Data d = MeshFiles.read("m", "q.obj", obj.getBytes(StandardCharsets.UTF_8), MeshAsset.MAX_FACES);
        // quad 1 2 3 4 -> (1 2 3) (1 3 4); of 5 vertices -3 is vertex 3 and -4 vertex 2; vertex 5 is unused
        assertThat(d.face()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(d.vert()).containsExactly(0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0);
    }

    @Test
    void refusesObjFaceIndexOutOfRange() {
        String v = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\n";
        assertThat(refused("t.obj", v + "f 1 2 5\n")).hasMessageContaining("Mesh 'm': the file 't.obj' line 5: the vertex index 5 is out of range; 4 vertices");
        assertThat(refused("t.obj", v + "f 1 2 0\n")).hasMessageContaining("the vertex index 0 is out of range");
        assertThat(refused("t.obj", v + "f 1 2 -5\n")).hasMessageContaining("the vertex index -5 is out of range");
        assertThat(refused("t.obj", v + "f 1 2 x/1\n")).hasMessageContaining("does not start with a vertex index");
    }

    @Test
    void refusesMalformedObj() {
        assertThat(refused("t.obj", "v 0 0 nan\n")).hasMessageContaining("line 1: 'nan' is not a");
        assertThat(refused("t.obj", "v 0 0 NaN\n")).hasMessageContaining("'NaN' is not a finite decimal number");
        assertThat(refused("t.obj", "v 0 0 0x1p3\n")).hasMessageContaining("'0x1p3' is not a finite decimal number");
        assertThat(refused("t.obj", "v 0 0 1e39\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")).hasMessageContaining("non-finite vertex coordinate");
        assertThat(refused("t.obj", "v 0 0\n")).hasMessageContaining("'v' needs 3 coordinates");
        assertThat(refused("t.obj", "v 0 0 0\nv 1 0 0\nf 1 2\n")).hasMessageContaining("a face needs at least 3 vertices, it has 2");
        assertThat(refused("t.obj", "v 0 0 0\n")).hasMessageContaining("has no faces");
    }

    @Test
    void refusesObjWithFacesInSeveralGroupsBecauseMuJoCo222ReadsOnlyTheFirst() {
        String v = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\n";
        assertThat(refused("t.obj", "o a\n" + v + "f 1 3 2\nf 1 2 4\ng b\nf 1 4 3\nf 2 3 4\n"))
                .hasMessageContaining("has faces in more than one object or group (line 8 starts another after faces, line 9");
        assertThat(refused("t.obj", v + "f 1 3 2\no b\nf 2 3 4\n")).hasMessageContaining("more than one object or group");
        // a group or object line before any face, or a bare 'g', starts nothing
        MeshFiles.read("m", "t.obj", ("o a\n" + v + "g faces\nf 1 3 2\nf 1 2 4\ng\nf 1 4 3\nf 2 3 4\n").getBytes(StandardCharsets.UTF_8),
                MeshAsset.MAX_FACES);
    }

    @Test
    void refusesMshAndUnknownFileTypes() {
        assertThatThrownBy(() -> MeshFiles.format("m", "link.msh")).isInstanceOf(SceneException.class)
                .hasMessageContaining("MuJoCo's .msh format, which is not supported; convert it to STL or OBJ");
        assertThatThrownBy(() -> MeshFiles.format("m", "link.ply")).isInstanceOf(SceneException.class)
                .hasMessageContaining("unknown mesh type; supported: .stl (binary or ASCII), .obj");
        assertThatThrownBy(() -> MeshFiles.format("m", "noext")).isInstanceOf(SceneException.class);
    }

    @Test
    void fileMeshIsNamedAfterItsFileAndScaledLikeAnInlineMesh() {
        String xml = "<mujoco><compiler meshdir='parts'/><default><mesh scale='2 2 2'/></default><asset>"
                + "<mesh file='sub/tet.v1.stl'/><mesh name='inline' vertex='0 0 0 1 0 0 0 1 0 0 0 1'/></asset>"
                + "<worldbody><body><freejoint/><geom type='mesh' mesh='tet.v1'/></body>"
                + "<body><freejoint/><geom type='mesh' mesh='inline'/></body></worldbody></mujoco>";
        MjModel m = MjcfLoader.load(xml, MjcfLoader.Limits.DEFAULT, AssetAccess.memory(Map.of("parts/sub/tet.v1.stl", tetStl())));
        assertThat(m.mesh_name).containsExactly("tet.v1", "inline");
        // same solid (the inline one's triangles come from its hull, so only round-off differs)
        assertThat(m.body_mass[1]).isCloseTo(m.body_mass[2], within(1e-9 * m.body_mass[2]));
        assertThat(m.body_inertia[3]).isCloseTo(m.body_inertia[6], within(1e-9 * m.body_inertia[6]));
        assertThat(m.geom_size[0]).isCloseTo(m.geom_size[3], within(1e-9));
    }

    @Test
    void strippathDropsTheFilesDirectoriesAndAssetdirActsAsMeshdir() {
        String body = "<worldbody><body><freejoint/><geom type='mesh' mesh='tet'/></body></worldbody></mujoco>";
        Map<String, byte[]> assets = Map.of("a/tet.stl", tetStl());
        MjcfLoader.load("<mujoco><compiler meshdir='a' strippath='true'/><asset><mesh file='x/y/tet.stl'/></asset>" + body,
                MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets));
        MjcfLoader.load("<mujoco><compiler assetdir='a'/><asset><mesh file='tet.stl'/></asset>" + body,
                MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets));
        MjcfLoader.load("<mujoco><compiler assetdir='b' meshdir='a'/><asset><mesh file='tet.stl'/></asset>" + body,
                MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets));
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><compiler meshdir='a'/><asset><mesh file='x/tet.stl'/></asset>" + body,
                MjcfLoader.Limits.DEFAULT, AssetAccess.memory(assets))).hasMessageContaining("'a/x/tet.stl' is not among the in-memory assets");
    }

    @Test
    void refusesFileTogetherWithInlineData() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><asset><mesh file='tet.stl' vertex='0 0 0 1 0 0 0 1 0 0 0 1'/></asset></mujoco>",
                MjcfLoader.Limits.DEFAULT, AssetAccess.memory(Map.of("tet.stl", tetStl()))))
                .isInstanceOf(SceneException.class).hasMessageContaining("Attribute 'vertex' of <mesh> at line 1 is given together with 'file'");
    }

    @Test
    void withoutGrantedAccessFileIsRefusedAsBefore() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><compiler meshdir='a'/><asset><mesh file='tet.stl'/></asset></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("Attribute 'file' of <mesh> at line 1 is refused")
                .hasMessageContaining("never reads files named by the XML");
    }
}
