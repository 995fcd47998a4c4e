package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;

/** Bounding volumes of geoms: used for culling, level of detail, framing and shadow maps. */
final class SceneGeometry {
    private SceneGeometry() {
    }

    /** Radius of a sphere around the geom's origin that holds the whole geom; infinite for planes. */
    static double boundingRadius(int type, double[] size, int g) {
        double s0 = size[3 * g], s1 = size[3 * g + 1], s2 = size[3 * g + 2];
        switch (type) {
            case MjModel.GEOM_SPHERE: return s0;
            case MjModel.GEOM_CAPSULE: return s0 + s1;
            case MjModel.GEOM_CYLINDER: return Math.sqrt(s0 * s0 + s1 * s1);
            case MjModel.GEOM_ELLIPSOID: return Math.max(s0, Math.max(s1, s2));
            case MjModel.GEOM_BOX:
            case MjModel.GEOM_MESH: return Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2);
            // a height field spans −base..top, within twice its mean half height of the origin
            case MjModel.GEOM_HFIELD: return Math.sqrt(s0 * s0 + s1 * s1 + 4 * s2 * s2);
            default: return Double.POSITIVE_INFINITY;
        }
    }

    /**
     * Whether geom g's group is shown by MuJoCo's default visualization options (geomgroup
     * 1 1 1 0 0 0: groups 0 to 2, groups clamped to 0..5): models put collision-only geoms in
     * group 3 and up, which MuJoCo does not draw.
     */
    static boolean visibleGroup(MjModel m, int g) {
        return Math.max(0, Math.min(5, m.geom_group[g])) <= 2;
    }

    /** Whether the renderer draws the geom at all: a supported, non-plane type in a shown group, not fully transparent. */
    static boolean isDrawnSolid(MjModel m, int g) {
        int t = m.geom_type[g];
        boolean solid = t == MjModel.GEOM_SPHERE || t == MjModel.GEOM_CAPSULE || t == MjModel.GEOM_CYLINDER
                || t == MjModel.GEOM_ELLIPSOID || t == MjModel.GEOM_BOX || t == MjModel.GEOM_MESH
                || t == MjModel.GEOM_HFIELD;
        return solid && visibleGroup(m, g) && Materials.alpha(m, g) > 0;
    }

    /**
     * World axis-aligned box {minx, miny, minz, maxx, maxy, maxz} of drawn non-plane geoms, or
     * null; the (hidden) geoms of bodies that move a shown skin count too, so that the default
     * camera frames a skinned composite.
     */
    static double[] visibleBounds(MjModel m, double[] xpos, double[] xmat) {
        double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        boolean any = false;
        boolean[] skinned = skinnedBodies(m);
        for (int g = 0; g < m.ngeom; g++) {
            if (!isDrawnSolid(m, g) && (skinned == null || !skinned[m.geom_bodyid[g]] || m.geom_type[g] == MjModel.GEOM_PLANE)) {
                continue;
            }
            any = true;
            for (int i = 0; i < 3; i++) {
                double e = halfExtent(m, g, xmat, i);
                box[i] = Math.min(box[i], xpos[3 * g + i] - e);
                box[i + 3] = Math.max(box[i + 3], xpos[3 * g + i] + e);
            }
        }
        return any ? box : null;
    }

    /** Whether the renderer shows skin s: in groups 0 to 2 (MuJoCo's default), alpha not 0. */
    static boolean isSkinShown(MjModel m, int s) {
        return Math.max(0, Math.min(5, m.skin_group[s])) <= 2 && Materials.skinAlpha(m, s) > 0;
    }

    /** Which bodies carry a bone of a skin the renderer shows (groups 0 to 2, alpha not 0), or null when none. */
    private static boolean[] skinnedBodies(MjModel m) {
        boolean[] out = null;
        for (int s = 0; s < m.nskin; s++) {
            if (!isSkinShown(m, s)) {
                continue;
            }
            out = out != null ? out : new boolean[m.nbody];
            for (int j = m.skin_boneadr[s]; j < m.skin_boneadr[s] + m.skin_bonenum[s]; j++) {
                out[m.skin_bonebodyid[j]] = true;
            }
        }
        return out;
    }

    /** Half extent of the geom along world axis i (exact for boxes, bounding sphere otherwise). */
    private static double halfExtent(MjModel m, int g, double[] xmat, int i) {
        double[] s = m.geom_size;
        int type = m.geom_type[g];
        if (type == MjModel.GEOM_BOX || type == MjModel.GEOM_MESH || type == MjModel.GEOM_HFIELD) {
            int r = 9 * g + 3 * i;
            double z = type == MjModel.GEOM_HFIELD ? 2 * s[3 * g + 2] : s[3 * g + 2];
            return Math.abs(xmat[r]) * s[3 * g] + Math.abs(xmat[r + 1]) * s[3 * g + 1] + Math.abs(xmat[r + 2]) * z;
        }
        if (type == MjModel.GEOM_CAPSULE || type == MjModel.GEOM_CYLINDER) {
            double axis = Math.abs(xmat[9 * g + 3 * i + 2]) * s[3 * g + 1];
            double radial = s[3 * g] * Math.sqrt(Math.max(0, 1 - xmat[9 * g + 3 * i + 2] * xmat[9 * g + 3 * i + 2]));
            return axis + (type == MjModel.GEOM_CAPSULE ? s[3 * g] : radial);
        }
        return boundingRadius(type, s, g);
    }
}
