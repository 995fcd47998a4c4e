package io.vlaarena.sim.internal.model;

/**
 * A compiled MJCF model in MuJoCo's own layout ({@code mjModel}): flat arrays indexed by object id,
 * vectors packed 3 (or 4 for quaternions, w x y z) per object. Field names and units follow MuJoCo
 * so that anyone who knows {@code mjModel} can read the simulator.
 *
 * <p>{@link #allocate} lays out every array for the model's {@link Sizes} (so no array is ever
 * missing); the MJCF compiler fills them once and never mutates the model afterwards, so it is
 * shared freely across threads; per-episode state lives elsewhere. Body 0 is the world. Object
 * ids follow document order, as in MuJoCo.
 */
public final class MjModel {
    // Joint types, as mjtJoint.
    public static final int JNT_FREE = 0;
    public static final int JNT_BALL = 1;
    public static final int JNT_SLIDE = 2;
    public static final int JNT_HINGE = 3;

    // Geom types, as mjtGeom.
    public static final int GEOM_PLANE = 0;
    /** A height field (mjGEOM_HFIELD): elevation data over a rectangle, {@code geom_dataid} names it. */
    public static final int GEOM_HFIELD = 1;
    public static final int GEOM_SPHERE = 2;
    public static final int GEOM_CAPSULE = 3;
    public static final int GEOM_ELLIPSOID = 4;
    public static final int GEOM_CYLINDER = 5;
    public static final int GEOM_BOX = 6;
    public static final int GEOM_MESH = 7;

    // Actuator transmission types, as mjtTrn.
    public static final int TRN_JOINT = 0;
    public static final int TRN_JOINTINPARENT = 1;
    public static final int TRN_SLIDERCRANK = 2;
    public static final int TRN_TENDON = 3;
    public static final int TRN_SITE = 4;
    public static final int TRN_BODY = 5;

    // Equality constraint types, as mjtEq.
    public static final int EQ_CONNECT = 0;
    public static final int EQ_WELD = 1;
    public static final int EQ_JOINT = 2;
    public static final int EQ_TENDON = 3;
    /** Numbers per equality in {@link #eq_data}, as mjNEQDATA. */
    public static final int NEQDATA = 11;

    // Gain and bias types, as mjtGain / mjtBias.
    public static final int GAIN_FIXED = 0;
    public static final int GAIN_AFFINE = 1;
    public static final int GAIN_MUSCLE = 2;
    public static final int BIAS_NONE = 0;
    public static final int BIAS_AFFINE = 1;
    public static final int BIAS_MUSCLE = 2;
    /** Gain and bias parameters per actuator (mjNGAIN, mjNBIAS). */
    public static final int NGAIN = 10;

    // Tendon path entries, as mjtWrap: a joint (fixed tendons), a pulley, a site, a sphere or cylinder geom to wrap around.
    public static final int WRAP_JOINT = 1;
    public static final int WRAP_PULLEY = 2;
    public static final int WRAP_SITE = 3;
    public static final int WRAP_SPHERE = 4;
    public static final int WRAP_CYLINDER = 5;

    // Actuator dynamics, as mjtDyn: none (ctrl drives the force), integrator (act' = ctrl), filter (act' = (ctrl - act) / tau).
    public static final int DYN_NONE = 0;
    public static final int DYN_INTEGRATOR = 1;
    public static final int DYN_FILTER = 2;
    /** Muscle activation: a filter with MuJoCo's activation and deactivation time constants. */
    public static final int DYN_MUSCLE = 3;

    // Integrators, as mjtIntegrator.
    public static final int INT_EULER = 0;
    public static final int INT_RK4 = 1;
    public static final int INT_IMPLICIT = 2;

    /** Values per geom of the ellipsoid fluid model (mjNFLUID). */
    public static final int NFLUID = 12;

    // Constraint solvers, as mjtSolver.
    public static final int SOL_PGS = 0;
    public static final int SOL_CG = 1;
    public static final int SOL_NEWTON = 2;
    // Friction cones, as mjtCone.
    public static final int CONE_PYRAMIDAL = 0;
    public static final int CONE_ELLIPTIC = 1;

    // Disable flags (opt.disableflags), as mjtDisableBit.
    public static final int DSBL_CONSTRAINT = 1;
    public static final int DSBL_EQUALITY = 1 << 1;
    public static final int DSBL_FRICTIONLOSS = 1 << 2;
    public static final int DSBL_LIMIT = 1 << 3;
    public static final int DSBL_CONTACT = 1 << 4;
    public static final int DSBL_PASSIVE = 1 << 5;
    public static final int DSBL_GRAVITY = 1 << 6;
    public static final int DSBL_CLAMPCTRL = 1 << 7;
    public static final int DSBL_WARMSTART = 1 << 8;
    public static final int DSBL_FILTERPARENT = 1 << 9;
    public static final int DSBL_ACTUATION = 1 << 10;
    public static final int DSBL_REFSAFE = 1 << 11;
    public static final int DSBL_SENSOR = 1 << 12;
    // Enable flags (opt.enableflags), as mjtEnableBit.
    public static final int ENBL_OVERRIDE = 1;
    public static final int ENBL_ENERGY = 1 << 1;
    public static final int ENBL_FWDINV = 1 << 2;
    public static final int ENBL_SENSORNOISE = 1 << 3;
    public static final int ENBL_MULTICCD = 1 << 4;

