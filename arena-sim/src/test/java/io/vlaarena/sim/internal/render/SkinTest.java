package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.RgbImage;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Composite skins against MuJoCo 2.2.2 ({@code mjref skins skin_composites.xml --perturb 0.1}):
 * the compiled skin arrays (vertices, texture coordinates, triangles, bones with bind poses,
 * vertex ids and normalized weights: cloth with subgrid, 2-D grid, box, cylinder, ellipsoid) and
 * the vertices and normals drawn for the bodies at a perturbed qpos0.
 */
@Timeout(60)
class SkinTest {
    private static final String DIR = "/io/vlaarena/sim/reference/";

    private static String read(String resource) throws IOException {
        try (InputStream in = SkinTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double[] numbers(String[] tokens, int from) {
        return Arrays.stream(tokens, from, tokens.length).mapToDouble(Double::parseDouble).toArray();
    }

    private static void near(String what, double[] actual, double[] expected, double tol) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], within(tol));
        }
    }

    private static double[] doubles(float[] a, int from, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = a[from + i];
        }
        return out;
    }

    @Test
    void compositeSkinsAndTheirPosedVerticesAreMuJoCos() throws IOException {
        MjModel m = MjcfLoader.load(read(DIR + "skin_composites.xml"));
        List<String[]> lines = new ArrayList<>();
        for (String line : read(DIR + "skin_composites.skins.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line.strip().split("\\s+"));
            }
        }
        assertThat(new int[] {m.nskin, m.nskinvert, m.nskintexvert, m.nskinface, m.nskinbone, m.nskinbonevert})
                .as("nskin nskinvert nskintexvert nskinface nskinbone nskinbonevert")
                .containsExactly(Arrays.stream(lines.get(0)).mapToInt(Integer::parseInt).toArray());

        PhysicsModel pm = new PhysicsModel(m);
        MjData d = new MjData(pm);
        for (int i = 0; i < m.nq; i++) {
            d.qpos[i] += 0.1 * Math.sin(i + 1);
        }
        Smooth.kinematics(pm, d);

        int li = 1;
        double worstVertex = 0, worstNormal = 0;
        for (int s = 0; s < m.nskin; s++) {
            String[] head = lines.get(li++);
            String what = "skin " + s + " (" + m.skin_name[s] + ")";
            assertThat(head[1]).as(what + " name").isEqualTo(m.skin_name[s]);
            assertThat(new int[] {m.skin_matid[s], m.skin_group[s], m.skin_vertnum[s], m.skin_texcoordadr[s],
                m.skin_facenum[s], m.skin_bonenum[s]}).as(what + " matid group vertnum texcoordadr facenum bonenum")
                    .containsExactly(Integer.parseInt(head[2]), Integer.parseInt(head[3]), Integer.parseInt(head[9]),
                            Integer.parseInt(head[10]), Integer.parseInt(head[11]), Integer.parseInt(head[12]));
            assertThat((double) m.skin_inflate[s]).as(what + " inflate").isEqualTo(Double.parseDouble(head[4]));
            near(what + " rgba", Arrays.copyOfRange(m.skin_rgba, 4 * s, 4 * s + 4), numbers(Arrays.copyOfRange(head, 5, 9), 0),
                    1e-7);
            int nv = m.skin_vertnum[s], va = m.skin_vertadr[s];
            near(what + " vert", doubles(m.skin_vert, 3 * va, 3 * nv), numbers(lines.get(li++), 1), 0);
            if (m.skin_texcoordadr[s] >= 0) {
                near(what + " texcoord", doubles(m.skin_texcoord, 2 * m.skin_texcoordadr[s], 2 * nv),
                        numbers(lines.get(li++), 1), 0);
            }
            int[] face = Arrays.copyOfRange(m.skin_face, 3 * m.skin_faceadr[s], 3 * (m.skin_faceadr[s] + m.skin_facenum[s]));
            assertThat(face).as(what + " faces").containsExactly(
                    Arrays.stream(lines.get(li++), 1, 1 + face.length).mapToInt(Integer::parseInt).toArray());
            for (int j = m.skin_boneadr[s]; j < m.skin_boneadr[s] + m.skin_bonenum[s]; j++) {
                String[] b = lines.get(li++);
                String bw = what + " bone " + (j - m.skin_boneadr[s]);
                assertThat(m.skin_bonebodyid[j]).as(bw + " body").isEqualTo(Integer.parseInt(b[1]));
                near(bw + " bindpos", doubles(m.skin_bonebindpos, 3 * j, 3), numbers(Arrays.copyOfRange(b, 2, 5), 0), 0);
                near(bw + " bindquat", doubles(m.skin_bonebindquat, 4 * j, 4), numbers(Arrays.copyOfRange(b, 5, 9), 0), 0);
                int n = m.skin_bonevertnum[j], a = m.skin_bonevertadr[j];
                assertThat(2 * n).as(bw + " vertices").isEqualTo(b.length - 9);
                for (int k = 0; k < n; k++) {
                    assertThat(m.skin_bonevertid[a + k]).as(bw + " vertex " + k).isEqualTo(Integer.parseInt(b[9 + 2 * k]));
                    assertThat((double) m.skin_bonevertweight[a + k]).as(bw + " weight " + k)
                            .isCloseTo(Double.parseDouble(b[10 + 2 * k]), within(1e-6));
                }
            }
            float[] vert = new float[3 * nv], normal = new float[3 * nv];
            Skins.pose(m, s, d.xpos, d.xquat, vert, normal);
            for (int v = 0; v < nv; v++) {
                double[] e = numbers(lines.get(li++), 1);
                for (int c = 0; c < 3; c++) {
                    worstVertex = Math.max(worstVertex, Math.abs(vert[3 * v + c] - e[c]));
                    worstNormal = Math.max(worstNormal, Math.abs(normal[3 * v + c] - e[3 + c]));
                }
            }
        }
        assertThat(li).as("lines read").isEqualTo(lines.size());
        // float vertices of a scene about 2 m wide (measured: equal to the last bit); a few float steps allowed
        assertThat(worstVertex).as("largest vertex difference, m").isLessThan(1e-6);
        assertThat(worstNormal).as("largest normal difference").isLessThan(1e-5);
    }

    @Test
    void skinsAreDrawnFromTheFramesBodyPosesAndNotWithoutThemNorInAHiddenGroup() {
        String scene = "<mujoco><worldbody><light pos='0 -2 3' dir='0 1 -1'/>"
                + "<camera name='cam' pos='0 -3 0.8' xyaxes='1 0 0 0 0 1'/>"
                + "<body name='B2_4' pos='0 0 1' euler='90 0 0'><composite type='cloth' count='5 5 1' spacing='0.1'>"
                + "<skin rgba='0 1 0 1' group='GROUP'/><geom size='0.02'/></composite></body></worldbody></mujoco>";
        assertThat(greenPixels(scene.replace("GROUP", "0"), true)).as("with body poses (the 0.4 m square sheet covers about 370 pixels)").isGreaterThan(300);
        assertThat(greenPixels(scene.replace("GROUP", "0"), false)).as("without body poses").isZero();
        assertThat(greenPixels(scene.replace("GROUP", "3"), true)).as("in group 3").isZero();
    }

    private static int greenPixels(String xml, boolean bodyPoses) {
        MjModel m = MjcfLoader.load(xml);
        PhysicsModel pm = new PhysicsModel(m);
        MjData d = new MjData(pm);
        Smooth.kinematics(pm, d);
        Smooth.camlight(pm, d);
        RenderFrame f = RenderFrame.of(d.geom_xpos, d.geom_xmat, d.cam_xpos, d.cam_xmat, d.light_xpos, d.light_xdir);
        RgbImage image = new Renderer().render(m, bodyPoses ? f.withBodyPoses(d.xpos, d.xquat) : f, 0, 160, 120);
        int n = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                int c = image.rgb(x, y);
                int r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;
                n += g > r + 60 && g > b + 60 ? 1 : 0;
            }
        }
        return n;
    }
}
