package io.vlaarena.sim.internal.render;

import java.util.Arrays;

/**
 * A depth (and optionally object id and triangle index) buffer with a triangle rasterizer. View space is x right,
 * y up, z forward (depth); perspective projection keeps {@code 1/z} per pixel, orthographic keeps
 * {@code -z}: in both, larger means nearer. Pixel (i, j) is sampled at its center. Confined to one
 * thread; buffers are reused between frames.
 */
final class Raster {
    int width, height;
    float[] depth = new float[0];
    int[] ids;
    /** With ids: the index, within its mesh, of the triangle each pixel shows. */
    int[] tris;
    /** The index of the triangle being drawn. */
    private int tri;

    private boolean perspective;
    private double cx, cy, fx, fy, near;

    // Per-vertex scratch: view-space position and projected screen position/key.
    private double[] vx = new double[0], vy = vx, vz = vx, px = vx, py = vx, pk = vx;
    private final double[] clip = new double[3 * 8];

    /** Clears to "nothing drawn" and resizes if needed. */
    void reset(int w, int h, boolean withIds) {
        int n = w * h;
        if (depth.length < n) {
            depth = new float[n];
        }
        width = w;
        height = h;
        Arrays.fill(depth, 0, n, Float.NEGATIVE_INFINITY);
        if (withIds) {
            if (ids == null || ids.length < n) {
                ids = new int[n];
                tris = new int[n];
            }
            Arrays.fill(ids, 0, n, -1);
        }
    }

    /** Perspective projection: screen x = cx + fx * x / z, screen y = cy - fy * y / z. */
    void perspective(double centerX, double centerY, double focalX, double focalY, double nearZ) {
        perspective = true;
        cx = centerX;
        cy = centerY;
        fx = focalX;
        fy = focalY;
        near = nearZ;
    }

    /** Orthographic projection: screen x = cx + fx * x, screen y = cy - fy * y. */
    void orthographic(double centerX, double centerY, double scaleX, double scaleY) {
        perspective = false;
        cx = centerX;
        cy = centerY;
        fx = scaleX;
        fy = scaleY;
    }

    /**
     * Draws a mesh transformed by {@code m} (3x4 row-major: local to view). Keeps triangles facing
     * the viewer when {@code front}, else only those facing away (for shadow maps).
     */
    void drawMesh(Mesh mesh, double[] m, int id, boolean front) {
        int nv = mesh.vertexCount;
        if (vx.length < nv) {
            int cap = Math.max(nv, 2 * vx.length);
            vx = new double[cap];
            vy = new double[cap];
            vz = new double[cap];
            px = new double[cap];
            py = new double[cap];
            pk = new double[cap];
        }
        double[] xyz = mesh.xyz;
        boolean anyBehind = false;
        for (int i = 0; i < nv; i++) {
            double x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
            double X = m[0] * x + m[1] * y + m[2] * z + m[3];
            double Y = m[4] * x + m[5] * y + m[6] * z + m[7];
            double Z = m[8] * x + m[9] * y + m[10] * z + m[11];
            vx[i] = X;
            vy[i] = Y;
            vz[i] = Z;
            if (perspective) {
                if (Z > near) {
                    double iz = 1 / Z;
                    px[i] = cx + fx * X * iz;
                    py[i] = cy - fy * Y * iz;
                    pk[i] = iz;
                } else {
                    anyBehind = true;
                }
            } else {
                px[i] = cx + fx * X;
                py[i] = cy - fy * Y;
                pk[i] = -Z;
            }
        }
        int[] t = mesh.tris;
        for (int k = 0; k < t.length; k += 3) {
            int a = t[k], b = t[k + 1], c = t[k + 2];
            tri = k / 3;
            if (anyBehind && (vz[a] <= near || vz[b] <= near || vz[c] <= near)) {
                drawClipped(a, b, c, id, front);
            } else {
                triangle(px[a], py[a], pk[a], px[b], py[b], pk[b], px[c], py[c], pk[c], id, front);
            }
        }
    }