    // Sensor types, as mjtSensor.
    public static final int SENS_TOUCH = 0, SENS_ACCELEROMETER = 1, SENS_VELOCIMETER = 2, SENS_GYRO = 3,
            SENS_FORCE = 4, SENS_TORQUE = 5, SENS_MAGNETOMETER = 6, SENS_RANGEFINDER = 7, SENS_JOINTPOS = 8,
            SENS_JOINTVEL = 9, SENS_TENDONPOS = 10, SENS_TENDONVEL = 11, SENS_ACTUATORPOS = 12, SENS_ACTUATORVEL = 13,
            SENS_ACTUATORFRC = 14, SENS_BALLQUAT = 15, SENS_BALLANGVEL = 16, SENS_JOINTLIMITPOS = 17,
            SENS_JOINTLIMITVEL = 18, SENS_JOINTLIMITFRC = 19, SENS_TENDONLIMITPOS = 20, SENS_TENDONLIMITVEL = 21,
            SENS_TENDONLIMITFRC = 22, SENS_FRAMEPOS = 23, SENS_FRAMEQUAT = 24, SENS_FRAMEXAXIS = 25,
            SENS_FRAMEYAXIS = 26, SENS_FRAMEZAXIS = 27, SENS_FRAMELINVEL = 28, SENS_FRAMEANGVEL = 29,
            SENS_FRAMELINACC = 30, SENS_FRAMEANGACC = 31, SENS_SUBTREECOM = 32, SENS_SUBTREELINVEL = 33,
            SENS_SUBTREEANGMOM = 34, SENS_CLOCK = 35, SENS_USER = 36;
    // Sensor data types (mjtDataType) and the stage a sensor needs (mjtStage).
    public static final int DATATYPE_REAL = 0, DATATYPE_POSITIVE = 1, DATATYPE_AXIS = 2, DATATYPE_QUATERNION = 3;
    public static final int STAGE_POS = 1, STAGE_VEL = 2, STAGE_ACC = 3;
    // Object types, as mjtObj (those sensors refer to).
    public static final int OBJ_UNKNOWN = 0, OBJ_BODY = 1, OBJ_XBODY = 2, OBJ_JOINT = 3, OBJ_GEOM = 5, OBJ_SITE = 6,
            OBJ_CAMERA = 7, OBJ_TENDON = 17, OBJ_ACTUATOR = 18;

    // Camera and light modes, as mjtCamLight.
    public static final int CAMLIGHT_FIXED = 0, CAMLIGHT_TRACK = 1, CAMLIGHT_TRACKCOM = 2, CAMLIGHT_TARGETBODY = 3,
            CAMLIGHT_TARGETBODYCOM = 4;

    // Texture builtins.
    public static final int TEX_BUILTIN_NONE = 0;
    public static final int TEX_BUILTIN_GRADIENT = 1;
    public static final int TEX_BUILTIN_CHECKER = 2;
    public static final int TEX_BUILTIN_FLAT = 3;

    /** The {@code mujoco@model} name. */
    public String modelName = "MuJoCo Model";

    // ---- sizes (see {@link Sizes})
    public final int nq, nv, nu, nbody, njnt, ngeom, nsite, ncam, nlight, nmat, ntex, nmesh, nmeshvert, nmeshface,
            nmeshhull, ntendon, nwrap, nexclude, npair, neq, nkey, nmocap;
    /** Sensors and the length of their output (MuJoCo's nsensor, nsensordata). */
    public final int nsensor, nsensordata;
    /** Bytes of texels of the textures read from files (MuJoCo's ntexdata counts builtins too). */
    public final int ntexdata;
    /** Height fields and their elevation samples in all. */
    public final int nhfield, nhfielddata;
    /** Mesh vertices with texture coordinates, in all (MuJoCo's nmeshtexvert). */
    public final int nmeshtexvert;

    // ---- options
    public double timestep = 0.002;
    /**
     * Ratio of frictional to normal constraint impedance (MuJoCo's impratio): the friction rows'
     * R is the normal row's divided by it (pyramidal: every edge's R follows from that).
     */
    public double impratio = 1;
    /** The MPR penetration query's iteration limit and tolerance (mpr_iterations, mpr_tolerance). */
    public int mpr_iterations = 50;
    public double mpr_tolerance = 1e-6;
    /** The constraint solver's iteration limit and tolerance, and its line search's (MuJoCo's opt.iterations, ...). */
    public int iterations = 100;
    public double tolerance = 1e-8;
    public int ls_iterations = 50;
    public double ls_tolerance = 0.01;
    /** The integrator ({@code INT_*}, MuJoCo's opt.integrator). */
    public int integrator = INT_EULER;
    /** The constraint solver ({@code SOL_*}, MuJoCo's opt.solver). */
    public int solver = SOL_NEWTON;
    /**
     * The medium's density and viscosity (MuJoCo's opt.density, opt.viscosity; 0: no fluid
     * forces) and its velocity in the world (opt.wind, 3; its contents may be set).
     */
    public double density, viscosity;
    public final double[] wind = new double[3];
    /** The friction cone of frictional contacts ({@code CONE_*}, MuJoCo's opt.cone). */
    public int cone = CONE_PYRAMIDAL;
    /** MuJoCo's opt.disableflags ({@code DSBL_*}) and opt.enableflags ({@code ENBL_*}). */
    public int disableflags, enableflags;
    /**
     * Number of activation states (mjModel.na): one per actuator with dynamics, which come after
     * the actuators without (actuator i has {@code act[i - (nu - na)]}). Set with the actuators.
     */
    public int na;
    /** Gravity (3); its contents may be set, the array stays. */
    public final double[] gravity = {0, 0, -9.81};
    /** The global magnetic flux (MuJoCo's opt.magnetic) the magnetometer measures; its contents may be set. */
    public final double[] magnetic = {0, -0.5, 0};

    // ---- bodies (nbody; body 0 is the world)
    public final String[] body_name;
    public final int[] body_parentid;
    /** Id of the body this body is welded to (itself when it has joints, as mjModel.body_weldid). */
    public final int[] body_weldid;
    /**
     * Mocap index of each body, -1 for ordinary bodies (as mjModel.body_mocapid). Mocap bodies are
     * joint-less children of the world whose pose comes from the data's mocap_pos/mocap_quat
     * instead of body_pos/body_quat.
     */
    public final int[] body_mocapid;
    public final int[] body_jntnum, body_jntadr, body_dofnum, body_dofadr;
    /** Position and orientation of the body frame relative to its parent's frame. */
    public final double[] body_pos, body_quat;
    /** Center of mass and principal inertia axes relative to the body frame. */
    public final double[] body_ipos, body_iquat;
    public final double[] body_mass;
    /** Principal moments of inertia about the center of mass (3 per body). */
    public final double[] body_inertia;

