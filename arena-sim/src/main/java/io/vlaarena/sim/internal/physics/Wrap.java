package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * Spatial tendons, MuJoCo 2.2.2's spatial part of {@code mj_tendon} with {@code mju_wrap}
 * ({@code engine_util_misc}): a path of sites, each straight segment between consecutive sites,
 * or wrapped around a sphere or cylinder geom between its two sites (the shorter way, or the way
 * of the side site; a side site inside the geom asks for the inside wrap), pulleys dividing what
 * follows. Length and Jacobian ({@code ten_J}: the sum over segments between different bodies of
 * the segment direction times the difference of its end points' Jacobians, over the divisor),
 * in MuJoCo's operation order; and the drawn path ({@code wrap_xpos}, {@code wrap_obj},
 * {@code ten_wrapadr}, {@code ten_wrapnum}) as {@code mj_tendon} records it: each segment's start
 * site (object -1), the two tangent points on a wrapped geom (object: the geom id), the last site
 * before a pulley or the tendon's end (-1), and a separator at the origin for each pulley (-2).
 * Stateless; scratch in {@link MjData}.
 */
public final class Wrap {
    private static final double MINVAL = 1e-15;

    private Wrap() {
    }

    /**
     * Length {@code d.ten_length[t]}, Jacobian row t of {@code d.ten_J} and the drawn path of
     * spatial tendon t; needs sites, geoms and dof axes, and the paths of tendons before t (the
     * path starts where theirs end).
     */
    public static void spatial(PhysicsModel pm, MjData d, int t) {
        spatial(pm, d, t, true);
    }

    /**
     * The drawn paths of all tendons (fixed ones have none) at the current site and geom poses,
     * without lengths or Jacobians: what a renderer needs after forward kinematics alone.
     */
    public static void paths(PhysicsModel pm, MjData d) {
        for (int t = 0; t < pm.m.ntendon; t++) {
            if (pm.tendonSpatial[t]) {
                spatial(pm, d, t, false);
            } else {
                d.ten_wrapadr[t] = t == 0 ? 0 : d.ten_wrapadr[t - 1] + d.ten_wrapnum[t - 1];
                d.ten_wrapnum[t] = 0;
            }
        }
    }

