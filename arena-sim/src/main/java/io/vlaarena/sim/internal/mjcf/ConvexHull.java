package io.vlaarena.sim.internal.mjcf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The convex hull of a point set as outward-facing triangles (quickhull with outside sets). Points
 * within a small tolerance of a face count as inside, so coplanar points never become hull
 * vertices and flat faces are split into several triangles. Stateless; thread-safe.
 */
final class ConvexHull {
    private ConvexHull() {
    }

    /** Thrown when the points span no volume (fewer than four points off one plane). */
    static final class DegenerateException extends Exception {
        private static final long serialVersionUID = 1L;

        DegenerateException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Face {
        final int a, b, c;
        final double nx, ny, nz, d;
        int[] outside = new int[0];
        int nout;
        boolean dead;

        Face(double[] p, int a, int b, int c) {
            this.a = a;
            this.b = b;
            this.c = c;
            double ux = p[3 * b] - p[3 * a], uy = p[3 * b + 1] - p[3 * a + 1], uz = p[3 * b + 2] - p[3 * a + 2];
            double vx = p[3 * c] - p[3 * a], vy = p[3 * c + 1] - p[3 * a + 1], vz = p[3 * c + 2] - p[3 * a + 2];
            double x = uy * vz - uz * vy, y = uz * vx - ux * vz, z = ux * vy - uy * vx;
            double n = Math.sqrt(x * x + y * y + z * z);
            nx = n > 0 ? x / n : 0;
            ny = n > 0 ? y / n : 0;
            nz = n > 0 ? z / n : 0;
            d = nx * p[3 * a] + ny * p[3 * a + 1] + nz * p[3 * a + 2];
        }

        double distance(double[] p, int i) {
            return nx * p[3 * i] + ny * p[3 * i + 1] + nz * p[3 * i + 2] - d;
        }

        void add(int i) {
            if (nout == outside.length) {
                outside = Arrays.copyOf(outside, Math.max(4, 2 * nout));
            }
            outside[nout++] = i;
        }

        int vertex(int k) {
            return k == 0 ? a : k == 1 ? b : c;
        }
    }

