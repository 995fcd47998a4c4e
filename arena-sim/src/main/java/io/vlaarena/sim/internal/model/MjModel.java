package io.vlaarena.sim.internal.model;

/**
 * A compiled MJCF model in MuJoCo's own layout ({@code mjModel}): flat arrays indexed by object id,
 * vectors packed 3 (or 4 for quaternions, w x y z) per object. Field names and units follow MuJoCo
 * so that anyone who knows {@code mjModel} can read the simulator.
 *
 * <p>Filled once by the MJCF compiler and never mutated afterwards, so it is shared freely across
 * threads; per-episode state lives elsewhere. Body 0 is the world. Object ids follow document
 * order, as in MuJoCo.
 */
public final class MjModel {
    // Joint types, as mjtJoint.
    public static final int JNT_FREE = 0;
    public static final int JNT_BALL = 1;
    public static final int JNT_SLIDE = 2;
    public static final int JNT_HINGE = 3;

    // Geom types, as mjtGeom.
    public static final int GEOM_PLANE = 0;
    public static final int GEOM_SPHERE = 2;
    public static final int GEOM_CAPSULE = 3;
    public static final int GEOM_ELLIPSOID = 4;
    public static final int GEOM_CYLINDER = 5;
    public static final int GEOM_BOX = 6;
    public static final int GEOM_MESH = 7;

    // Actuator transmission types, as mjtTrn.
    public static final int TRN_JOINT = 0;
    public static final int TRN_TENDON = 3;

    // Equality constraint types, as mjtEq.
    public static final int EQ_CONNECT = 0;
    public static final int EQ_WELD = 1;
    public static final int EQ_JOINT = 2;
    public static final int EQ_TENDON = 3;
    /** Numbers per equality in {@link #eq_data}, as mjNEQDATA. */
    public static final int NEQDATA = 11;

    // Gain and bias types, as mjtGain / mjtBias.
    public static final int GAIN_FIXED = 0;
    public static final int BIAS_NONE = 0;
    public static final int BIAS_AFFINE = 1;

    // Texture builtins.
    public static final int TEX_BUILTIN_NONE = 0;
    public static final int TEX_BUILTIN_GRADIENT = 1;
    public static final int TEX_BUILTIN_CHECKER = 2;
    public static final int TEX_BUILTIN_FLAT = 3;

    /** The {@code mujoco@model} name. */
    public String modelName;

    // ---- sizes
    public int nq, nv, nu, nbody, njnt, ngeom, nsite, ncam, nlight, nmat, ntex, ntendon, nkey, nexclude;

    // ---- options
    public double timestep = 0.002;
    public double[] gravity = {0, 0, -9.81};

    // ---- bodies (nbody; body 0 is the world)
    public String[] body_name;
    public int[] body_parentid;
    /** Id of the body this body is welded to (itself when it has joints, as mjModel.body_weldid). */
    public int[] body_weldid;
    /**
     * Mocap index of each body, -1 for ordinary bodies (as mjModel.body_mocapid); null in models
     * built without it. Mocap bodies are joint-less children of the world whose pose comes from
     * the data's mocap_pos/mocap_quat instead of body_pos/body_quat.
     */
    public int[] body_mocapid;
    /** Number of mocap bodies. */
    public int nmocap;
    public int[] body_jntnum, body_jntadr, body_dofnum, body_dofadr;
    /** Position and orientation of the body frame relative to its parent's frame. */
    public double[] body_pos, body_quat;
    /** Center of mass and principal inertia axes relative to the body frame. */
    public double[] body_ipos, body_iquat;
    public double[] body_mass;
    /** Principal moments of inertia about the center of mass (3 per body). */
    public double[] body_inertia;