    // ---- joints (njnt)
    public final String[] jnt_name;
    public final int[] jnt_type, jnt_qposadr, jnt_dofadr, jnt_bodyid;
    /** Joint anchor and axis in the body frame (axis normalized). */
    public final double[] jnt_pos, jnt_axis;
    public final boolean[] jnt_limited;
    /** Limits (2 per joint); radians for hinges after unit conversion, metres for slides. */
    public final double[] jnt_range;
    public final double[] jnt_stiffness;
    /** Limit rows exist while the distance to a bound is below the margin; their solref (2) and solimp (5) per joint. */
    public final double[] jnt_margin, jnt_solref, jnt_solimp;

    // ---- degrees of freedom (nv)
    public final int[] dof_bodyid, dof_jntid, dof_parentid;
    public final double[] dof_damping, dof_armature;
    /** Dry friction of each dof (a frictionloss row while positive) and its rows' solref (2) and solimp (5). */
    public final double[] dof_frictionloss, dof_solref, dof_solimp;

    // ---- generalized positions (nq)
    /** Initial qpos: joint {@code ref} for hinge and slide, body pose for free, identity for ball. */
    public final double[] qpos0;
    /** Spring reference positions (the joint's {@code springref}; the body pose for free joints). */
    public final double[] qpos_spring;

    // ---- geoms (ngeom)
    public final String[] geom_name;
    public final int[] geom_type, geom_bodyid, geom_contype, geom_conaffinity, geom_matid;
    /** Geom group (0..5 in MuJoCo); also selects geoms for inertia (compiler inertiagrouprange). */
    public final int[] geom_group;
    /** Contact dimensionality (1, 3, 4 or 6). */
    public final int[] geom_condim;
    /** The mesh of a mesh geom, -1 for other geoms. */
    public final int[] geom_dataid;
    public final double[] geom_size, geom_pos, geom_quat, geom_rgba, geom_friction;
    /**
     * Contact parameters (MuJoCo's geom_*): solref (2) and solimp (5) of contacts, margin (a
     * contact exists within this distance), gap (it becomes a constraint only within
     * margin − gap), priority (the higher geom's parameters win) and solmix (how parameters of
     * equal-priority geoms mix).
     */
    public final double[] geom_solref, geom_solimp, geom_margin, geom_gap, geom_solmix;
    /**
     * Each geom's ellipsoid fluid model ({@link #NFLUID} values, MuJoCo's geom_fluid): on/off (1/0),
     * blunt drag, slender drag, angular drag, Kutta lift, Magnus lift, virtual mass (3), virtual
     * inertia (3); all zero for geoms without it.
     */
    public final double[] geom_fluid;
    public final int[] geom_priority;

    // ---- sites (nsite)
    public final String[] site_name;
    public final int[] site_bodyid, site_type;
    public final double[] site_size, site_pos, site_quat, site_rgba;

    // ---- cameras (ncam), fixed mode only
    public final String[] cam_name;
    public final int[] cam_bodyid;
    public final double[] cam_pos, cam_quat, cam_fovy;
    /**
     * Camera and light modes ({@code CAMLIGHT_*}), target bodies (-1: none), and what SetConst
     * records at qpos0 for the moving modes (MuJoCo's cam_pos0, cam_poscom0, cam_mat0,
     * light_pos0, light_poscom0, light_dir0): the offset from the body, the offset from the
     * (target's, else the body's) subtree centre of mass, and the world orientation.
     */
    public final int[] cam_mode, cam_targetbodyid, light_mode, light_targetbodyid;
    public final double[] cam_pos0, cam_poscom0, cam_mat0, light_pos0, light_poscom0, light_dir0;

    // ---- lights (nlight), fixed mode only
    public final String[] light_name;
    public final int[] light_bodyid;
    public final boolean[] light_directional, light_castshadow;
    /** Position and direction (unit) in the body frame. */
    public final double[] light_pos, light_dir, light_diffuse, light_ambient, light_specular;

    // ---- materials (nmat) and textures (ntex)
    public final String[] mat_name;
    public final int[] mat_texid;
    public final double[] mat_rgba, mat_texrepeat, mat_specular, mat_shininess, mat_reflectance;
    /** Whether a material's 2d texture repeats per metre ({@code texrepeat} tiles per 2 m) rather than per geom. */
    public final boolean[] mat_texuniform;
    public final String[] tex_name;
    public final int[] tex_builtin, tex_width, tex_height;
    /** "2d", "cube" or "skybox", as written. */
    public final String[] tex_type;
    public final double[] tex_rgb1, tex_rgb2, tex_mark, tex_markrgb;
    /**
     * Texels of the textures read from PNG files (3 bytes each, rows top down; a cube's six faces
     * stacked in MuJoCo's order right, left, up, down, front, back, or one square face for all),
     * from {@code tex_adr}; builtin textures are drawn from their parameters ({@code tex_adr} -1).
     */
    public final int[] tex_adr;
    public final byte[] tex_rgb;

    // ---- height fields (nhfield), as mjModel.hfield_*: size (x and y half extents, the top's
    // height, the base's depth), rows (along y) and columns (along x), and nrow x ncol elevations
    // in [0, 1] from hfield_adr, row by row from -y, scaled by size[2]
    /**
     * Each mesh's first texture coordinate in {@code mesh_texcoord} (-1: none), and the
     * coordinates (s, t per vertex, t down the image) of the meshes read with them.
     */
    public final int[] mesh_texcoordadr;
    public final float[] mesh_texcoord;

    public final String[] hfield_name;
    public final double[] hfield_size;
    public final int[] hfield_nrow, hfield_ncol, hfield_adr;
    public final float[] hfield_data;

    // ---- meshes (nmesh): vertices in each mesh's principal frame (MuJoCo stores them as float)
    public final String[] mesh_name;
    /** Vertex range of mesh i: [mesh_vertadr[i], mesh_vertadr[i] + mesh_vertnum[i]) (nmeshvert in all), indices local to the mesh. */
    public final int[] mesh_vertadr, mesh_vertnum;
    public final double[] mesh_vert;
    /** Triangles as given (or the convex hull's when none were given), 3 local vertex indices each (nmeshface in all). */
    public final int[] mesh_faceadr, mesh_facenum;
    public final int[] mesh_face;
    /** Convex hull triangles, outward (counter-clockwise seen from outside), 3 local vertex indices each (nmeshhull in all). */
    public final int[] mesh_hulladr, mesh_hullnum;
    public final int[] mesh_hull;

