package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * MuJoCo 2.2.2's general convex colliders ({@code engine_collision_convex}): every pair without
 * a dedicated collider (ellipsoids, cylinders against anything but a plane, meshes) is one
 * penetration query by {@link Mpr} on the geoms' support functions inflated by half the margin,
 * its normal then fixed from the geoms' surfaces where they are smooth ({@code mjc_fixNormal});
 * a plane against an ellipsoid or a mesh is the support point below the plane and, for meshes,
 * up to two of its hull neighbours ({@code mjc_PlaneConvex}). Holds scratch; one per rollout,
 * not thread-safe.
 */
final class ConvexColliders implements Mpr.Shapes {
    private static final double MINVAL = Spatial.MINVAL;
    private static final int MAX_PLANE_MESH = 3;
    private static final double TOL_PLANE_MESH = 0.3;

    private final Mpr mpr = new Mpr();
    private final double[] local = new double[3], res = new double[3], tmp = new double[3], nrm = new double[3];
    private final double[][] normals = new double[2][3];
    private final int[] gid = new int[2];
    private final boolean[] processed = new boolean[2];
    private final double[] scratch3 = new double[3], scratch3b = new double[3];
    private PhysicsModel pm;
    private MjData d;
    private int geom1, geom2;
    private double margin;
    /** The hull vertex of the last mesh support query. */
    private int meshIndex;

    /** The prism of a height-field query (6 vertices: bottom 0..2, top 3..5, in the hfield frame); active when set. */
    private final double[] prism = new double[18];
    private boolean prismMode;
    private final double[] savedPos = new double[3], savedMat = new double[9], relMat = new double[9];

