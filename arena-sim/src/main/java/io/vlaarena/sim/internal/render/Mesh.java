package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;
import java.util.Arrays;

/**
 * A closed triangle mesh of one primitive in its local frame, every triangle wound counterclockwise
 * seen from outside. Only positions are kept: shading normals are computed analytically from the
 * primitive, so a coarse mesh still shades smoothly.
 */
final class Mesh {
    final double[] xyz;
    final int[] tris;
    final int vertexCount;

    private Mesh(double[] xyz, int[] tris) {
        this.xyz = xyz;
        this.tris = tris;
        this.vertexCount = xyz.length / 3;
    }

    /** A mesh over the given arrays (not copied): 3 coordinates per vertex, 3 vertex indices per triangle. */
    static Mesh of(double[] xyz, int[] tris) {
        return new Mesh(xyz, tris);
    }

    /** The triangles of mesh asset {@code mesh} of the model, in the mesh (= geom) frame. */
    static Mesh ofAsset(MjModel m, int mesh) {
        int vadr = m.mesh_vertadr[mesh], nvert = m.mesh_vertnum[mesh];
        int fadr = m.mesh_faceadr[mesh], nface = m.mesh_facenum[mesh];
        return new Mesh(Arrays.copyOfRange(m.mesh_vert, 3 * vadr, 3 * (vadr + nvert)),
                Arrays.copyOfRange(m.mesh_face, 3 * fadr, 3 * (fadr + nface)));
    }

