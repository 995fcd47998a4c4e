package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * MuJoCo 2.2.2's box–box collider ({@code mjc_BoxBox}): a separating-axis test over the 6 face
 * normals and the 9 edge-pair axes picks the axis of least penetration. On a face axis, the
 * incident box's nearest face (its corner, edges and face) is clipped against the reference
 * face's rectangle, and contacts report half the penetration, as 2.2.2 does; on an edge-pair
 * axis, the other box's face nearest the edge is clipped against the first box's face and the
 * contacts report the full penetration. Up to 8 contacts. Holds scratch; one per rollout, not
 * thread-safe.
 */
final class BoxBox {
    private static final double MINVAL = Spatial.MINVAL;

    private final double[] pos12 = new double[3], pos21 = new double[3], rot = new double[9], rott = new double[9],
            rotabs = new double[9], rottabs = new double[9], tmp1 = new double[3], tmp2 = new double[3],
            plen1 = new double[3], plen2 = new double[3], p = new double[3], r = new double[9], s = new double[3],
            ss = new double[3], lp = new double[3], rt = new double[9], clnorm = new double[3], rnorm = new double[3],
            depth = new double[PairContacts.MAX], size1 = new double[3], size2 = new double[3];
    private final double[][] points = new double[PairContacts.MAX][3], pts = new double[6][3], pu = new double[4][3],
            axi = new double[3][3], lines = new double[4][6], linesu = new double[4][6];
    private final double[][] ppts2 = new double[4][2];
    // the face permutation of rotmore: row i of the rotated frame is row idx[i] of the original times sgn[i]
    private final int[] idx = new int[3];
    private final double[] sgn = new double[3];

    /** For each axis, the other two as MuJoCo's edge-edge branch orders them. */
    private static final int[][] OTHER_AXES = {{1, 2}, {0, 2}, {1, 0}};

