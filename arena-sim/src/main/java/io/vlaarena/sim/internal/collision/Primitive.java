package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * MuJoCo 2.2.2's primitive colliders ({@code engine_collision_primitive}): a plane against a
 * sphere, capsule, cylinder or box, and the sphere–sphere, sphere–capsule and capsule–capsule
 * pairs (capsules as the spheres nearest along their segments). Each writes its contacts into a
 * {@link PairContacts} from slot {@code k} and returns how many it found; geom1 is the one of
 * lower type, the normal points from geom1 to geom2, and the position is midway between the
 * surfaces. Stateless.
 */
final class Primitive {
    private static final double MINVAL = Spatial.MINVAL;

    private Primitive() {
    }

    /** A sphere of radius r at (x, y, z) against plane g1 (mjc_PlaneSphere's core). */
    private static int planeSphere(MjData d, PairContacts c, int k, double margin, int g1, double x, double y, double z,
            double r) {
        double[] mat = d.geom_xmat, pos = d.geom_xpos;
        double nx = mat[9 * g1 + 2], ny = mat[9 * g1 + 5], nz = mat[9 * g1 + 8];
        double cdist = (x - pos[3 * g1]) * nx + (y - pos[3 * g1 + 1]) * ny + (z - pos[3 * g1 + 2]) * nz;
        if (cdist > margin + r) {
            return 0;
        }
        double dist = cdist - r;
        double s = -dist / 2 - r;
        c.dist[k] = dist;
        c.pos[3 * k] = x + nx * s;
        c.pos[3 * k + 1] = y + ny * s;
        c.pos[3 * k + 2] = z + nz * s;
        c.setFrame(k, nx, ny, nz);
        return 1;
    }

    /** Plane g1, sphere g2. */
    static int planeSphere(PhysicsModel pm, MjData d, PairContacts c, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos;
        return planeSphere(d, c, k, margin, g1, p[3 * g2], p[3 * g2 + 1], p[3 * g2 + 2], pm.m.geom_size[3 * g2]);
    }

    /** Plane g1, capsule g2: a sphere at each end of the segment, tangents along the capsule axis. */
    static int planeCapsule(PhysicsModel pm, MjData d, PairContacts c, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos, mat = d.geom_xmat, size = pm.m.geom_size;
        double ax = mat[9 * g2 + 2], ay = mat[9 * g2 + 5], az = mat[9 * g2 + 8];
        double half = size[3 * g2 + 1], r = size[3 * g2];
        double sx = ax * half, sy = ay * half, sz = az * half;
        double cx = p[3 * g2], cy = p[3 * g2 + 1], cz = p[3 * g2 + 2];
        int n1 = planeSphere(d, c, k, margin, g1, cx + sx, cy + sy, cz + sz, r);
        int n2 = planeSphere(d, c, k + n1, margin, g1, cx - sx, cy - sy, cz - sz, r);
        if (n1 > 0) {
            setHint(c, k, ax, ay, az);
        }
        if (n2 > 0) {
            setHint(c, k + n1, ax, ay, az);
        }
        return n1 + n2;
    }

    private static void setHint(PairContacts c, int i, double x, double y, double z) {
        c.frame[9 * i + 3] = x;
        c.frame[9 * i + 4] = y;
        c.frame[9 * i + 5] = z;
    }

