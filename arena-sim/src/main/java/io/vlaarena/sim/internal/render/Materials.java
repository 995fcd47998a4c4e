package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * How a geom's (or a tendon's) color, shine and texture are resolved from the model, following MuJoCo: a geom with
 * a material takes the material's rgba unless the geom's own rgba differs from MuJoCo's default
 * (0.5 0.5 0.5 1), in which case the geom rgba wins. Specular and shininess come from the material,
 * else MuJoCo's defaults (0.5, 0.5).
 */
final class Materials {
    static final double DEFAULT_SPECULAR = 0.5;
    static final double DEFAULT_SHININESS = 0.5;

    private Materials() {
    }

    static int material(MjModel m, int g) {
        return valid(m, m.geom_matid[g]);
    }

    /** Tendon t's material, or -1. */
    static int tendonMaterial(MjModel m, int t) {
        return valid(m, m.tendon_matid[t]);
    }

    /** Skin s's material, or -1. */
    static int skinMaterial(MjModel m, int s) {
        return valid(m, m.skin_matid[s]);
    }

    /** Skin s's rgba (display values), by the same rule as geoms'. */
    static void skinRgba(MjModel m, int s, double[] out) {
        rgba(m, skinMaterial(m, s), m.skin_rgba, 4 * s, out);
    }

    /** Skin s's alpha (unclamped), as {@link #skinRgba} resolves it. */
    static double skinAlpha(MjModel m, int s) {
        return alpha(m, skinMaterial(m, s), m.skin_rgba, 4 * s);
    }

    private static int valid(MjModel m, int mat) {
        return mat >= 0 && mat < m.nmat ? mat : -1;
    }

    private static boolean isDefaultRgba(double[] c, int at) {
        return c[at] == 0.5 && c[at + 1] == 0.5 && c[at + 2] == 0.5 && c[at + 3] == 1;
    }

    /** The geom's rgba (display values, not linear) into out[0..3]. */
    static void rgba(MjModel m, int g, double[] out) {
        rgba(m, material(m, g), m.geom_rgba, 4 * g, out);
    }

    /** Tendon t's rgba (display values), by the same rule as geoms': its material's unless its own rgba is not the default. */
    static void tendonRgba(MjModel m, int t, double[] out) {
        rgba(m, tendonMaterial(m, t), m.tendon_rgba, 4 * t, out);
    }

    private static void rgba(MjModel m, int mat, double[] own, int at, double[] out) {
        double[] src = own;
        if (mat >= 0 && isDefaultRgba(own, at)) {
            src = m.mat_rgba;
            at = 4 * mat;
        }
        for (int i = 0; i < 4; i++) {
            out[i] = clamp01(src[at + i]);
        }
    }

    static double alpha(MjModel m, int g) {
        return alpha(m, material(m, g), m.geom_rgba, 4 * g);
    }

    /** Tendon t's alpha (unclamped), as {@link #tendonRgba} resolves it. */
    static double tendonAlpha(MjModel m, int t) {
        return alpha(m, tendonMaterial(m, t), m.tendon_rgba, 4 * t);
    }

    private static double alpha(MjModel m, int mat, double[] own, int at) {
        return mat >= 0 && isDefaultRgba(own, at) ? m.mat_rgba[4 * mat + 3] : own[at + 3];
    }

    static double specular(MjModel m, int g) {
        return specularOf(m, material(m, g));
    }

    static double shininess(MjModel m, int g) {
        return shininessOf(m, material(m, g));
    }

    /** The specular strength of material {@code mat}, MuJoCo's default without one (-1). */
    static double specularOf(MjModel m, int mat) {
        return mat >= 0 ? clamp01(m.mat_specular[mat]) : DEFAULT_SPECULAR;
    }

    /** The shininess of material {@code mat}, MuJoCo's default without one (-1). */
    static double shininessOf(MjModel m, int mat) {
        return mat >= 0 ? clamp01(m.mat_shininess[mat]) : DEFAULT_SHININESS;
    }

    /** The id of the geom's texture when the renderer can draw it (a builtin checker or flat texture, or one read from files; not a skybox), else -1. */
    static int drawableTexture(MjModel m, int g) {
        return drawableTextureOf(m, material(m, g));
    }

    /** The texture of material {@code mat} (-1: none) when the renderer can draw it, as {@link #drawableTexture}. */
    static int drawableTextureOf(MjModel m, int mat) {
        if (mat < 0) {
            return -1;
        }
        int tex = m.mat_texid[mat];
        if (tex < 0 || tex >= m.ntex) {
            return -1;
        }
        int builtin = m.tex_builtin[tex];
        boolean skybox = "skybox".equals(m.tex_type[tex]);
        return !skybox && (builtin == MjModel.TEX_BUILTIN_CHECKER || builtin == MjModel.TEX_BUILTIN_FLAT
                || m.tex_adr[tex] >= 0) ? tex : -1;
    }

    /** The first skybox texture with a gradient or flat builtin or read from files, or -1. */
    static int skybox(MjModel m) {
        for (int t = 0; t < m.ntex; t++) {
            if ("skybox".equals(m.tex_type[t]) && (m.tex_builtin[t] == MjModel.TEX_BUILTIN_GRADIENT
                    || m.tex_builtin[t] == MjModel.TEX_BUILTIN_FLAT || m.tex_adr[t] >= 0)) {
                return t;
            }
        }
        return -1;
    }

    /**
     * Texture tiles per metre along a geom's x ({@code axis} 0) or y (1), as MuJoCo's renderer
     * maps them: s = x * repeat / 2 with the material's texuniform, s = x * repeat / (2 * size)
     * without (repeat tiles across the geom); infinite planes (size 0) per metre either way.
     */
    static double tilesPerMetre(MjModel m, int g, int axis) {
        int mat = material(m, g);
        double rep = mat < 0 ? 1 : m.mat_texrepeat[2 * mat + axis];
        rep = rep > 0 ? rep : 1;
        double half = m.geom_size[3 * g + axis];
        boolean uniform = mat >= 0 && m.mat_texuniform[mat];
        return 0.5 * (half > 0 && !uniform ? rep / half : rep);
    }

    /**
     * The width of texture {@code t}'s edge mark as a fraction of a tile, 0 without one: mjtMark 1
     * ("edge") is the outermost texel row and column, so two texels meet at each border.
     */
    static double edgeMarkWidth(MjModel m, int t) {
        boolean edge = m.tex_mark[t] == 1;
        int texels = Math.max(2, m.tex_width[t]);
        return edge ? 2.0 / texels : 0;
    }

    static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
