package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.Arrays;

/**
 * Skin vertices in a pose of the bodies, computed as MuJoCo 2.2.2's
 * {@code mjv_updateActiveSkin} computes them (in float where MuJoCo uses float, in MuJoCo's order,
 * so that the results agree with MuJoCo's to the last bit or nearly): each vertex is the weighted
 * sum over its bones of the bone body's pose applied to the vertex's offset from the bone's bind
 * pose; normals are the sums of the adjacent triangles' area-weighted normals, normalized; the
 * skin's {@code inflate} then moves each vertex along its normal.
 */
public final class Skins {
    private static final double MINVAL = 1e-15;

    private Skins() {
    }

    /**
     * Writes skin {@code s}'s vertices ({@code vert}, 3 per vertex of the skin, world frame) and
     * unit vertex normals ({@code normal}) for bodies at {@code xpos} (3 per body) and
     * {@code xquat} (4 per body). The arrays hold at least {@code 3 * skin_vertnum[s]} entries.
     */
    public static void pose(MjModel m, int s, double[] xpos, double[] xquat, float[] vert, float[] normal) {
        int vertadr = m.skin_vertadr[s], vertnum = m.skin_vertnum[s];
        Arrays.fill(vert, 0, 3 * vertnum, 0f);
        Arrays.fill(normal, 0, 3 * vertnum, 0f);
        double[] bindquat = new double[4], quat = new double[4], rot = new double[9];
        for (int j = m.skin_boneadr[s]; j < m.skin_boneadr[s] + m.skin_bonenum[s]; j++) {
            double bx = m.skin_bonebindpos[3 * j], by = m.skin_bonebindpos[3 * j + 1], bz = m.skin_bonebindpos[3 * j + 2];
            // the conjugate of the bind rotation (mju_negQuat)
            bindquat[0] = m.skin_bonebindquat[4 * j];
            bindquat[1] = -(double) m.skin_bonebindquat[4 * j + 1];
            bindquat[2] = -(double) m.skin_bonebindquat[4 * j + 2];
            bindquat[3] = -(double) m.skin_bonebindquat[4 * j + 3];
            int body = m.skin_bonebodyid[j];
            Spatial.mulQuat(xquat, 4 * body, bindquat, 0, quat, 0);
            Spatial.quat2Mat(quat, 0, rot, 0);
            double tx = xpos[3 * body] - (rot[0] * bx + rot[1] * by + rot[2] * bz);
            double ty = xpos[3 * body + 1] - (rot[3] * bx + rot[4] * by + rot[5] * bz);
            double tz = xpos[3 * body + 2] - (rot[6] * bx + rot[7] * by + rot[8] * bz);
            for (int k = m.skin_bonevertadr[j]; k < m.skin_bonevertadr[j] + m.skin_bonevertnum[j]; k++) {
                int vid = m.skin_bonevertid[k];
                float w = m.skin_bonevertweight[k];
                double x = m.skin_vert[3 * (vertadr + vid)], y = m.skin_vert[3 * (vertadr + vid) + 1];
                double z = m.skin_vert[3 * (vertadr + vid) + 2];
                double px = rot[0] * x + rot[1] * y + rot[2] * z + tx;
                double py = rot[3] * x + rot[4] * y + rot[5] * z + ty;
                double pz = rot[6] * x + rot[7] * y + rot[8] * z + tz;
                vert[3 * vid] += w * (float) px;
                vert[3 * vid + 1] += w * (float) py;
                vert[3 * vid + 2] += w * (float) pz;
            }
        }
        int faceadr = m.skin_faceadr[s];
        for (int k = faceadr; k < faceadr + m.skin_facenum[s]; k++) {
            int a = 3 * m.skin_face[3 * k], b = 3 * m.skin_face[3 * k + 1], c = 3 * m.skin_face[3 * k + 2];
            double e1x = vert[b] - vert[a], e1y = vert[b + 1] - vert[a + 1], e1z = vert[b + 2] - vert[a + 2];
            double e2x = vert[c] - vert[a], e2y = vert[c + 1] - vert[a + 1], e2z = vert[c + 2] - vert[a + 2];
            double nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
            add(normal, a, nx, ny, nz);
            add(normal, b, nx, ny, nz);
            add(normal, c, nx, ny, nz);
        }
        float inflate = m.skin_inflate[s];
        for (int k = 0; k < 3 * vertnum; k += 3) {
            float len = (float) Math.sqrt(normal[k] * normal[k] + normal[k + 1] * normal[k + 1] + normal[k + 2] * normal[k + 2]);
            float scl = (float) (1 / Math.max(MINVAL, len));
            normal[k] *= scl;
            normal[k + 1] *= scl;
            normal[k + 2] *= scl;
            if (inflate != 0) {
                vert[k] += inflate * normal[k];
                vert[k + 1] += inflate * normal[k + 1];
                vert[k + 2] += inflate * normal[k + 2];
            }
        }
    }

    private static void add(float[] n, int at, double x, double y, double z) {
        n[at] += x;
        n[at + 1] += y;
        n[at + 2] += z;
    }
}
