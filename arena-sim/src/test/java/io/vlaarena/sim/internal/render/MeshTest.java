package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.sim.internal.model.MjModel;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeshTest {
    @ParameterizedTest
    @ValueSource(ints = {MjModel.GEOM_BOX, MjModel.GEOM_SPHERE, MjModel.GEOM_ELLIPSOID, MjModel.GEOM_CAPSULE,
            MjModel.GEOM_CYLINDER})
    void primitivesAreClosedAndWoundOutwards(int type) {
        for (int segments : new int[] {8, 12, 24, 64}) {
            Mesh mesh = Mesh.of(type, 0.3, 0.2, 0.1, segments);
            Map<Long, Integer> edges = new HashMap<>();
            int[] t = mesh.tris;
            for (int k = 0; k < t.length; k += 3) {
                for (int e = 0; e < 3; e++) {
                    int a = t[k + e], b = t[k + (e + 1) % 3];
                    edges.merge((long) a << 32 | b, 1, Integer::sum);
                }
                assertThat(outwardness(mesh, t[k], t[k + 1], t[k + 2])).isPositive();
            }
            // Closed and consistently wound: every directed edge appears once, and its reverse once.
            edges.forEach((edge, count) -> {
                String name = "edge " + (edge >>> 32) + "->" + (edge & 0xffffffffL) + " at " + segments + " segments";
                assertThat(count).as(name).isEqualTo(1);
                assertThat(edges.containsKey((edge & 0xffffffffL) << 32 | edge >>> 32)).as(name + " reversed").isTrue();
            });
        }
    }

    /** An L-shaped prism: concave, so its faces have normals that its convex hull's faces do not. */
    @org.junit.jupiter.api.Test
    void concaveMeshFacesKeepTheirOwnNormals() {
        double[][] p = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
        StringBuilder v = new StringBuilder();
        for (double z : new double[] {0, 1}) {
            for (double[] q : p) {
                v.append(q[0] * 0.1).append(' ').append(q[1] * 0.1).append(' ').append(z * 0.1).append(' ');
            }
        }
        StringBuilder f = new StringBuilder();
        for (int[] t : new int[][] {{0, 1, 2}, {0, 2, 3}, {0, 3, 4}, {0, 4, 5}}) {
            f.append(t[0]).append(' ').append(t[2]).append(' ').append(t[1]).append(' '); // bottom, facing down
            f.append(t[0] + 6).append(' ').append(t[1] + 6).append(' ').append(t[2] + 6).append(' ');
        }
        for (int i = 0; i < 6; i++) {
            int j = (i + 1) % 6;
            f.append(i).append(' ').append(j).append(' ').append(j + 6).append(' ');
            f.append(i).append(' ').append(j + 6).append(' ').append(i + 6).append(' ');
        }
        MjModel m = io.vlaarena.sim.internal.mjcf.MjcfLoader.load("<mujoco><asset><mesh name=\"L\" vertex=\"" + v
                + "\" face=\"" + f + "\"/></asset><worldbody><geom type=\"mesh\" mesh=\"L\"/></worldbody></mujoco>");
        Mesh mesh = Mesh.ofAsset(m, 0);
        double[] n = mesh.faceNormals();
        assertThat(n).hasSize(mesh.tris.length);
        // Every face of the L is axis-aligned in the L's own frame (which the compiler rotates into
        // its principal axes): any two face normals are parallel, opposite or perpendicular. The
        // hull would have a diagonal face over the notch. The vertices are single precision in the
        // principal frame, as MuJoCo stores them, hence the float-level tolerance.
        for (int a = 0; a < n.length; a += 3) {
            assertThat(n[a] * n[a] + n[a + 1] * n[a + 1] + n[a + 2] * n[a + 2]).isCloseTo(1, within(1e-12));
            for (int b = 0; b < n.length; b += 3) {
                double dot = n[a] * n[b] + n[a + 1] * n[b + 1] + n[a + 2] * n[b + 2];
                assertThat(Math.min(Math.abs(dot), Math.abs(Math.abs(dot) - 1))).as("faces %d and %d", a / 3, b / 3)
                        .isLessThan(1e-6);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {MjModel.GEOM_SPHERE, MjModel.GEOM_CAPSULE, MjModel.GEOM_CYLINDER})
    void roundPrimitivesStayWithinTheirTrueSurface(int type) {
        double r = 0.3, h = 0.2;
        Mesh mesh = Mesh.of(type, r, h, 0, 16);
        for (int i = 0; i < mesh.vertexCount; i++) {
            double x = mesh.xyz[3 * i], y = mesh.xyz[3 * i + 1], z = mesh.xyz[3 * i + 2];
            double radial = Math.hypot(x, y);
            double excess = switch (type) {
                case MjModel.GEOM_SPHERE -> Math.sqrt(x * x + y * y + z * z) - r;
                case MjModel.GEOM_CAPSULE -> Math.hypot(radial, z - Math.max(-h, Math.min(h, z))) - r;
                default -> Math.max(radial - r, Math.abs(z) - h);
            };
            assertThat(excess).isLessThan(1e-12);
        }
    }

    private static double outwardness(Mesh m, int a, int b, int c) {
        double[] p = m.xyz;
        double ux = p[3 * b] - p[3 * a], uy = p[3 * b + 1] - p[3 * a + 1], uz = p[3 * b + 2] - p[3 * a + 2];
        double vx = p[3 * c] - p[3 * a], vy = p[3 * c + 1] - p[3 * a + 1], vz = p[3 * c + 2] - p[3 * a + 2];
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        return nx * (p[3 * a] + p[3 * b] + p[3 * c]) + ny * (p[3 * a + 1] + p[3 * b + 1] + p[3 * c + 1])
                + nz * (p[3 * a + 2] + p[3 * b + 2] + p[3 * c + 2]);
    }

    @org.junit.jupiter.api.Test
    void curvedMeshesGetRadialVertexNormalsAndBoxesKeepTheirCreases() {
        StringBuilder v = new StringBuilder("0 0 1 0 0 -1");
        for (int i = 1; i < 8; i++) {
            for (int j = 0; j < 16; j++) {
                double polar = Math.PI * i / 8, az = 2 * Math.PI * j / 16;
                v.append(' ').append(Math.sin(polar) * Math.cos(az)).append(' ').append(Math.sin(polar) * Math.sin(az))
                        .append(' ').append(Math.cos(polar));
            }
        }
        MjModel m = io.vlaarena.sim.internal.mjcf.MjcfLoader.load("<mujoco><asset><mesh name=\"ball\" vertex=\"" + v
                + "\"/><mesh name=\"cube\" vertex=\"-1 -1 -1 1 -1 -1 1 1 -1 -1 1 -1 -1 -1 1 1 -1 1 1 1 1 -1 1 1\"/>"
                + "</asset><worldbody><geom type=\"mesh\" mesh=\"ball\"/><geom type=\"mesh\" mesh=\"cube\"/>"
                + "</worldbody></mujoco>");
        Mesh ball = Mesh.ofAsset(m, 0);
        double[] n = ball.vertexNormals();
        for (int k = 0; k < ball.vertexCount; k++) {
            double x = ball.xyz[3 * k], y = ball.xyz[3 * k + 1], z = ball.xyz[3 * k + 2];
            double r = Math.sqrt(x * x + y * y + z * z);
            // the centred sphere's vertex normals point away from its centre (area weights over the hull's
            // quads, split into two triangles each, tilt them by up to 6 degrees: measured 0.9955)
            assertThat((n[3 * k] * x + n[3 * k + 1] * y + n[3 * k + 2] * z) / r).as("vertex %d", k).isGreaterThan(0.99);
        }
        Mesh cube = Mesh.ofAsset(m, 1);
        double[] corners = cube.cornerNormals(), faces = cube.faceNormals();
        for (int c = 0; c < cube.tris.length; c++) {
            int t = c / 3;
            for (int i = 0; i < 3; i++) {
                assertThat(corners[3 * c + i]).isCloseTo(faces[3 * t + i], within(1e-12));
            }
        }
    }
}