    // ---- skins (nskin): drawn only, never simulated
    /**
     * Skin counts: skins, their vertices, vertices with texture coordinates, triangles, bones and
     * bone-vertex entries in all (MuJoCo's nskin, nskinvert, nskintexvert, nskinface, nskinbone,
     * nskinbonevert).
     */
    public final int nskin, nskinvert, nskintexvert, nskinface, nskinbone, nskinbonevert;
    /** Skin names (a composite's skin: its prefix then {@code Skin}). */
    public final String[] skin_name;
    /**
     * Each skin's material (-1: none), visualization group (MuJoCo shows 0 to 2 by default),
     * vertex, texture-coordinate (-1: none), triangle and bone ranges, as mjModel.skin_*.
     */
    public final int[] skin_matid, skin_group, skin_vertadr, skin_vertnum, skin_texcoordadr, skin_faceadr, skin_facenum,
            skin_boneadr, skin_bonenum;
    /** Each skin's color, 4 per skin (MuJoCo's default 0.5 0.5 0.5 1), used as geoms use theirs. */
    public final double[] skin_rgba;
    /** How far each skin's drawn vertices move out along their normals (metres). */
    public final float[] skin_inflate;
    /**
     * Vertices in their bind pose (3 per vertex, relative to the skin's {@code vertadr}), texture
     * coordinates (2 per vertex) and triangles (3 vertex indices per triangle, relative to the
     * skin's {@code vertadr}), as MuJoCo stores them in float.
     */
    public final float[] skin_vert, skin_texcoord;
    /** See {@link #skin_vert}. */
    public final int[] skin_face;
    /**
     * Bones: each moves its vertices ({@code skin_bonevertid}, relative to the skin's vertadr,
     * with normalized weights {@code skin_bonevertweight}) rigidly with body
     * {@code skin_bonebodyid} from the bind pose ({@code bindpos}, 3, and {@code bindquat}, 4).
     * A drawn vertex is {@code sum over its bones of weight * (xpos + R(xquat * bindquat^-1)
     * (vert - bindpos))}, then moved by the skin's inflate along its normal.
     */
    public final int[] skin_bonevertadr, skin_bonevertnum, skin_bonebodyid, skin_bonevertid;
    /** See {@link #skin_bonevertadr}. */
    public final float[] skin_bonebindpos, skin_bonebindquat, skin_bonevertweight;

    // ---- tendons (ntendon): tendon t spans wrap entries [tendon_adr[t], tendon_adr[t] + tendon_num[t]) of nwrap
    public final String[] tendon_name;
    public final int[] tendon_adr, tendon_num;
    public final int[] wrap_jntid;
    public final double[] wrap_coef;
    /**
     * Each path entry's type ({@code WRAP_*}), object (joint, site or geom id; -1 for a pulley)
     * and parameter (joint: its coefficient; geom: the side site's id or -1; pulley: the divisor),
     * as mjModel.wrap_*. A tendon whose first entry is not a joint is spatial; its joint
     * arrays ({@link #wrap_jntid}, {@link #wrap_coef}) hold -1 and 0.
     */
    public final int[] wrap_type, wrap_objid;
    public final double[] wrap_prm;
    /**
     * Tendon limits as MuJoCo's tendon_*: {@code range} (2 per tendon, length units, never
     * converted from degrees), {@code margin} (a limit row exists while the distance to a bound
     * is below it), {@code solref_lim} (2) and {@code solimp_lim} (5) of the limit rows.
     */
    public final boolean[] tendon_limited;
    public final double[] tendon_range, tendon_margin, tendon_solref_lim, tendon_solimp_lim;
    /**
     * Tendon spring-dampers as MuJoCo's tendon_*: passive force {@code -stiffness (length -
     * lengthspring) - damping velocity} along the tendon.
     */
    public final double[] tendon_stiffness, tendon_damping, tendon_lengthspring;
    /** Tendon dry friction (a frictionloss row while positive) with its rows' solref (2) and solimp (5). */
    public final double[] tendon_frictionloss, tendon_solref_fri, tendon_solimp_fri;
    /**
     * How spatial tendons are drawn, as MuJoCo's tendon_*: {@code group} (visualization group;
     * MuJoCo shows 0 to 2 by default), {@code matid} (material or -1), {@code width} (the drawn
     * capsules' radius, metres; MuJoCo's default 0.003) and {@code rgba} (4 per tendon; MuJoCo's
     * default 0.5 0.5 0.5 1). No effect on the simulation.
     */
    public final int[] tendon_group, tendon_matid;
    /** See {@link #tendon_group}. */
    public final double[] tendon_width, tendon_rgba;

    // ---- actuators (nu)
    public final String[] actuator_name;
    public final int[] actuator_trntype, actuator_trnid, actuator_gaintype, actuator_biastype;
    /** Transmission gear (first component of MuJoCo's 6-vector, the only one joint and tendon transmissions use). */
    public final double[] actuator_gear;
    /**
     * MuJoCo's full 6-component gear (6 per actuator, {@code actuator_gearvec[6u] == actuator_gear[u]}):
     * ball and free joints and site transmissions read all six (force then torque).
     */
    public final double[] actuator_gearvec;
    /**
     * The transmission's second object ({@code actuator_trnid[2u+1]} in MuJoCo): the slider site of
     * a slider-crank, the reference site of a site transmission, else -1.
     */
    public final int[] actuator_trnid2;
    /** The slider-crank's connecting rod length (0 for other transmissions). */
    public final double[] actuator_cranklength;
    /**
     * Gain and bias parameters, {@link #NGAIN} per actuator as MuJoCo's (fixed gains and affine
     * biases use the first 3; muscles 9: range, force, scale, lmin, lmax, vmax, fpmax, fvmax).
     */
    public final double[] actuator_gainprm, actuator_biasprm;
    /**
     * The actuator length range (2 per actuator; muscles scale their length by it) and the norm
     * of the joint acceleration a unit actuator force gives at qpos0 ({@code actuator_acc0},
     * muscles with negative force use {@code scale / acc0}).
     */
    public final double[] actuator_lengthrange, actuator_acc0;
    public final boolean[] actuator_ctrllimited, actuator_forcelimited;
    public final double[] actuator_ctrlrange, actuator_forcerange;
    /** Actuator dynamics ({@code DYN_*}) and their parameters (3 per actuator: the filter's time constant first). */
    public final int[] actuator_dyntype;
    public final double[] actuator_dynprm;
    /** Whether the activation is clamped to actrange (2 per actuator) after each integration. */
    public final boolean[] actuator_actlimited;
    public final double[] actuator_actrange;