    /**
     * Height field {@code hfield} of the model as a closed mesh in its geom frame: the grid of
     * elevations (x across columns, y across rows, z = elevation × size[2]) as two triangles per
     * cell, walls down to the base at −size[3], and the base.
     */
    static Mesh ofHField(MjModel m, int hfield) {
        int nrow = m.hfield_nrow[hfield], ncol = m.hfield_ncol[hfield], adr = m.hfield_adr[hfield];
        double sx = m.hfield_size[4 * hfield], sy = m.hfield_size[4 * hfield + 1], sz = m.hfield_size[4 * hfield + 2],
                base = m.hfield_size[4 * hfield + 3];
        int top = nrow * ncol;
        double[] xyz = new double[3 * 2 * top];
        for (int r = 0; r < nrow; r++) {
            for (int c = 0; c < ncol; c++) {
                int v = r * ncol + c;
                double x = -sx + 2 * sx * c / (ncol - 1), y = -sy + 2 * sy * r / (nrow - 1);
                xyz[3 * v] = xyz[3 * (top + v)] = x;
                xyz[3 * v + 1] = xyz[3 * (top + v) + 1] = y;
                xyz[3 * v + 2] = m.hfield_data[adr + v] * sz;
                xyz[3 * (top + v) + 2] = -base;
            }
        }
        java.util.List<Integer> t = new java.util.ArrayList<>();
        for (int r = 0; r + 1 < nrow; r++) {
            for (int c = 0; c + 1 < ncol; c++) {
                int a = r * ncol + c, b = a + 1, d = a + ncol, e = d + 1;
                java.util.Collections.addAll(t, a, b, e, a, e, d);
                // the base, seen from below
                java.util.Collections.addAll(t, top + a, top + e, top + b, top + a, top + d, top + e);
            }
        }
        // walls: the boundary walked counterclockwise seen from above, each edge a quad down to the base
        java.util.List<Integer> ring = new java.util.ArrayList<>();
        for (int c = 0; c < ncol - 1; c++) {
            ring.add(c);
        }
        for (int r = 0; r < nrow - 1; r++) {
            ring.add(r * ncol + ncol - 1);
        }
        for (int c = ncol - 1; c > 0; c--) {
            ring.add((nrow - 1) * ncol + c);
        }
        for (int r = nrow - 1; r > 0; r--) {
            ring.add(r * ncol);
        }
        for (int i = 0; i < ring.size(); i++) {
            int p = ring.get(i), q = ring.get((i + 1) % ring.size());
            java.util.Collections.addAll(t, p, top + p, top + q, p, top + q, q);
        }
        return new Mesh(xyz, t.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The unit normal of every triangle, three numbers each, from its winding (b - a) x (c - a). */
    double[] faceNormals() {
        double[] n = new double[tris.length];
        for (int k = 0; k < tris.length; k += 3) {
            int a = 3 * tris[k], b = 3 * tris[k + 1], c = 3 * tris[k + 2];
            double ux = xyz[b] - xyz[a], uy = xyz[b + 1] - xyz[a + 1], uz = xyz[b + 2] - xyz[a + 2];
            double vx = xyz[c] - xyz[a], vy = xyz[c + 1] - xyz[a + 1], vz = xyz[c + 2] - xyz[a + 2];
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            if (len > 0) {
                n[k] = nx / len;
                n[k + 1] = ny / len;
                n[k + 2] = nz / len;
            }
        }
        return n;
    }

    /**
     * Smooth vertex normals, three numbers per vertex, as MuJoCo 2.2.2's compiler makes them for a
     * mesh without normals ({@code mjCMesh::MakeNormal}, default {@code smoothnormal="false"}):
     * each face adds its unit normal weighted by its doubled area to its corners, then a face
     * whose normal is at more than ~37° from a corner's normal (cosine below 0.8) takes its
     * contribution back there, so sharp edges stay sharp and curved surfaces shade smoothly.
     * Corners at the same position count as one vertex: a mesh read with one vertex per face
     * corner (Wavefront OBJ) shades as one whose vertices are shared, as MuJoCo shades such a file
     * with the normals it carries.
     */
    double[] vertexNormals() {
        int[] group = new int[vertexCount];
        java.util.Map<java.util.List<Double>, Integer> ids = new java.util.HashMap<>();
        for (int v = 0; v < vertexCount; v++) {
            group[v] = ids.computeIfAbsent(java.util.List.of(xyz[3 * v], xyz[3 * v + 1], xyz[3 * v + 2]), k -> ids.size());
        }
        int ng = ids.size();
        double[] sum = new double[3 * ng];
        double[] face = faceNormals();
        double[] area = new double[tris.length / 3];
        for (int k = 0; k < tris.length; k += 3) {
            int a = 3 * tris[k], b = 3 * tris[k + 1], c = 3 * tris[k + 2];
            double ux = xyz[b] - xyz[a], uy = xyz[b + 1] - xyz[a + 1], uz = xyz[b + 2] - xyz[a + 2];
            double vx = xyz[c] - xyz[a], vy = xyz[c + 1] - xyz[a + 1], vz = xyz[c + 2] - xyz[a + 2];
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            area[k / 3] = Math.sqrt(nx * nx + ny * ny + nz * nz);
            for (int j = 0; j < 3; j++) {
                int o = 3 * group[tris[k + j]];
                for (int i = 0; i < 3; i++) {
                    sum[o + i] += face[k + i] * area[k / 3];
                }
            }
        }
        double[] removed = new double[3 * ng];
        for (int k = 0; k < tris.length; k += 3) {
            for (int j = 0; j < 3; j++) {
                int o = 3 * group[tris[k + j]];
                double len = Math.sqrt(sum[o] * sum[o] + sum[o + 1] * sum[o + 1] + sum[o + 2] * sum[o + 2]);
                double dot = len < 1e-15 ? face[k] : (face[k] * sum[o] + face[k + 1] * sum[o + 1] + face[k + 2] * sum[o + 2]) / len;
                if (dot < 0.8) {
                    for (int i = 0; i < 3; i++) {
                        removed[o + i] += face[k + i] * area[k / 3];
                    }
                }
            }
        }
        double[] out = new double[3 * vertexCount];
        for (int v = 0; v < vertexCount; v++) {
            int o = 3 * group[v];
            double x = sum[o] - removed[o], y = sum[o + 1] - removed[o + 1], z = sum[o + 2] - removed[o + 2];
            double len = Math.sqrt(x * x + y * y + z * z);
            if (len > 1e-15) {
                out[3 * v] = x / len;
                out[3 * v + 1] = y / len;
                out[3 * v + 2] = z / len;
            } else {
                out[3 * v + 2] = 1;
            }
        }
        return out;
    }

    /**
     * The shading normal of every triangle corner, nine numbers per triangle: the corner's
     * {@link #vertexNormals() vertex normal} where the triangle lies within MuJoCo's 0.8 cosine of
     * it (a smooth surface), else the triangle's own normal (a crease: box edges and cone tips
     * stay flat where MuJoCo's shared vertex normal would bend their light).
     */
    double[] cornerNormals() {
        double[] vn = vertexNormals(), face = faceNormals(), out = new double[3 * tris.length];
        for (int k = 0; k < tris.length; k += 3) {
            for (int j = 0; j < 3; j++) {
                int v = 3 * tris[k + j], o = 3 * (k + j);
                boolean smooth = vn[v] * face[k] + vn[v + 1] * face[k + 1] + vn[v + 2] * face[k + 2] >= 0.8;
                for (int i = 0; i < 3; i++) {
                    out[o + i] = smooth ? vn[v + i] : face[k + i];
                }
            }
        }
        return out;
    }

    /** Tessellates a primitive; {@code segments} is the number of segments around round shapes (at least 6). */
    static Mesh of(int type, double s0, double s1, double s2, int segments) {
        switch (type) {
            case MjModel.GEOM_BOX: return box(s0, s1, s2);
            case MjModel.GEOM_SPHERE: return revolution(roundProfile(1, 0, segments), segments, s0, s0, s0);
            case MjModel.GEOM_ELLIPSOID: return revolution(roundProfile(1, 0, segments), segments, s0, s1, s2);
            case MjModel.GEOM_CAPSULE: return revolution(roundProfile(s0, s1, segments), segments, 1, 1, 1);
            case MjModel.GEOM_CYLINDER:
                return revolution(new double[] {0, s1, s0, s1, s0, -s1, 0, -s1}, segments, 1, 1, 1);
            default: throw new IllegalArgumentException("No mesh for geom type " + type);
        }
    }

    /** Profile (r, z) pairs from top to bottom of a sphere of radius r split by a cylinder of half length h. */
    private static double[] roundProfile(double r, double h, int segments) {
        int quarter = Math.max(2, segments / 4);
        double[] p = new double[4 * (quarter + 1)];
        int n = 0;
        for (int i = 0; i <= quarter; i++) {
            double a = Math.PI / 2 * i / quarter;
            p[n++] = r * Math.sin(a);
            p[n++] = h + r * Math.cos(a);
        }
        for (int i = 0; i <= quarter; i++) {
            double a = Math.PI / 2 * i / quarter;
            // cos(pi/2) is not exactly 0: the bottom pole must be a single vertex like the top one.
            p[n++] = i == quarter ? 0 : r * Math.cos(a);
            p[n++] = i == quarter ? -h - r : -h - r * Math.sin(a);
        }
        return dedupe(p);
    }

    private static double[] dedupe(double[] p) {
        double[] out = new double[p.length];
        int n = 0;
        for (int i = 0; i < p.length; i += 2) {
            if (n >= 2 && out[n - 2] == p[i] && out[n - 1] == p[i + 1]) {
                continue;
            }
            out[n++] = p[i];
            out[n++] = p[i + 1];
        }
        return Arrays.copyOf(out, n);
    }

    /** Surface of revolution about z from a (r, z) profile whose ends have r = 0, then scaled per axis. */
    private static Mesh revolution(double[] profile, int segments, double sx, double sy, double sz) {
        int rings = profile.length / 2;
        int[] ringStart = new int[rings];
        int count = 0;
        for (int k = 0; k < rings; k++) {
            ringStart[k] = count;
            count += profile[2 * k] == 0 ? 1 : segments;
        }
        double[] xyz = new double[3 * count];
        for (int k = 0; k < rings; k++) {
            double r = profile[2 * k], z = profile[2 * k + 1];
            int n = r == 0 ? 1 : segments;
            for (int j = 0; j < n; j++) {
                double a = 2 * Math.PI * j / segments;
                int v = 3 * (ringStart[k] + j);
                xyz[v] = sx * r * Math.cos(a);
                xyz[v + 1] = sy * r * Math.sin(a);
                xyz[v + 2] = sz * z;
            }
        }
        int[] tris = new int[6 * segments * (rings - 1)];
        int t = 0;
        for (int k = 0; k + 1 < rings; k++) {
            boolean topPole = profile[2 * k] == 0, bottomPole = profile[2 * k + 2] == 0;
            for (int j = 0; j < segments; j++) {
                int j1 = (j + 1) % segments;
                int a = ringStart[k] + (topPole ? 0 : j), b = ringStart[k] + (topPole ? 0 : j1);
                int d = ringStart[k + 1] + (bottomPole ? 0 : j), c = ringStart[k + 1] + (bottomPole ? 0 : j1);
                if (!topPole || !bottomPole) {
                    if (!bottomPole) {
                        t = addOriented(xyz, tris, t, a, d, c);
                    }
                    if (!topPole) {
                        t = addOriented(xyz, tris, t, a, c, b);
                    }
                }
            }
        }
        return new Mesh(xyz, Arrays.copyOf(tris, t));
    }

    private static Mesh box(double sx, double sy, double sz) {
        double[] xyz = new double[24];
        for (int i = 0; i < 8; i++) {
            xyz[3 * i] = (i & 1) != 0 ? sx : -sx;
            xyz[3 * i + 1] = (i & 2) != 0 ? sy : -sy;
            xyz[3 * i + 2] = (i & 4) != 0 ? sz : -sz;
        }
        int[][] faces = {{0, 2, 6, 4}, {1, 3, 7, 5}, {0, 1, 5, 4}, {2, 3, 7, 6}, {0, 1, 3, 2}, {4, 5, 7, 6}};
        int[] tris = new int[36];
        int t = 0;
        for (int[] f : faces) {
            t = addOriented(xyz, tris, t, f[0], f[1], f[2]);
            t = addOriented(xyz, tris, t, f[0], f[2], f[3]);
        }
        return new Mesh(xyz, tris);
    }

    /** Adds the triangle wound so its normal points away from the origin (all primitives are convex around it). */
    private static int addOriented(double[] xyz, int[] tris, int t, int a, int b, int c) {
        double ax = xyz[3 * a], ay = xyz[3 * a + 1], az = xyz[3 * a + 2];
        double ux = xyz[3 * b] - ax, uy = xyz[3 * b + 1] - ay, uz = xyz[3 * b + 2] - az;
        double vx = xyz[3 * c] - ax, vy = xyz[3 * c + 1] - ay, vz = xyz[3 * c + 2] - az;
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        double cx = ax + (ux + vx) / 3, cy = ay + (uy + vy) / 3, cz = az + (uz + vz) / 3;
        double dot = nx * cx + ny * cy + nz * cz;
        if (nx * nx + ny * ny + nz * nz == 0) {
            return t;
        }
        tris[t] = a;
        tris[t + 1] = dot >= 0 ? b : c;
        tris[t + 2] = dot >= 0 ? c : b;
        return t + 3;
    }
}
