package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

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
}