    /**
     * Plane g1, cylinder g2: the rim point nearest the plane on the nearer disk, then the
     * matching point of the other disk, then two points 120° around the nearer rim when it is
     * within the margin.
     */
    static int planeCylinder(PhysicsModel pm, MjData d, PairContacts c, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos, mat = d.geom_xmat, size = pm.m.geom_size;
        double nx = mat[9 * g1 + 2], ny = mat[9 * g1 + 5], nz = mat[9 * g1 + 8];
        double ax = mat[9 * g2 + 2], ay = mat[9 * g2 + 5], az = mat[9 * g2 + 8];
        double radius = size[3 * g2], half = size[3 * g2 + 1];
        double cx = p[3 * g2], cy = p[3 * g2 + 1], cz = p[3 * g2 + 2];
        // make the axis point towards the plane
        double prjaxis = nx * ax + ny * ay + nz * az;
        if (prjaxis > 0) {
            ax = -ax;
            ay = -ay;
            az = -az;
            prjaxis = -prjaxis;
        }
        double dist0 = (cx - p[3 * g1]) * nx + (cy - p[3 * g1 + 1]) * ny + (cz - p[3 * g1 + 2]) * nz;
        // the component of -normal across the axis, scaled to the radius
        double vx = ax * prjaxis - nx, vy = ay * prjaxis - ny, vz = az * prjaxis - nz;
        double len = Math.sqrt(vx * vx + vy * vy + vz * vz);
        if (len >= MINVAL) {
            double scl = radius / len;
            vx *= scl;
            vy *= scl;
            vz *= scl;
        } else {
            // disk parallel to the plane: the cylinder's x axis
            vx = mat[9 * g2] * radius;
            vy = mat[9 * g2 + 3] * radius;
            vz = mat[9 * g2 + 6] * radius;
        }
        double prjvec = vx * nx + vy * ny + vz * nz;
        ax *= half;
        ay *= half;
        az *= half;
        prjaxis *= half;
        int cnt = k;
        double dist = dist0 + prjaxis + prjvec;
        if (dist > margin) {
            return 0;
        }
        rimContact(c, cnt++, dist, cx + vx + ax, cy + vy + ay, cz + vz + az, nx, ny, nz);
        dist = dist0 - prjaxis + prjvec;
        if (dist <= margin) {
            rimContact(c, cnt++, dist, cx + vx - ax, cy + vy - ay, cz + vz - az, nx, ny, nz);
        }
        double prjvec1 = -prjvec * 0.5;
        dist = dist0 + prjaxis + prjvec1;
        if (dist <= margin) {
            // sideways vector across the rim, 120 degrees from vec
            double wx = vy * az - vz * ay, wy = vz * ax - vx * az, wz = vx * ay - vy * ax;
            double wn = Math.sqrt(wx * wx + wy * wy + wz * wz);
            if (wn < MINVAL) {
                wx = 1;
                wy = 0;
                wz = 0;
            } else {
                wx = wx / wn;
                wy = wy / wn;
                wz = wz / wn;
            }
            double s = radius * Math.sqrt(3.0) / 2;
            wx = wx * s;
            wy = wy * s;
            wz = wz * s;
            rimContact(c, cnt++, dist, cx + wx + ax - 0.5 * vx, cy + wy + ay - 0.5 * vy, cz + wz + az - 0.5 * vz, nx, ny, nz);
            rimContact(c, cnt++, dist, cx - wx + ax - 0.5 * vx, cy - wy + ay - 0.5 * vy, cz - wz + az - 0.5 * vz, nx, ny, nz);
        }
        return cnt - k;
    }

    /** A contact at rim point (x, y, z) at distance dist, moved half the distance back along the plane normal. */
    private static void rimContact(PairContacts c, int i, double dist, double x, double y, double z, double nx, double ny,
            double nz) {
        c.dist[i] = dist;
        c.pos[3 * i] = x - dist * 0.5 * nx;
        c.pos[3 * i + 1] = y - dist * 0.5 * ny;
        c.pos[3 * i + 2] = z - dist * 0.5 * nz;
        c.setFrame(i, nx, ny, nz);
    }