    /** Boxes g1 and g2; writes contacts from slot k, returns how many. */
    int collide(PhysicsModel pm, MjData d, PairContacts con, int k, int g1, int g2, double margin) {
        double[] xpos = d.geom_xpos, xmat = d.geom_xmat, size = pm.m.geom_size;
        int m1 = 9 * g1, m2 = 9 * g2;
        double[] size1 = this.size1, size2 = this.size2;
        for (int i = 0; i < 3; i++) {
            size1[i] = size[3 * g1 + i];
            size2[i] = size[3 * g2 + i];
        }
        int code = -1;
        double margin2 = margin * margin;
        for (int i = 0; i < 3; i++) {
            tmp1[i] = xpos[3 * g2 + i] - xpos[3 * g1 + i];
        }
        Spatial.mulMatTVec(xmat, m1, tmp1, 0, pos21, 0);
        for (int i = 0; i < 3; i++) {
            tmp1[i] = xpos[3 * g1 + i] - xpos[3 * g2 + i];
        }
        Spatial.mulMatTVec(xmat, m2, tmp1, 0, pos12, 0);
        // rot = mat1' mat2
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rot[3 * i + j] = xmat[m1 + i] * xmat[m2 + j] + xmat[m1 + 3 + i] * xmat[m2 + 3 + j]
                        + xmat[m1 + 6 + i] * xmat[m2 + 6 + j];
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rott[3 * i + j] = rot[3 * j + i];
            }
        }
        for (int i = 0; i < 9; i++) {
            rotabs[i] = Math.abs(rot[i]);
            rottabs[i] = Math.abs(rott[i]);
        }
        Spatial.mulMatVec(rotabs, 0, size2, 0, plen2, 0);
        Spatial.mulMatTVec(rotabs, 0, size1, 0, plen1, 0);
        double penetration = margin;
        for (int i = 0; i < 3; i++) {
            penetration += size1[i] * 3 + size2[i] * 3;
        }
        // face axes of box 1 (codes 0..5) and box 2 (6..11)
        for (int i = 0; i < 3; i++) {
            double c1 = -Math.abs(pos21[i]) + size1[i] + plen2[i];
            double c2 = -Math.abs(pos12[i]) + size2[i] + plen1[i];
            if (c1 < -margin || c2 < -margin) {
                return 0;
            }
            if (c1 < penetration) {
                penetration = c1;
                code = i + 3 * (pos21[i] < 0 ? 1 : 0);
            }
            if (c2 < penetration) {
                penetration = c2;
                code = i + 3 * (pos12[i] < 0 ? 1 : 0) + 6;
            }
        }
        // edge-pair axes (codes 12..20): edge i of box 1 across edge j of box 2
        int cle1 = 0, cle2 = 0;
        boolean in = false;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                tmp2[0] = tmp2[1] = tmp2[2] = 0;
                if (i == 0) {
                    tmp2[1] = -rott[3 * j + 2];
                    tmp2[2] = +rott[3 * j + 1];
                } else if (i == 1) {
                    tmp2[0] = +rott[3 * j + 2];
                    tmp2[2] = -rott[3 * j];
                } else {
                    tmp2[0] = -rott[3 * j + 1];
                    tmp2[1] = +rott[3 * j];
                }
                double c1 = Spatial.normalize3(tmp2, 0);
                if (c1 < MINVAL) {
                    continue;
                }
                double c2 = pos21[0] * tmp2[0] + pos21[1] * tmp2[1] + pos21[2] * tmp2[2];
                double c3 = 0;
                for (int q = 0; q < 3; q++) {
                    if (q != i) {
                        c3 += size1[q] * Math.abs(tmp2[q]);
                    }
                }
                for (int q = 0; q < 3; q++) {
                    if (q != j) {
                        c3 += size2[q] * rotabs[3 * i + 3 - q - j] / c1;
                    }
                }
                c3 -= Math.abs(c2);
                if (c3 < -margin) {
                    return 0;
                }
                if (c3 < penetration * (1 - 1e-12)) {
                    penetration = c3;
                    cle1 = 0;
                    for (int q = 0; q < 3; q++) {
                        if (q != i && ((tmp2[q] > 0) ^ (c2 < 0))) {
                            cle1 += 1 << q;
                        }
                    }
                    cle2 = 0;
                    for (int q = 0; q < 3; q++) {
                        if (q != j && ((rot[3 * i + 3 - q - j] > 0) ^ (c2 < 0) ^ ((q - j + 3) % 3 == 1))) {
                            cle2 += 1 << q;
                        }
                    }
                    code = 12 + i * 3 + j;
                    System.arraycopy(tmp2, 0, clnorm, 0, 3);
                    in = c2 < 0;
                }
            }
        }
        if (code == -1) {
            return 0;
        }
        if (code >= 12) {
            return edgeEdge(d, con, k, g1, code - 12, cle1, cle2, in, size1, size2, margin, margin2);
        }
        return faceContacts(d, con, k, g1, g2, code, size1, size2, margin);
    }

    /** Sets the face permutation (MuJoCo's rotmore as index and sign) that turns face q to +z. */
    private void facePermutation(int q) {
        idx[0] = 0;
        idx[1] = 1;
        idx[2] = 2;
        sgn[0] = sgn[1] = sgn[2] = 1;
        switch (q) {
            case 0 -> {
                idx[0] = 2;
                sgn[0] = -1;
                idx[2] = 0;
            }
            case 1 -> {
                idx[1] = 2;
                sgn[1] = -1;
                idx[2] = 1;
            }
            case 3 -> {
                idx[0] = 2;
                idx[2] = 0;
                sgn[2] = -1;
            }
            case 4 -> {
                idx[1] = 2;
                idx[2] = 1;
                sgn[2] = -1;
            }
            case 5 -> {
                sgn[0] = -1;
                sgn[2] = -1;
            }
            default -> {
            }
        }
    }

    private void permuteVec(double[] out, double[] in) {
        out[0] = in[idx[0]] * sgn[0];
        out[1] = in[idx[1]] * sgn[1];
        out[2] = in[idx[2]] * sgn[2];
    }

    /** {@code out = mat' rotmoreᵀ} written as rows of the permuted frame: out = mat · rotmoreᵀ. */
    private void frameTimesPermutationT(double[] mat, int mo, double[] out) {
        // rotmore row i has sgn[i] at column idx[i]; (mat rotmore')[a][i] = mat[a][idx[i]] * sgn[i]
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < 3; i++) {
                out[3 * a + i] = mat[mo + 3 * a + idx[i]] * sgn[i];
            }
        }
    }

    /** A face axis won: clip the incident box's nearest corner, edges and face against the reference face. */
    private int faceContacts(MjData d, PairContacts con, int k, int g1, int g2, int code, double[] size1, double[] size2,
            double margin) {
        int q1 = code % 6, q2 = code / 6;
        facePermutation(q1);
        if (q2 != 0) {
            // reference face on box 2: r = rotmore rot'
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    r[3 * i + j] = rot[3 * j + idx[i]] * sgn[i];
                }
            }
            permuteVec(p, pos12);
            permuteVec(tmp1, size2);
            System.arraycopy(size1, 0, s, 0, 3);
        } else {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    r[3 * i + j] = rot[3 * idx[i] + j] * sgn[i];
                }
            }
            permuteVec(p, pos21);
            permuteVec(tmp1, size1);
            System.arraycopy(size2, 0, s, 0, 3);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rt[3 * i + j] = r[3 * j + i];
            }
        }
        for (int i = 0; i < 3; i++) {
            ss[i] = Math.abs(tmp1[i]);
        }
        double lx = ss[0], ly = ss[1], hz = ss[2];
        p[2] -= hz;
        System.arraycopy(p, 0, lp, 0, 3);
        int clcorner = 0;
        for (int i = 0; i < 3; i++) {
            if (r[6 + i] < 0) {
                clcorner += 1 << i;
            }
        }
        for (int i = 0; i < 3; i++) {
            double sc = s[i] * ((clcorner & (1 << i)) != 0 ? 1 : -1);
            lp[0] += rt[3 * i] * sc;
            lp[1] += rt[3 * i + 1] * sc;
            lp[2] += rt[3 * i + 2] * sc;
        }
        // the incident box's nearest corner and the edges from it that lie along the face
        int m = 0;
        set3(pts[m++], lp);
        for (int i = 0; i < 3; i++) {
            if (Math.abs(r[6 + i]) < 0.5) {
                double sc = s[i] * ((clcorner & (1 << i)) != 0 ? -2 : 2);
                pts[m][0] = rt[3 * i] * sc;
                pts[m][1] = rt[3 * i + 1] * sc;
                pts[m][2] = rt[3 * i + 2] * sc;
                m++;
            }
        }
        add3(pts[3], pts[0], pts[1]);
        add3(pts[4], pts[0], pts[2]);
        add3(pts[5], pts[3], pts[2]);
        int nl = 0;
        if (m > 1) {
            line(lines[nl++], pts[0], pts[1]);
        }
        if (m > 2) {
            line(lines[nl++], pts[0], pts[2]);
            line(lines[nl++], pts[3], pts[2]);
            line(lines[nl++], pts[4], pts[1]);
        }
        int n = 0;
        // edges crossing the reference face's sides
        for (int i = 0; i < nl; i++) {
            for (int q = 0; q < 2; q++) {
                double a = lines[i][q], b = lines[i][3 + q], c = lines[i][1 - q], dd = lines[i][4 - q];
                if (Math.abs(b) > MINVAL) {
                    for (int j = -1; j <= 1; j += 2) {
                        double l = ss[q] * j;
                        double c1 = (l - a) * (1 / b);
                        if (c1 < 0 || c1 > 1) {
                            continue;
                        }
                        double c2 = c + dd * c1;
                        if (Math.abs(c2) > ss[1 - q]) {
                            continue;
                        }
                        for (int t = 0; t < 3; t++) {
                            points[n][t] = lines[i][t] + lines[i][3 + t] * c1;
                        }
                        n++;
                    }
                }
            }
        }
        // corners of the reference face inside the incident face
        double a = pts[1][0], b = pts[2][0], c = pts[1][1], dd = pts[2][1];
        double det = a * dd - b * c;
        if (m > 2) {
            for (int i = 0; i < 4; i++) {
                double llx = i / 2 != 0 ? lx : -lx, lly = i % 2 != 0 ? ly : -ly;
                double x = llx - pts[0][0], y = lly - pts[0][1];
                double u = (x * dd - y * b) * (1 / det), v = (y * a - x * c) * (1 / det);
                if (u <= 0 || v <= 0 || u >= 1 || v >= 1) {
                    continue;
                }
                points[n][0] = llx;
                points[n][1] = lly;
                points[n][2] = pts[0][2] + u * pts[1][2] + v * pts[2][2];
                n++;
            }
        }
        // the incident face's own corners inside the reference face
        for (int i = 0; i < (1 << (m - 1)); i++) {
            double[] pt = pts[i == 0 ? 0 : i + 2];
            if (i != 0 && (pt[0] <= -lx || pt[0] >= lx)) {
                continue;
            }
            if (i != 0 && (pt[1] <= -ly || pt[1] >= ly)) {
                continue;
            }
            set3(points[n++], pt);
        }
        // keep those within the margin; 2.2.2 reports half the penetration
        int total = n;
        n = 0;
        for (int i = 0; i < total; i++) {
            if (points[i][2] > margin) {
                continue;
            }
            set3(points[n], points[i]);
            depth[n] = points[n][2];
            points[n][2] *= 0.5;
            n++;
        }
        double[] xmat = d.geom_xmat, xpos = d.geom_xpos;
        int gref = q2 != 0 ? g2 : g1;
        frameTimesPermutationT(xmat, 9 * gref, r);
        double sign = q2 != 0 ? -1 : 1;
        double nx = sign * r[2], ny = sign * r[5], nz = sign * r[8];
        for (int i = 0; i < n; i++) {
            int slot = k + i;
            con.dist[slot] = points[i][2];
            points[i][2] += hz;
            Spatial.mulMatVec(r, 0, points[i], 0, tmp2, 0);
            con.pos[3 * slot] = tmp2[0] + xpos[3 * gref];
            con.pos[3 * slot + 1] = tmp2[1] + xpos[3 * gref + 1];
            con.pos[3 * slot + 2] = tmp2[2] + xpos[3 * gref + 2];
            con.setFrame(slot, nx, ny, nz);
        }
        return n;
    }

    /** An edge-pair axis won: clip box 2's face nearest the edge against box 1's face, full penetration. */
    private int edgeEdge(MjData d, PairContacts con, int k, int g1, int code, int cle1, int cle2, boolean in,
            double[] size1, double[] size2, double margin, double margin2) {
        int q1 = code / 3, q2 = code % 3;
        // the two axes other than q, in MuJoCo's order
        int ax1 = OTHER_AXES[q2][0], ax2 = OTHER_AXES[q2][1], pax1 = OTHER_AXES[q1][0], pax2 = OTHER_AXES[q1][1];
        if (rotabs[3 * q1 + ax1] < rotabs[3 * q1 + ax2]) {
            ax1 = ax2;
            ax2 = 3 - q2 - ax1;
        }
        if (rottabs[3 * q2 + pax1] < rottabs[3 * q2 + pax2]) {
            pax1 = pax2;
            pax2 = 3 - q1 - pax1;
        }
        int clface = (cle1 & (1 << pax2)) != 0 ? pax2 : pax2 + 3;
        facePermutation(clface);
        permuteVec(p, pos21);
        permuteVec(rnorm, clnorm);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = rot[3 * idx[i] + j] * sgn[i];
            }
        }
        // s = |rotmore' size1|: rotmore' maps a permuted vector back, so s[idx[i]]... as mju_rotVecMatT(size1, rotmore)
        double[] t = this.tmp2;
        t[0] = t[1] = t[2] = 0;
        for (int i = 0; i < 3; i++) {
            t[idx[i]] += size1[i] * sgn[i];
        }
        // mju_rotVecMatT(tmp1, size1, rotmore): tmp1[j] = sum_i rotmore[i][j] size1[i] = sum_i [idx[i]==j] sgn[i] size1[i]
        for (int i = 0; i < 3; i++) {
            s[i] = Math.abs(t[i]);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rt[3 * i + j] = r[3 * j + i];
            }
        }
        double lx = s[0], ly = s[1], hz = s[2];
        p[2] -= hz;
        // box 2's edge (both ends) and the parallel edge across the face, in box 1's face frame
        edgeEnds(0, ax1, ax2, q2, cle2, size2, 1);
        edgeEnds(2, ax1, ax2, q2, cle2, size2, -1);
        set3(axi[0], points[0]);
        sub3(axi[1], points[1], points[0]);
        sub3(axi[2], points[2], points[0]);
        if (Math.abs(rnorm[2]) < MINVAL) {
            return 0;
        }
        double innorm = (1 / rnorm[2]) * (in ? -1 : 1);
        // project the face onto box 1's face plane along the normal
        for (int i = 0; i < 4; i++) {
            double c1 = -points[i][2] * (1 / rnorm[2]);
            set3(pu[i], points[i]);
            for (int q = 0; q < 3; q++) {
                points[i][q] += rnorm[q] * c1;
            }
            ppts2[i][0] = points[i][0];
            ppts2[i][1] = points[i][1];
        }
        set3(pts[0], points[0]);
        sub3(pts[1], points[1], points[0]);
        sub3(pts[2], points[2], points[0]);
        int nl = 0;
        line(lines[nl], pts[0], pts[1]);
        line(linesu[nl++], axi[0], axi[1]);
        line(lines[nl], pts[0], pts[2]);
        line(linesu[nl++], axi[0], axi[2]);
        lineFromSum(lines[nl], pts[0], pts[1], pts[2]);
        lineFromSum(linesu[nl++], axi[0], axi[1], axi[2]);
        lineFromSum(lines[nl], pts[0], pts[2], pts[1]);
        lineFromSum(linesu[nl++], axi[0], axi[2], axi[1]);
        int n = 0;
        // the projected face's edges crossing box 1's face sides
        for (int i = 0; i < nl; i++) {
            for (int q = 0; q < 2; q++) {
                double a = lines[i][q], b = lines[i][3 + q], c = lines[i][1 - q], dd = lines[i][4 - q];
                if (Math.abs(b) > MINVAL) {
                    for (int j = -1; j <= 1; j += 2) {
                        if (n >= PairContacts.MAX) {
                            continue;
                        }
                        double l = s[q] * j;
                        double c1 = (l - a) * (1 / b);
                        if (c1 < 0 || c1 > 1) {
                            continue;
                        }
                        double c2 = c + dd * c1;
                        if (Math.abs(c2) > s[1 - q]) {
                            continue;
                        }
                        if ((linesu[i][2] + linesu[i][5] * c1) * innorm > margin) {
                            continue;
                        }
                        for (int t2 = 0; t2 < 3; t2++) {
                            points[n][t2] = linesu[i][t2] * 0.5;
                            points[n][t2] += linesu[i][3 + t2] * (0.5 * c1);
                        }
                        points[n][q] += 0.5 * l;
                        points[n][1 - q] += 0.5 * c2;
                        depth[n] = points[n][2] * innorm * 2;
                        n++;
                    }
                }
            }
        }
        int nlines = n;
        // box 1's face corners inside the projected face
        double a = pts[1][0], b = pts[2][0], c = pts[1][1], dd = pts[2][1];
        double det = a * dd - b * c;
        for (int i = 0; i < 4; i++) {
            if (n >= PairContacts.MAX) {
                continue;
            }
            double llx = i / 2 != 0 ? lx : -lx, lly = i % 2 != 0 ? ly : -ly;
            double x = llx - pts[0][0], y = lly - pts[0][1];
            double u = (x * dd - y * b) * (1 / det), v = (y * a - x * c) * (1 / det);
            if (nlines == 0) {
                if ((u < 0 || u > 1) && (v < 0 || v > 1)) {
                    continue;
                }
            } else if (u < 0 || u > 1 || v < 0 || v > 1) {
                continue;
            }
            u = u < 0 ? 0 : u > 1 ? 1 : u;
            v = v < 0 ? 0 : v > 1 ? 1 : v;
            for (int q = 0; q < 3; q++) {
                tmp1[q] = pu[0][q] * (1 - u - v);
                tmp1[q] += pu[1][q] * u;
                tmp1[q] += pu[2][q] * v;
            }
            points[n][0] = llx;
            points[n][1] = lly;
            points[n][2] = 0;
            sub3(tmp2, points[n], tmp1);
            double c1 = tmp2[0] * tmp2[0] + tmp2[1] * tmp2[1] + tmp2[2] * tmp2[2];
            // as in 2.2.2, this distance replaces the determinant for the corners that follow
            det = c1;
            if (tmp1[2] > 0 && c1 > margin2) {
                continue;
            }
            for (int q = 0; q < 3; q++) {
                points[n][q] = (points[n][q] + tmp1[q]) * 0.5;
            }
            depth[n] = Math.sqrt(c1) * (tmp1[2] < 0 ? -1 : 1);
            n++;
        }
        int nfaces = n;
        // the face's own corners (projected) inside box 1's face
        for (int i = 0; i < 4; i++) {
            if (n >= PairContacts.MAX) {
                continue;
            }
            double x = ppts2[i][0], y = ppts2[i][1];
            if (nlines == 0) {
                if (nfaces != 0 && (x < -lx || x > lx) && (y < -ly || y > ly)) {
                    continue;
                }
            } else if (x < -lx || x > lx || y < -ly || y > ly) {
                continue;
            }
            double c1 = 0;
            for (int j = 0; j < 2; j++) {
                if (ppts2[i][j] < -s[j]) {
                    c1 += (ppts2[i][j] + s[j]) * (ppts2[i][j] + s[j]);
                } else if (ppts2[i][j] > s[j]) {
                    c1 += (ppts2[i][j] - s[j]) * (ppts2[i][j] - s[j]);
                }
            }
            c1 += pu[i][2] * innorm * pu[i][2] * innorm;
            if (pu[i][2] > 0 && c1 > margin2) {
                continue;
            }
            tmp1[0] = ppts2[i][0] * 0.5;
            tmp1[1] = ppts2[i][1] * 0.5;
            tmp1[2] = 0;
            for (int j = 0; j < 2; j++) {
                if (ppts2[i][j] < -s[j]) {
                    tmp1[j] = -s[j] * 0.5;
                } else if (ppts2[i][j] > s[j]) {
                    tmp1[j] = +s[j] * 0.5;
                }
            }
            for (int q = 0; q < 3; q++) {
                tmp1[q] += pu[i][q] * 0.5;
            }
            set3(points[n], tmp1);
            depth[n] = Math.sqrt(c1) * (pu[i][2] < 0 ? -1 : 1);
            n++;
        }
        double[] xmat = d.geom_xmat, xpos = d.geom_xpos;
        frameTimesPermutationT(xmat, 9 * g1, r);
        Spatial.mulMatVec(r, 0, rnorm, 0, tmp1, 0);
        double sign = in ? -1 : 1;
        double nx = tmp1[0] * sign, ny = tmp1[1] * sign, nz = tmp1[2] * sign;
        for (int i = 0; i < n; i++) {
            int slot = k + i;
            con.dist[slot] = depth[i];
            points[i][2] += hz;
            Spatial.mulMatVec(r, 0, points[i], 0, tmp2, 0);
            con.pos[3 * slot] = tmp2[0] + xpos[3 * g1];
            con.pos[3 * slot + 1] = tmp2[1] + xpos[3 * g1 + 1];
            con.pos[3 * slot + 2] = tmp2[2] + xpos[3 * g1 + 2];
            con.setFrame(slot, nx, ny, nz);
        }
        return n;
    }

    /**
     * The two ends of one of box 2's edges along axis q2, from slot i: the edge at the corner cle2
     * selects on axes ax1 and ax2, with ax1's side flipped when {@code side} is -1.
     */
    private void edgeEnds(int i, int ax1, int ax2, int q2, int cle2, double[] size2, int side) {
        double[] e = points[i];
        set3(e, p);
        double s1 = size2[ax1] * ((cle2 & (1 << ax1)) != 0 ? side : -side);
        double s2 = size2[ax2] * ((cle2 & (1 << ax2)) != 0 ? 1 : -1);
        for (int q = 0; q < 3; q++) {
            e[q] += rt[3 * ax1 + q] * s1;
        }
        for (int q = 0; q < 3; q++) {
            e[q] += rt[3 * ax2 + q] * s2;
        }
        set3(points[i + 1], e);
        for (int q = 0; q < 3; q++) {
            e[q] += rt[3 * q2 + q] * size2[q2];
        }
        for (int q = 0; q < 3; q++) {
            points[i + 1][q] += rt[3 * q2 + q] * -size2[q2];
        }
    }

    private static void set3(double[] dst, double[] src) {
        dst[0] = src[0];
        dst[1] = src[1];
        dst[2] = src[2];
    }

    private static void add3(double[] dst, double[] a, double[] b) {
        dst[0] = a[0] + b[0];
        dst[1] = a[1] + b[1];
        dst[2] = a[2] + b[2];
    }

    private static void sub3(double[] dst, double[] a, double[] b) {
        dst[0] = a[0] - b[0];
        dst[1] = a[1] - b[1];
        dst[2] = a[2] - b[2];
    }

    /** A line as start and direction. */
    private static void line(double[] dst, double[] start, double[] dir) {
        System.arraycopy(start, 0, dst, 0, 3);
        System.arraycopy(dir, 0, dst, 3, 3);
    }

    /** A line starting at a + b with direction dir. */
    private static void lineFromSum(double[] dst, double[] a, double[] b, double[] dir) {
        dst[0] = a[0] + b[0];
        dst[1] = a[1] + b[1];
        dst[2] = a[2] + b[2];
        System.arraycopy(dir, 0, dst, 3, 3);
    }
}