    // ---- joints (njnt)
    public String[] jnt_name;
    public int[] jnt_type, jnt_qposadr, jnt_dofadr, jnt_bodyid;
    /** Joint anchor and axis in the body frame (axis normalized). */
    public double[] jnt_pos, jnt_axis;
    public boolean[] jnt_limited;
    /** Limits (2 per joint); radians for hinges after unit conversion, metres for slides. */
    public double[] jnt_range;
    public double[] jnt_stiffness;

    // ---- degrees of freedom (nv)
    public int[] dof_bodyid, dof_jntid, dof_parentid;
    public double[] dof_damping, dof_armature;

    // ---- generalized positions (nq)
    /** Initial qpos: joint {@code ref} for hinge and slide, body pose for free, identity for ball. */
    public double[] qpos0;
    /** Spring reference positions (the joint's {@code springref}; qpos0 when absent). */
    public double[] qpos_spring;

    // ---- geoms (ngeom)
    public String[] geom_name;
    public int[] geom_type, geom_bodyid, geom_contype, geom_conaffinity, geom_matid;
    public double[] geom_size, geom_pos, geom_quat, geom_rgba, geom_friction;

    // ---- sites (nsite)
    public String[] site_name;
    public int[] site_bodyid, site_type;
    public double[] site_size, site_pos, site_quat, site_rgba;

    // ---- cameras (ncam), fixed mode only
    public String[] cam_name;
    public int[] cam_bodyid;
    public double[] cam_pos, cam_quat, cam_fovy;

    // ---- lights (nlight)
    public String[] light_name;
    public int[] light_bodyid;
    public boolean[] light_directional, light_castshadow;
    public double[] light_pos, light_dir, light_diffuse, light_ambient, light_specular;

    // ---- materials (nmat) and textures (ntex)
    public String[] mat_name;
    public int[] mat_texid;
    public double[] mat_rgba, mat_texrepeat, mat_specular, mat_shininess, mat_reflectance;
    public String[] tex_name;
    public int[] tex_builtin, tex_width, tex_height;
    /** "2d", "cube" or "skybox", as written. */
    public String[] tex_type;
    public double[] tex_rgb1, tex_rgb2, tex_mark, tex_markrgb;

    // ---- meshes (nmesh): vertices in each mesh's principal frame (MuJoCo stores them as float)
    public int nmesh;
    public String[] mesh_name;
    /** Vertex range of mesh i: [mesh_vertadr[i], mesh_vertadr[i] + mesh_vertnum[i]), indices local to the mesh. */
    public int[] mesh_vertadr, mesh_vertnum;
    public double[] mesh_vert;
    /** Triangles as given (or the convex hull's when none were given), 3 local vertex indices each. */
    public int[] mesh_faceadr, mesh_facenum;
    public int[] mesh_face;
    /** Convex hull triangles, outward (counter-clockwise seen from outside), 3 local vertex indices each. */
    public int[] mesh_hulladr, mesh_hullnum;
    public int[] mesh_hull;

    // ---- fixed tendons (ntendon): tendon t spans wrap entries [tendon_adr[t], tendon_adr[t] + tendon_num[t])
    public String[] tendon_name;
    public int[] tendon_adr, tendon_num;
    public int[] wrap_jntid;
    public double[] wrap_coef;
    /**
     * Tendon limits as MuJoCo's tendon_*: {@code range} (2 per tendon, length units, never
     * converted from degrees), {@code margin} (a limit row exists while the distance to a bound
     * is below it), {@code solref_lim} (2) and {@code solimp_lim} (5) of the limit rows.
     * Null in models built without tendon limits (then no tendon is limited).
     */
    public boolean[] tendon_limited;
    public double[] tendon_range, tendon_margin, tendon_solref_lim, tendon_solimp_lim;
    /**
     * Tendon spring-dampers as MuJoCo's tendon_*: passive force {@code -stiffness (length -
     * lengthspring) - damping velocity} along the tendon. Null when built without them.
     */
    public double[] tendon_stiffness, tendon_damping, tendon_lengthspring;