    // ---- contact exclusions (nexclude): body pairs
    public final int[] exclude_body1, exclude_body2;

    // ---- explicit contact pairs (npair), as mjModel.pair_*: they collide whatever the filters say,
    // with their own condim, friction (5), solref (2), solimp (5), margin and gap
    public final String[] pair_name;
    public final int[] pair_dim, pair_geom1, pair_geom2;
    public final double[] pair_solref, pair_solimp, pair_margin, pair_gap, pair_friction;

    // ---- equality constraints (neq), as mjModel.eq_*
    public final String[] eq_name;
    /** {@code EQ_*}; objects are bodies (connect, weld; obj2 0 = world), joints or tendons (obj2 -1 = none). */
    public final int[] eq_type, eq_obj1id, eq_obj2id;
    public final boolean[] eq_active;
    /** solref (2 per equality: timeconst, dampratio) and solimp (5: dmin, dmax, width, mid, power). */
    public final double[] eq_solref, eq_solimp;
    /**
     * {@link #NEQDATA} numbers per equality, as MuJoCo 2.2.2 stores them. connect: anchor in body1,
     * the same point in body2's frame at qpos0; weld: anchor in body2, relpose (pos in body1, quat),
     * torquescale at [10]; joint and tendon: polycoef[5]. Unused entries 0, [10] = 1.
     */
    public final double[] eq_data;

    // ---- sensors (nsensor), as mjModel.sensor_*: SENS_* type, DATATYPE_*, STAGE_* it needs,
    // the sensed object and the reference frame (OBJ_* type and id; refid -1: world), its
    // dimension and address in sensordata, cutoff (0: none) and noise (stored; MuJoCo applies it
    // only under the sensornoise flag)
    public final String[] sensor_name;
    public final int[] sensor_type, sensor_datatype, sensor_needstage, sensor_objtype, sensor_objid, sensor_reftype,
            sensor_refid, sensor_dim, sensor_adr;
    public final double[] sensor_cutoff, sensor_noise;

    // ---- keyframes (nkey)
    public final String[] key_name;
    public final double[] key_time, key_qpos, key_qvel, key_ctrl;
    /** Keyframe activations, {@code na} per key (assigned with the actuators, as {@link #na} is known only then). */
    public double[] key_act = new double[0];

    // ---- constants derived from the rest once, by SetConst (MuJoCo's mj_setConst) at the end of compiling
    /** Total mass of each body's subtree (mjModel.body_subtreemass). */
    public final double[] body_subtreemass;
    /** Radius of each geom's bounding sphere about its frame origin, infinite for planes (mjModel.geom_rbound). */
    public final double[] geom_rbound;
    /**
     * MuJoCo's {@code body_invweight0} (two per body: translation, rotation), {@code dof_invweight0}
     * and {@code tendon_invweight0} at qpos0: the constraint regularization scales with these.
     */
    public final double[] body_invweight0, dof_invweight0, tendon_invweight0;
    /** The mean of the mass matrix diagonal at qpos0 (mjModel.stat.meaninertia); the solver scales its tolerances by it. */
    public double stat_meaninertia = 1;
    /** Each tendon's length at qpos0 (mjModel.tendon_length0). */
    public final double[] tendon_length0;