    /** Plane g1, box g2: the box corners below the margin that point towards the plane, at most 4. */
    static int planeBox(PhysicsModel pm, MjData d, PairContacts c, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos, mat = d.geom_xmat, size = pm.m.geom_size;
        double nx = mat[9 * g1 + 2], ny = mat[9 * g1 + 5], nz = mat[9 * g1 + 8];
        double cx = p[3 * g2], cy = p[3 * g2 + 1], cz = p[3 * g2 + 2];
        double dist = (cx - p[3 * g1]) * nx + (cy - p[3 * g1 + 1]) * ny + (cz - p[3 * g1 + 2]) * nz;
        int o = 9 * g2, cnt = 0;
        for (int i = 0; i < 8; i++) {
            double vx = (i & 1) != 0 ? size[3 * g2] : -size[3 * g2];
            double vy = (i & 2) != 0 ? size[3 * g2 + 1] : -size[3 * g2 + 1];
            double vz = (i & 4) != 0 ? size[3 * g2 + 2] : -size[3 * g2 + 2];
            double qx = mat[o] * vx + mat[o + 1] * vy + mat[o + 2] * vz;
            double qy = mat[o + 3] * vx + mat[o + 4] * vy + mat[o + 5] * vz;
            double qz = mat[o + 6] * vx + mat[o + 7] * vy + mat[o + 8] * vz;
            double ldist = nx * qx + ny * qy + nz * qz;
            if (dist + ldist > margin || ldist > 0) {
                continue;
            }
            int j = k + cnt;
            double cd = dist + ldist;
            c.dist[j] = cd;
            c.setFrame(j, nx, ny, nz);
            double s = -cd / 2;
            c.pos[3 * j] = qx + cx + nx * s;
            c.pos[3 * j + 1] = qy + cy + ny * s;
            c.pos[3 * j + 2] = qz + cz + nz * s;
            if (++cnt >= 4) {
                return 4;
            }
        }
        return cnt;
    }

    /**
     * Spheres of radii r1 at (x1, y1, z1) and r2 at (x2, y2, z2) (mjc_SphereSphere's core); when
     * the centres coincide the normal is the cross product of the two geoms' z axes.
     */
    static int sphereSphere(MjData d, PairContacts c, int k, double margin, int g1, double x1, double y1, double z1,
            double r1, int g2, double x2, double y2, double z2, double r2) {
        double dx = x2 - x1, dy = y2 - y1, dz = z2 - z1;
        double cdist = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (cdist > margin + r1 + r2) {
            return 0;
        }
        double dist = cdist - r1 - r2;
        double[] f = c.frame;
        int o = 9 * k;
        f[o] = dx;
        f[o + 1] = dy;
        f[o + 2] = dz;
        double len = Spatial.normalize3(f, o);
        if (len < MINVAL) {
            double[] mat = d.geom_xmat;
            double a1x = mat[9 * g1 + 2], a1y = mat[9 * g1 + 5], a1z = mat[9 * g1 + 8];
            double a2x = mat[9 * g2 + 2], a2y = mat[9 * g2 + 5], a2z = mat[9 * g2 + 8];
            f[o] = a1y * a2z - a1z * a2y;
            f[o + 1] = a1z * a2x - a1x * a2z;
            f[o + 2] = a1x * a2y - a1y * a2x;
            Spatial.normalize3(f, o);
        }
        double s = r1 + dist / 2;
        c.dist[k] = dist;
        c.pos[3 * k] = f[o] * s + x1;
        c.pos[3 * k + 1] = f[o + 1] * s + y1;
        c.pos[3 * k + 2] = f[o + 2] * s + z1;
        f[o + 3] = 0;
        f[o + 4] = 0;
        f[o + 5] = 0;
        return 1;
    }

    /** Sphere g1, sphere g2. */
    static int sphereSphere(PhysicsModel pm, MjData d, PairContacts c, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos, size = pm.m.geom_size;
        return sphereSphere(d, c, k, margin, g1, p[3 * g1], p[3 * g1 + 1], p[3 * g1 + 2], size[3 * g1],
                g2, p[3 * g2], p[3 * g2 + 1], p[3 * g2 + 2], size[3 * g2]);
    }

    /** Sphere g1, capsule g2: the sphere against the capsule's sphere nearest its centre. */
    static int sphereCapsule(PhysicsModel pm, MjData d, PairContacts c, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos, mat = d.geom_xmat, size = pm.m.geom_size;
        double half = size[3 * g2 + 1];
        double ax = mat[9 * g2 + 2] * half, ay = mat[9 * g2 + 5] * half, az = mat[9 * g2 + 8] * half;
        double vx = p[3 * g1] - p[3 * g2], vy = p[3 * g1 + 1] - p[3 * g2 + 1], vz = p[3 * g1 + 2] - p[3 * g2 + 2];
        double x = (ax * vx + ay * vy + az * vz) / (ax * ax + ay * ay + az * az);
        x = x > 1 ? 1 : x < -1 ? -1 : x;
        return sphereSphere(d, c, k, margin, g1, p[3 * g1], p[3 * g1 + 1], p[3 * g1 + 2], size[3 * g1],
                g2, ax * x + p[3 * g2], ay * x + p[3 * g2 + 1], az * x + p[3 * g2 + 2], size[3 * g2]);
    }