    /** The centre of geom 1 or 2 of the current query (shape 1: the prism's mean in a height-field query). */
    @Override
    public void center(int shape, double[] out, int o) {
        if (shape == 1 && prismMode) {
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int v = 0; v < 6; v++) {
                    sum += prism[3 * v + k];
                }
                out[o + k] = sum * (1.0 / 6.0);
            }
            return;
        }
        int g = shape == 1 ? geom1 : geom2;
        System.arraycopy(d.geom_xpos, 3 * g, out, o, 3);
    }

    @Override
    public void support(int shape, double x, double y, double z, double[] out, int o) {
        if (shape == 1 && prismMode) {
            // the best vertex of the bottom (z < 0) or top triangle (MuJoCo's prism_support)
            int start = z < 0 ? 0 : 3, best = start;
            double bestDot = prism[3 * start] * x + prism[3 * start + 1] * y + prism[3 * start + 2] * z;
            for (int v = start + 1; v < start + 3; v++) {
                double dot = prism[3 * v] * x + prism[3 * v + 1] * y + prism[3 * v + 2] * z;
                if (dot > bestDot) {
                    best = v;
                    bestDot = dot;
                }
            }
            System.arraycopy(prism, 3 * best, out, o, 3);
            return;
        }
        support(shape == 1 ? geom1 : geom2, margin, x, y, z, out, o);
    }

    /**
     * Height field g1 against convex geom g2 ({@code mjc_ConvexHField}): in the height field's
     * frame, a bounding test, then the geom's extent along the axes picks the grid cells under
     * it; each cell's two triangles, extruded down to the base into prisms (their tops raised by
     * the margin), are tested against the geom with MPR, one contact per penetrating prism (at
     * most {@link PairContacts#MAX}); normals then fixed as for any convex pair.
     */
    int hfield(PhysicsModel model, MjData data, PairContacts con, int k0, int g1, int g2, double marg) {
        this.pm = model;
        this.d = data;
        MjModel m = model.m;
        int hid = m.geom_dataid[g1];
        int nrow = m.hfield_nrow[hid], ncol = m.hfield_ncol[hid], adr = m.hfield_adr[hid];
        double s0 = m.hfield_size[4 * hid], s1 = m.hfield_size[4 * hid + 1], s2 = m.hfield_size[4 * hid + 2],
                s3 = m.hfield_size[4 * hid + 3];
        double[] xpos = d.geom_xpos, xmat = d.geom_xmat;
        // geom2's position in the height field's frame
        for (int i = 0; i < 3; i++) {
            tmp[i] = xpos[3 * g2 + i] - xpos[3 * g1 + i];
        }
        double[] pos = scratch3;
        Spatial.mulMatTVec(xmat, 9 * g1, tmp, 0, pos, 0);
        double r2 = m.geom_rbound[g2];
        if (s0 < pos[0] - r2 - marg || -s0 > pos[0] + r2 + marg || s1 < pos[1] - r2 - marg || -s1 > pos[1] + r2 + marg
                || s2 < pos[2] - r2 - marg || -s3 > pos[2] + r2 + marg) {
            return 0;
        }
        // geom2 in the height field's frame, in place of its world pose while the query runs (as MuJoCo)
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int q = 0; q < 3; q++) {
                    sum += xmat[9 * g1 + 3 * q + r] * xmat[9 * g2 + 3 * q + c];
                }
                relMat[3 * r + c] = sum;
            }
        }
        System.arraycopy(xpos, 3 * g2, savedPos, 0, 3);
        System.arraycopy(xmat, 9 * g2, savedMat, 0, 9);
        System.arraycopy(relMat, 0, xmat, 9 * g2, 9);
        System.arraycopy(pos, 0, xpos, 3 * g2, 3);
        int cnt = 0;
        try {
            this.geom1 = g1;
            this.geom2 = g2;
            // geom2's extent along the axes (supports without margin)
            double[] sp = scratch3b;
            support(g2, 0, 1, 0, 0, sp, 0);
            double xmax = sp[0];
            support(g2, 0, -1, 0, 0, sp, 0);
            double xmin = sp[0];
            support(g2, 0, 0, 1, 0, sp, 0);
            double ymax = sp[1];
            support(g2, 0, 0, -1, 0, sp, 0);
            double ymin = sp[1];
            support(g2, 0, 0, 0, 1, sp, 0);
            double zmax = sp[2];
            support(g2, 0, 0, 0, -1, sp, 0);
            double zmin = sp[2];
            if (xmin - marg > s0 || xmax + marg < -s0 || ymin - marg > s1 || ymax + marg < -s1 || zmin - marg > s2
                    || zmax + marg < -s3) {
                return 0;
            }
            int cmin = Math.max(0, (int) Math.floor((xmin + s0) / (2 * s0) * (ncol - 1)));
            int cmax = Math.min(ncol - 1, (int) Math.ceil((xmax + s0) / (2 * s0) * (ncol - 1)));
            int rmin = Math.max(0, (int) Math.floor((ymin + s1) / (2 * s1) * (nrow - 1)));
            int rmax = Math.min(nrow - 1, (int) Math.ceil((ymax + s1) / (2 * s1) * (nrow - 1)));
            mpr.configure(m.mpr_iterations, m.mpr_tolerance);
            this.margin = marg;
            double dx = 2.0 * s0 / (ncol - 1), dy = 2.0 * s1 / (nrow - 1);
            prism[2] = prism[5] = prism[8] = -s3;
            prismMode = true;
            outer:
            for (int r = rmin; r < rmax; r++) {
                int nvert = 0;
                for (int c = cmin; c <= cmax; c++) {
                    for (int i = 0; i < 2; i++) {
                        int row = r + (i == 0 ? 1 : 0);
                        addVert(dx * c - s0, dy * row - s1, m.hfield_data[adr + row * ncol + c] * s2 + marg);
                        nvert++;
                        if (nvert <= 2) {
                            continue;
                        }
                        if (prism[11] < zmin && prism[14] < zmin && prism[17] < zmin) {
                            continue;
                        }
                        if (mpr.penetration(this)) {
                            double[] dir = mpr.resultDir;
                            if (dir[0] == 0 && dir[1] == 0 && dir[2] == 0) {
                                continue;
                            }
                            int k = k0 + cnt;
                            con.dist[k] = -mpr.depth;
                            Spatial.mulMatVec(xmat, 9 * g1, dir, 0, tmp, 0);
                            con.setFrame(k, tmp[0], tmp[1], tmp[2]);
                            Spatial.mulMatVec(xmat, 9 * g1, mpr.resultPos, 0, con.pos, 3 * k);
                            for (int q = 0; q < 3; q++) {
                                con.pos[3 * k + q] += xpos[3 * g1 + q];
                            }
                            if (++cnt >= PairContacts.MAX - k0) {
                                break outer;
                            }
                        }
                    }
                }
            }
        } finally {
            prismMode = false;
            System.arraycopy(savedPos, 0, xpos, 3 * g2, 3);
            System.arraycopy(savedMat, 0, xmat, 9 * g2, 9);
        }
        for (int i = 0; i < cnt; i++) {
            fixNormal(con, k0 + i, g1, g2);
        }
        return cnt;
    }

    /** MuJoCo's addVert: shifts the prism's vertices and adds (x, y) at the bottom and (x, y, z) at the top. */
    private void addVert(double x, double y, double z) {
        System.arraycopy(prism, 3, prism, 0, 6);
        System.arraycopy(prism, 12, prism, 9, 6);
        prism[6] = prism[15] = x;
        prism[7] = prism[16] = y;
        prism[17] = z;
    }

    /** The support point of geom g in world direction (x, y, z), inflated by margin/2 (mjccd_support). */
    private void support(int g, double marg, double x, double y, double z, double[] out, int o) {
        MjModel m = pm.m;
        double[] mat = d.geom_xmat, size = m.geom_size;
        int m9 = 9 * g, s3 = 3 * g;
        tmp[0] = x;
        tmp[1] = y;
        tmp[2] = z;
        Spatial.mulMatTVec(mat, m9, tmp, 0, local, 0);
        double lx = local[0], ly = local[1], lz = local[2];
        switch (m.geom_type[g]) {
            case MjModel.GEOM_SPHERE -> {
                res[0] = lx * size[s3];
                res[1] = ly * size[s3];
                res[2] = lz * size[s3];
            }
            case MjModel.GEOM_CAPSULE -> {
                res[0] = lx * size[s3];
                res[1] = ly * size[s3];
                res[2] = lz * size[s3];
                res[2] += Math.signum(lz) * size[s3 + 1];
            }
            case MjModel.GEOM_ELLIPSOID -> {
                for (int i = 0; i < 3; i++) {
                    res[i] = local[i] * size[s3 + i];
                }
                Spatial.normalize3(res, 0);
                for (int i = 0; i < 3; i++) {
                    res[i] *= size[s3 + i];
                }
            }
            case MjModel.GEOM_CYLINDER -> {
                double t = Math.sqrt(lx * lx + ly * ly);
                if (t > MINVAL) {
                    res[0] = lx / t * size[s3];
                    res[1] = ly / t * size[s3];
                } else {
                    res[0] = res[1] = 0;
                }
                res[2] = Math.signum(lz) * size[s3 + 1];
            }
            case MjModel.GEOM_BOX -> {
                for (int i = 0; i < 3; i++) {
                    res[i] = Math.signum(local[i]) * size[s3 + i];
                }
            }
            default -> {
                // mesh: the hull vertex farthest along the direction
                double[] v = pm.hullVert[g];
                double best = -1e10;
                int ibest = -1;
                for (int i = 0; i < v.length / 3; i++) {
                    double vdot = lx * v[3 * i] + ly * v[3 * i + 1] + lz * v[3 * i + 2];
                    if (vdot > best) {
                        best = vdot;
                        ibest = i;
                    }
                }
                meshIndex = ibest;
                if (ibest < 0) {
                    res[0] = res[1] = res[2] = 0;
                } else {
                    res[0] = v[3 * ibest];
                    res[1] = v[3 * ibest + 1];
                    res[2] = v[3 * ibest + 2];
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            res[i] += local[i] * marg / 2;
        }
        Spatial.mulMatVec(mat, m9, res, 0, out, o);
        for (int i = 0; i < 3; i++) {
            out[o + i] += d.geom_xpos[3 * g + i];
        }
    }

    /** Any convex pair g1, g2 (mjc_Convex, one contact). */
    int convex(PhysicsModel model, MjData data, PairContacts con, int k, int g1, int g2, double marg) {
        this.pm = model;
        this.d = data;
        this.geom1 = g1;
        this.geom2 = g2;
        this.margin = marg;
        mpr.configure(model.m.mpr_iterations, model.m.mpr_tolerance);
        if (!mpr.penetration(this)) {
            return 0;
        }
        double[] dir = mpr.resultDir;
        if (dir[0] == 0 && dir[1] == 0 && dir[2] == 0) {
            return 0; // touching, normal undefined
        }
        con.dist[k] = marg - mpr.depth;
        System.arraycopy(mpr.resultPos, 0, con.pos, 3 * k, 3);
        con.setFrame(k, dir[0], dir[1], dir[2]);
        fixNormal(con, k, g1, g2);
        return 1;
    }

    /** Plane g1 against ellipsoid or mesh g2 (mjc_PlaneConvex). */
    int planeConvex(PhysicsModel model, MjData data, PairContacts con, int k, int g1, int g2, double marg) {
        this.pm = model;
        this.d = data;
        MjModel m = model.m;
        double[] mat = d.geom_xmat, xpos = d.geom_xpos;
        double nx = mat[9 * g1 + 2], ny = mat[9 * g1 + 5], nz = mat[9 * g1 + 8];
        meshIndex = -1;
        double[] sp = nrm;
        support(g2, 0, -nx, -ny, -nz, sp, 0);
        double dist = nx * (sp[0] - xpos[3 * g1]) + ny * (sp[1] - xpos[3 * g1 + 1]) + nz * (sp[2] - xpos[3 * g1 + 2]);
        if (dist > marg) {
            return 0;
        }
        con.dist[k] = dist;
        con.pos[3 * k] = sp[0] + nx * (-0.5 * dist);
        con.pos[3 * k + 1] = sp[1] + ny * (-0.5 * dist);
        con.pos[3 * k + 2] = sp[2] + nz * (-0.5 * dist);
        con.setFrame(k, nx, ny, nz);
        int count = 1;
        if (m.geom_type[g2] != MjModel.GEOM_MESH || meshIndex < 0) {
            return count;
        }
        // the support vertex's hull neighbours below the margin, away from the first contact
        tmp[0] = -nx;
        tmp[1] = -ny;
        tmp[2] = -nz;
        Spatial.mulMatTVec(mat, 9 * g2, tmp, 0, local, 0);
        double threshold = nx * (xpos[3 * g2] - xpos[3 * g1]) + ny * (xpos[3 * g2 + 1] - xpos[3 * g1 + 1])
                + nz * (xpos[3 * g2 + 2] - xpos[3 * g1 + 2]) - marg;
        double[] v = model.hullVert[g2];
        int[] adr = model.hullNeighborAdr[g2], nb = model.hullNeighbor[g2];
        for (int e = adr[meshIndex]; e < adr[meshIndex + 1] && count < MAX_PLANE_MESH; e++) {
            int vi = nb[e];
            double vdot = local[0] * v[3 * vi] + local[1] * v[3 * vi + 1] + local[2] * v[3 * vi + 2];
            if (vdot > threshold) {
                count += addPlaneMesh(con, k + count, v, vi, g1, g2, k, nx, ny, nz);
            }
        }
        return count;
    }

    /** One more plane–mesh contact at hull vertex vi unless it is near the first contact. */
    private int addPlaneMesh(PairContacts con, int slot, double[] v, int vi, int g1, int g2, int first, double nx, double ny,
            double nz) {
        double[] mat = d.geom_xmat, xpos = d.geom_xpos;
        Spatial.mulMatVec(mat, 9 * g2, v, 3 * vi, res, 0);
        double px = res[0] + xpos[3 * g2], py = res[1] + xpos[3 * g2 + 1], pz = res[2] + xpos[3 * g2 + 2];
        double dx = px - con.pos[3 * first], dy = py - con.pos[3 * first + 1], dz = pz - con.pos[3 * first + 2];
        if (Math.sqrt(dx * dx + dy * dy + dz * dz) < TOL_PLANE_MESH * pm.m.geom_rbound[g2]) {
            return 0;
        }
        double dist = nx * (px - xpos[3 * g1]) + ny * (py - xpos[3 * g1 + 1]) + nz * (pz - xpos[3 * g1 + 2]);
        con.dist[slot] = dist;
        con.pos[3 * slot] = px + nx * (-0.5 * dist);
        con.pos[3 * slot + 1] = py + ny * (-0.5 * dist);
        con.pos[3 * slot + 2] = pz + nz * (-0.5 * dist);
        con.setFrame(slot, nx, ny, nz);
        return 1;
    }

    /**
     * MuJoCo's {@code mjc_fixNormal}: replaces the normal by the surface normal at the contact of
     * a sphere, capsule, ellipsoid or cylinder side (averaged when both geoms are smooth).
     */
    private void fixNormal(PairContacts con, int k, int g1, int g2) {
        MjModel m = pm.m;
        int f = 9 * k;
        gid[0] = g1;
        gid[1] = g2;
        processed[0] = processed[1] = false;
        normals[0][0] = con.frame[f];
        normals[0][1] = con.frame[f + 1];
        normals[0][2] = con.frame[f + 2];
        normals[1][0] = -con.frame[f];
        normals[1][1] = -con.frame[f + 1];
        normals[1][2] = -con.frame[f + 2];
        boolean any = false;
        for (int i = 0; i < 2; i++) {
            int t = m.geom_type[gid[i]];
            any |= t == MjModel.GEOM_SPHERE || t == MjModel.GEOM_CAPSULE || t == MjModel.GEOM_ELLIPSOID
                    || t == MjModel.GEOM_CYLINDER;
        }
        if (!any) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            int g = gid[i];
            int type = m.geom_type[g];
            int m9 = 9 * g, s3 = 3 * g;
            double[] mat = d.geom_xmat, size = m.geom_size;
            for (int q = 0; q < 3; q++) {
                tmp[q] = con.pos[3 * k + q] - d.geom_xpos[3 * g + q];
            }
            double[] pos = local;
            Spatial.mulMatTVec(mat, m9, tmp, 0, pos, 0);
            Spatial.mulMatTVec(mat, m9, normals[i], 0, nrm, 0);
            switch (type) {
                case MjModel.GEOM_SPHERE -> {
                    nrm[0] = pos[0];
                    nrm[1] = pos[1];
                    nrm[2] = pos[2];
                    processed[i] = true;
                }
                case MjModel.GEOM_CAPSULE -> {
                    double half = size[s3 + 1];
                    nrm[2] = pos[2] < -half ? pos[2] + half : pos[2] > half ? pos[2] - half : 0;
                    nrm[0] = pos[0];
                    nrm[1] = pos[1];
                    processed[i] = true;
                }
                case MjModel.GEOM_ELLIPSOID -> {
                    if (size[s3] < MINVAL || size[s3 + 1] < MINVAL || size[s3 + 2] < MINVAL) {
                        break;
                    }
                    double dst = pos[0] * pos[0] / (size[s3] * size[s3]) + pos[1] * pos[1] / (size[s3 + 1] * size[s3 + 1])
                            + pos[2] * pos[2] / (size[s3 + 2] * size[s3 + 2]);
                    processed[i] = dst <= 1 ? ellipsoidInside(nrm, pos, size, s3, scratch3, scratch3b)
                            : ellipsoidOutside(nrm, pos, size, s3, scratch3, scratch3b);
                }
                case MjModel.GEOM_CYLINDER -> {
                    if (Math.abs(pos[2]) > 0.95 * size[s3 + 1]) {
                        break;
                    }
                    double dst1 = Math.abs(size[s3 + 1] - Math.abs(pos[2]));
                    double dst2 = Math.abs(size[s3] - Math.sqrt(pos[0] * pos[0] + pos[1] * pos[1]));
                    if (dst1 < 0.25 * dst2) {
                        break;
                    }
                    nrm[0] = pos[0];
                    nrm[1] = pos[1];
                    nrm[2] = 0;
                    processed[i] = true;
                }
                default -> {
                }
            }
            if (processed[i]) {
                Spatial.normalize3(nrm, 0);
                Spatial.mulMatVec(mat, m9, nrm, 0, normals[i], 0);
            }
        }
        if (processed[0] && processed[1]) {
            for (int q = 0; q < 3; q++) {
                con.frame[f + q] = normals[0][q] - normals[1][q];
            }
            Spatial.normalize3(con.frame, f);
        } else if (processed[0]) {
            System.arraycopy(normals[0], 0, con.frame, f, 3);
        } else if (processed[1]) {
            for (int q = 0; q < 3; q++) {
                con.frame[f + q] = -normals[1][q];
            }
        }
        if (processed[0] || processed[1]) {
            con.frame[f + 3] = 0;
            con.frame[f + 4] = 0;
            con.frame[f + 5] = 0;
        }
    }

    /** Normal at a point inside an ellipsoid: a ray along the current normal to the surface, iterated. */
    private static boolean ellipsoidInside(double[] n, double[] pos, double[] size, int s3, double[] s2inv, double[] nn) {
        s2inv[0] = 1 / (size[s3] * size[s3]);
        s2inv[1] = 1 / (size[s3 + 1] * size[s3 + 1]);
        s2inv[2] = 1 / (size[s3 + 2] * size[s3 + 2]);
        double c = pos[0] * pos[0] * s2inv[0] + pos[1] * pos[1] * s2inv[1] + pos[2] * pos[2] * s2inv[2] - 1;
        if (c > 0) {
            return false;
        }
        Spatial.normalize3(n, 0);
        for (int iter = 0; iter < 30; iter++) {
            double a = n[0] * n[0] * s2inv[0] + n[1] * n[1] * s2inv[1] + n[2] * n[2] * s2inv[2];
            double b = pos[0] * n[0] * s2inv[0] + pos[1] * n[1] * s2inv[1] + pos[2] * n[2] * s2inv[2];
            double det = b * b - a * c;
            if (det < MINVAL || a < MINVAL) {
                return iter > 0;
            }
            double x = (-b + Math.sqrt(det)) / a;
            if (x < 0) {
                return iter > 0;
            }
            double px = pos[0] + n[0] * x, py = pos[1] + n[1] * x, pz = pos[2] + n[2] * x;
            nn[0] = px * s2inv[0];
            nn[1] = py * s2inv[1];
            nn[2] = pz * s2inv[2];
            Spatial.normalize3(nn, 0);
            double dx = n[0] - nn[0], dy = n[1] - nn[1], dz = n[2] - nn[2];
            double change = Math.sqrt(dx * dx + dy * dy + dz * dz);
            n[0] = nn[0];
            n[1] = nn[1];
            n[2] = nn[2];
            if (change < 1e-6) {
                break;
            }
        }
        return true;
    }

    /** Normal at a point outside an ellipsoid: the nearest surface point's normal (a 1-d Newton solve). */
    private static boolean ellipsoidOutside(double[] n, double[] pos, double[] size, int s3, double[] s2, double[] ps2) {
        s2[0] = size[s3] * size[s3];
        s2[1] = size[s3 + 1] * size[s3 + 1];
        s2[2] = size[s3 + 2] * size[s3 + 2];
        ps2[0] = pos[0] * pos[0] * s2[0];
        ps2[1] = pos[1] * pos[1] * s2[1];
        ps2[2] = pos[2] * pos[2] * s2[2];
        double la = 0;
        for (int iter = 0; iter < 30; iter++) {
            double r0 = 1 / (s2[0] + la), r1 = 1 / (s2[1] + la), r2 = 1 / (s2[2] + la);
            double val = ps2[0] * r0 * r0 + ps2[1] * r1 * r1 + ps2[2] * r2 * r2 - 1;
            if (val < 1e-6) {
                break;
            }
            double deriv = -2 * (ps2[0] * r0 * r0 * r0 + ps2[1] * r1 * r1 * r1 + ps2[2] * r2 * r2 * r2);
            if (deriv > -MINVAL) {
                break;
            }
            double delta = -val / deriv;
            if (delta < 1e-6) {
                break;
            }
            la += delta;
        }
        n[0] = pos[0] / (s2[0] + la);
        n[1] = pos[1] / (s2[1] + la);
        n[2] = pos[2] / (s2[2] + la);
        Spatial.normalize3(n, 0);
        return true;
    }
}
