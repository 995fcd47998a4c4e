package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsBody;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsGeom;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsSite;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MuJoCo 2.2.2's {@code mjCModel::FuseStatic} ({@code <compiler fusestatic="true">}), run after
 * the bodies' inertias are known: in a model without pairs, excludes, equalities, tendons,
 * actuators, sensors, cameras and lights (anything that could name a body, geom or site by id),
 * every body without joints that is not a mocap body is merged into its parent, in body order:
 * its mass and inertia join the parent's (unless the parent is the world: they are dropped), its
 * geoms and sites move to the end of the parent's with their frames composed, and its child
 * bodies take its place among the parent's children. The body count changes; ids follow the
 * remaining bodies' order. Stateless.
 */
final class FuseStatic {
    private FuseStatic() {
    }

    /** Fuses the spec's static bodies as MuJoCo does, if the compiler asks for it and MuJoCo would. */
    static void fuse(MjSpec spec) {
        if (!spec.fusestatic || !spec.pairs.isEmpty() || !spec.excludes.isEmpty() || !spec.equalities.isEmpty()
                || !spec.tendons.isEmpty() || !spec.actuators.isEmpty() || !spec.sensors.isEmpty()) {
            return;
        }
        for (MjsBody b : spec.bodies) {
            if (!b.cameras.isEmpty() || !b.lights.isEmpty()) {
                return;
            }
        }
        List<MjsBody> bodies = new ArrayList<>(spec.bodies);
        Map<MjsBody, MjsBody> parentOf = new HashMap<>();
        Map<MjsBody, List<MjsBody>> children = new HashMap<>();
        for (MjsBody b : bodies) {
            children.put(b, new ArrayList<>());
            if (b.id > 0) {
                MjsBody p = spec.bodies.get(b.parent);
                parentOf.put(b, p);
                children.get(p).add(b);
            }
        }
        for (int i = 1; i < bodies.size(); i++) {
            MjsBody body = bodies.get(i);
            if (!body.joints.isEmpty() || body.mocap) {
                continue;
            }
            MjsBody par = parentOf.get(body);
            if (par != bodies.get(0) && body.mass >= Spatial.MINVAL) {
                mergeInertia(par, body);
            }
            List<MjsBody> kids = children.get(body);
            for (MjsBody k : kids) {
                double[][] f = frameAccum(body.pos, body.quat, k.pos, k.quat);
                k.pos = f[0];
                k.quat = f[1];
                parentOf.put(k, par);
            }
            List<MjsBody> siblings = children.get(par);
            int at = siblings.indexOf(body);
            siblings.remove(at);
            siblings.addAll(at, kids);
            for (MjsGeom g : body.geoms) {
                double[][] f = frameAccum(body.pos, body.quat, g.pos, g.quat);
                g.pos = f[0];
                g.quat = f[1];
                par.geoms.add(g);
            }
            for (MjsSite s : body.sites) {
                double[][] f = frameAccum(body.pos, body.quat, s.pos, s.quat);
                s.pos = f[0];
                s.quat = f[1];
                par.sites.add(s);
            }
            bodies.remove(i);
            i--;
        }
        if (bodies.size() == spec.bodies.size()) {
            return;
        }
        // ids in the remaining order (a preorder of the fused tree), parents and weld bodies again
        for (int i = 0; i < bodies.size(); i++) {
            bodies.get(i).id = i;
        }
        for (MjsBody b : bodies) {
            if (b.id > 0) {
                b.parent = parentOf.get(b).id;
                b.weldid = b.joints.isEmpty() ? bodies.get(b.parent).weldid : b.id;
            }
        }
        spec.bodies.clear();
        spec.bodies.addAll(bodies);
    }

    /**
     * The pose {@code (pos, quat)} given in a frame, expressed in that frame's parent:
     * {@code mjuu_frameaccum} of the frame's pose with it, as new arrays {pos, quat}.
     */
    private static double[][] frameAccum(double[] framePos, double[] frameQuat, double[] pos, double[] quat) {
        double[] r = Spatial.quat2Mat(frameQuat);
        double x = pos[0], y = pos[1], z = pos[2];
        double[] p = {framePos[0] + (r[0] * x + r[1] * y + r[2] * z), framePos[1] + (r[3] * x + r[4] * y + r[5] * z),
            framePos[2] + (r[6] * x + r[7] * y + r[8] * z)};
        double[] q = new double[4];
        Spatial.mulQuat(frameQuat, 0, quat, 0, q, 0);
        return new double[][] {p, q};
    }

    /** The parent's mass, centre of mass and principal inertia with the fused body's added, as {@code FuseStatic}. */
    private static void mergeInertia(MjsBody par, MjsBody body) {
        double[][] f = frameAccum(body.pos, body.quat, body.ipos, body.iquat);
        double[] bipos = f[0], biquat = f[1];
        double[] mass = {par.mass, body.mass};
        double[][] inertia = {par.inertia.clone(), body.inertia.clone()};
        double[][] ipos = {par.ipos.clone(), bipos};
        double[][] iquat = {par.iquat.clone(), biquat};
        par.mass = 0;
        double[] com = new double[3];
        for (int j = 0; j < 2; j++) {
            par.mass += mass[j];
            for (int k = 0; k < 3; k++) {
                com[k] += mass[j] * ipos[j][k];
            }
        }
        if (par.mass < Spatial.MINVAL) {
            par.mass = 0;
            par.inertia = new double[3];
            par.ipos = new double[3];
            par.iquat = Spatial.identityQuat();
            return;
        }
        for (int k = 0; k < 3; k++) {
            com[k] /= par.mass;
        }
        double[] tot = new double[6];
        for (int j = 0; j < 2; j++) {
            double[] m = Spatial.quat2Mat(iquat[j]);
            double[] l = inertia[j];
            double[] t = {m[0] * l[0], m[3] * l[0], m[6] * l[0], m[1] * l[1], m[4] * l[1], m[7] * l[1], m[2] * l[2],
                m[5] * l[2], m[8] * l[2]};
            double[] global = {
                m[0] * t[0] + m[1] * t[3] + m[2] * t[6],
                m[3] * t[1] + m[4] * t[4] + m[5] * t[7],
                m[6] * t[2] + m[7] * t[5] + m[8] * t[8],
                m[0] * t[1] + m[1] * t[4] + m[2] * t[7],
                m[0] * t[2] + m[1] * t[5] + m[2] * t[8],
                m[3] * t[2] + m[4] * t[5] + m[5] * t[8],
            };
            double dx = ipos[j][0] - com[0], dy = ipos[j][1] - com[1], dz = ipos[j][2] - com[2];
            double[] off = {mass[j] * (dy * dy + dz * dz), mass[j] * (dx * dx + dz * dz), mass[j] * (dx * dx + dy * dy),
                -mass[j] * dx * dy, -mass[j] * dx * dz, -mass[j] * dy * dz};
            for (int k = 0; k < 6; k++) {
                tot[k] += global[k] + off[k];
            }
        }
        double[] eig = Spatial.eig3(new double[] {tot[0], tot[3], tot[4], tot[3], tot[1], tot[5], tot[4], tot[5], tot[2]});
        if (eig[6] < 1e-14) {
            throw new SceneException("Fusing static body '" + body.name + "' at line " + body.line + " into '" + par.name
                    + "' gives an inertia without positive eigenvalues (as MuJoCo's compiler refuses).");
        }
        par.ipos = com;
        par.iquat = new double[] {eig[0], eig[1], eig[2], eig[3]};
        par.inertia = new double[] {eig[4], eig[5], eig[6]};
    }
}