    /**
     * The sizes of a model: every array of {@link MjModel} is laid out from them by
     * {@link MjModel#allocate}. Counts are of objects (nq, nv: generalized coordinates; nmeshvert,
     * nmeshface, nmeshhull: vertices, triangles and hull triangles of all meshes; nwrap: the path
     * entries of all tendons: joints of fixed tendons, sites, geoms and pulleys of spatial ones).
     */
    public record Sizes(int nq, int nv, int nu, int nbody, int njnt, int ngeom, int nsite, int ncam, int nlight,
            int nmat, int ntex, int nmesh, int nmeshvert, int nmeshface, int nmeshhull, int ntendon, int nwrap,
            int nexclude, int npair, int neq, int nkey, int nmocap,
            int nsensor, int nsensordata, int ntexdata, int nhfield, int nhfielddata, int nmeshtexvert,
            int nskin, int nskinvert, int nskintexvert, int nskinface, int nskinbone, int nskinbonevert) {
        /** Validates that no count is negative and that there is a world body. */
        public Sizes {
            int[] all = {nq, nv, nu, nbody, njnt, ngeom, nsite, ncam, nlight, nmat, ntex, nmesh, nmeshvert, nmeshface,
                nmeshhull, ntendon, nwrap, nexclude, npair, neq, nkey, nmocap,
                nsensor, nsensordata, ntexdata, nhfield, nhfielddata, nmeshtexvert,
                nskin, nskinvert, nskintexvert, nskinface, nskinbone, nskinbonevert};
            for (int n : all) {
                if (n < 0) {
                    throw new IllegalArgumentException("Model sizes must not be negative: " + this);
                }
            }
            if (nbody < 1) {
                throw new IllegalArgumentException("A model has at least the world body: " + this);
            }
        }

        /** A builder with every count 0 and one (world) body. */
        public static Builder builder() {
            return new Builder();
        }

        /** Sets the counts of {@link Sizes} one by one; unset counts are 0, nbody 1. */
        public static final class Builder {
            private int nq, nv, nu, nbody = 1, njnt, ngeom, nsite, ncam, nlight, nmat, ntex, nmesh, nmeshvert, nmeshface,
                    nmeshhull, ntendon, nwrap, nexclude, npair, neq, nkey, nmocap;
            private int nsensor, nsensordata, ntexdata, nhfield, nhfielddata, nmeshtexvert;
            private int nskin, nskinvert, nskintexvert, nskinface, nskinbone, nskinbonevert;

            private Builder() {
            }

            /** Generalized positions and velocities. */
            public Builder nq(int n) {
                nq = n;
                return this;
            }

            /** Degrees of freedom. */
            public Builder nv(int n) {
                nv = n;
                return this;
            }

            /** Actuators. */
            public Builder nu(int n) {
                nu = n;
                return this;
            }

            /** Bodies, the world included. */
            public Builder nbody(int n) {
                nbody = n;
                return this;
            }

            /** Joints. */
            public Builder njnt(int n) {
                njnt = n;
                return this;
            }

            /** Geoms. */
            public Builder ngeom(int n) {
                ngeom = n;
                return this;
            }

            /** Sites. */
            public Builder nsite(int n) {
                nsite = n;
                return this;
            }

            /** Cameras. */
            public Builder ncam(int n) {
                ncam = n;
                return this;
            }

            /** Lights. */
            public Builder nlight(int n) {
                nlight = n;
                return this;
            }

            /** Materials. */
            public Builder nmat(int n) {
                nmat = n;
                return this;
            }

            /** Textures. */
            public Builder ntex(int n) {
                ntex = n;
                return this;
            }

            /** Meshes with their vertex, triangle and hull-triangle totals. */
            public Builder nmesh(int n, int vertices, int faces, int hullFaces) {
                nmesh = n;
                nmeshvert = vertices;
                nmeshface = faces;
                nmeshhull = hullFaces;
                return this;
            }

            /** Fixed tendons and their joint entries in all. */
            public Builder ntendon(int n, int wraps) {
                ntendon = n;
                nwrap = wraps;
                return this;
            }

            /** Excluded body pairs. */
            public Builder nexclude(int n) {
                nexclude = n;
                return this;
            }

            /** Explicit contact pairs. */
            public Builder npair(int n) {
                npair = n;
                return this;
            }

            /** Equality constraints. */
            public Builder neq(int n) {
                neq = n;
                return this;
            }

            /** Keyframes. */
            public Builder nkey(int n) {
                nkey = n;
                return this;
            }

            /** Mocap bodies. */
            public Builder nmocap(int n) {
                nmocap = n;
                return this;
            }

            /** Sensors and the total of their dimensions. */
            public Builder nsensor(int n, int data) {
                nsensor = n;
                nsensordata = data;
                return this;
            }

            /** Bytes of file textures' texels. */
            public Builder ntexdata(int n) {
                ntexdata = n;
                return this;
            }

            /** Height fields and their elevation samples in all. */
            public Builder nhfield(int n, int data) {
                nhfield = n;
                nhfielddata = data;
                return this;
            }

            /** Mesh vertices with texture coordinates. */
            public Builder nmeshtexvert(int n) {
                nmeshtexvert = n;
                return this;
            }

            /**
             * Skins with their vertices, vertices with texture coordinates, triangles, bones and
             * bone-vertex entries in all.
             */
            public Builder nskin(int n, int vertices, int texVertices, int faces, int bones, int boneVertices) {
                nskin = n;
                nskinvert = vertices;
                nskintexvert = texVertices;
                nskinface = faces;
                nskinbone = bones;
                nskinbonevert = boneVertices;
                return this;
            }

            /** The sizes; throws {@link IllegalArgumentException} for a negative count or no world body. */
            public Sizes build() {
                return new Sizes(nq, nv, nu, nbody, njnt, ngeom, nsite, ncam, nlight, nmat, ntex, nmesh, nmeshvert,
                        nmeshface, nmeshhull, ntendon, nwrap, nexclude, npair, neq, nkey, nmocap,
                        nsensor, nsensordata, ntexdata, nhfield, nhfielddata, nmeshtexvert,
                        nskin, nskinvert, nskintexvert, nskinface, nskinbone, nskinbonevert);
            }
        }
    }

    /**
     * A model with every array laid out for {@code sizes} (MuJoCo's {@code mj_makeModel}), all
     * zero, except what must never be zero: unit quaternions (body, inertia, geom, site and camera
     * frames), ids that mean "none" ({@code -1}: body joint and dof addresses, mocap ids, geom
     * materials and meshes, material textures), and MuJoCo's default contact parameters (geom and
     * pair condim 3, friction, solref, solimp, solmix 1). The one place that knows the layout.
     */
    public static MjModel allocate(Sizes sizes) {
        return new MjModel(sizes);
    }