    private static void spatial(PhysicsModel pm, MjData d, int t, boolean dynamics) {
        MjModel m = pm.m;
        int nv = m.nv, adr = m.tendon_adr[t], num = m.tendon_num[t];
        int wcnt = t == 0 ? 0 : d.ten_wrapadr[t - 1] + d.ten_wrapnum[t - 1];
        d.ten_wrapadr[t] = wcnt;
        double[] wxpos = d.wrap_xpos;
        int[] wobj = d.wrap_obj;
        double[] jrow = d.ten_J, wpnt = d.wrapPoints, dif = d.tmp3, jac = d.jac3;
        int[] wbody = d.wrapBodies;
        if (dynamics) {
            java.util.Arrays.fill(jrow, t * nv, (t + 1) * nv, 0);
        }
        double len = 0, divisor = 1;
        int j = 0;
        while (j < num - 1) {
            int tp0 = m.wrap_type[adr + j], id0 = m.wrap_objid[adr + j];
            int tp1 = m.wrap_type[adr + j + 1], id1 = m.wrap_objid[adr + j + 1];
            if (tp0 == MjModel.WRAP_PULLEY || tp1 == MjModel.WRAP_PULLEY) {
                if (tp0 == MjModel.WRAP_PULLEY) {
                    divisor = m.wrap_prm[adr + j];
                    wxpos[3 * wcnt] = wxpos[3 * wcnt + 1] = wxpos[3 * wcnt + 2] = 0;
                    wobj[wcnt++] = -2;
                }
                j++;
                continue;
            }
            double wlen = -1;
            System.arraycopy(d.site_xpos, 3 * id0, wpnt, 0, 3);
            wbody[0] = m.site_bodyid[id0];
            int tpw = 0, idw = -1;
            if (tp1 == MjModel.WRAP_SPHERE || tp1 == MjModel.WRAP_CYLINDER) {
                tpw = tp1;
                idw = id1;
                id1 = m.wrap_objid[adr + j + 2];
                int side = (int) Math.round(m.wrap_prm[adr + j + 1]);
                wlen = wrap(d, wpnt, 3, d.site_xpos, 3 * id0, 3 * id1, d.geom_xpos, 3 * idw, d.geom_xmat, 9 * idw,
                        m.geom_size[3 * idw], tpw, side >= 0 ? 3 * side : -1);
            }
            if (wlen < 0) {
                System.arraycopy(d.site_xpos, 3 * id1, wpnt, 3, 3);
                wbody[1] = m.site_bodyid[id1];
                len += dist(wpnt, 0, 3) / divisor;
            } else {
                System.arraycopy(d.site_xpos, 3 * id1, wpnt, 9, 3);
                wbody[1] = wbody[2] = m.geom_bodyid[idw];
                wbody[3] = m.site_bodyid[id1];
                len += (dist(wpnt, 0, 3) + wlen + dist(wpnt, 6, 9)) / divisor;
            }
            for (int k = 0; dynamics && k < (wlen < 0 ? 1 : 3); k++) {
                if (wbody[k] == wbody[k + 1]) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    dif[c] = wpnt[3 * k + 3 + c] - wpnt[3 * k + c];
                }
                Spatial.normalize3(dif, 0);
                java.util.Arrays.fill(jac, 0);
                Support.addPointJacobian(pm, d, wbody[k + 1], wpnt[3 * k + 3], wpnt[3 * k + 4], wpnt[3 * k + 5], 1, jac);
                Support.addPointJacobian(pm, d, wbody[k], wpnt[3 * k], wpnt[3 * k + 1], wpnt[3 * k + 2], -1, jac);
                double inv = 1 / divisor;
                for (int i = 0; i < nv; i++) {
                    double s = jac[i] * dif[0] + jac[nv + i] * dif[1] + jac[2 * nv + i] * dif[2];
                    jrow[t * nv + i] += s * inv;
                }
            }
            int points = wlen < 0 ? 1 : 3;
            System.arraycopy(wpnt, 0, wxpos, 3 * wcnt, 3 * points);
            wobj[wcnt] = -1;
            if (points == 3) {
                wobj[wcnt + 1] = wobj[wcnt + 2] = idw;
            }
            wcnt += points;
            j += tpw != 0 ? 2 : 1;
            if (j == num - 1 || m.wrap_type[adr + j + 1] == MjModel.WRAP_PULLEY) {
                System.arraycopy(d.site_xpos, 3 * id1, wxpos, 3 * wcnt, 3);
                wobj[wcnt++] = -1;
            }
        }
        if (dynamics) {
            d.ten_length[t] = len;
        }
        d.ten_wrapnum[t] = wcnt - d.ten_wrapadr[t];
    }

    private static double dist(double[] p, int a, int b) {
        double x = p[a] - p[b], y = p[a + 1] - p[b + 1], z = p[a + 2] - p[b + 2];
        return Math.sqrt(x * x + y * y + z * z);
    }

    /**
     * {@code mju_wrap}: wraps the segment from site x0 to site x1 around a sphere or cylinder of
     * radius {@code rad} at {@code xpos}/{@code xmat}; writes the two tangent points to
     * {@code out[o..o+5]} and returns the length along the surface, or -1 when the segment does
     * not wrap. {@code side} is the side site's offset in {@code sites}, or -1.
     */
    static double wrap(MjData d, double[] out, int o, double[] sites, int x0, int x1, double[] gpos, int go, double[] gmat,
            int mo, double rad, int type, int side) {
        double[] w = d.wrapScratch; // p0 0..2, p1 3..5, axis0 6..8, axis1 9..11, normal 12..14, tmp 15..17, s 18..20
        for (int c = 0; c < 3; c++) {
            w[15 + c] = sites[x0 + c] - gpos[go + c];
        }
        Spatial.mulMatTVec(gmat, mo, w, 15, w, 0);
        for (int c = 0; c < 3; c++) {
            w[15 + c] = sites[x1 + c] - gpos[go + c];
        }
        Spatial.mulMatTVec(gmat, mo, w, 15, w, 3);
        if (norm3(w, 0) < MINVAL || norm3(w, 3) < MINVAL) {
            return -1;
        }
        if (type == MjModel.WRAP_SPHERE) {
            System.arraycopy(w, 0, w, 6, 3);
            Spatial.normalize3(w, 6);
            Spatial.cross(w, 0, w, 3, w, 12);
            double nrm = Spatial.normalize3(w, 12);
            if (nrm < MINVAL) {
                int i = 0;
                if (Math.abs(w[7]) > Math.abs(w[6]) && Math.abs(w[7]) > Math.abs(w[8])) {
                    i = 1;
                }
                if (Math.abs(w[8]) > Math.abs(w[6]) && Math.abs(w[8]) > Math.abs(w[7])) {
                    i = 2;
                }
                w[9] = w[10] = w[11] = 1;
                w[9 + i] = 0;
                Spatial.cross(w, 6, w, 9, w, 12);
                Spatial.normalize3(w, 12);
            }
            Spatial.cross(w, 12, w, 6, w, 9);
            Spatial.normalize3(w, 9);
        } else {
            w[12] = 0;
            w[13] = 0;
            w[14] = 1;
            w[6] = 1;
            w[7] = w[8] = 0;
            w[9] = w[11] = 0;
            w[10] = 1;
        }
        double[] dd = d.wrap2d; // d 0..3, sd 4..5, pnt 6..9
        dd[0] = Spatial.dot3(w, 0, w, 6);
        dd[1] = Spatial.dot3(w, 0, w, 9);
        dd[2] = Spatial.dot3(w, 3, w, 6);
        dd[3] = Spatial.dot3(w, 3, w, 9);
        boolean hasSide = side >= 0;
        if (hasSide) {
            for (int c = 0; c < 3; c++) {
                w[15 + c] = sites[side + c] - gpos[go + c];
            }
            Spatial.mulMatTVec(gmat, mo, w, 15, w, 18);
            dd[4] = Spatial.dot3(w, 18, w, 6);
            dd[5] = Spatial.dot3(w, 18, w, 9);
            if (Math.sqrt(dd[4] * dd[4] + dd[5] * dd[5]) >= rad) {
                normalize2(dd, 4);
                dd[4] *= rad;
                dd[5] *= rad;
            } else {
                dd[4] = dd[5] = 0;
            }
        }
        double wlen = hasSide && dd[4] == 0 && dd[5] == 0 ? wrapInside(dd, rad, d.wrapTmp2) : wrapCircle(d, dd, hasSide, rad);
        if (wlen < 0) {
            return -1;
        }
        double[] res = d.wrapRes;
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                res[3 * i + c] = w[6 + c] * dd[6 + 2 * i];
            }
            for (int c = 0; c < 3; c++) {
                res[3 * i + c] += w[9 + c] * dd[7 + 2 * i];
            }
        }
        if (type == MjModel.WRAP_CYLINDER) {
            double l0 = Math.sqrt((w[0] - res[0]) * (w[0] - res[0]) + (w[1] - res[1]) * (w[1] - res[1]));
            double l1 = Math.sqrt((w[3] - res[3]) * (w[3] - res[3]) + (w[4] - res[4]) * (w[4] - res[4]));
            res[2] = w[2] + (w[5] - w[2]) * l0 / (l0 + wlen + l1);
            res[5] = w[2] + (w[5] - w[2]) * (l0 + wlen) / (l0 + wlen + l1);
            double height = Math.abs(res[5] - res[2]);
            wlen = Math.sqrt(wlen * wlen + height * height);
        }
        Spatial.mulMatVec(gmat, mo, res, 0, out, o);
        Spatial.mulMatVec(gmat, mo, res, 3, out, o + 3);
        for (int c = 0; c < 3; c++) {
            out[o + c] += gpos[go + c];
            out[o + 3 + c] += gpos[go + c];
        }
        return wlen;
    }

    /** {@code wrap_circle} on dd (points 0..3, side 4..5 when hasSide), tangent points into dd[6..9]. */
    private static double wrapCircle(MjData d, double[] dd, boolean hasSide, double rad) {
        double sqlen0 = dd[0] * dd[0] + dd[1] * dd[1];
        double sqlen1 = dd[2] * dd[2] + dd[3] * dd[3];
        double sqrad = rad * rad;
        double dx = dd[2] - dd[0], dy = dd[3] - dd[1];
        if (sqlen0 < sqrad || sqlen1 < sqrad || rad < MINVAL) {
            return -1;
        }
        double len2 = dx * dx + dy * dy;
        if (len2 < MINVAL) {
            return -1;
        }
        double a = -(dx * dd[0] + dy * dd[1]) / len2;
        a = a < 0 ? 0 : a > 1 ? 1 : a;
        double tx = a * dx + dd[0], ty = a * dy + dd[1];
        if (tx * tx + ty * ty > sqrad && (!hasSide || dd[4] * tx + dd[5] * ty >= 0)) {
            return -1;
        }
        double[] sol = d.wrapSol; // sol[i][p][c] at 4i + 2p + c
        double[] good = d.wrapGood;
        double[] tmp = d.wrapTmp2;
        for (int i = 0; i < 2; i++) {
            double sqrt0 = Math.sqrt(sqlen0 - sqrad);
            double sqrt1 = Math.sqrt(sqlen1 - sqrad);
            int sgn = i == 0 ? 1 : -1;
            sol[4 * i] = (dd[0] * sqrad + sgn * rad * dd[1] * sqrt0) / sqlen0;
            sol[4 * i + 1] = (dd[1] * sqrad - sgn * rad * dd[0] * sqrt0) / sqlen0;
            sol[4 * i + 2] = (dd[2] * sqrad - sgn * rad * dd[3] * sqrt1) / sqlen1;
            sol[4 * i + 3] = (dd[3] * sqrad + sgn * rad * dd[2] * sqrt1) / sqlen1;
            if (hasSide) {
                tmp[0] = sol[4 * i] + sol[4 * i + 2];
                tmp[1] = sol[4 * i + 1] + sol[4 * i + 3];
                normalize2(tmp, 0);
                good[i] = tmp[0] * dd[4] + tmp[1] * dd[5];
            } else {
                tmp[0] = sol[4 * i] - sol[4 * i + 2];
                tmp[1] = sol[4 * i + 1] - sol[4 * i + 3];
                good[i] = -(tmp[0] * tmp[0] + tmp[1] * tmp[1]);
            }
            if (intersect(dd, 0, sol, 4 * i, dd, 2, sol, 4 * i + 2)) {
                good[i] = -10000;
            }
        }
        int i = good[0] > good[1] ? 0 : 1;
        System.arraycopy(sol, 4 * i, dd, 6, 4);
        if (intersect(dd, 0, dd, 6, dd, 2, dd, 8)) {
            return -1;
        }
        return lengthCircle(sol, 4 * i, 4 * i + 2, i, rad, d.wrapTmp4);
    }

    /** {@code wrap_inside}: the inside wrap of MuJoCo (a side site inside the circle), tangent point into dd[6..9]. */
    private static double wrapInside(double[] dd, double rad, double[] vec) {
        final int maxiter = 20;
        final double zinit = 1 - 1e-7, tolerance = 1e-6;
        double len0 = Math.sqrt(dd[0] * dd[0] + dd[1] * dd[1]);
        double len1 = Math.sqrt(dd[2] * dd[2] + dd[3] * dd[3]);
        double dx = dd[2] - dd[0], dy = dd[3] - dd[1];
        double len2 = dx * dx + dy * dy;
        if (len0 <= rad || len1 <= rad || rad < MINVAL || len0 < MINVAL || len1 < MINVAL) {
            return -1;
        }
        if (len2 > MINVAL) {
            double a = -(dx * dd[0] + dy * dd[1]) / len2;
            if (a > 0 && a < 1) {
                double tx = dd[0] + dx * a, ty = dd[1] + dy * a;
                if (Math.sqrt(tx * tx + ty * ty) <= rad) {
                    return -1;
                }
            }
        }
        dd[6] = 0.5 * (dd[0] + dd[2]);
        dd[7] = 0.5 * (dd[1] + dd[3]);
        normalize2(dd, 6);
        dd[6] *= rad;
        dd[7] *= rad;
        dd[8] = dd[6];
        dd[9] = dd[7];
        double a = rad / len0, b = rad / len1;
        double cosG = (len0 * len0 + len1 * len1 - len2) / (2 * len0 * len1);
        if (cosG < -1 + MINVAL) {
            return -1;
        } else if (cosG > 1 - MINVAL) {
            return 0;
        }
        double g = Math.acos(cosG);
        double z = zinit;
        double f = Math.asin(a * z) + Math.asin(b * z) - 2 * Math.asin(z) + g;
        if (f > 0) {
            return 0;
        }
        int iter;
        for (iter = 0; iter < maxiter && Math.abs(f) > tolerance; iter++) {
            double df = a / Math.max(MINVAL, Math.sqrt(1 - z * z * a * a)) + b / Math.max(MINVAL, Math.sqrt(1 - z * z * b * b))
                    - 2 / Math.max(MINVAL, Math.sqrt(1 - z * z));
            if (df > -MINVAL) {
                return 0;
            }
            double z1 = z - f / df;
            if (z1 > z) {
                return 0;
            }
            z = z1;
            f = Math.asin(a * z) + Math.asin(b * z) - 2 * Math.asin(z) + g;
            if (f > tolerance) {
                return 0;
            }
        }
        if (iter >= maxiter) {
            return 0;
        }
        double ang;
        boolean first = dd[0] * dd[3] - dd[1] * dd[2] > 0;
        System.arraycopy(dd, first ? 0 : 2, vec, 0, 2);
        ang = Math.asin(z) - Math.asin((first ? a : b) * z);
        normalize2(vec, 0);
        dd[6] = rad * (Math.cos(ang) * vec[0] - Math.sin(ang) * vec[1]);
        dd[7] = rad * (Math.sin(ang) * vec[0] + Math.cos(ang) * vec[1]);
        dd[8] = dd[6];
        dd[9] = dd[7];
        return 0;
    }

    /** {@code is_intersect}: whether segments p1-p2 and p3-p4 intersect. */
    private static boolean intersect(double[] a1, int o1, double[] a2, int o2, double[] a3, int o3, double[] a4, int o4) {
        double det = (a4[o4 + 1] - a3[o3 + 1]) * (a2[o2] - a1[o1]) - (a4[o4] - a3[o3]) * (a2[o2 + 1] - a1[o1 + 1]);
        if (Math.abs(det) < MINVAL) {
            return false;
        }
        double a = ((a4[o4] - a3[o3]) * (a1[o1 + 1] - a3[o3 + 1]) - (a4[o4 + 1] - a3[o3 + 1]) * (a1[o1] - a3[o3])) / det;
        double b = ((a2[o2] - a1[o1]) * (a1[o1 + 1] - a3[o3 + 1]) - (a2[o2 + 1] - a1[o1 + 1]) * (a1[o1] - a3[o3])) / det;
        return a >= 0 && a <= 1 && b >= 0 && b <= 1;
    }

    /** {@code length_circle}: the arc from p0 to p1 on the circle, the long way round as the solution index asks. */
    private static double lengthCircle(double[] s, int p0, int p1, int ind, double rad, double[] tmp4) {
        System.arraycopy(s, p0, tmp4, 0, 2);
        System.arraycopy(s, p1, tmp4, 2, 2);
        normalize2(tmp4, 0);
        normalize2(tmp4, 2);
        double angle = Math.acos(tmp4[0] * tmp4[2] + tmp4[1] * tmp4[3]);
        double cross = s[p0 + 1] * s[p1] - s[p0] * s[p1 + 1];
        if ((cross > 0 && ind != 0) || (cross < 0 && ind == 0)) {
            angle = 2 * Math.PI - angle;
        }
        return rad * angle;
    }

    private static double norm3(double[] a, int o) {
        return Math.sqrt(a[o] * a[o] + a[o + 1] * a[o + 1] + a[o + 2] * a[o + 2]);
    }

    /** {@code mju_normalize(v, 2)}. */
    private static void normalize2(double[] v, int o) {
        double norm = Math.sqrt(v[o] * v[o] + v[o + 1] * v[o + 1]);
        if (norm < MINVAL) {
            v[o] = 1;
            v[o + 1] = 0;
        } else {
            double inv = 1 / norm;
            v[o] *= inv;
            v[o + 1] *= inv;
        }
    }
}
