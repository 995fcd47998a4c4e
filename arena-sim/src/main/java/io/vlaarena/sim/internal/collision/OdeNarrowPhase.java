package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import org.ode4j.math.DMatrix3;
import org.ode4j.ode.DContactGeom;
import org.ode4j.ode.DContactGeomBuffer;
import org.ode4j.ode.DGeom;
import org.ode4j.ode.DPlane;
import org.ode4j.ode.OdeHelper;

/**
 * The narrow phase through ODE4J's colliders, on free-standing ODE geoms placed from our
 * kinematics (no ODE bodies or joints), one set per rollout: at most 4 contacts per pair, ODE's
 * normal flipped to MuJoCo's convention (from geom1 to geom2), plane and box–box contacts moved to
 * the midpoint between the surfaces as MuJoCo places them, box–box distances halved as MuJoCo
 * 2.2.2's box–box collider reports them, and mesh–box and mesh–mesh manifolds rebuilt from the
 * hulls ({@link HullManifold}). Ellipsoids collide as their bounding sphere. Not thread-safe.
 */
final class OdeNarrowPhase {
    private static final int MAX_CONTACTS_PER_PAIR = 4;

    static {
        OdeHelper.initODE2(0);
    }

    private final DGeom[] odeGeom;
    private final boolean[] staticPlaced;
    private final DContactGeomBuffer contactBuf = new DContactGeomBuffer(MAX_CONTACTS_PER_PAIR);
    private final DMatrix3 odeRot = new DMatrix3();
    private final HullManifold manifold = new HullManifold();

    private OdeNarrowPhase(PhysicsModel pm) {
        MjModel m = pm.m;
        odeGeom = new DGeom[m.ngeom];
        staticPlaced = new boolean[m.ngeom];
        for (int g = 0; g < m.ngeom; g++) {
            odeGeom[g] = createGeom(pm, g);
        }
    }

    /** The rollout's narrow phase, created on its first use. */
    static OdeNarrowPhase of(PhysicsModel pm, MjData d) {
        if (!(d.narrowPhase instanceof OdeNarrowPhase)) {
            d.narrowPhase = new OdeNarrowPhase(pm);
        }
        return (OdeNarrowPhase) d.narrowPhase;
    }

    private static DGeom createGeom(PhysicsModel pm, int g) {
        MjModel m = pm.m;
        double a = m.geom_size[3 * g], b = m.geom_size[3 * g + 1], c = m.geom_size[3 * g + 2];
        return switch (m.geom_type[g]) {
            case MjModel.GEOM_PLANE -> OdeHelper.createPlane(null, 0, 0, 1, 0);
            case MjModel.GEOM_SPHERE -> OdeHelper.createSphere(a);
            case MjModel.GEOM_CAPSULE -> OdeHelper.createCapsule(a, 2 * b);
            case MjModel.GEOM_CYLINDER -> OdeHelper.createCylinder(a, 2 * b);
            // ODE has no ellipsoid: the bounding sphere stands in for it.
            case MjModel.GEOM_ELLIPSOID -> OdeHelper.createSphere(Math.max(a, Math.max(b, c)));
            case MjModel.GEOM_BOX -> OdeHelper.createBox(2 * a, 2 * b, 2 * c);
            // As MuJoCo: a mesh collides as its convex hull.
            case MjModel.GEOM_MESH -> OdeHelper.createConvex(pm.convexPlanes[g], pm.convexPlanes[g].length / 4,
                    pm.convexPoints[g], pm.convexPoints[g].length / 3, pm.convexPolygons[g]);
            default -> null;
        };
    }

    /** Whether both geoms have an ODE collider. */
    boolean handles(int g1, int g2) {
        return odeGeom[g1] != null && odeGeom[g2] != null;
    }

    /** Collides geoms g1 and g2 and appends their contacts. */
    void collide(PhysicsModel pm, MjData d, int g1, int g2) {
        MjModel m = pm.m;
        placeGeom(pm, d, g1);
        placeGeom(pm, d, g2);
        int n = OdeHelper.collide(odeGeom[g1], odeGeom[g2], MAX_CONTACTS_PER_PAIR, contactBuf);
        if (n > 0 && isPolyhedralMeshPair(pm, g1, g2) && manifold.build(pm, d, g1, g2, contactBuf, n)) {
            return;
        }
        // MuJoCo 2.2.2's box-box collider reports half the geometric overlap as the contact
        // distance (a resting cube sinks 2.16e-4 m with dist -1.08e-4); do the same so boxes
        // rest where MuJoCo's do.
        double depthScale = m.geom_type[g1] == MjModel.GEOM_BOX && m.geom_type[g2] == MjModel.GEOM_BOX ? 0.5 : 1.0;
        for (int k = 0; k < n; k++) {
            DContactGeom c = contactBuf.get(k);
            if (!(c.depth >= 0)) {
                continue;
            }
            int i = CollisionDriver.addContact(pm, d, g1, g2, k, -c.depth * depthScale, c.pos.get0(), c.pos.get1(),
                    c.pos.get2());
            midpoint(pm, d, i, g1, g2, c);
            // ODE's normal points from geom2 into geom1; MuJoCo's points from geom1 to geom2.
            CollisionDriver.makeFrame(d, i, -c.normal.get0(), -c.normal.get1(), -c.normal.get2());
        }
    }