    private MjModel(Sizes s) {
        nq = s.nq();
        nv = s.nv();
        nu = s.nu();
        nbody = s.nbody();
        njnt = s.njnt();
        ngeom = s.ngeom();
        nsite = s.nsite();
        ncam = s.ncam();
        nlight = s.nlight();
        nmat = s.nmat();
        ntex = s.ntex();
        nmesh = s.nmesh();
        nmeshvert = s.nmeshvert();
        nmeshface = s.nmeshface();
        nmeshhull = s.nmeshhull();
        ntendon = s.ntendon();
        nwrap = s.nwrap();
        nexclude = s.nexclude();
        npair = s.npair();
        neq = s.neq();
        nkey = s.nkey();
        nmocap = s.nmocap();
        nsensor = s.nsensor();
        nsensordata = s.nsensordata();
        ntexdata = s.ntexdata();
        nhfield = s.nhfield();
        nhfielddata = s.nhfielddata();
        nmeshtexvert = s.nmeshtexvert();
        nskin = s.nskin();
        nskinvert = s.nskinvert();
        nskintexvert = s.nskintexvert();
        nskinface = s.nskinface();
        nskinbone = s.nskinbone();
        nskinbonevert = s.nskinbonevert();

        body_name = names(nbody);
        body_parentid = new int[nbody];
        body_weldid = new int[nbody];
        body_mocapid = filled(nbody, -1);
        body_jntnum = new int[nbody];
        body_jntadr = filled(nbody, -1);
        body_dofnum = new int[nbody];
        body_dofadr = filled(nbody, -1);
        body_pos = new double[3 * nbody];
        body_quat = unitQuats(nbody);
        body_ipos = new double[3 * nbody];
        body_iquat = unitQuats(nbody);
        body_mass = new double[nbody];
        body_inertia = new double[3 * nbody];

        jnt_name = names(njnt);
        jnt_type = new int[njnt];
        jnt_qposadr = new int[njnt];
        jnt_dofadr = new int[njnt];
        jnt_bodyid = new int[njnt];
        jnt_pos = new double[3 * njnt];
        jnt_axis = new double[3 * njnt];
        jnt_limited = new boolean[njnt];
        jnt_range = new double[2 * njnt];
        jnt_stiffness = new double[njnt];
        jnt_margin = new double[njnt];
        jnt_solref = repeated(njnt, DEFAULT_SOLREF);
        jnt_solimp = repeated(njnt, DEFAULT_SOLIMP);

        dof_bodyid = new int[nv];
        dof_jntid = new int[nv];
        dof_parentid = filled(nv, -1);
        dof_damping = new double[nv];
        dof_armature = new double[nv];
        dof_frictionloss = new double[nv];
        dof_solref = repeated(nv, DEFAULT_SOLREF);
        dof_solimp = repeated(nv, DEFAULT_SOLIMP);

        qpos0 = new double[nq];
        qpos_spring = new double[nq];

        geom_name = names(ngeom);
        geom_type = new int[ngeom];
        geom_bodyid = new int[ngeom];
        geom_contype = new int[ngeom];
        geom_conaffinity = new int[ngeom];
        geom_matid = filled(ngeom, -1);
        geom_group = new int[ngeom];
        geom_condim = new int[ngeom];
        geom_dataid = filled(ngeom, -1);
        geom_size = new double[3 * ngeom];
        geom_pos = new double[3 * ngeom];
        geom_quat = unitQuats(ngeom);
        geom_rgba = new double[4 * ngeom];
        geom_friction = repeated(ngeom, DEFAULT_FRICTION);
        geom_solref = repeated(ngeom, DEFAULT_SOLREF);
        geom_solimp = repeated(ngeom, DEFAULT_SOLIMP);
        geom_margin = new double[ngeom];
        geom_gap = new double[ngeom];
        geom_solmix = repeated(ngeom, new double[] {1});
        geom_fluid = new double[NFLUID * ngeom];
        geom_priority = new int[ngeom];
        java.util.Arrays.fill(geom_condim, 3);

        site_name = names(nsite);
        site_bodyid = new int[nsite];
        site_type = new int[nsite];
        site_size = new double[3 * nsite];
        site_pos = new double[3 * nsite];
        site_quat = unitQuats(nsite);
        site_rgba = new double[4 * nsite];

        cam_name = names(ncam);
        cam_bodyid = new int[ncam];
        cam_pos = new double[3 * ncam];
        cam_quat = unitQuats(ncam);
        cam_fovy = new double[ncam];
        cam_mode = new int[ncam];
        cam_targetbodyid = filled(ncam, -1);
        cam_pos0 = new double[3 * ncam];
        cam_poscom0 = new double[3 * ncam];
        cam_mat0 = new double[9 * ncam];

        light_name = names(nlight);
        light_bodyid = new int[nlight];
        light_mode = new int[nlight];
        light_targetbodyid = filled(nlight, -1);
        light_pos0 = new double[3 * nlight];
        light_poscom0 = new double[3 * nlight];
        light_dir0 = new double[3 * nlight];
        light_directional = new boolean[nlight];
        light_castshadow = new boolean[nlight];
        light_pos = new double[3 * nlight];
        light_dir = new double[3 * nlight];
        light_diffuse = new double[3 * nlight];
        light_ambient = new double[3 * nlight];
        light_specular = new double[3 * nlight];

        mat_name = names(nmat);
        mat_texid = filled(nmat, -1);
        mat_rgba = new double[4 * nmat];
        mat_texrepeat = new double[2 * nmat];
        mat_texuniform = new boolean[nmat];
        mat_specular = new double[nmat];
        mat_shininess = new double[nmat];
        mat_reflectance = new double[nmat];
        tex_name = names(ntex);
        tex_builtin = new int[ntex];
        tex_width = new int[ntex];
        tex_height = new int[ntex];
        tex_type = names(ntex);
        tex_rgb1 = new double[3 * ntex];
        tex_rgb2 = new double[3 * ntex];
        tex_mark = new double[ntex];
        tex_markrgb = new double[3 * ntex];
        tex_adr = filled(ntex, -1);
        tex_rgb = new byte[ntexdata];
        mesh_texcoordadr = filled(nmesh, -1);
        mesh_texcoord = new float[2 * nmeshtexvert];
        hfield_name = names(nhfield);
        hfield_size = new double[4 * nhfield];
        hfield_nrow = new int[nhfield];
        hfield_ncol = new int[nhfield];
        hfield_adr = new int[nhfield];
        hfield_data = new float[nhfielddata];

        mesh_name = names(nmesh);
        mesh_vertadr = new int[nmesh];
        mesh_vertnum = new int[nmesh];
        mesh_vert = new double[3 * nmeshvert];
        mesh_faceadr = new int[nmesh];
        mesh_facenum = new int[nmesh];
        mesh_face = new int[3 * nmeshface];
        mesh_hulladr = new int[nmesh];
        mesh_hullnum = new int[nmesh];
        mesh_hull = new int[3 * nmeshhull];

        skin_name = names(nskin);
        skin_matid = filled(nskin, -1);
        skin_group = new int[nskin];
        skin_rgba = repeated(nskin, new double[] {0.5, 0.5, 0.5, 1});
        skin_inflate = new float[nskin];
        skin_vertadr = new int[nskin];
        skin_vertnum = new int[nskin];
        skin_texcoordadr = filled(nskin, -1);
        skin_faceadr = new int[nskin];
        skin_facenum = new int[nskin];
        skin_boneadr = new int[nskin];
        skin_bonenum = new int[nskin];
        skin_vert = new float[3 * nskinvert];
        skin_texcoord = new float[2 * nskintexvert];
        skin_face = new int[3 * nskinface];
        skin_bonevertadr = new int[nskinbone];
        skin_bonevertnum = new int[nskinbone];
        skin_bonebindpos = new float[3 * nskinbone];
        skin_bonebindquat = new float[4 * nskinbone];
        for (int i = 0; i < nskinbone; i++) {
            skin_bonebindquat[4 * i] = 1;
        }
        skin_bonebodyid = new int[nskinbone];
        skin_bonevertid = new int[nskinbonevert];
        skin_bonevertweight = new float[nskinbonevert];

        tendon_name = names(ntendon);
        tendon_adr = new int[ntendon];
        tendon_num = new int[ntendon];
        wrap_jntid = new int[nwrap];
        wrap_coef = new double[nwrap];
        wrap_type = new int[nwrap];
        java.util.Arrays.fill(wrap_type, WRAP_JOINT);
        wrap_objid = new int[nwrap];
        wrap_prm = new double[nwrap];
        tendon_limited = new boolean[ntendon];
        tendon_range = new double[2 * ntendon];
        tendon_margin = new double[ntendon];
        tendon_solref_lim = new double[2 * ntendon];
        tendon_solimp_lim = new double[5 * ntendon];
        tendon_stiffness = new double[ntendon];
        tendon_damping = new double[ntendon];
        tendon_lengthspring = new double[ntendon];
        tendon_frictionloss = new double[ntendon];
        tendon_solref_fri = repeated(ntendon, DEFAULT_SOLREF);
        tendon_solimp_fri = repeated(ntendon, DEFAULT_SOLIMP);
        tendon_group = new int[ntendon];
        tendon_matid = new int[ntendon];
        java.util.Arrays.fill(tendon_matid, -1);
        tendon_width = new double[ntendon];
        java.util.Arrays.fill(tendon_width, 0.003);
        tendon_rgba = repeated(ntendon, new double[] {0.5, 0.5, 0.5, 1});

        actuator_name = names(nu);
        actuator_trntype = new int[nu];
        actuator_trnid = new int[nu];
        actuator_gaintype = new int[nu];
        actuator_biastype = new int[nu];
        actuator_gear = new double[nu];
        actuator_gearvec = new double[6 * nu];
        actuator_trnid2 = new int[nu];
        java.util.Arrays.fill(actuator_trnid2, -1);
        actuator_cranklength = new double[nu];
        actuator_gainprm = new double[NGAIN * nu];
        actuator_biasprm = new double[NGAIN * nu];
        actuator_lengthrange = new double[2 * nu];
        actuator_acc0 = new double[nu];
        actuator_ctrllimited = new boolean[nu];
        actuator_forcelimited = new boolean[nu];
        actuator_ctrlrange = new double[2 * nu];
        actuator_forcerange = new double[2 * nu];
        actuator_dyntype = new int[nu];
        actuator_dynprm = new double[3 * nu];
        actuator_actlimited = new boolean[nu];
        actuator_actrange = new double[2 * nu];

        exclude_body1 = new int[nexclude];
        exclude_body2 = new int[nexclude];

        pair_name = names(npair);
        pair_dim = new int[npair];
        java.util.Arrays.fill(pair_dim, 3);
        pair_geom1 = new int[npair];
        pair_geom2 = new int[npair];
        pair_solref = repeated(npair, DEFAULT_SOLREF);
        pair_solimp = repeated(npair, DEFAULT_SOLIMP);
        pair_margin = new double[npair];
        pair_gap = new double[npair];
        pair_friction = repeated(npair, new double[] {1, 1, 0.005, 0.0001, 0.0001});

        eq_name = names(neq);
        eq_type = new int[neq];
        eq_obj1id = new int[neq];
        eq_obj2id = new int[neq];
        eq_active = new boolean[neq];
        eq_solref = new double[2 * neq];
        eq_solimp = new double[5 * neq];
        eq_data = new double[NEQDATA * neq];

        sensor_name = names(nsensor);
        sensor_type = new int[nsensor];
        sensor_datatype = new int[nsensor];
        sensor_needstage = new int[nsensor];
        sensor_objtype = new int[nsensor];
        sensor_objid = new int[nsensor];
        sensor_reftype = new int[nsensor];
        sensor_refid = filled(nsensor, -1);
        sensor_dim = new int[nsensor];
        sensor_adr = new int[nsensor];
        sensor_cutoff = new double[nsensor];
        sensor_noise = new double[nsensor];

        key_name = names(nkey);
        key_time = new double[nkey];
        key_qpos = new double[nkey * nq];
        key_qvel = new double[nkey * nv];
        key_ctrl = new double[nkey * nu];

        body_subtreemass = new double[nbody];
        geom_rbound = new double[ngeom];
        body_invweight0 = new double[2 * nbody];
        dof_invweight0 = new double[nv];
        tendon_invweight0 = new double[ntendon];
        tendon_length0 = new double[ntendon];
    }