    /**
     * Returns the hull's triangles, three vertex indices each, counter-clockwise seen from outside.
     *
     * @param p the points, x y z per point
     */
    static int[] triangles(double[] p) throws DegenerateException {
        int n = p.length / 3;
        if (n < 4) {
            throw new DegenerateException("fewer than 4 vertices");
        }
        double scale = 0;
        for (int k = 0; k < 3; k++) {
            double max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(p[3 * i + k]));
            }
            scale += max;
        }
        double eps = 1e-10 * scale;
        int[] tet = initialTetrahedron(p, n, eps);
        List<Face> faces = new ArrayList<>();
        Map<Long, Face> edges = new HashMap<>();
        int i0 = tet[0], i1 = tet[1], i2 = tet[2], i3 = tet[3];
        int[][] tris = {{i0, i1, i2}, {i0, i3, i1}, {i1, i3, i2}, {i2, i3, i0}};
        // Orient so that the fourth point lies behind the first face; the others follow.
        Face probe = new Face(p, i0, i1, i2);
        if (probe.distance(p, i3) > 0) {
            tris = new int[][] {{i0, i2, i1}, {i0, i1, i3}, {i1, i2, i3}, {i2, i0, i3}};
        }
        for (int[] t : tris) {
            addFace(p, faces, edges, t[0], t[1], t[2]);
        }
        for (int i = 0; i < n; i++) {
            if (i == i0 || i == i1 || i == i2 || i == i3) {
                continue;
            }
            assign(p, faces.subList(0, 4), i, eps);
        }
        ArrayDeque<Face> pending = new ArrayDeque<>(faces);
        while (!pending.isEmpty()) {
            Face f = pending.poll();
            if (f.dead || f.nout == 0) {
                continue;
            }
            int eye = -1;
            double best = -1;
            for (int k = 0; k < f.nout; k++) {
                double dist = f.distance(p, f.outside[k]);
                if (dist > best) {
                    best = dist;
                    eye = f.outside[k];
                }
            }
            // Faces that see the eye point, found by walking neighbours from f.
            List<Face> visible = new ArrayList<>();
            ArrayDeque<Face> walk = new ArrayDeque<>();
            f.dead = true;
            walk.add(f);
            List<int[]> horizon = new ArrayList<>();
            while (!walk.isEmpty()) {
                Face v = walk.poll();
                visible.add(v);
                for (int k = 0; k < 3; k++) {
                    int from = v.vertex(k), to = v.vertex((k + 1) % 3);
                    Face nb = edges.get(key(to, from));
                    if (nb == null || nb.dead) {
                        continue;
                    }
                    if (nb.distance(p, eye) > eps) {
                        nb.dead = true;
                        walk.add(nb);
                    } else {
                        horizon.add(new int[] {from, to});
                    }
                }
            }
            for (Face v : visible) {
                for (int k = 0; k < 3; k++) {
                    long e = key(v.vertex(k), v.vertex((k + 1) % 3));
                    if (edges.get(e) == v) {
                        edges.remove(e);
                    }
                }
            }
            List<Face> created = new ArrayList<>(horizon.size());
            for (int[] h : horizon) {
                created.add(addFace(p, faces, edges, h[0], h[1], eye));
            }
            for (Face v : visible) {
                for (int k = 0; k < v.nout; k++) {
                    int pt = v.outside[k];
                    if (pt != eye) {
                        assign(p, created, pt, eps);
                    }
                }
                v.outside = null;
            }
            pending.addAll(created);
        }
        int count = 0;
        for (Face f : faces) {
            count += f.dead ? 0 : 1;
        }
        int[] out = new int[3 * count];
        int w = 0;
        for (Face f : faces) {
            if (!f.dead) {
                out[w++] = f.a;
                out[w++] = f.b;
                out[w++] = f.c;
            }
        }
        return out;
    }

    private static Face addFace(double[] p, List<Face> faces, Map<Long, Face> edges, int a, int b, int c) {
        Face f = new Face(p, a, b, c);
        faces.add(f);
        edges.put(key(a, b), f);
        edges.put(key(b, c), f);
        edges.put(key(c, a), f);
        return f;
    }

    private static void assign(double[] p, List<Face> candidates, int i, double eps) {
        for (Face f : candidates) {
            if (f.distance(p, i) > eps) {
                f.add(i);
                return;
            }
        }
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    private static int[] initialTetrahedron(double[] p, int n, double eps) throws DegenerateException {
        // The two extreme points farthest apart among the axis extremes.
        int[] ext = new int[6];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                if (p[3 * i + k] < p[3 * ext[2 * k] + k]) {
                    ext[2 * k] = i;
                }
                if (p[3 * i + k] > p[3 * ext[2 * k + 1] + k]) {
                    ext[2 * k + 1] = i;
                }
            }
        }
        int a = 0, b = 0;
        double best = -1;
        for (int x = 0; x < 6; x++) {
            for (int y = x + 1; y < 6; y++) {
                double d = dist2(p, ext[x], ext[y]);
                if (d > best) {
                    best = d;
                    a = ext[x];
                    b = ext[y];
                }
            }
        }
        if (Math.sqrt(best) <= eps) {
            throw new DegenerateException("all vertices coincide");
        }
        // The point farthest from the line ab.
        double ux = p[3 * b] - p[3 * a], uy = p[3 * b + 1] - p[3 * a + 1], uz = p[3 * b + 2] - p[3 * a + 2];
        double ul = Math.sqrt(ux * ux + uy * uy + uz * uz);
        int c = -1;
        best = eps;
        for (int i = 0; i < n; i++) {
            double wx = p[3 * i] - p[3 * a], wy = p[3 * i + 1] - p[3 * a + 1], wz = p[3 * i + 2] - p[3 * a + 2];
            double cx = uy * wz - uz * wy, cy = uz * wx - ux * wz, cz = ux * wy - uy * wx;
            double d = Math.sqrt(cx * cx + cy * cy + cz * cz) / ul;
            if (d > best) {
                best = d;
                c = i;
            }
        }
        if (c < 0) {
            throw new DegenerateException("all vertices lie on one line");
        }
        Face plane = new Face(p, a, b, c);
        int d = -1;
        best = eps;
        for (int i = 0; i < n; i++) {
            double dist = Math.abs(plane.distance(p, i));
            if (dist > best) {
                best = dist;
                d = i;
            }
        }
        if (d < 0) {
            throw new DegenerateException("all vertices lie in one plane");
        }
        return new int[] {a, b, c, d};
    }

    private static double dist2(double[] p, int i, int j) {
        double x = p[3 * i] - p[3 * j], y = p[3 * i + 1] - p[3 * j + 1], z = p[3 * i + 2] - p[3 * j + 2];
        return x * x + y * y + z * z;
    }
}