    /**
     * Capsule g1, capsule g2: the nearest points of the two segments (clamped), or for parallel
     * axes the ends of each against the other segment, up to two contacts.
     */
    static int capsuleCapsule(PhysicsModel pm, MjData d, PairContacts c, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos, mat = d.geom_xmat, size = pm.m.geom_size;
        double h1 = size[3 * g1 + 1], h2 = size[3 * g2 + 1], r1 = size[3 * g1], r2 = size[3 * g2];
        double a1x = mat[9 * g1 + 2] * h1, a1y = mat[9 * g1 + 5] * h1, a1z = mat[9 * g1 + 8] * h1;
        double a2x = mat[9 * g2 + 2] * h2, a2y = mat[9 * g2 + 5] * h2, a2z = mat[9 * g2 + 8] * h2;
        double p1x = p[3 * g1], p1y = p[3 * g1 + 1], p1z = p[3 * g1 + 2];
        double p2x = p[3 * g2], p2y = p[3 * g2 + 1], p2z = p[3 * g2 + 2];
        double dx = p1x - p2x, dy = p1y - p2y, dz = p1z - p2z;
        double ma = a1x * a1x + a1y * a1y + a1z * a1z;
        double mb = -(a1x * a2x + a1y * a2y + a1z * a2z);
        double mc = a2x * a2x + a2y * a2y + a2z * a2z;
        double u = -(a1x * dx + a1y * dy + a1z * dz);
        double v = a2x * dx + a2y * dy + a2z * dz;
        double det = ma * mc - mb * mb;
        if (Math.abs(det) >= MINVAL) {
            double x1 = (mc * u - mb * v) / det;
            double x2 = (ma * v - mb * u) / det;
            if (x1 > 1) {
                x1 = 1;
                x2 = (v - mb) / mc;
            } else if (x1 < -1) {
                x1 = -1;
                x2 = (v + mb) / mc;
            }
            if (x2 > 1) {
                x2 = 1;
                x1 = clamp((u - mb) / ma);
            } else if (x2 < -1) {
                x2 = -1;
                x1 = clamp((u + mb) / ma);
            }
            return sphereSphere(d, c, k, margin, g1, a1x * x1 + p1x, a1y * x1 + p1y, a1z * x1 + p1z, r1,
                    g2, a2x * x2 + p2x, a2y * x2 + p2y, a2z * x2 + p2z, r2);
        }
        // parallel axes: each end of one segment against the other segment
        int n = 0;
        double x2 = clamp((v - mb) / mc);
        n += sphereSphere(d, c, k + n, margin, g1, p1x + a1x, p1y + a1y, p1z + a1z, r1,
                g2, a2x * x2 + p2x, a2y * x2 + p2y, a2z * x2 + p2z, r2);
        x2 = clamp((v + mb) / mc);
        n += sphereSphere(d, c, k + n, margin, g1, p1x - a1x, p1y - a1y, p1z - a1z, r1,
                g2, a2x * x2 + p2x, a2y * x2 + p2y, a2z * x2 + p2z, r2);
        if (n >= 2) {
            return n;
        }
        double x1 = clamp((u - mb) / ma);
        n += sphereSphere(d, c, k + n, margin, g1, a1x * x1 + p1x, a1y * x1 + p1y, a1z * x1 + p1z, r1,
                g2, p2x + a2x, p2y + a2y, p2z + a2z, r2);
        if (n >= 2) {
            return n;
        }
        x1 = clamp((u + mb) / ma);
        n += sphereSphere(d, c, k + n, margin, g1, a1x * x1 + p1x, a1y * x1 + p1y, a1z * x1 + p1z, r1,
                g2, p2x - a2x, p2y - a2y, p2z - a2z, r2);
        return n;
    }

    private static double clamp(double x) {
        return x > 1 ? 1 : x < -1 ? -1 : x;
    }
}