    /** The sizes this model was laid out for. */
    public Sizes sizes() {
        return new Sizes(nq, nv, nu, nbody, njnt, ngeom, nsite, ncam, nlight, nmat, ntex, nmesh, nmeshvert, nmeshface,
                nmeshhull, ntendon, nwrap, nexclude, npair, neq, nkey, nmocap,
                nsensor, nsensordata, ntexdata, nhfield, nhfielddata, nmeshtexvert,
                nskin, nskinvert, nskintexvert, nskinface, nskinbone, nskinbonevert);
    }

    /** MuJoCo's default friction (sliding, torsional, rolling), solref and solimp. Never mutated. */
    private static final double[] DEFAULT_FRICTION = {1, 0.005, 0.0001}, DEFAULT_SOLREF = {0.02, 1},
            DEFAULT_SOLIMP = {0.9, 0.95, 0.001, 0.5, 2};

    private static double[] repeated(int n, double[] value) {
        double[] a = new double[n * value.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(value, 0, a, i * value.length, value.length);
        }
        return a;
    }

    private static String[] names(int n) {
        String[] s = new String[n];
        java.util.Arrays.fill(s, "");
        return s;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static double[] unitQuats(int n) {
        double[] q = new double[4 * n];
        for (int i = 0; i < n; i++) {
            q[4 * i] = 1;
        }
        return q;
    }

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