    /** Clips a triangle against z = near in view space, then draws the remaining polygon as a fan. */
    private void drawClipped(int a, int b, int c, int id, boolean front) {
        int[] v = {a, b, c};
        int n = 0;
        for (int i = 0; i < 3; i++) {
            int p = v[i], q = v[(i + 1) % 3];
            boolean pin = vz[p] > near, qin = vz[q] > near;
            if (pin) {
                clip[3 * n] = vx[p];
                clip[3 * n + 1] = vy[p];
                clip[3 * n + 2] = vz[p];
                n++;
            }
            if (pin != qin) {
                double s = (near - vz[p]) / (vz[q] - vz[p]);
                clip[3 * n] = vx[p] + s * (vx[q] - vx[p]);
                clip[3 * n + 1] = vy[p] + s * (vy[q] - vy[p]);
                clip[3 * n + 2] = near;
                n++;
            }
        }
        if (n < 3) {
            return;
        }
        double x0 = cx + fx * clip[0] / clip[2], y0 = cy - fy * clip[1] / clip[2], k0 = 1 / clip[2];
        for (int i = 1; i + 1 < n; i++) {
            double z1 = clip[3 * i + 2], z2 = clip[3 * i + 5];
            triangle(x0, y0, k0, cx + fx * clip[3 * i] / z1, cy - fy * clip[3 * i + 1] / z1, 1 / z1,
                    cx + fx * clip[3 * i + 3] / z2, cy - fy * clip[3 * i + 4] / z2, 1 / z2, id, front);
        }
    }

    /** Rasterizes one triangle in screen space with a depth test; k is interpolated linearly. */
    void triangle(double x0, double y0, double k0, double x1, double y1, double k1, double x2, double y2,
            double k2, int id, boolean front) {
        double area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        // With screen y pointing down, a triangle wound counterclockwise from outside has negative area.
        if (front ? area >= 0 : area <= 0) {
            return;
        }
        if (area < 0) {
            double tx = x1, ty = y1, tk = k1;
            x1 = x2;
            y1 = y2;
            k1 = k2;
            x2 = tx;
            y2 = ty;
            k2 = tk;
            area = -area;
        }
        int minX = (int) Math.max(0, Math.ceil(Math.min(x0, Math.min(x1, x2)) - 0.5));
        int maxX = (int) Math.min(width - 1, Math.floor(Math.max(x0, Math.max(x1, x2)) - 0.5));
        int minY = (int) Math.max(0, Math.ceil(Math.min(y0, Math.min(y1, y2)) - 0.5));
        int maxY = (int) Math.min(height - 1, Math.floor(Math.max(y0, Math.max(y1, y2)) - 0.5));
        if (minX > maxX || minY > maxY) {
            return;
        }
        double inv = 1 / area;
        // Edge functions e0 (edge 1->2, weight of v0), e1 (2->0, weight of v1), e2 (0->1, weight of v2).
        double a0 = -(y2 - y1), a1 = -(y0 - y2), a2 = -(y1 - y0);
        double sx = minX + 0.5;
        double dk = (a0 * k0 + a1 * k1 + a2 * k2) * inv;
        float[] dbuf = depth;
        int[] ibuf = ids;
        int[] tbuf = tris;
        int w = width;
        for (int y = minY; y <= maxY; y++) {
            double sy = y + 0.5;
            double e0 = (x2 - x1) * (sy - y1) - (y2 - y1) * (sx - x1);
            double e1 = (x0 - x2) * (sy - y2) - (y0 - y2) * (sx - x2);
            double e2 = (x1 - x0) * (sy - y0) - (y1 - y0) * (sx - x0);
            double k = (e0 * k0 + e1 * k1 + e2 * k2) * inv;
            int row = y * w;
            boolean entered = false;
            for (int x = minX; x <= maxX; x++) {
                if (e0 >= 0 && e1 >= 0 && e2 >= 0) {
                    entered = true;
                    int i = row + x;
                    if (k > dbuf[i]) {
                        dbuf[i] = (float) k;
                        if (ibuf != null) {
                            ibuf[i] = id;
                            tbuf[i] = tri;
                        }
                    }
                } else if (entered) {
                    break;
                }
                e0 += a0;
                e1 += a1;
                e2 += a2;
                k += dk;
            }
        }
    }
}