    // ---- actuators (nu)
    public String[] actuator_name;
    public int[] actuator_trntype, actuator_trnid, actuator_gaintype, actuator_biastype;
    /** Transmission gear (first component of MuJoCo's 6-vector). */
    public double[] actuator_gear;
    /** Gain and bias parameters, 3 per actuator (MuJoCo keeps 10; the rest are zero here). */
    public double[] actuator_gainprm, actuator_biasprm;
    public boolean[] actuator_ctrllimited, actuator_forcelimited;
    public double[] actuator_ctrlrange, actuator_forcerange;

    // ---- contact exclusions (nexclude): body pairs
    public int[] exclude_body1, exclude_body2;

    // ---- equality constraints (neq), as mjModel.eq_*
    public int neq;
    public String[] eq_name;
    /** {@code EQ_*}; objects are bodies (connect, weld; obj2 0 = world), joints or tendons (obj2 -1 = none). */
    public int[] eq_type, eq_obj1id, eq_obj2id;
    public boolean[] eq_active;
    /** solref (2 per equality: timeconst, dampratio) and solimp (5: dmin, dmax, width, mid, power). */
    public double[] eq_solref, eq_solimp;
    /**
     * {@link #NEQDATA} numbers per equality, as MuJoCo 2.2.2 stores them. connect: anchor in body1,
     * the same point in body2's frame at qpos0; weld: anchor in body2, relpose (pos in body1, quat),
     * torquescale at [10]; joint and tendon: polycoef[5]. Unused entries 0, [10] = 1.
     */
    public double[] eq_data;

    // ---- keyframes (nkey)
    public String[] key_name;
    public double[] key_time, key_qpos, key_qvel, key_ctrl;

    // ---- appended by the MJCF compiler (mjModel fields the first layout left out)
    /** Geom group (0..5 in MuJoCo), as mjModel.geom_group; also selects geoms for inertia (compiler inertiagrouprange). */
    public int[] geom_group;
    /** Contact dimensionality (1, 3, 4 or 6), as mjModel.geom_condim. */
    public int[] geom_condim;
    /** The mesh of a mesh geom, -1 for other geoms, as mjModel.geom_dataid. */
    public int[] geom_dataid;

    /**
     * The planes of mesh {@code mesh}'s convex hull faces in the mesh frame, four numbers a face
     * ({@code nx ny nz d}: unit outward normal and offset, so {@code n·p = d} on the face), in
     * {@link #mesh_hull} order. A new array each call.
     */
    public double[] meshHullPlanes(int mesh) {
        int vadr = mesh_vertadr[mesh], hadr = mesh_hulladr[mesh], n = mesh_hullnum[mesh];
        double[] planes = new double[4 * n];
        double[] v = mesh_vert;
        for (int f = 0; f < n; f++) {
            int o0 = 3 * (vadr + mesh_hull[3 * (hadr + f)]), o1 = 3 * (vadr + mesh_hull[3 * (hadr + f) + 1]),
                    o2 = 3 * (vadr + mesh_hull[3 * (hadr + f) + 2]);
            double ux = v[o1] - v[o0], uy = v[o1 + 1] - v[o0 + 1], uz = v[o1 + 2] - v[o0 + 2];
            double wx = v[o2] - v[o0], wy = v[o2 + 1] - v[o0 + 1], wz = v[o2 + 2] - v[o0 + 2];
            double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            planes[4 * f] = nx / len;
            planes[4 * f + 1] = ny / len;
            planes[4 * f + 2] = nz / len;
            planes[4 * f + 3] = (nx * v[o0] + ny * v[o0 + 1] + nz * v[o0 + 2]) / len;
        }
        return planes;
    }

    /** Returns the id of the named object among {@code names}, or -1. */
    public static int find(String[] names, String name) {
        if (names == null || name == null) {
            return -1;
        }
        for (int i = 0; i < names.length; i++) {
            if (name.equals(names[i])) {
                return i;
            }
        }
        return -1;
    }
}
