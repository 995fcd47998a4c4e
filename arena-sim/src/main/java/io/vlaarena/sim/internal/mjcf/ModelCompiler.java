package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsActuator;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsBody;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsCamera;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsExclude;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsGeom;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsJoint;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsKey;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsLight;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsMaterial;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsPair;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsSite;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsTendon;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsTexture;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.SetConst;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles an {@link MjSpec} into an {@link MjModel} the way MuJoCo 2.x's compiler does
 * ({@code user_model}): weld bodies and body inertias (from geoms or the {@code <inertial>}),
 * the checks that span several objects (unique names, references by name, moving bodies with
 * mass, joint combinations), the layout ({@link MjModel#allocate}) and its filling, equality
 * anchors at qpos0 ({@link Equalities}), and finally the derived constants ({@link SetConst}).
 * One instance compiles one spec once; not thread-safe.
 */
final class ModelCompiler {
    private static final double MINVAL = Spatial.MINVAL;

    private final MjSpec spec;

    ModelCompiler(MjSpec spec) {
        this.spec = spec;
    }


    /** Compiles the spec; throws {@link SceneException} naming the element, attribute and line of any problem. */
    MjModel compile() {
        // Welding and per-body inertia.
        for (MjsBody b : spec.bodies) {
            if (b.id == 0) {
                b.weldid = 0;
                continue;
            }
            b.weldid = b.joints.isEmpty() ? spec.bodies.get(b.parent).weldid : b.id;
            BodyInertia.compute(spec, b);
        }
        FuseStatic.fuse(spec);

        int nbody = spec.bodies.size();

        List<MjsJoint> joints = new ArrayList<>();
        List<Integer> jointBody = new ArrayList<>();
        List<MjsGeom> geoms = new ArrayList<>();
        List<Integer> geomBody = new ArrayList<>();
        List<MjsSite> sites = new ArrayList<>();
        List<Integer> siteBody = new ArrayList<>();
        List<MjsCamera> cams = new ArrayList<>();
        List<Integer> camBody = new ArrayList<>();
        List<MjsLight> lights = new ArrayList<>();
        List<Integer> lightBody = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        int nmocap = 0;
        for (MjsBody b : spec.bodies) {
            if (!b.name.isEmpty() && !seen.add(b.name)) {
                throw new SceneException("Repeated body name '" + b.name + "' at line " + b.line + ".");
            }
            nmocap += b.mocap ? 1 : 0;
            for (MjsJoint j : b.joints) {
                joints.add(j);
                jointBody.add(b.id);
            }
            for (MjsGeom g : b.geoms) {
                if ((g.type == MjModel.GEOM_PLANE || g.type == MjModel.GEOM_HFIELD) && b.weldid != 0) {
                    boolean plane = g.type == MjModel.GEOM_PLANE;
                    throw new SceneException((plane ? "Plane" : "Height field") + " geom at line " + g.line
                            + " is in moving body '" + b.name + "'; " + (plane ? "planes" : "height fields")
                            + " are only allowed in the world or in bodies welded to it.");
                }
                geoms.add(g);
                geomBody.add(b.id);
            }
            for (MjsSite s : b.sites) {
                sites.add(s);
                siteBody.add(b.id);
            }
            for (MjsCamera c : b.cameras) {
                cams.add(c);
                camBody.add(b.id);
            }
            for (MjsLight l : b.lights) {
                lights.add(l);
                lightBody.add(b.id);
            }
        }
        BodyInertia.checkMovingMass(spec);

        int nq = 0;
        int nv = 0;
        for (MjsJoint j : joints) {
            nq += qposSize(j.type);
            nv += dofSize(j.type);
        }
        int nvert = 0, nface = 0, nhull = 0;
        for (MeshAsset mesh : spec.meshes) {
            nvert += mesh.vert.length / 3;
            nface += mesh.face.length / 3;
            nhull += mesh.hull.length / 3;
        }
        int nwrap = 0;
        for (MjsTendon t : spec.tendons) {
            nwrap += t.spatial ? t.pathKinds.size() : t.joints.size();
        }
        MjModel m = MjModel.allocate(MjModel.Sizes.builder().nq(nq).nv(nv).nu(spec.actuators.size()).nbody(nbody)
                .njnt(joints.size()).ngeom(geoms.size()).nsite(sites.size()).ncam(cams.size()).nlight(lights.size())
                .nmat(spec.materials.size()).ntex(spec.textures.size()).nmesh(spec.meshes.size(), nvert, nface, nhull)
                .ntendon(spec.tendons.size(), nwrap).nexclude(spec.excludes.size()).npair(spec.pairs.size()).neq(spec.equalities.size()).nkey(spec.keys.size())
                .nmocap(nmocap).nsensor(spec.sensors.size(), Sensors.dataSize(spec.sensors)).ntexdata(texels())
                .nhfield(spec.hfields.size(), spec.hfields.stream().mapToInt(h -> h.data.length).sum())
                .nmeshtexvert(spec.meshes.stream().mapToInt(ms -> ms.texcoord == null ? 0 : ms.texcoord.length / 2).sum())
                .nskin(spec.skins.size(), spec.skins.stream().mapToInt(k -> k.vert.size() / 3).sum(),
                        spec.skins.stream().mapToInt(k -> k.texcoord.size() / 2).sum(),
                        spec.skins.stream().mapToInt(k -> k.face.size() / 3).sum(),
                        spec.skins.stream().mapToInt(k -> k.bodies.size()).sum(),
                        spec.skins.stream().mapToInt(k -> k.vertid.stream().mapToInt(MjSpec.IntList::size).sum()).sum())
                .build());
        m.modelName = spec.modelName;
        m.timestep = spec.timestep;
        m.impratio = spec.impratio;
        m.integrator = spec.integrator;
        m.solver = spec.solver;
        m.density = spec.density;
        m.viscosity = spec.viscosity;
        System.arraycopy(spec.wind, 0, m.wind, 0, 3);
        m.cone = spec.cone;
        m.disableflags = spec.disableflags;
        m.enableflags = spec.enableflags;
        m.iterations = spec.iterations;
        m.tolerance = spec.tolerance;
        m.ls_iterations = spec.lsIterations;
        m.ls_tolerance = spec.lsTolerance;
        m.mpr_iterations = spec.mprIterations;
        m.mpr_tolerance = spec.mprTolerance;
        System.arraycopy(spec.gravity, 0, m.gravity, 0, 3);
        System.arraycopy(spec.magnetic, 0, m.magnetic, 0, 3);
        int mocapId = 0;
        for (MjsBody b : spec.bodies) {
            int i = b.id;
            m.body_name[i] = b.name;
            m.body_parentid[i] = b.parent;
            m.body_weldid[i] = b.weldid;
            m.body_mocapid[i] = b.mocap ? mocapId++ : -1;
            put(m.body_pos, i, b.pos);
            put(m.body_quat, i, b.quat);
            put(m.body_ipos, i, b.ipos);
            put(m.body_iquat, i, b.iquat);
            put(m.body_inertia, i, b.inertia);
            m.body_mass[i] = b.mass;
        }

        // Joints, dofs and qpos.
        int njnt = joints.size();
        int[] lastDofOfBody = new int[nbody];
        java.util.Arrays.fill(lastDofOfBody, -1);
        int qadr = 0;
        int dadr = 0;
        uniqueNames(joints.stream().map(j -> j.name).toList(), joints.stream().map(j -> j.line).toList(), "joint");
        for (int jid = 0; jid < njnt; jid++) {
            MjsJoint j = joints.get(jid);
            int bid = jointBody.get(jid);
            MjsBody b = spec.bodies.get(bid);
            if (j.type == MjModel.JNT_FREE && b.parent != 0) {
                throw new SceneException("Free joint at line " + j.line + " is in body '" + b.name
                        + "', which is not a child of the world; free joints can only be used on top-level bodies.");
            }
            if (m.body_jntnum[bid] > 0) {
                boolean afterBall = false;
                for (int k = m.body_jntadr[bid]; k < jid; k++) {
                    afterBall |= m.jnt_type[k] == MjModel.JNT_BALL;
                }
                if (afterBall && (j.type == MjModel.JNT_BALL || j.type == MjModel.JNT_HINGE)) {
                    throw new SceneException("Joint at line " + j.line + " in body '" + b.name
                            + "' is a rotation following a ball joint, which MuJoCo does not allow.");
                }
                if (m.body_dofnum[bid] + dofSize(j.type) > 6) {
                    throw new SceneException("Joint at line " + j.line + " gives body '" + b.name
                            + "' more than 6 degrees of freedom.");
                }
            }
            if (m.body_jntnum[bid] == 0) {
                m.body_jntadr[bid] = jid;
                m.body_dofadr[bid] = dadr;
            }
            m.body_jntnum[bid]++;
            m.body_dofnum[bid] += dofSize(j.type);
            m.jnt_name[jid] = j.name;
            m.jnt_type[jid] = j.type;
            m.jnt_qposadr[jid] = qadr;
            m.jnt_dofadr[jid] = dadr;
            m.jnt_bodyid[jid] = bid;
            put(m.jnt_pos, jid, j.pos);
            put(m.jnt_axis, jid, j.axis);
            m.jnt_limited[jid] = j.limited;
            m.jnt_range[2 * jid] = j.range[0];
            m.jnt_range[2 * jid + 1] = j.range[1];
            m.jnt_stiffness[jid] = j.stiffness;
            m.jnt_margin[jid] = j.margin;
            System.arraycopy(j.solreflimit, 0, m.jnt_solref, 2 * jid, 2);
            System.arraycopy(j.solimplimit, 0, m.jnt_solimp, 5 * jid, 5);
            switch (j.type) {
                case MjModel.JNT_FREE:
                    System.arraycopy(b.pos, 0, m.qpos0, qadr, 3);
                    System.arraycopy(b.quat, 0, m.qpos0, qadr + 3, 4);
                    System.arraycopy(m.qpos0, qadr, m.qpos_spring, qadr, 7);
                    break;
                case MjModel.JNT_BALL:
                    m.qpos0[qadr] = 1;
                    m.qpos_spring[qadr] = 1;
                    break;
                default:
                    m.qpos0[qadr] = j.ref;
                    m.qpos_spring[qadr] = j.springref;
                    break;
            }
            // The parent of a body's first dof is the last dof of the nearest ancestor that has any.
            int parentDof = -1;
            if (m.body_jntnum[bid] == 1) {
                for (int p = b.parent; p != 0; p = spec.bodies.get(p).parent) {
                    if (lastDofOfBody[p] >= 0) {
                        parentDof = lastDofOfBody[p];
                        break;
                    }
                }
            } else {
                parentDof = lastDofOfBody[bid];
            }
            for (int k = 0; k < dofSize(j.type); k++) {
                m.dof_bodyid[dadr] = bid;
                m.dof_jntid[dadr] = jid;
                m.dof_parentid[dadr] = parentDof;
                m.dof_damping[dadr] = j.damping;
                m.dof_armature[dadr] = j.armature;
                m.dof_frictionloss[dadr] = j.frictionloss;
                System.arraycopy(j.solreffriction, 0, m.dof_solref, 2 * dadr, 2);
                System.arraycopy(j.solimpfriction, 0, m.dof_solimp, 5 * dadr, 5);
                parentDof = dadr;
                dadr++;
            }
            lastDofOfBody[bid] = dadr - 1;
            qadr += qposSize(j.type);
        }
        for (int i = 0; i < nbody; i++) {
            if (m.body_jntnum[i] == 0) {
                m.body_jntadr[i] = -1;
                m.body_dofadr[i] = -1;
            }
        }

        // Materials and textures (before geoms, which refer to materials).
        fillTextures(m);
        fillMaterials(m);
        fillMeshes(m);
        int hadr = 0;
        for (int i = 0; i < m.nhfield; i++) {
            MjSpec.MjsHField h = spec.hfields.get(i);
            m.hfield_name[i] = h.name;
            put(m.hfield_size, i, h.size);
            m.hfield_nrow[i] = h.nrow;
            m.hfield_ncol[i] = h.ncol;
            m.hfield_adr[i] = hadr;
            System.arraycopy(h.data, 0, m.hfield_data, hadr, h.data.length);
            hadr += h.data.length;
        }
        checkUnique(m.hfield_name, "height field");

        int ngeom = geoms.size();
        uniqueNames(geoms.stream().map(g -> g.name).toList(), geoms.stream().map(g -> g.line).toList(), "geom");
        for (int i = 0; i < ngeom; i++) {
            MjsGeom g = geoms.get(i);
            m.geom_name[i] = g.name;
            m.geom_type[i] = g.type;
            m.geom_bodyid[i] = geomBody.get(i);
            m.geom_contype[i] = g.contype;
            m.geom_conaffinity[i] = g.conaffinity;
            m.geom_group[i] = g.group;
            m.geom_condim[i] = g.condim;
            m.geom_dataid[i] = g.type == MjModel.GEOM_HFIELD ? g.hfield : g.mesh;
            m.geom_matid[i] = materialId(m, g.material, g.attrs);
            put(m.geom_size, i, g.size);
            put(m.geom_pos, i, g.pos);
            put(m.geom_quat, i, g.quat);
            put(m.geom_rgba, i, g.rgba);
            put(m.geom_friction, i, g.friction);
            put(m.geom_solref, i, g.solref);
            put(m.geom_solimp, i, g.solimp);
            m.geom_margin[i] = g.margin;
            m.geom_gap[i] = g.gap;
            m.geom_solmix[i] = g.solmix;
            m.geom_priority[i] = g.priority;
            if (g.fluidEllipsoid) {
                FluidCoefficients.compile(m.geom_type[i], g.size, g.fluidCoef, m.geom_fluid, MjModel.NFLUID * i);
            }
        }

        int nsite = sites.size();
        for (int i = 0; i < nsite; i++) {
            MjsSite s = sites.get(i);
            m.site_name[i] = s.name;
            m.site_bodyid[i] = siteBody.get(i);
            m.site_type[i] = s.type;
            put(m.site_size, i, s.size);
            put(m.site_pos, i, s.pos);
            put(m.site_quat, i, s.quat);
            put(m.site_rgba, i, s.rgba);
        }
        checkUnique(m.site_name, "site");

        int ncam = cams.size();
        for (int i = 0; i < ncam; i++) {
            MjsCamera c = cams.get(i);
            m.cam_name[i] = c.name;
            m.cam_bodyid[i] = camBody.get(i);
            put(m.cam_pos, i, c.pos);
            put(m.cam_quat, i, c.quat);
            m.cam_fovy[i] = c.fovy;
            m.cam_mode[i] = c.mode;
            m.cam_targetbodyid[i] = target(m, "Camera", c.name, c.line, c.mode, c.target, m.cam_bodyid[i]);
        }
        checkUnique(m.cam_name, "camera");

        int nlight = lights.size();
        for (int i = 0; i < nlight; i++) {
            MjsLight l = lights.get(i);
            m.light_name[i] = l.name;
            m.light_bodyid[i] = lightBody.get(i);
            m.light_directional[i] = l.directional;
            m.light_castshadow[i] = l.castshadow;
            put(m.light_pos, i, l.pos);
            put(m.light_dir, i, l.dir);
            put(m.light_diffuse, i, l.diffuse);
            put(m.light_ambient, i, l.ambient);
            put(m.light_specular, i, l.specular);
            m.light_mode[i] = l.mode;
            m.light_targetbodyid[i] = target(m, "Light", l.name, l.line, l.mode, l.target, m.light_bodyid[i]);
        }
        checkUnique(m.light_name, "light");

        fillTendons(m);
        fillSkins(m);
        Equalities.fill(m, spec.equalities);
        fillActuators(m);
        fillExcludes(m);
        fillPairs(m);
        fillKeys(m);
        Sensors.fill(m, spec.sensors);
        if (spec.settotalmass > 0) {
            setTotalMass(m, spec.settotalmass);
        }
        SetConst.setConst(m);
        autoSpringDamper(m, joints);
        io.vlaarena.sim.internal.forward.LengthRange.compute(m, spec.lengthRange);
        return m;
    }

    /**
     * MuJoCo 2.2.2's {@code AutoSpringDamper}, after {@code mj_setConst}: a joint with springdamper
     * (time constant τ, damping ratio ζ) gets, from its dofs' mean inverse weight at qpos0 (inertia
     * I = ndof / Σ invweight0), stiffness I / (τζ)² and damping 2I / τ on each of its dofs.
     */
    private static void autoSpringDamper(MjModel m, List<MjsJoint> joints) {
        for (int n = 0; n < m.njnt; n++) {
            double[] sd = joints.get(n).springdamper;
            if (sd == null || sd[0] <= 0 || sd[1] <= 0) {
                continue;
            }
            int adr = m.jnt_dofadr[n], ndim = m.jnt_type[n] == MjModel.JNT_FREE ? 6 : m.jnt_type[n] == MjModel.JNT_BALL ? 3 : 1;
            double inertia = 0;
            for (int i = 0; i < ndim; i++) {
                inertia += m.dof_invweight0[adr + i];
            }
            inertia = ndim / Math.max(Spatial.MINVAL, inertia);
            m.jnt_stiffness[n] = inertia / Math.max(Spatial.MINVAL, sd[0] * sd[0] * sd[1] * sd[1]);
            double damping = 2 * inertia / Math.max(Spatial.MINVAL, sd[0]);
            for (int i = 0; i < ndim; i++) {
                m.dof_damping[adr + i] = damping;
            }
        }
    }

    private static int qposSize(int type) {
        return type == MjModel.JNT_FREE ? 7 : type == MjModel.JNT_BALL ? 4 : 1;
    }

    private static int dofSize(int type) {
        return type == MjModel.JNT_FREE ? 6 : type == MjModel.JNT_BALL ? 3 : 1;
    }

    private static void put(double[] dst, int index, double[] v) {
        System.arraycopy(v, 0, dst, index * v.length, v.length);
    }

    private static void uniqueNames(List<String> names, List<Integer> lines, String kind) {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!n.isEmpty() && !seen.add(n)) {
                throw new SceneException("Repeated " + kind + " name '" + n + "' at line " + lines.get(i) + ".");
            }
        }
    }

    static void checkUnique(String[] names, String kind) {
        Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!n.isEmpty() && !seen.add(n)) {
                throw new SceneException("Repeated " + kind + " name '" + n + "'.");
            }
        }
    }

    private final Map<String[], Map<String, Integer>> nameIndex = new java.util.IdentityHashMap<>();

    /** Id of a named object, or -1; hashed once per name array so that big scenes stay linear. */
    private int lookup(String[] names, String name) {
        Map<String, Integer> index = nameIndex.computeIfAbsent(names, n -> {
            Map<String, Integer> map = new HashMap<>();
            for (int i = 0; i < n.length; i++) {
                if (n[i] != null && !n[i].isEmpty()) {
                    map.putIfAbsent(n[i], i);
                }
            }
            return map;
        });
        Integer id = name == null ? null : index.get(name);
        return id == null ? -1 : id;
    }

    /** The names for a "known ...:" list in a message, at most 20 of them. */
    static String named(String[] names) {
        List<String> out = new ArrayList<>();
        int total = 0;
        for (String n : names) {
            if (n != null && !n.isEmpty()) {
                if (out.size() < 20) {
                    out.add(n);
                }
                total++;
            }
        }
        String list = out.toString();
        return total > out.size() ? list.substring(0, list.length() - 1) + ", ... (" + (total - out.size()) + " more)]" : list;
    }

    /**
     * The target body of a camera or light in a targetbody mode (MuJoCo: unknown bodies and the
     * element's own body are refused; a targetbody mode without a target stays fixed), else -1.
     */
    private static int target(MjModel m, String kind, String name, int line, int mode, String target, int body) {
        String label = kind + (name.isEmpty() ? "" : " '" + name + "'") + " at line " + line;
        if (target == null) {
            return -1;
        }
        int id = MjModel.find(m.body_name, target);
        if (id < 0) {
            throw new SceneException(label + " targets unknown body '" + target + "'; known bodies: " + named(m.body_name));
        }
        if (id == body) {
            throw new SceneException(label + " targets its own body '" + target + "'; a target must be another body.");
        }
        return id;
    }

    private int texels() {
        int n = 0;
        for (MjsTexture t : spec.textures) {
            n += t.rgb == null ? 0 : t.rgb.length;
        }
        return n;
    }

    private void fillTextures(MjModel m) {
        int adr = 0;
        for (int i = 0; i < m.ntex; i++) {
            MjsTexture t = spec.textures.get(i);
            m.tex_name[i] = t.name;
            m.tex_type[i] = t.type;
            m.tex_builtin[i] = t.builtin;
            m.tex_width[i] = t.width;
            m.tex_height[i] = t.height;
            put(m.tex_rgb1, i, t.rgb1);
            put(m.tex_rgb2, i, t.rgb2);
            m.tex_mark[i] = t.mark;
            put(m.tex_markrgb, i, t.markrgb);
            if (t.rgb != null) {
                m.tex_adr[i] = adr;
                System.arraycopy(t.rgb, 0, m.tex_rgb, adr, t.rgb.length);
                adr += t.rgb.length;
            }
        }
        checkUnique(m.tex_name, "texture");
    }

    private void fillMeshes(MjModel m) {
        int v = 0, f = 0, h = 0, t = 0;
        for (int i = 0; i < m.nmesh; i++) {
            MeshAsset mesh = spec.meshes.get(i);
            m.mesh_name[i] = mesh.name;
            m.mesh_vertadr[i] = v;
            m.mesh_vertnum[i] = mesh.vert.length / 3;
            m.mesh_faceadr[i] = f;
            m.mesh_facenum[i] = mesh.face.length / 3;
            m.mesh_hulladr[i] = h;
            m.mesh_hullnum[i] = mesh.hull.length / 3;
            System.arraycopy(mesh.vert, 0, m.mesh_vert, 3 * v, mesh.vert.length);
            System.arraycopy(mesh.face, 0, m.mesh_face, 3 * f, mesh.face.length);
            System.arraycopy(mesh.hull, 0, m.mesh_hull, 3 * h, mesh.hull.length);
            v += m.mesh_vertnum[i];
            f += m.mesh_facenum[i];
            h += m.mesh_hullnum[i];
            if (mesh.texcoord != null) {
                m.mesh_texcoordadr[i] = t;
                System.arraycopy(mesh.texcoord, 0, m.mesh_texcoord, 2 * t, mesh.texcoord.length);
                t += mesh.texcoord.length / 2;
            }
        }
    }

    private void fillMaterials(MjModel m) {
        for (int i = 0; i < m.nmat; i++) {
            MjsMaterial mt = spec.materials.get(i);
            m.mat_name[i] = mt.name;
            m.mat_texid[i] = -1;
            if (mt.texture != null) {
                int id = lookup(m.tex_name, mt.texture);
                if (id < 0) {
                    throw mt.attrs.error("texture", "refers to unknown texture '" + mt.texture + "'; known textures: "
                            + named(m.tex_name));
                }
                m.mat_texid[i] = id;
            }
            put(m.mat_rgba, i, mt.rgba);
            put(m.mat_texrepeat, i, mt.texrepeat);
            m.mat_texuniform[i] = mt.texuniform;
            m.mat_specular[i] = mt.specular;
            m.mat_shininess[i] = mt.shininess;
            m.mat_reflectance[i] = mt.reflectance;
        }
        checkUnique(m.mat_name, "material");
    }

    /** The id of the named material, -1 for none (null); an unknown name is refused, naming the known ones. */
    private int materialId(MjModel m, String material, Attrs attrs) {
        if (material == null) {
            return -1;
        }
        int id = lookup(m.mat_name, material);
        if (id < 0) {
            throw attrs.error("material", "refers to unknown material '" + material + "'; known materials: "
                    + named(m.mat_name));
        }
        return id;
    }

    /**
     * Skins as MuJoCo's mjCSkin::Compile and CopyObjects: bodies and material resolved by name,
     * each vertex's weights normalized to sum 1 (in float, as MuJoCo), bind quaternions normalized.
     */
    private void fillSkins(MjModel m) {
        int vadr = 0, tadr = 0, fadr = 0, badr = 0, bvadr = 0;
        for (int i = 0; i < spec.skins.size(); i++) {
            MjSpec.MjsSkin k = spec.skins.get(i);
            int nvert = k.vert.size() / 3, nbone = k.bodies.size();
            m.skin_name[i] = k.name;
            m.skin_matid[i] = materialId(m, k.material, k.attrs);
            System.arraycopy(k.rgba, 0, m.skin_rgba, 4 * i, 4);
            m.skin_group[i] = k.group;
            m.skin_inflate[i] = (float) k.inflate;
            m.skin_vertadr[i] = vadr;
            m.skin_vertnum[i] = nvert;
            m.skin_texcoordadr[i] = k.texcoord.size() > 0 ? tadr : -1;
            m.skin_faceadr[i] = fadr;
            m.skin_facenum[i] = k.face.size() / 3;
            m.skin_boneadr[i] = badr;
            m.skin_bonenum[i] = nbone;
            System.arraycopy(k.vert.a, 0, m.skin_vert, 3 * vadr, k.vert.size());
            System.arraycopy(k.texcoord.a, 0, m.skin_texcoord, 2 * tadr, k.texcoord.size());
            System.arraycopy(k.face.a, 0, m.skin_face, 3 * fadr, k.face.size());
            float[] total = new float[nvert];
            for (int b = 0; b < nbone; b++) {
                MjSpec.IntList ids = k.vertid.get(b);
                for (int j = 0; j < ids.size(); j++) {
                    total[ids.a[j]] += k.vertweight.get(b).a[j];
                }
            }
            for (int b = 0; b < nbone; b++) {
                int bone = badr + b;
                int body = lookup(m.body_name, k.bodies.get(b));
                if (body < 0) {
                    throw new SceneException("Skin '" + k.name + "' refers to unknown body '" + k.bodies.get(b) + "'.");
                }
                m.skin_bonebodyid[bone] = body;
                System.arraycopy(k.bindpos.a, 3 * b, m.skin_bonebindpos, 3 * bone, 3);
                double[] q = new double[4];
                for (int c = 0; c < 4; c++) {
                    q[c] = k.bindquat.a[4 * b + c];
                }
                normalize4(q, 0);
                for (int c = 0; c < 4; c++) {
                    m.skin_bonebindquat[4 * bone + c] = (float) q[c];
                }
                MjSpec.IntList ids = k.vertid.get(b);
                m.skin_bonevertadr[bone] = bvadr;
                m.skin_bonevertnum[bone] = ids.size();
                for (int j = 0; j < ids.size(); j++) {
                    m.skin_bonevertid[bvadr + j] = ids.a[j];
                    m.skin_bonevertweight[bvadr + j] = k.vertweight.get(b).a[j] / total[ids.a[j]];
                }
                bvadr += ids.size();
            }
            vadr += nvert;
            tadr += k.texcoord.size() / 2;
            fadr += k.face.size() / 3;
            badr += nbone;
        }
    }

    private void fillTendons(MjModel m) {
        int w = 0;
        for (int i = 0; i < m.ntendon; i++) {
            MjsTendon t = spec.tendons.get(i);
            m.tendon_name[i] = t.name;
            m.tendon_limited[i] = t.limited;
            m.tendon_range[2 * i] = t.range[0];
            m.tendon_range[2 * i + 1] = t.range[1];
            m.tendon_margin[i] = t.margin;
            System.arraycopy(t.solref, 0, m.tendon_solref_lim, 2 * i, 2);
            System.arraycopy(t.solimp, 0, m.tendon_solimp_lim, 5 * i, 5);
            m.tendon_stiffness[i] = t.stiffness;
            m.tendon_damping[i] = t.damping;
            m.tendon_frictionloss[i] = t.frictionloss;
            System.arraycopy(t.solreffriction, 0, m.tendon_solref_fri, 2 * i, 2);
            System.arraycopy(t.solimpfriction, 0, m.tendon_solimp_fri, 5 * i, 5);
            m.tendon_group[i] = t.group;
            m.tendon_width[i] = t.width;
            System.arraycopy(t.rgba, 0, m.tendon_rgba, 4 * i, 4);
            m.tendon_matid[i] = materialId(m, t.material, t.attrs);
            double springLength = 0;
            m.tendon_adr[i] = w;
            if (t.spatial) {
                m.tendon_num[i] = t.pathKinds.size();
                spatialPath(m, t, w);
                w += t.pathKinds.size();
                // negative: the length in the spring pose, measured by SetConst
                m.tendon_lengthspring[i] = t.springlength < 0 ? -1 : t.springlength;
                continue;
            }
            m.tendon_num[i] = t.joints.size();
            for (int k = 0; k < t.joints.size(); k++) {
                String jn = t.joints.get(k);
                int jid = lookup(m.jnt_name, jn);
                if (jid < 0 || jn.isEmpty()) {
                    throw new SceneException("Tendon '" + t.name + "' at line " + t.jointLines.get(k) + " refers to unknown joint '"
                            + jn + "'; known joints: " + named(m.jnt_name));
                }
                int type = m.jnt_type[jid];
                if (type != MjModel.JNT_HINGE && type != MjModel.JNT_SLIDE) {
                    throw new SceneException("Tendon '" + t.name + "' at line " + t.jointLines.get(k) + " uses joint '" + jn
                            + "', which is not a hinge or slide joint; fixed tendons need scalar joints.");
                }
                m.wrap_jntid[w] = jid;
                m.wrap_coef[w] = t.coefs.get(k);
                m.wrap_type[w] = MjModel.WRAP_JOINT;
                m.wrap_objid[w] = jid;
                m.wrap_prm[w] = m.wrap_coef[w];
                springLength += m.wrap_coef[w] * m.qpos_spring[m.jnt_qposadr[jid]];
                w++;
            }
            m.tendon_lengthspring[i] = t.springlength < 0 ? springLength : t.springlength;
        }
        checkUnique(m.tendon_name, "tendon");
    }

    /**
     * A spatial tendon's path entries from w, checked as MuJoCo's compiler checks them: a site
     * needs a neighbour that is not a pulley, no site twice in a row, a wrapping geom is a sphere
     * or cylinder between two sites with an existing side site, no pulley last or after a pulley.
     */
    private void spatialPath(MjModel m, MjsTendon t, int w) {
        int sz = t.pathKinds.size();
        String label = "Spatial tendon" + (t.name.isEmpty() ? "" : " '" + t.name + "'") + " at line " + t.line;
        for (int k = 0; k < sz; k++) {
            String kind = t.pathKinds.get(k), name = t.pathNames.get(k);
            String prev = k > 0 ? t.pathKinds.get(k - 1) : null, next = k < sz - 1 ? t.pathKinds.get(k + 1) : null;
            String at = label + ", path element " + k + " (line " + t.pathLines.get(k) + ")";
            m.wrap_jntid[w + k] = -1;
            switch (kind) {
                case "site" -> {
                    int id = lookup(m.site_name, name);
                    if (id < 0 || name.isEmpty()) {
                        throw new SceneException(at + " refers to unknown site '" + name + "'; known sites: " + named(m.site_name));
                    }
                    if ((prev == null || prev.equals("pulley")) && (next == null || next.equals("pulley"))) {
                        throw new SceneException(at + ": a site needs a neighbour in the path that is not a pulley.");
                    }
                    if ("site".equals(next) && name.equals(t.pathNames.get(k + 1))) {
                        throw new SceneException(at + ": site '" + name + "' is repeated.");
                    }
                    m.wrap_type[w + k] = MjModel.WRAP_SITE;
                    m.wrap_objid[w + k] = id;
                }
                case "geom" -> {
                    int id = lookup(m.geom_name, name);
                    if (id < 0 || name.isEmpty()) {
                        throw new SceneException(at + " refers to unknown geom '" + name + "'; known geoms: " + named(m.geom_name));
                    }
                    int type = m.geom_type[id];
                    if (type != MjModel.GEOM_SPHERE && type != MjModel.GEOM_CYLINDER) {
                        throw new SceneException(at + ": geom '" + name + "' is not a sphere or a cylinder; tendons wrap only "
                                + "around spheres and cylinders.");
                    }
                    if (!"site".equals(prev) || !"site".equals(next)) {
                        throw new SceneException(at + ": a wrapping geom must sit between two sites in the path.");
                    }
                    String side = t.pathSides.get(k);
                    int sid = -1;
                    if (side != null) {
                        sid = lookup(m.site_name, side);
                        if (sid < 0 || side.isEmpty()) {
                            throw new SceneException(at + ": sidesite refers to unknown site '" + side + "'; known sites: "
                                    + named(m.site_name));
                        }
                    }
                    m.wrap_type[w + k] = type == MjModel.GEOM_SPHERE ? MjModel.WRAP_SPHERE : MjModel.WRAP_CYLINDER;
                    m.wrap_objid[w + k] = id;
                    m.wrap_prm[w + k] = sid;
                }
                default -> {
                    if ("pulley".equals(prev)) {
                        throw new SceneException(at + ": two pulleys follow each other.");
                    }
                    if (next == null) {
                        throw new SceneException(at + ": the path ends with a pulley.");
                    }
                    m.wrap_type[w + k] = MjModel.WRAP_PULLEY;
                    m.wrap_objid[w + k] = -1;
                    m.wrap_prm[w + k] = t.pathDivisors.get(k);
                }
            }
        }
    }

    private void fillActuators(MjModel m) {
        for (int i = 0; i < m.nu; i++) {
            MjsActuator act = spec.actuators.get(i);
            Defaults.ActState s = act.state;
            String label = "Actuator" + (act.name.isEmpty() ? "" : " '" + act.name + "'") + " at line " + act.line;
            m.actuator_name[i] = act.name;
            m.actuator_trntype[i] = act.trntype;
            switch (act.trntype) {
                case MjModel.TRN_JOINT, MjModel.TRN_JOINTINPARENT -> m.actuator_trnid[i] = target(m.jnt_name, act.target, label,
                        "joint");
                case MjModel.TRN_TENDON -> m.actuator_trnid[i] = target(m.tendon_name, act.target, label, "tendon");
                case MjModel.TRN_BODY -> m.actuator_trnid[i] = target(m.body_name, act.target, label, "body");
                default -> {
                    // slider-crank (crank site, slider site) and site (site, optional reference site), as MuJoCo 2.2.2
                    if (act.trntype == MjModel.TRN_SLIDERCRANK) {
                        m.actuator_trnid2[i] = target(m.site_name, act.site2, label, "slider site");
                        if (!(s.cranklength > 0)) {
                            throw new SceneException(label + " has cranklength " + s.cranklength
                                    + "; a slider-crank's crank length must be positive.");
                        }
                        m.actuator_cranklength[i] = s.cranklength;
                    } else if (act.site2 != null) {
                        m.actuator_trnid2[i] = target(m.site_name, act.site2, label, "reference site");
                    }
                    m.actuator_trnid[i] = target(m.site_name, act.target, label, "site");
                }
            }
            System.arraycopy(s.gear, 0, m.actuator_gearvec, 6 * i, 6);
            m.actuator_gaintype[i] = s.gaintype;
            m.actuator_biastype[i] = s.biastype;
            m.actuator_gear[i] = s.gear[0];
            put(m.actuator_gainprm, i, s.gain);
            put(m.actuator_biasprm, i, s.bias);
            m.actuator_ctrllimited[i] = act.ctrllimited;
            m.actuator_forcelimited[i] = act.forcelimited;
            put(m.actuator_ctrlrange, i, s.ctrlrange);
            put(m.actuator_forcerange, i, s.forcerange);
            put(m.actuator_lengthrange, i, s.lengthrange);
            m.actuator_dyntype[i] = s.dyntype;
            put(m.actuator_dynprm, i, s.dynprm);
            m.actuator_actlimited[i] = act.actlimited;
            put(m.actuator_actrange, i, s.actrange);
            if (s.dyntype != MjModel.DYN_NONE) {
                m.na++;
            } else if (m.na > 0) {
                // as MuJoCo: act[i - (nu - na)] belongs to actuator i only when the stateful ones come last
                throw new SceneException(label + " has no dynamics but follows an actuator with dynamics; actuators with "
                        + "dyntype integrator or filter must come after all actuators without dynamics.");
            }
        }
        checkUnique(m.actuator_name, "actuator");
        m.key_act = new double[m.nkey * m.na];
    }

    /** The id of the named transmission target, or a clear error naming the known ones. */
    private int target(String[] names, String name, String label, String what) {
        int id = lookup(names, name);
        if (id < 0 || name.isEmpty()) {
            throw new SceneException(label + " refers to unknown " + what + " '" + name + "'; known " + plural(what.replaceAll(".* ", ""))
                    + ": " + named(names));
        }
        return id;
    }

    private static String plural(String noun) {
        return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
    }

    private void fillExcludes(MjModel m) {
        for (int i = 0; i < m.nexclude; i++) {
            MjsExclude x = spec.excludes.get(i);
            m.exclude_body1[i] = bodyRef(m, x, "body1", x.body1);
            m.exclude_body2[i] = bodyRef(m, x, "body2", x.body2);
        }
    }

    /** Explicit pairs ({@code mjCPair::Compile}): geoms by name, ordered so that geom1's body id is not above geom2's. */
    private void fillPairs(MjModel m) {
        for (int i = 0; i < m.npair; i++) {
            MjsPair p = spec.pairs.get(i);
            int g1 = geomRef(m, p, "geom1", p.geom1), g2 = geomRef(m, p, "geom2", p.geom2);
            if (m.geom_bodyid[g1] > m.geom_bodyid[g2]) {
                int t = g1;
                g1 = g2;
                g2 = t;
            }
            m.pair_name[i] = p.name;
            m.pair_geom1[i] = g1;
            m.pair_geom2[i] = g2;
            m.pair_dim[i] = p.condim;
            put(m.pair_friction, i, p.friction);
            put(m.pair_solref, i, p.solref);
            put(m.pair_solimp, i, p.solimp);
            m.pair_margin[i] = p.margin;
            m.pair_gap[i] = p.gap;
        }
        checkUnique(m.pair_name, "pair");
    }

    private int geomRef(MjModel m, MjsPair p, String attr, String name) {
        int id = lookup(m.geom_name, name);
        if (id < 0 || name.isEmpty()) {
            throw p.attrs.error(attr, "refers to unknown geom '" + name + "'; known geoms: " + named(m.geom_name));
        }
        return id;
    }

    private int bodyRef(MjModel m, MjsExclude x, String attr, String name) {
        int id = lookup(m.body_name, name);
        if (id < 0 || name.isEmpty()) {
            throw new SceneException("Attribute '" + attr + "' of <" + x.tag + "> at line " + x.line + " refers to unknown body '"
                    + name + "'; known bodies: " + named(m.body_name));
        }
        return id;
    }

    /** MuJoCo's {@code mju_normalize4}: times the inverse norm, (1, 0, 0, 0) below 1e-15. */
    private static void normalize4(double[] q, int o) {
        double norm = Math.sqrt(q[o] * q[o] + q[o + 1] * q[o + 1] + q[o + 2] * q[o + 2] + q[o + 3] * q[o + 3]);
        if (norm < 1e-15) {
            q[o] = 1;
            q[o + 1] = q[o + 2] = q[o + 3] = 0;
        } else {
            double inv = 1 / norm;
            for (int k = 0; k < 4; k++) {
                q[o + k] *= inv;
            }
        }
    }

    /** MuJoCo's {@code mj_setTotalmass}: every body's mass and inertia scaled by total / (sum of masses). */
    private static void setTotalMass(MjModel m, double total) {
        double sum = 0;
        for (int b = 1; b < m.nbody; b++) {
            sum += m.body_mass[b];
        }
        double scale = Math.max(1e-15, total / Math.max(1e-15, sum));
        for (int b = 1; b < m.nbody; b++) {
            m.body_mass[b] *= scale;
            for (int k = 0; k < 3; k++) {
                m.body_inertia[3 * b + k] *= scale;
            }
        }
    }

    private void fillKeys(MjModel m) {
        for (int i = 0; i < m.nkey; i++) {
            MjsKey k = spec.keys.get(i);
            m.key_name[i] = k.name;
            m.key_time[i] = k.time;
            System.arraycopy(keyVector(k.attrs, "qpos", k.qpos, m.nq, m.qpos0, "nq"), 0, m.key_qpos, i * m.nq, m.nq);
            // as MuJoCo's compiler (mj_normalizeQuat): the ball and free joints' quaternions normalized
            for (int j = 0; j < m.njnt; j++) {
                int t = m.jnt_type[j];
                if (t == MjModel.JNT_BALL || t == MjModel.JNT_FREE) {
                    normalize4(m.key_qpos, i * m.nq + m.jnt_qposadr[j] + (t == MjModel.JNT_FREE ? 3 : 0));
                }
            }
            System.arraycopy(keyVector(k.attrs, "qvel", k.qvel, m.nv, new double[m.nv], "nv"), 0, m.key_qvel, i * m.nv, m.nv);
            System.arraycopy(keyVector(k.attrs, "ctrl", k.ctrl, m.nu, new double[m.nu], "nu"), 0, m.key_ctrl, i * m.nu, m.nu);
            System.arraycopy(keyVector(k.attrs, "act", k.act, m.na, new double[m.na], "na"), 0, m.key_act, i * m.na, m.na);
        }
        checkUnique(m.key_name, "keyframe");
    }

    private static double[] keyVector(Attrs a, String name, double[] v, int size, double[] fallback, String sizeName) {
        if (v == null) {
            return fallback;
        }
        if (v.length != size) {
            throw a.error(name, "has " + v.length + " values; the model has " + sizeName + " = " + size + ".");
        }
        return v;
    }
}
