package io.vlaarena.sim.internal.render;

import io.vlaarena.core.replay.SceneGeometry;
import io.vlaarena.core.replay.SceneGeometry.Checker;
import io.vlaarena.core.replay.SceneGeometry.Geom;
import io.vlaarena.core.replay.SceneGeometry.Light;
import io.vlaarena.core.replay.SceneGeometry.Mesh;
import io.vlaarena.core.replay.SceneGeometry.Shape;
import io.vlaarena.core.replay.SceneGeometry.Sky;
import io.vlaarena.core.replay.SceneGeometry.View;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describes a model for viewers that draw it themselves (the web arena's 3D replay): the geoms
 * this renderer draws, with the colours, textures, lights, sky and framing camera it uses, so
 * that a 3D view and this renderer's frames show the same scene from the same viewpoint.
 * Stateless and thread-safe.
 */
public final class ReplayGeometry {
    private ReplayGeometry() {
    }

    /** Which bodies move with {@code qpos}: jointed or mocap bodies and everything below them. */
    public static boolean[] movingBodies(MjModel m) {
        boolean[] moving = new boolean[m.nbody];
        for (int b = 1; b < m.nbody; b++) {
            boolean own = (m.body_jntnum != null && m.body_jntnum[b] > 0)
                    || (m.body_mocapid != null && m.body_mocapid[b] >= 0);
            moving[b] = own || moving[m.body_parentid[b]];
        }
        return moving;
    }

    /**
     * The scene at one state.
     *
     * @param m the model
     * @param xpos body positions at the state (3 per body)
     * @param xquat body orientations at the state (4 per body, {@code w x y z})
     * @param lightXpos light positions in the world (3 per light)
     * @param lightXdir light directions in the world (3 per light)
     * @param view the default viewpoint
     */
    public static SceneGeometry describe(MjModel m, double[] xpos, double[] xquat, double[] lightXpos, double[] lightXdir,
            FreeCamera view) {
        boolean[] moving = movingBodies(m);
        int[] movingIndex = new int[m.nbody];
        List<String> movingNames = new ArrayList<>();
        for (int b = 0; b < m.nbody; b++) {
            movingIndex[b] = moving[b] ? movingNames.size() : -1;
            if (moving[b]) {
                movingNames.add(m.body_name == null || m.body_name[b] == null ? "" : m.body_name[b]);
            }
        }
        List<Geom> geoms = new ArrayList<>();
        List<Mesh> meshes = new ArrayList<>();
        Map<Integer, Integer> meshIndex = new HashMap<>();
        double[] rgba = new double[4];
        double[] pos = new double[3], quat = new double[4];
        for (int g = 0; g < m.ngeom; g++) {
            int type = m.geom_type[g];
            boolean plane = type == MjModel.GEOM_PLANE;
            if (type == MjModel.GEOM_HFIELD) {
                continue; // the web replay's shapes have no height field: drawn by the server-side renderer only
            }
            if (!(plane ? Materials.alpha(m, g) > 0 && io.vlaarena.sim.internal.render.SceneGeometry.visibleGroup(m, g)
                    : io.vlaarena.sim.internal.render.SceneGeometry.isDrawnSolid(m, g))) {
                continue;
            }
            int b = m.geom_bodyid[g];
            double[] local = {m.geom_pos[3 * g], m.geom_pos[3 * g + 1], m.geom_pos[3 * g + 2]};
            double[] localQuat = m.geom_quat == null ? new double[] {1, 0, 0, 0}
                    : new double[] {m.geom_quat[4 * g], m.geom_quat[4 * g + 1], m.geom_quat[4 * g + 2], m.geom_quat[4 * g + 3]};
            if (moving[b]) {
                System.arraycopy(local, 0, pos, 0, 3);
                System.arraycopy(localQuat, 0, quat, 0, 4);
            } else {
                double[] rotated = Spatial.rotVecQuat(local, java.util.Arrays.copyOfRange(xquat, 4 * b, 4 * b + 4));
                for (int i = 0; i < 3; i++) {
                    pos[i] = rotated[i] + xpos[3 * b + i];
                }
                Spatial.mulQuat(xquat, 4 * b, localQuat, 0, quat, 0);
            }
            Materials.rgba(m, g, rgba);
            int mesh = -1;
            if (type == MjModel.GEOM_MESH) {
                int id = m.geom_dataid[g];
                mesh = meshIndex.computeIfAbsent(id, k -> {
                    meshes.add(mesh(m, k));
                    return meshes.size() - 1;
                });
            }
            geoms.add(new Geom(m.geom_name == null || m.geom_name[g] == null ? "" : m.geom_name[g], shape(type),
                    movingIndex[b], list(m.geom_size, 3 * g, 3), list(pos, 0, 3), list(quat, 0, 4), list(rgba, 0, 4),
                    Materials.specular(m, g), Materials.shininess(m, g), mesh, plane ? checker(m, g) : Optional.empty()));
        }
        List<Light> lights = new ArrayList<>();
        for (int l = 0; l < m.nlight; l++) {
            lights.add(new Light(m.light_directional != null && m.light_directional[l], list(lightXpos, 3 * l, 3),
                    list(lightXdir, 3 * l, 3),
                    m.light_diffuse == null ? List.of(0.7, 0.7, 0.7) : list(m.light_diffuse, 3 * l, 3),
                    m.light_specular == null ? List.of(0.3, 0.3, 0.3) : list(m.light_specular, 3 * l, 3),
                    m.light_castshadow == null || m.light_castshadow[l]));
        }
        double[] sky = Renderer.skyColors(m);
        return new SceneGeometry(movingNames, geoms, meshes, lights,
                new Sky(list(sky, 0, 3), list(sky, 3, 3), list(sky, 6, 3)),
                new View(List.of(view.lookatX(), view.lookatY(), view.lookatZ()), view.distance(), view.azimuthDeg(),
                        view.elevationDeg(), view.fovyDeg()));
    }

    private static Shape shape(int type) {
        return switch (type) {
            case MjModel.GEOM_PLANE -> Shape.PLANE;
            case MjModel.GEOM_SPHERE -> Shape.SPHERE;
            case MjModel.GEOM_CAPSULE -> Shape.CAPSULE;
            case MjModel.GEOM_ELLIPSOID -> Shape.ELLIPSOID;
            case MjModel.GEOM_CYLINDER -> Shape.CYLINDER;
            case MjModel.GEOM_BOX -> Shape.BOX;
            case MjModel.GEOM_MESH -> Shape.MESH;
            default -> throw new IllegalArgumentException("Geom type " + type + " is not drawn");
        };
    }

    /** The mesh's triangles as the renderer draws them (given faces, else its hull's). */
    private static Mesh mesh(MjModel m, int id) {
        int vadr = m.mesh_vertadr[id], nv = m.mesh_vertnum[id];
        float[] v = new float[3 * nv];
        for (int i = 0; i < 3 * nv; i++) {
            v[i] = (float) m.mesh_vert[3 * vadr + i];
        }
        int fadr = m.mesh_faceadr[id], nf = m.mesh_facenum[id];
        int[] f = new int[3 * nf];
        System.arraycopy(m.mesh_face, 3 * fadr, f, 0, 3 * nf);
        return new Mesh(v, f);
    }

    /** A plane's checker texture, with the tiling this renderer uses. */
    private static Optional<Checker> checker(MjModel m, int g) {
        int t = Materials.drawableTexture(m, g);
        if (t < 0 || m.tex_builtin[t] != MjModel.TEX_BUILTIN_CHECKER) {
            return Optional.empty();
        }
        double mark = Materials.edgeMarkWidth(m, t);
        return Optional.of(new Checker(
                m.tex_rgb1 == null ? List.of(0.8, 0.8, 0.8) : list(m.tex_rgb1, 3 * t, 3),
                m.tex_rgb2 == null ? List.of(0.5, 0.5, 0.5) : list(m.tex_rgb2, 3 * t, 3),
                mark > 0 ? Optional.of(list(m.tex_markrgb, 3 * t, 3)) : Optional.empty(), mark,
                List.of(Materials.tilesPerMetre(m, g, 0), Materials.tilesPerMetre(m, g, 1))));
    }

    private static List<Double> list(double[] a, int from, int n) {
        List<Double> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(a[from + i]);
        }
        return out;
    }
}
