package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * The sensors, MuJoCo 2.2.2's {@code engine_sensor} ({@code mj_sensorPos}, {@code mj_sensorVel},
 * {@code mj_sensorAcc}) with what they need from {@code engine_core_smooth}
 * ({@code mj_rnePostConstraint}, {@code mj_subtreeVel}) and {@code engine_support}
 * ({@code mj_objectVelocity}, {@code mj_objectAcceleration}, {@code mj_contactForce}): each
 * sensor writes {@code sensor_dim} numbers at {@code sensor_adr} of {@code d.sensordata}, then the
 * cutoff clamps real and positive sensors. Noise is not added (MuJoCo adds it only under the
 * sensornoise flag, off by default). Stateless: code over (model, data); allocates nothing.
 *
 * <p>Our spatial quantities ({@code cvel}, {@code cacc}, {@code cinert}) are taken about the world
 * origin where MuJoCo takes them about each tree's centre of mass; the object velocities and
 * forces transformed to a point are the same up to round-off.
 */
public final class Sensor {
    private Sensor() {
    }

    /**
     * All sensors of the current state. Called at the end of {@code mj_forward}: every position and
     * velocity quantity is final then, so the result is MuJoCo's, whose position and velocity
     * sensors run earlier in the same pass over the same state.
     */
    public static void sensors(PhysicsModel pm, MjData d) {
        // the sensor flag disabled: sensordata keeps what it holds (MuJoCo's mjDSBL_SENSOR)
        if (pm.m.nsensor == 0 || (pm.m.disableflags & MjModel.DSBL_SENSOR) != 0) {
            return;
        }
        sensorPos(pm, d);
        sensorVel(pm, d);
        sensorAcc(pm, d);
    }

