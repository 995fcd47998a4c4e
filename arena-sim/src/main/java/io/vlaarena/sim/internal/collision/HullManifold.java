package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import org.ode4j.ode.DContactGeom;
import org.ode4j.ode.DContactGeomBuffer;

/**
 * The contact manifold of two polyhedra (box or mesh hull) from ODE's normal. ODE's convex
 * colliders report a single point for resting faces, which lets a mesh sink and rock on a box or
 * another mesh; this keeps ODE's normal (of its deepest point) and builds the manifold from it
 * instead: every vertex of one polyhedron inside the other, at its depth along that normal,
 * placed midway between the surfaces as MuJoCo places contacts; at most 4 points (the deepest,
 * then each farthest from those kept). Holds its scratch; one per rollout.
 */
final class HullManifold {
    private final double[] manifold = new double[5 * 64];

    /** Appends the manifold of g1 and g2; false (nothing appended) when no vertex is inside, as in edge-on-edge contacts. */
    boolean build(PhysicsModel pm, MjData d, int g1, int g2, DContactGeomBuffer contactBuf, int n) {
        DContactGeom deepest = contactBuf.get(0);
        for (int k = 1; k < n; k++) {
            if (contactBuf.get(k).depth > deepest.depth) {
                deepest = contactBuf.get(k);
            }
        }
        // ODE's normal points from geom2 into geom1; ours from geom1 to geom2.
        double nx = -deepest.normal.get0(), ny = -deepest.normal.get1(), nz = -deepest.normal.get2();
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        nx /= len;
        ny /= len;
        nz /= len;
        double top1 = support(pm, d, g1, nx, ny, nz), bottom2 = -support(pm, d, g2, -nx, -ny, -nz);
        int count = 0;
        count = insideVertices(pm, d, g2, g1, nx, ny, nz, top1, 1, count);
        count = insideVertices(pm, d, g1, g2, nx, ny, nz, bottom2, -1, count);
        if (count == 0) {
            return false;
        }
        // Keep the deepest, then repeatedly the point farthest from those kept.
        int keep = Math.min(4, count);
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (manifold[5 * i + 3] > manifold[5 * best + 3]) {
                best = i;
            }
        }
        swap(0, best);
        for (int kept = 1; kept < keep; kept++) {
            int far = kept;
            double farDist = -1;
            for (int i = kept; i < count; i++) {
                double dmin = Double.POSITIVE_INFINITY;
                for (int j = 0; j < kept; j++) {
                    double dx = manifold[5 * i] - manifold[5 * j], dy = manifold[5 * i + 1] - manifold[5 * j + 1],
                            dz = manifold[5 * i + 2] - manifold[5 * j + 2];
                    dmin = Math.min(dmin, dx * dx + dy * dy + dz * dz);
                }
                if (dmin > farDist) {
                    farDist = dmin;
                    far = i;
                }
            }
            swap(kept, far);
        }
        for (int k = 0; k < keep; k++) {
            int i = CollisionDriver.addContact(pm, d, g1, g2, k, -manifold[5 * k + 3], manifold[5 * k], manifold[5 * k + 1],
                    manifold[5 * k + 2]);
            CollisionDriver.makeFrame(d, i, nx, ny, nz);
        }
        return true;
    }

    private void swap(int i, int j) {
        for (int k = 0; k < 5; k++) {
            double t = manifold[5 * i + k];
            manifold[5 * i + k] = manifold[5 * j + k];
            manifold[5 * j + k] = t;
        }
    }

    /** The largest projection of geom g's vertices on the world direction (x, y, z). */
    private static double support(PhysicsModel pm, MjData d, int g, double x, double y, double z) {
        double[] v = pm.hullVert[g];
        int o9 = 9 * g;
        double[] r = d.geom_xmat;
        double lx = r[o9] * x + r[o9 + 3] * y + r[o9 + 6] * z, ly = r[o9 + 1] * x + r[o9 + 4] * y + r[o9 + 7] * z,
                lz = r[o9 + 2] * x + r[o9 + 5] * y + r[o9 + 8] * z;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i += 3) {
            best = Math.max(best, lx * v[i] + ly * v[i + 1] + lz * v[i + 2]);
        }
        return best + x * d.geom_xpos[3 * g] + y * d.geom_xpos[3 * g + 1] + z * d.geom_xpos[3 * g + 2];
    }

    /**
     * Adds the vertices of geom {@code g} that lie inside geom {@code other} to the manifold. Their
     * depth is measured along the normal against {@code level} (other's support plane), with
     * {@code sign} +1 when g is the second geom (its vertices sit below other's top) and -1 when first.
     */
    private int insideVertices(PhysicsModel pm, MjData d, int g, int other, double nx, double ny, double nz, double level,
            int sign, int count) {
        double[] v = pm.hullVert[g], planes = pm.hullPlane[other];
        double[] r = d.geom_xmat, xpos = d.geom_xpos;
        int o9 = 9 * g, p9 = 9 * other;
        double ox = xpos[3 * other], oy = xpos[3 * other + 1], oz = xpos[3 * other + 2];
        for (int i = 0; i < v.length && count < manifold.length / 5; i += 3) {
            double wx = xpos[3 * g] + r[o9] * v[i] + r[o9 + 1] * v[i + 1] + r[o9 + 2] * v[i + 2];
            double wy = xpos[3 * g + 1] + r[o9 + 3] * v[i] + r[o9 + 4] * v[i + 1] + r[o9 + 5] * v[i + 2];
            double wz = xpos[3 * g + 2] + r[o9 + 6] * v[i] + r[o9 + 7] * v[i + 1] + r[o9 + 8] * v[i + 2];
            double dx = wx - ox, dy = wy - oy, dz = wz - oz;
            double lx = r[p9] * dx + r[p9 + 3] * dy + r[p9 + 6] * dz, ly = r[p9 + 1] * dx + r[p9 + 4] * dy + r[p9 + 7] * dz,
                    lz = r[p9 + 2] * dx + r[p9 + 5] * dy + r[p9 + 8] * dz;
            boolean inside = true;
            for (int f = 0; f < planes.length && inside; f += 4) {
                inside = planes[f] * lx + planes[f + 1] * ly + planes[f + 2] * lz - planes[f + 3] <= 1e-9;
            }
            if (!inside) {
                continue;
            }
            double depth = sign * (level - (nx * wx + ny * wy + nz * wz));
            if (!(depth >= 0)) {
                continue;
            }
            // midway between the vertex and the other surface
            double half = sign * depth / 2;
            manifold[5 * count] = wx + half * nx;
            manifold[5 * count + 1] = wy + half * ny;
            manifold[5 * count + 2] = wz + half * nz;
            manifold[5 * count + 3] = depth;
            count++;
        }
        return count;
    }
}