    private static boolean isPolyhedralMeshPair(PhysicsModel pm, int g1, int g2) {
        int t1 = pm.m.geom_type[g1], t2 = pm.m.geom_type[g2];
        return (t1 == MjModel.GEOM_MESH || t2 == MjModel.GEOM_MESH) && pm.hullVert[g1] != null && pm.hullVert[g2] != null;
    }

    /**
     * MuJoCo puts a contact midway between the two surfaces; ODE puts it on the deepest point of
     * one geom. Moves plane and box–box contacts to the midpoint (other pairs keep ODE's point).
     */
    private static void midpoint(PhysicsModel pm, MjData d, int i, int g1, int g2, DContactGeom c) {
        int t1 = pm.m.geom_type[g1], t2 = pm.m.geom_type[g2];
        double shift;
        double nx = -c.normal.get0(), ny = -c.normal.get1(), nz = -c.normal.get2(); // geom1 -> geom2
        if (t1 == MjModel.GEOM_PLANE) {
            shift = 0.5 * c.depth; // the point lies on geom2, inside the plane's half-space
        } else if (t2 == MjModel.GEOM_PLANE) {
            shift = -0.5 * c.depth;
        } else if (t1 == MjModel.GEOM_BOX && t2 == MjModel.GEOM_BOX) {
            // the point belongs to the box whose surface it lies on
            shift = Math.abs(boxSurfaceOffset(pm, d, g2, i)) <= Math.abs(boxSurfaceOffset(pm, d, g1, i))
                    ? 0.5 * c.depth : -0.5 * c.depth;
        } else {
            return;
        }
        d.contact_pos[3 * i] += shift * nx;
        d.contact_pos[3 * i + 1] += shift * ny;
        d.contact_pos[3 * i + 2] += shift * nz;
    }

    /** Signed distance-like offset of contact i's point from box g's surface (0 on the surface). */
    private static double boxSurfaceOffset(PhysicsModel pm, MjData d, int g, int i) {
        double[] xpos = d.geom_xpos, xmat = d.geom_xmat, pos = d.contact_pos;
        double dx = pos[3 * i] - xpos[3 * g], dy = pos[3 * i + 1] - xpos[3 * g + 1], dz = pos[3 * i + 2] - xpos[3 * g + 2];
        double worst = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            double local = xmat[9 * g + k] * dx + xmat[9 * g + 3 + k] * dy + xmat[9 * g + 6 + k] * dz;
            worst = Math.max(worst, Math.abs(local) - pm.m.geom_size[3 * g + k]);
        }
        return worst;
    }

    private void placeGeom(PhysicsModel pm, MjData d, int g) {
        MjModel m = pm.m;
        // geoms of mocap bodies (and their children) move although they are welded to the world
        boolean isStatic = m.body_weldid[m.geom_bodyid[g]] == 0 && !pm.bodyFollowsMocap[m.geom_bodyid[g]];
        if (isStatic && staticPlaced[g]) {
            return; // geoms welded to the world never move: placed once
        }
        staticPlaced[g] = isStatic;
        DGeom o = odeGeom[g];
        double[] r = d.geom_xmat, xpos = d.geom_xpos;
        int o9 = 9 * g;
        if (o instanceof DPlane plane) {
            double nx = r[o9 + 2], ny = r[o9 + 5], nz = r[o9 + 8];
            plane.setParams(nx, ny, nz, nx * xpos[3 * g] + ny * xpos[3 * g + 1] + nz * xpos[3 * g + 2]);
            return;
        }
        o.setPosition(xpos[3 * g], xpos[3 * g + 1], xpos[3 * g + 2]);
        odeRot.set(r[o9], r[o9 + 1], r[o9 + 2], r[o9 + 3], r[o9 + 4], r[o9 + 5], r[o9 + 6], r[o9 + 7], r[o9 + 8]);
        o.setRotation(odeRot);
    }
}