    /** Position-dependent sensors ({@code mj_sensorPos}). */
    public static void sensorPos(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] out = d.sensordata;
        for (int i = 0; i < m.nsensor; i++) {
            if (m.sensor_needstage[i] != MjModel.STAGE_POS) {
                continue;
            }
            int objtype = m.sensor_objtype[i], objid = m.sensor_objid[i], reftype = m.sensor_reftype[i];
            int refid = m.sensor_refid[i], adr = m.sensor_adr[i], type = m.sensor_type[i];
            switch (type) {
                case MjModel.SENS_MAGNETOMETER -> Spatial.mulMatTVec(d.site_xmat, 9 * objid, m.magnetic, 0, out, adr);
                // the distance along the site's z axis to the nearest visible geom not on the site's body, or -1
                case MjModel.SENS_RANGEFINDER -> out[adr] = Ray.ray(m, d, d.site_xpos, 3 * objid, d.site_xmat[9 * objid + 2],
                        d.site_xmat[9 * objid + 5], d.site_xmat[9 * objid + 8], m.site_bodyid[objid], d.ray_scratch);
                case MjModel.SENS_JOINTPOS -> out[adr] = d.qpos[m.jnt_qposadr[objid]];
                case MjModel.SENS_TENDONPOS -> out[adr] = d.ten_length[objid];
                case MjModel.SENS_ACTUATORPOS -> out[adr] = d.actuator_length[objid];
                case MjModel.SENS_BALLQUAT -> System.arraycopy(d.qpos, m.jnt_qposadr[objid], out, adr, 4);
                case MjModel.SENS_JOINTLIMITPOS, MjModel.SENS_TENDONLIMITPOS -> {
                    int r = limitRow(d, type == MjModel.SENS_JOINTLIMITPOS ? MjData.CNSTR_LIMIT_JOINT
                            : MjData.CNSTR_LIMIT_TENDON, objid);
                    out[adr] = r < 0 ? 0 : d.efc_pos[r] - d.efc_margin[r];
                }
                case MjModel.SENS_FRAMEPOS, MjModel.SENS_FRAMEXAXIS, MjModel.SENS_FRAMEYAXIS, MjModel.SENS_FRAMEZAXIS -> {
                    double[] pos = xpos(d, objtype), mat = xmat(d, objtype);
                    int po = 3 * objid, mo = 9 * objid;
                    double[] v = d.tmp3;
                    if (type == MjModel.SENS_FRAMEPOS) {
                        v[0] = pos[po];
                        v[1] = pos[po + 1];
                        v[2] = pos[po + 2];
                    } else {
                        int off = type - MjModel.SENS_FRAMEXAXIS;
                        v[0] = mat[mo + off];
                        v[1] = mat[mo + off + 3];
                        v[2] = mat[mo + off + 6];
                    }
                    if (refid == -1) {
                        System.arraycopy(v, 0, out, adr, 3);
                    } else {
                        double[] rpos = xpos(d, reftype), rmat = xmat(d, reftype);
                        if (type == MjModel.SENS_FRAMEPOS) {
                            for (int k = 0; k < 3; k++) {
                                v[k] -= rpos[3 * refid + k];
                            }
                        }
                        Spatial.mulMatTVec(rmat, 9 * refid, v, 0, out, adr);
                    }
                }
                case MjModel.SENS_FRAMEQUAT -> {
                    double[] q = d.tmp4, r = d.tmp4b;
                    xquat(m, d, objtype, objid, q);
                    if (refid == -1) {
                        System.arraycopy(q, 0, out, adr, 4);
                    } else {
                        xquat(m, d, reftype, refid, r);
                        r[1] = -r[1];
                        r[2] = -r[2];
                        r[3] = -r[3];
                        Spatial.mulQuat(r, 0, q, 0, out, adr);
                    }
                }
                case MjModel.SENS_SUBTREECOM -> System.arraycopy(d.subtree_com, 3 * objid, out, adr, 3);
                case MjModel.SENS_CLOCK -> out[adr] = d.time;
                default -> throw new IllegalStateException("Sensor type " + type + " is not a position sensor.");
            }
        }
        cutoff(m, d, MjModel.STAGE_POS);
    }

    /** Velocity-dependent sensors ({@code mj_sensorVel}). */
    public static void sensorVel(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] out = d.sensordata, v = d.tmp6;
        boolean subtreeVel = false;
        for (int i = 0; i < m.nsensor; i++) {
            if (m.sensor_needstage[i] != MjModel.STAGE_VEL) {
                continue;
            }
            int objtype = m.sensor_objtype[i], objid = m.sensor_objid[i], reftype = m.sensor_reftype[i];
            int refid = m.sensor_refid[i], adr = m.sensor_adr[i], type = m.sensor_type[i];
            if (!subtreeVel && (type == MjModel.SENS_SUBTREELINVEL || type == MjModel.SENS_SUBTREEANGMOM)) {
                subtreeVel(pm, d);
                subtreeVel = true;
            }
            switch (type) {
                case MjModel.SENS_VELOCIMETER, MjModel.SENS_GYRO -> {
                    objectVelocity(m, d, MjModel.OBJ_SITE, objid, true, v, 0);
                    System.arraycopy(v, type == MjModel.SENS_GYRO ? 0 : 3, out, adr, 3);
                }
                case MjModel.SENS_JOINTVEL -> out[adr] = d.qvel[m.jnt_dofadr[objid]];
                case MjModel.SENS_TENDONVEL -> out[adr] = d.ten_velocity[objid];
                case MjModel.SENS_ACTUATORVEL -> out[adr] = d.actuator_velocity[objid];
                case MjModel.SENS_BALLANGVEL -> System.arraycopy(d.qvel, m.jnt_dofadr[objid], out, adr, 3);
                case MjModel.SENS_JOINTLIMITVEL, MjModel.SENS_TENDONLIMITVEL -> {
                    int r = limitRow(d, type == MjModel.SENS_JOINTLIMITVEL ? MjData.CNSTR_LIMIT_JOINT
                            : MjData.CNSTR_LIMIT_TENDON, objid);
                    out[adr] = r < 0 ? 0 : d.efc_vel[r];
                }
                case MjModel.SENS_FRAMELINVEL, MjModel.SENS_FRAMEANGVEL -> {
                    objectVelocity(m, d, objtype, objid, false, v, 0);
                    if (refid > -1) {
                        double[] ref = d.tmp9;
                        objectVelocity(m, d, reftype, refid, false, ref, 0);
                        double[] pos = xpos(d, objtype), rpos = xpos(d, reftype), rmat = xmat(d, reftype);
                        for (int k = 0; k < 6; k++) {
                            v[k] -= ref[k];
                        }
                        // linear velocity: correction for the rotating reference frame, (p − p_ref) × ω_ref
                        double rx = pos[3 * objid] - rpos[3 * refid], ry = pos[3 * objid + 1] - rpos[3 * refid + 1],
                                rz = pos[3 * objid + 2] - rpos[3 * refid + 2];
                        v[3] += ry * ref[2] - rz * ref[1];
                        v[4] += rz * ref[0] - rx * ref[2];
                        v[5] += rx * ref[1] - ry * ref[0];
                        Spatial.mulMatTVec(rmat, 9 * refid, v, 0, v, 0);
                        Spatial.mulMatTVec(rmat, 9 * refid, v, 3, v, 3);
                    }
                    System.arraycopy(v, type == MjModel.SENS_FRAMELINVEL ? 3 : 0, out, adr, 3);
                }
                case MjModel.SENS_SUBTREELINVEL -> System.arraycopy(d.subtree_linvel, 3 * objid, out, adr, 3);
                case MjModel.SENS_SUBTREEANGMOM -> System.arraycopy(d.subtree_angmom, 3 * objid, out, adr, 3);
                default -> throw new IllegalStateException("Sensor type " + type + " is not a velocity sensor.");
            }
        }
        cutoff(m, d, MjModel.STAGE_VEL);
    }

    /** Acceleration- and force-dependent sensors ({@code mj_sensorAcc}). */
    public static void sensorAcc(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] out = d.sensordata, t = d.tmp6;
        boolean rnePost = false;
        for (int i = 0; i < m.nsensor; i++) {
            if (m.sensor_needstage[i] != MjModel.STAGE_ACC) {
                continue;
            }
            int objtype = m.sensor_objtype[i], objid = m.sensor_objid[i], adr = m.sensor_adr[i], type = m.sensor_type[i];
            if (!rnePost && type != MjModel.SENS_TOUCH && type != MjModel.SENS_ACTUATORFRC
                    && type != MjModel.SENS_JOINTLIMITFRC && type != MjModel.SENS_TENDONLIMITFRC) {
                rnePostConstraint(pm, d);
                rnePost = true;
            }
            switch (type) {
                case MjModel.SENS_TOUCH -> out[adr] = touch(m, d, objid);
                case MjModel.SENS_ACCELEROMETER -> {
                    objectAcceleration(m, d, MjModel.OBJ_SITE, objid, true, t);
                    System.arraycopy(t, 3, out, adr, 3);
                }
                case MjModel.SENS_FORCE, MjModel.SENS_TORQUE -> {
                    // the interaction force between the site's body and its parent, at the site, in its frame
                    int b = m.site_bodyid[objid];
                    transformForce(d.cfrc_int, 6 * b, d.site_xpos, 3 * objid, d.site_xmat, 9 * objid, t);
                    System.arraycopy(t, type == MjModel.SENS_TORQUE ? 0 : 3, out, adr, 3);
                }
                case MjModel.SENS_ACTUATORFRC -> out[adr] = d.actuator_force[objid];
                case MjModel.SENS_JOINTLIMITFRC, MjModel.SENS_TENDONLIMITFRC -> {
                    int r = limitRow(d, type == MjModel.SENS_JOINTLIMITFRC ? MjData.CNSTR_LIMIT_JOINT
                            : MjData.CNSTR_LIMIT_TENDON, objid);
                    out[adr] = r < 0 ? 0 : d.efc_force[r];
                }
                case MjModel.SENS_FRAMELINACC, MjModel.SENS_FRAMEANGACC -> {
                    objectAcceleration(m, d, objtype, objid, false, t);
                    System.arraycopy(t, type == MjModel.SENS_FRAMELINACC ? 3 : 0, out, adr, 3);
                }
                default -> throw new IllegalStateException("Sensor type " + type + " is not an acceleration sensor.");
            }
        }
        cutoff(m, d, MjModel.STAGE_ACC);
    }

    private static void cutoff(MjModel m, MjData d, int stage) {
        for (int i = 0; i < m.nsensor; i++) {
            double c = m.sensor_cutoff[i];
            if (m.sensor_needstage[i] != stage || !(c > 0)) {
                continue;
            }
            int adr = m.sensor_adr[i], dt = m.sensor_datatype[i];
            for (int j = adr; j < adr + m.sensor_dim[i]; j++) {
                if (dt == MjModel.DATATYPE_REAL) {
                    d.sensordata[j] = Math.max(-c, Math.min(c, d.sensordata[j]));
                } else if (dt == MjModel.DATATYPE_POSITIVE) {
                    d.sensordata[j] = Math.min(c, d.sensordata[j]);
                }
            }
        }
    }

    /** The first limit row of that type and object, or -1 (the limit is not active). */
    private static int limitRow(MjData d, int type, int id) {
        for (int r = d.ne; r < d.nefc; r++) {
            if (d.efc_type[r] == type && d.efc_id[r] == id) {
                return r;
            }
        }
        return -1;
    }

    private static double[] xpos(MjData d, int objtype) {
        return switch (objtype) {
            case MjModel.OBJ_XBODY -> d.xpos;
            case MjModel.OBJ_BODY -> d.xipos;
            case MjModel.OBJ_GEOM -> d.geom_xpos;
            case MjModel.OBJ_SITE -> d.site_xpos;
            case MjModel.OBJ_CAMERA -> d.cam_xpos;
            default -> throw new IllegalStateException("Object type " + objtype + " has no frame.");
        };
    }

    private static double[] xmat(MjData d, int objtype) {
        return switch (objtype) {
            case MjModel.OBJ_XBODY -> d.xmat;
            case MjModel.OBJ_BODY -> d.ximat;
            case MjModel.OBJ_GEOM -> d.geom_xmat;
            case MjModel.OBJ_SITE -> d.site_xmat;
            case MjModel.OBJ_CAMERA -> d.cam_xmat;
            default -> throw new IllegalStateException("Object type " + objtype + " has no frame.");
        };
    }

    private static int bodyOf(MjModel m, int objtype, int id) {
        return switch (objtype) {
            case MjModel.OBJ_XBODY, MjModel.OBJ_BODY -> id;
            case MjModel.OBJ_GEOM -> m.geom_bodyid[id];
            case MjModel.OBJ_SITE -> m.site_bodyid[id];
            case MjModel.OBJ_CAMERA -> m.cam_bodyid[id];
            default -> throw new IllegalStateException("Object type " + objtype + " has no frame.");
        };
    }

    /** The world orientation of an object as a quaternion (MuJoCo's get_xquat). */
    private static void xquat(MjModel m, MjData d, int objtype, int id, double[] q) {
        switch (objtype) {
            case MjModel.OBJ_XBODY -> System.arraycopy(d.xquat, 4 * id, q, 0, 4);
            case MjModel.OBJ_BODY -> Spatial.mulQuat(d.xquat, 4 * id, m.body_iquat, 4 * id, q, 0);
            case MjModel.OBJ_GEOM -> Spatial.mulQuat(d.xquat, 4 * m.geom_bodyid[id], m.geom_quat, 4 * id, q, 0);
            case MjModel.OBJ_SITE -> Spatial.mulQuat(d.xquat, 4 * m.site_bodyid[id], m.site_quat, 4 * id, q, 0);
            case MjModel.OBJ_CAMERA -> Spatial.mulQuat(d.xquat, 4 * m.cam_bodyid[id], m.cam_quat, 4 * id, q, 0);
            default -> throw new IllegalStateException("Object type " + objtype + " has no frame.");
        }
    }

    /**
     * An object's 6D velocity {@code [ω; v]} at its origin, in the world orientation or (local) in
     * its own frame ({@code mj_objectVelocity}); written to {@code res[ro..ro+5]}.
     */
    public static void objectVelocity(MjModel m, MjData d, int objtype, int id, boolean local, double[] res, int ro) {
        int b = bodyOf(m, objtype, id);
        double[] pos = xpos(d, objtype);
        transformMotion(d.cvel, 6 * b, pos, 3 * id, local ? xmat(d, objtype) : null, 9 * id, res, ro);
    }

    /**
     * An object's 6D acceleration {@code [α; a]} at its origin ({@code mj_objectAcceleration}): the
     * body's {@code cacc} moved to the point, plus {@code ω × v}. Needs {@link #rnePostConstraint}.
     */
    public static void objectAcceleration(MjModel m, MjData d, int objtype, int id, boolean local, double[] res) {
        int b = bodyOf(m, objtype, id);
        double[] pos = xpos(d, objtype), rot = local ? xmat(d, objtype) : null;
        double[] vel = d.tmp9;
        transformMotion(d.cvel, 6 * b, pos, 3 * id, rot, 9 * id, vel, 0);
        transformMotion(d.cacc, 6 * b, pos, 3 * id, rot, 9 * id, res, 0);
        res[3] += vel[1] * vel[5] - vel[2] * vel[4];
        res[4] += vel[2] * vel[3] - vel[0] * vel[5];
        res[5] += vel[0] * vel[4] - vel[1] * vel[3];
    }

    /** A motion vector about the world origin moved to point p, optionally rotated into frame rot. */
    private static void transformMotion(double[] vec, int vo, double[] p, int po, double[] rot, int ro, double[] res,
            int so) {
        double wx = vec[vo], wy = vec[vo + 1], wz = vec[vo + 2];
        double px = p[po], py = p[po + 1], pz = p[po + 2];
        // v(p) = v(0) − p × ω
        double vx = vec[vo + 3] - (py * wz - pz * wy), vy = vec[vo + 4] - (pz * wx - px * wz),
                vz = vec[vo + 5] - (px * wy - py * wx);
        res[so] = wx;
        res[so + 1] = wy;
        res[so + 2] = wz;
        res[so + 3] = vx;
        res[so + 4] = vy;
        res[so + 5] = vz;
        if (rot != null) {
            Spatial.mulMatTVec(rot, ro, res, so, res, so);
            Spatial.mulMatTVec(rot, ro, res, so + 3, res, so + 3);
        }
    }

    /** A force {@code [τ; f]} about the world origin moved to point p and rotated into frame rot. */
    private static void transformForce(double[] vec, int vo, double[] p, int po, double[] rot, int ro, double[] res) {
        double fx = vec[vo + 3], fy = vec[vo + 4], fz = vec[vo + 5];
        double px = p[po], py = p[po + 1], pz = p[po + 2];
        // τ(p) = τ(0) − p × f
        res[0] = vec[vo] - (py * fz - pz * fy);
        res[1] = vec[vo + 1] - (pz * fx - px * fz);
        res[2] = vec[vo + 2] - (px * fy - py * fx);
        res[3] = fx;
        res[4] = fy;
        res[5] = fz;
        Spatial.mulMatTVec(rot, ro, res, 0, res, 0);
        Spatial.mulMatTVec(rot, ro, res, 3, res, 3);
    }

    /**
     * A contact's force and torque in its frame (normal, two tangents; {@code mj_contactForce}):
     * the pyramid's edge forces decoded as MuJoCo's {@code mju_decodePyramid}. Zero for a contact
     * without rows.
     */
    public static void contactForce(MjData d, int c, double[] res) {
        for (int k = 0; k < 6; k++) {
            res[k] = 0;
        }
        int a = d.contact_efc_address[c], dim = d.contact_dim[c];
        if (c < 0 || c >= d.ncon || a < 0) {
            return;
        }
        if (dim == 1) {
            res[0] = d.efc_force[a];
            return;
        }
        for (int k = 0; k < 2 * (dim - 1); k++) {
            res[0] += d.efc_force[a + k];
        }
        for (int k = 0; k < dim - 1; k++) {
            res[k + 1] = (d.efc_force[a + 2 * k] - d.efc_force[a + 2 * k + 1]) * d.contact_friction[5 * c + k];
        }
    }

    /**
     * {@code cacc}, {@code cfrc_ext} and {@code cfrc_int} with the constraint forces
     * ({@code mj_rnePostConstraint}): contacts and connect/weld equalities act on their bodies,
     * then Newton–Euler with the final {@code qacc}.
     */
    public static void rnePostConstraint(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nb = m.nbody;
        double[] ext = d.cfrc_ext, f = d.tmp6, lf = d.tmp9;
        java.util.Arrays.fill(ext, 0);
        for (int c = 0; c < d.ncon; c++) {
            if (d.contact_efc_address[c] < 0) {
                continue;
            }
            contactForce(d, c, lf);
            // world-oriented [torque; force]: frame rows are the normal and the two tangents
            int fo = 9 * c;
            double[] fr = d.contact_frame;
            for (int k = 0; k < 3; k++) {
                f[k] = fr[fo + k] * lf[3] + fr[fo + 3 + k] * lf[4] + fr[fo + 6 + k] * lf[5];
                f[3 + k] = fr[fo + k] * lf[0] + fr[fo + 3 + k] * lf[1] + fr[fo + 6 + k] * lf[2];
            }
            addForceAt(ext, m.geom_bodyid[d.contact_geom1[c]], f, d.contact_pos, 3 * c, -1);
            addForceAt(ext, m.geom_bodyid[d.contact_geom2[c]], f, d.contact_pos, 3 * c, 1);
        }
        double[] pos = d.tmp3;
        for (int r = 0; r < d.ne;) {
            int id = d.efc_id[r], type = m.eq_type[id];
            if (type == MjModel.EQ_CONNECT || type == MjModel.EQ_WELD) {
                boolean weld = type == MjModel.EQ_WELD;
                for (int k = 0; k < 3; k++) {
                    f[3 + k] = d.efc_force[r + k];
                    f[k] = weld ? d.efc_force[r + 3 + k] : 0;
                }
                int o = MjModel.NEQDATA * id;
                int b1 = m.eq_obj1id[id], b2 = m.eq_obj2id[id];
                if (b1 != 0) {
                    local2Global(d, b1, m.eq_data, o + (weld ? 3 : 0), pos);
                    addForceAt(ext, b1, f, pos, 0, 1);
                }
                if (b2 != 0) {
                    local2Global(d, b2, m.eq_data, o + (weld ? 0 : 3), pos);
                    addForceAt(ext, b2, f, pos, 0, -1);
                }
                r += weld ? 6 : 3;
            } else {
                r++;
            }
        }
        // forward pass: cacc with the final qacc, cfrc_int = cinert·cacc + cvel ×* (cinert·cvel) − cfrc_ext
        double[] cacc = d.cacc, fint = d.cfrc_int, t6 = d.tmp6;
        cacc[0] = cacc[1] = cacc[2] = 0;
        cacc[3] = -m.gravity[0];
        cacc[4] = -m.gravity[1];
        cacc[5] = -m.gravity[2];
        for (int k = 0; k < 6; k++) {
            fint[k] = 0;
        }
        for (int b = 1; b < nb; b++) {
            int p = m.body_parentid[b], o = 6 * b;
            System.arraycopy(cacc, 6 * p, cacc, o, 6);
            int da = m.body_dofadr[b];
            for (int i = da; i < da + m.body_dofnum[b]; i++) {
                double qv = d.qvel[i], qa = d.qacc[i];
                for (int k = 0; k < 6; k++) {
                    cacc[o + k] += d.cdof_dot[6 * i + k] * qv;
                }
                for (int k = 0; k < 6; k++) {
                    cacc[o + k] += d.cdof[6 * i + k] * qa;
                }
            }
            Spatial.mulInertVec(d.cinert, 10 * b, cacc, o, fint, o);
            Spatial.mulInertVec(d.cinert, 10 * b, d.cvel, o, t6, 0);
            Spatial.addCrossForce(d.cvel, o, t6, 0, fint, o);
            for (int k = 0; k < 6; k++) {
                fint[o + k] -= ext[o + k];
            }
        }
        for (int b = nb - 1; b > 0; b--) {
            int p = m.body_parentid[b];
            for (int k = 0; k < 6; k++) {
                fint[6 * p + k] += fint[6 * b + k];
            }
        }
    }

    /** Adds {@code sign · f} (a {@code [τ; f]} acting at point p) to body b's force about the world origin; not to the world. */
    private static void addForceAt(double[] ext, int b, double[] f, double[] p, int po, double sign) {
        if (b == 0) {
            return;
        }
        int o = 6 * b;
        double px = p[po], py = p[po + 1], pz = p[po + 2];
        // τ(0) = τ(p) + p × f
        ext[o] += sign * (f[0] + py * f[5] - pz * f[4]);
        ext[o + 1] += sign * (f[1] + pz * f[3] - px * f[5]);
        ext[o + 2] += sign * (f[2] + px * f[4] - py * f[3]);
        ext[o + 3] += sign * f[3];
        ext[o + 4] += sign * f[4];
        ext[o + 5] += sign * f[5];
    }

    private static void local2Global(MjData d, int b, double[] local, int lo, double[] out) {
        Spatial.mulMatVec(d.xmat, 9 * b, local, lo, out, 0);
        for (int k = 0; k < 3; k++) {
            out[k] += d.xpos[3 * b + k];
        }
    }

    /** Subtree linear velocities and angular momenta ({@code mj_subtreeVel}). */
    public static void subtreeVel(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] bv = d.body_vel, lin = d.subtree_linvel, ang = d.subtree_angmom, dv = d.tmp3;
        for (int b = 0; b < m.nbody; b++) {
            objectVelocity(m, d, MjModel.OBJ_BODY, b, false, bv, 6 * b);
            for (int k = 0; k < 3; k++) {
                lin[3 * b + k] = bv[6 * b + 3 + k] * m.body_mass[b];
            }
            Spatial.mulMatTVec(d.ximat, 9 * b, bv, 6 * b, dv, 0);
            for (int k = 0; k < 3; k++) {
                dv[k] *= m.body_inertia[3 * b + k];
            }
            Spatial.mulMatVec(d.ximat, 9 * b, dv, 0, ang, 3 * b);
        }
        for (int b = m.nbody - 1; b >= 0; b--) {
            if (b > 0) {
                int p = m.body_parentid[b];
                for (int k = 0; k < 3; k++) {
                    lin[3 * p + k] += lin[3 * b + k];
                }
            }
            double s = 1 / Math.max(1e-15, m.body_subtreemass[b]);
            for (int k = 0; k < 3; k++) {
                lin[3 * b + k] *= s;
            }
        }
        double[] com = d.subtree_com, xi = d.xipos;
        for (int b = m.nbody - 1; b > 0; b--) {
            int p = m.body_parentid[b];
            double mass = m.body_mass[b];
            double dx = xi[3 * b] - com[3 * b], dy = xi[3 * b + 1] - com[3 * b + 1], dz = xi[3 * b + 2] - com[3 * b + 2];
            double px = (bv[6 * b + 3] - lin[3 * b]) * mass, py = (bv[6 * b + 4] - lin[3 * b + 1]) * mass,
                    pz = (bv[6 * b + 5] - lin[3 * b + 2]) * mass;
            ang[3 * b] += dy * pz - dz * py;
            ang[3 * b + 1] += dz * px - dx * pz;
            ang[3 * b + 2] += dx * py - dy * px;
            for (int k = 0; k < 3; k++) {
                ang[3 * p + k] += ang[3 * b + k];
            }
            double sm = m.body_subtreemass[b];
            dx = com[3 * b] - com[3 * p];
            dy = com[3 * b + 1] - com[3 * p + 1];
            dz = com[3 * b + 2] - com[3 * p + 2];
            px = (lin[3 * b] - lin[3 * p]) * sm;
            py = (lin[3 * b + 1] - lin[3 * p + 1]) * sm;
            pz = (lin[3 * b + 2] - lin[3 * p + 2]) * sm;
            ang[3 * p] += dy * pz - dz * py;
            ang[3 * p + 1] += dz * px - dx * pz;
            ang[3 * p + 2] += dx * py - dy * px;
        }
    }

    /**
     * The touch sensor: the normal forces of the active contacts of the site's body whose force
     * ray, cast from the contact point along the normal force, meets the site's volume.
     */
    private static double touch(MjModel m, MjData d, int site) {
        int b = m.site_bodyid[site];
        double sum = 0;
        double[] cf = d.tmp9, ray = d.tmp3b;
        for (int c = 0; c < d.ncon; c++) {
            int b1 = m.geom_bodyid[d.contact_geom1[c]], b2 = m.geom_bodyid[d.contact_geom2[c]];
            if (d.contact_efc_address[c] < 0 || (b != b1 && b != b2)) {
                continue;
            }
            contactForce(d, c, cf);
            if (cf[0] <= 0) {
                continue;
            }
            double s = b == b2 ? -1 : 1;
            for (int k = 0; k < 3; k++) {
                ray[k] = d.contact_frame[9 * c + k] * cf[0];
            }
            Spatial.normalize3(ray, 0);
            for (int k = 0; k < 3; k++) {
                ray[k] *= s;
            }
            if (Ray.rayGeom(d.site_xpos, 3 * site, d.site_xmat, 9 * site, m.site_size, 3 * site, d.contact_pos, 3 * c,
                    ray, m.site_type[site]) >= 0) {
                sum += cf[0];
            }
        }
        return sum;
    }
}
