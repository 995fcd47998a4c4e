package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.Arrays;

/**
 * Actuators, MuJoCo's {@code mj_transmission} and {@code mj_fwdActuation}: joint or fixed-tendon
 * transmission (length = gear·Σ coef·q, moment = gear·coef), ctrl clamped to ctrlrange when
 * limited (unless the clampctrl flag is off), force = gain·(ctrl, or the activation for actuators
 * with dynamics) + b0 + b1·length + b2·velocity clamped to forcerange when limited,
 * {@code qfrc_actuator = momentᵀ·force}; the activations' derivatives {@code act_dot}
 * (integrator: ctrl; filter: (ctrl − act)/τ). The actuation flag off leaves every force zero.
 * Stateless.
 */
public final class Actuation {
    private Actuation() {
    }

    /** Fills the actuator lengths, velocities, moments, forces and {@code qfrc_actuator}. */
    public static void actuation(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] moment = d.actuator_moment;
        int[] dofs = pm.momentDof;
        Arrays.fill(d.qfrc_actuator, 0);
        Arrays.fill(moment, 0);
        for (int u = 0; u < m.nu; u++) {
            double gear = m.actuator_gear[u];
            int id = m.actuator_trnid[u];
            int adr = pm.momentAdr[u], num = pm.momentNum[u];
            double len = 0;
            if (m.actuator_trntype[u] == MjModel.TRN_TENDON && pm.tendonSpatial[id]) {
                len = d.ten_length[id] * gear;
                for (int k = adr; k < adr + num; k++) {
                    moment[k] = d.ten_J[id * m.nv + dofs[k]] * gear;
                }
            } else if (m.actuator_trntype[u] == MjModel.TRN_TENDON) {
                for (int w = m.tendon_adr[id]; w < m.tendon_adr[id] + m.tendon_num[id]; w++) {
                    int j = m.wrap_jntid[w];
                    double coef = m.wrap_coef[w];
                    len += coef * d.qpos[m.jnt_qposadr[j]];
                    moment[slot(dofs, adr, num, m.jnt_dofadr[j])] += gear * coef;
                }
                len *= gear;
            } else if (m.actuator_trntype[u] == MjModel.TRN_SITE) {
                len = site(pm, d, u, adr, num);
            } else if (m.actuator_trntype[u] == MjModel.TRN_SLIDERCRANK) {
                len = sliderCrank(pm, d, u, adr, num);
            } else if (m.actuator_trntype[u] == MjModel.TRN_BODY) {
                body(pm, d, u, adr);
            } else if (m.jnt_type[id] == MjModel.JNT_HINGE || m.jnt_type[id] == MjModel.JNT_SLIDE) {
                len = gear * d.qpos[m.jnt_qposadr[id]];
                moment[adr] = gear;
            } else {
                len = ballOrFree(m, d, u, adr);
            }
            double vel = 0;
            for (int k = adr; k < adr + num; k++) {
                vel += moment[k] * d.qvel[dofs[k]];
            }
            d.actuator_length[u] = len;
            d.actuator_velocity[u] = vel;
            if ((m.disableflags & MjModel.DSBL_ACTUATION) != 0) {
                // as MuJoCo: no force and act_dot left as it was
                d.actuator_force[u] = 0;
                continue;
            }
            double c = d.ctrl[u];
            if (m.actuator_ctrllimited[u] && (m.disableflags & MjModel.DSBL_CLAMPCTRL) == 0) {
                c = Math.max(m.actuator_ctrlrange[2 * u], Math.min(m.actuator_ctrlrange[2 * u + 1], c));
            }
            double[] gp = m.actuator_gainprm, bp = m.actuator_biasprm;
            int g = MjModel.NGAIN * u, dyn = m.actuator_dyntype[u];
            double gain = switch (m.actuator_gaintype[u]) {
                case MjModel.GAIN_AFFINE -> gp[g] + gp[g + 1] * len + gp[g + 2] * vel;
                case MjModel.GAIN_MUSCLE -> muscleGain(len, vel, m.actuator_lengthrange, 2 * u, m.actuator_acc0[u], gp, g);
                default -> gp[g];
            };
            double force;
            if (dyn == MjModel.DYN_NONE) {
                force = gain * c;
            } else {
                int j = u - (m.nu - m.na);
                force = gain * d.act[j];
                // MuJoCo's act_dot: integrator da/dt = u, filter da/dt = (u - a) / tau, muscle: a filter with
                // activation-dependent time constants
                d.act_dot[j] = switch (dyn) {
                    case MjModel.DYN_INTEGRATOR -> c;
                    case MjModel.DYN_FILTER -> (c - d.act[j]) / Math.max(1e-15, m.actuator_dynprm[3 * u]);
                    default -> muscleDynamics(c, d.act[j], m.actuator_dynprm[3 * u], m.actuator_dynprm[3 * u + 1]);
                };
            }
            if (m.actuator_biastype[u] == MjModel.BIAS_AFFINE) {
                force += bp[g] + bp[g + 1] * len + bp[g + 2] * vel;
            } else if (m.actuator_biastype[u] == MjModel.BIAS_MUSCLE) {
                force += muscleBias(len, m.actuator_lengthrange, 2 * u, m.actuator_acc0[u], bp, g);
            }
            if (m.actuator_forcelimited[u]) {
                force = Math.max(m.actuator_forcerange[2 * u], Math.min(m.actuator_forcerange[2 * u + 1], force));
            }
            d.actuator_force[u] = force;
            for (int k = adr; k < adr + num; k++) {
                d.qfrc_actuator[dofs[k]] += moment[k] * force;
            }
        }
    }

    /**
     * A ball or free joint's transmission ({@code mjTRN_JOINT} / {@code mjTRN_JOINTINPARENT}): the
     * ball's length is its rotation vector along the gear's axis, its moment that axis; a free
     * joint has length 0 and moment (gear force, gear torque). In the parent frame the rotational
     * gear is first turned into the joint's own frame.
     */
    private static double ballOrFree(MjModel m, MjData d, int u, int adr) {
        int id = m.actuator_trnid[u];
        boolean free = m.jnt_type[id] == MjModel.JNT_FREE;
        int qa = m.jnt_qposadr[id] + (free ? 3 : 0);
        double[] gv = m.actuator_gearvec, q = d.qpos, axis = d.tmp3, g = d.tmp3b;
        int go = 6 * u + (free ? 3 : 0);
        if (m.actuator_trntype[u] == MjModel.TRN_JOINT) {
            g[0] = gv[go];
            g[1] = gv[go + 1];
            g[2] = gv[go + 2];
        } else {
            double[] neg = d.tmp4;
            neg[0] = q[qa];
            neg[1] = -q[qa + 1];
            neg[2] = -q[qa + 2];
            neg[3] = -q[qa + 3];
            rotVecQuat(gv, go, neg, g);
        }
        double[] moment = d.actuator_moment;
        if (free) {
            moment[adr] = gv[6 * u];
            moment[adr + 1] = gv[6 * u + 1];
            moment[adr + 2] = gv[6 * u + 2];
        }
        int o = adr + (free ? 3 : 0);
        moment[o] = g[0];
        moment[o + 1] = g[1];
        moment[o + 2] = g[2];
        if (free) {
            return 0;
        }
        Spatial.quat2Vel(q, qa, axis);
        return axis[0] * g[0] + axis[1] * g[1] + axis[2] * g[2];
    }

    /**
     * A site transmission ({@code mjTRN_SITE}). Without a reference site: length 0, moment = the
     * site's Jacobians projected on the gear wrench turned into the world frame. With one: the
     * length is the site's position (rotation vector) relative to the reference site in its frame
     * along the translational (rotational) gear, the moment the Jacobian difference projected on
     * the gear turned by the reference frame.
     */
    private static double site(PhysicsModel pm, MjData d, int u, int adr, int num) {
        MjModel m = pm.m;
        int nv = m.nv, id = m.actuator_trnid[u], ref = m.actuator_trnid2[u];
        double[] gv = m.actuator_gearvec, jac = d.trnJac, moment = d.actuator_moment, w = d.tmp6;
        int g = 6 * u;
        // jac: translational rows at 0, rotational rows at 3 nv
        java.util.Arrays.fill(jac, 0, 6 * nv, 0);
        sitePointJacobian(pm, d, id, 1, jac);
        java.util.Arrays.fill(d.jacr3, 0);
        Support.addAngularJacobian(pm, d, m.site_bodyid[id], 1, d.jacr3);
        System.arraycopy(d.jacr3, 0, jac, 3 * nv, 3 * nv);
        if (ref < 0) {
            Spatial.mulMatVec(d.site_xmat, 9 * id, gv, g, w, 0);
            Spatial.mulMatVec(d.site_xmat, 9 * id, gv, g + 3, w, 3);
            for (int k = adr; k < adr + num; k++) {
                int i = dofs(pm)[k];
                double t = 0, r = 0;
                for (int c = 0; c < 3; c++) {
                    t += jac[c * nv + i] * w[c];
                }
                for (int c = 0; c < 3; c++) {
                    r += jac[(3 + c) * nv + i] * w[3 + c];
                }
                moment[k] = t + r;
            }
            return 0;
        }
        double len = 0;
        boolean trans = gv[g] != 0 || gv[g + 1] != 0 || gv[g + 2] != 0;
        boolean rot = gv[g + 3] != 0 || gv[g + 4] != 0 || gv[g + 5] != 0;
        if (trans) {
            double[] v = d.tmp3, vl = d.tmp3b;
            for (int c = 0; c < 3; c++) {
                v[c] = d.site_xpos[3 * id + c] - d.site_xpos[3 * ref + c];
            }
            Spatial.mulMatTVec(d.site_xmat, 9 * ref, v, 0, vl, 0);
            len += vl[0] * gv[g] + vl[1] * gv[g + 1] + vl[2] * gv[g + 2];
            sitePointJacobian(pm, d, ref, -1, jac);
            Spatial.mulMatVec(d.site_xmat, 9 * ref, gv, g, w, 0);
            for (int k = adr; k < adr + num; k++) {
                int i = dofs(pm)[k];
                double t = 0;
                for (int c = 0; c < 3; c++) {
                    t += jac[c * nv + i] * w[c];
                }
                moment[k] = t;
            }
        }
        if (rot) {
            double[] q = d.tmp4, qr = d.tmp4b, v = d.springDif;
            // as MuJoCo 2.2.2: site_quat * xquat (in this order) for both sites
            Spatial.mulQuat(m.site_quat, 4 * id, d.xquat, 4 * m.site_bodyid[id], q, 0);
            Spatial.mulQuat(m.site_quat, 4 * ref, d.xquat, 4 * m.site_bodyid[ref], qr, 0);
            subQuat(q, 0, qr, 0, v);
            len += v[0] * gv[g + 3] + v[1] * gv[g + 4] + v[2] * gv[g + 5];
            java.util.Arrays.fill(d.jacr3, 0);
            Support.addAngularJacobian(pm, d, m.site_bodyid[ref], 1, d.jacr3);
            for (int c = 0; c < 3 * nv; c++) {
                jac[3 * nv + c] -= d.jacr3[c];
            }
            Spatial.mulMatVec(d.site_xmat, 9 * ref, gv, g + 3, w, 3);
            for (int k = adr; k < adr + num; k++) {
                int i = dofs(pm)[k];
                double r = 0;
                for (int c = 0; c < 3; c++) {
                    r += jac[(3 + c) * nv + i] * w[3 + c];
                }
                moment[k] += r;
            }
        }
        return len;
    }

    /**
     * A slider-crank ({@code mjTRN_SLIDERCRANK}): the slider moves along its site's z axis, the rod
     * of the crank length joins the crank site; length = a·v − √((a·v)² + r² − v·v) with v the
     * crank site relative to the slider site (a·v where the root is not real), moment its
     * derivative through the sites' Jacobians (the axis's through the slider body's rotation),
     * both times the gear.
     */
    private static double sliderCrank(PhysicsModel pm, MjData d, int u, int adr, int num) {
        MjModel m = pm.m;
        int nv = m.nv, id = m.actuator_trnid[u], slider = m.actuator_trnid2[u];
        double rod = m.actuator_cranklength[u];
        double[] axis = d.tmp3, vec = d.tmp3b, dlda = d.tmp6, jac = d.trnJac, moment = d.actuator_moment;
        double[] xm = d.site_xmat;
        axis[0] = xm[9 * slider + 2];
        axis[1] = xm[9 * slider + 5];
        axis[2] = xm[9 * slider + 8];
        for (int c = 0; c < 3; c++) {
            vec[c] = d.site_xpos[3 * id + c] - d.site_xpos[3 * slider + c];
        }
        double av = Spatial.dot3(vec, 0, axis, 0);
        double det = av * av + rod * rod - Spatial.dot3(vec, 0, vec, 0);
        double len;
        // dlda at 0, dldv at 3
        if (det <= 0) {
            len = av;
            for (int c = 0; c < 3; c++) {
                dlda[c] = vec[c];
                dlda[3 + c] = axis[c];
            }
        } else {
            double sdet = Math.sqrt(det);
            len = av - sdet;
            for (int c = 0; c < 3; c++) {
                dlda[3 + c] = axis[c] * (1 - av / sdet) + vec[c] * (1 / sdet);
                dlda[c] = vec[c] * (1 - av / sdet);
            }
        }
        // jac (rows at 0): crank site minus slider site; jacA (rows at 3 nv): the slider axis's Jacobian
        java.util.Arrays.fill(jac, 0, 6 * nv, 0);
        sitePointJacobian(pm, d, id, 1, jac);
        sitePointJacobian(pm, d, slider, -1, jac);
        java.util.Arrays.fill(d.jacr3, 0);
        Support.addAngularJacobian(pm, d, m.site_bodyid[slider], 1, d.jacr3);
        double[] r = d.jacr3;
        for (int i = 0; i < nv; i++) {
            jac[3 * nv + i] = r[nv + i] * axis[2] - r[2 * nv + i] * axis[1];
            jac[4 * nv + i] = r[2 * nv + i] * axis[0] - r[i] * axis[2];
            jac[5 * nv + i] = r[i] * axis[1] - r[nv + i] * axis[0];
        }
        double gear = m.actuator_gear[u];
        for (int k = adr; k < adr + num; k++) {
            int i = dofs(pm)[k];
            double mom = 0;
            for (int c = 0; c < 3; c++) {
                mom += dlda[c] * jac[(3 + c) * nv + i] + dlda[3 + c] * jac[c * nv + i];
            }
            moment[k] = mom * gear;
        }
        return len * gear;
    }

    /**
     * A body transmission ({@code mjTRN_BODY}, the adhesion actuator's): length 0, moment minus
     * the mean over the body's contacts of the contact normal's Jacobian: for an active contact
     * its rows' Jacobians weighted as the normal in the pyramid (each of the 2(dim−1) edges by
     * 0.5/(dim−1); condim 1 its one row), for a contact in the margin's gap (no rows) the normal
     * times the Jacobian difference of the two bodies at the contact point. No contact: moment 0.
     * The moment slots of a body transmission are all dofs in order.
     */
    private static void body(PhysicsModel pm, MjData d, int u, int adr) {
        MjModel m = pm.m;
        int nv = m.nv, b = m.actuator_trnid[u], counter = 0;
        double[] moment = d.actuator_moment, jac = d.trnJac, excluded = d.trnJac;
        int ex = 6 * nv;
        java.util.Arrays.fill(excluded, ex, ex + nv, 0);
        for (int c = 0; c < d.ncon; c++) {
            int b1 = m.geom_bodyid[d.contact_geom1[c]], b2 = m.geom_bodyid[d.contact_geom2[c]];
            if (b1 != b && b2 != b) {
                continue;
            }
            if (d.contact_exclude[c] == 0) {
                counter++;
                int dim = d.contact_dim[c], a = d.contact_efc_address[c];
                // condim 1 or elliptic cones: the normal is the first row; pyramids: all edges, each 0.5/(dim-1)
                boolean first = dim == 1 || m.cone == MjModel.CONE_ELLIPTIC;
                int rows = first ? 1 : 2 * (dim - 1);
                double wgt = first ? 1 : 0.5 / (dim - 1);
                // J' f over the marked rows, in row order as mj_mulJacTVec
                for (int r = a; r < a + rows && a >= 0; r++) {
                    for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                        moment[adr + d.efc_J_colind[k]] += d.efc_J[k] * wgt;
                    }
                }
            } else if (d.contact_exclude[c] == 1) {
                counter++;
                java.util.Arrays.fill(jac, 0, 3 * nv, 0);
                double px = d.contact_pos[3 * c], py = d.contact_pos[3 * c + 1], pz = d.contact_pos[3 * c + 2];
                Support.addPointJacobian(pm, d, b2, px, py, pz, 1, jac);
                Support.addPointJacobian(pm, d, b1, px, py, pz, -1, jac);
                double[] f = d.contact_frame;
                int o9 = 9 * c;
                for (int i = 0; i < nv; i++) {
                    excluded[ex + i] += f[o9] * jac[i] + f[o9 + 1] * jac[nv + i] + f[o9 + 2] * jac[2 * nv + i];
                }
            }
        }
        if (counter > 0) {
            double scale = -1.0 / counter;
            for (int i = 0; i < nv; i++) {
                moment[adr + i] = (moment[adr + i] + excluded[ex + i]) * scale;
            }
        }
    }

    /** Adds {@code sign} times the translational Jacobian of a site's position to the 3 x nv rows at {@code jac[0..]}. */
    private static void sitePointJacobian(PhysicsModel pm, MjData d, int site, double sign, double[] jac) {
        Support.addPointJacobian(pm, d, pm.m.site_bodyid[site], d.site_xpos[3 * site], d.site_xpos[3 * site + 1],
                d.site_xpos[3 * site + 2], sign, jac);
    }

    private static int[] dofs(PhysicsModel pm) {
        return pm.momentDof;
    }

    /**
     * MuJoCo's {@code mju_subQuat}: the rotation vector of {@code neg(qb) * qa} (quaternions at
     * {@code qa[ao..]}, {@code qb[bo..]}) into {@code out[0..3]}, with {@code out[3..7]} as scratch.
     */
    static void subQuat(double[] qa, int ao, double[] qb, int bo, double[] out) {
        double w = qb[bo], x = -qb[bo + 1], y = -qb[bo + 2], z = -qb[bo + 3];
        double aw = qa[ao], ax = qa[ao + 1], ay = qa[ao + 2], az = qa[ao + 3];
        out[3] = w * aw - x * ax - y * ay - z * az;
        out[4] = w * ax + x * aw + y * az - z * ay;
        out[5] = w * ay - x * az + y * aw + z * ax;
        out[6] = w * az + x * ay - y * ax + z * aw;
        Spatial.quat2Vel(out, 3, out);
    }

    /** MuJoCo's {@code mju_rotVecQuat}: the 3-vector at {@code v[vo..]} rotated by {@code q} into {@code out}. */
    private static void rotVecQuat(double[] v, int vo, double[] q, double[] out) {
        double x = v[vo], y = v[vo + 1], z = v[vo + 2];
        if (q[0] == 1 && q[1] == 0 && q[2] == 0 && q[3] == 0) {
            out[0] = x;
            out[1] = y;
            out[2] = z;
            return;
        }
        double t0 = q[0] * x + q[2] * z - q[3] * y;
        double t1 = q[0] * y + q[3] * x - q[1] * z;
        double t2 = q[0] * z + q[1] * y - q[2] * x;
        out[0] = x + 2 * (q[2] * t2 - q[3] * t1);
        out[1] = y + 2 * (q[3] * t0 - q[1] * t2);
        out[2] = z + 2 * (q[1] * t1 - q[2] * t0);
    }

    /**
     * MuJoCo's {@code mju_muscleGain}: minus force × the active force-length curve × the
     * force-velocity curve, with prm (at p) = range[2], force, scale, lmin, lmax, vmax, fpmax, fvmax
     * and a negative force replaced by {@code scale / acc0}.
     */
    static double muscleGain(double len, double vel, double[] lr, int lo, double acc0, double[] prm, int p) {
        double l0 = optimalLength(lr, lo, prm, p);
        double v = vel / Math.max(1e-15, l0 * prm[p + 6]);
        double fvmax = prm[p + 8], fv, y = fvmax - 1;
        if (v <= -1) {
            fv = 0;
        } else if (v <= 0) {
            fv = (v + 1) * (v + 1);
        } else if (v <= y) {
            fv = fvmax - (y - v) * (y - v) / Math.max(1e-15, y);
        } else {
            fv = fvmax;
        }
        return -muscleForce(prm, p, acc0) * forceLength(len, lr, lo, l0, prm, p) * fv;
    }

    /** MuJoCo's {@code mju_muscleGain} derivative in the velocity ({@code mjd_muscleGain_vel}). */
    static double muscleGainVel(double len, double vel, double[] lr, int lo, double acc0, double[] prm, int p) {
        double l0 = optimalLength(lr, lo, prm, p);
        double v = vel / Math.max(1e-15, l0 * prm[p + 6]);
        double dfv, y = prm[p + 8] - 1;
        if (v <= -1) {
            dfv = 0;
        } else if (v <= 0) {
            dfv = 2 * v + 2;
        } else if (v <= y) {
            dfv = (-2 * v + 2 * y) / Math.max(1e-15, y);
        } else {
            dfv = 0;
        }
        return -muscleForce(prm, p, acc0) * forceLength(len, lr, lo, l0, prm, p) * dfv / Math.max(1e-15, l0 * prm[p + 6]);
    }

    /** The muscle's optimal length: the length range over the operating range. */
    private static double optimalLength(double[] lr, int lo, double[] prm, int p) {
        return (lr[lo + 1] - lr[lo]) / Math.max(1e-15, prm[p + 1] - prm[p]);
    }

    /** The active force-length curve at the normalized length (piecewise quadratic between lmin and lmax). */
    private static double forceLength(double len, double[] lr, int lo, double l0, double[] prm, int p) {
        double lmin = prm[p + 4], lmax = prm[p + 5];
        double a = 0.5 * (lmin + 1), b = 0.5 * (1 + lmax), x;
        double l = prm[p] + (len - lr[lo]) / Math.max(1e-15, l0);
        if (l >= lmin && l <= a) {
            x = (l - lmin) / Math.max(1e-15, a - lmin);
            return 0.5 * x * x;
        } else if (l <= 1) {
            x = (1 - l) / Math.max(1e-15, 1 - a);
            return 1 - 0.5 * x * x;
        } else if (l <= b) {
            x = (l - 1) / Math.max(1e-15, b - 1);
            return 1 - 0.5 * x * x;
        } else if (l <= lmax) {
            x = (lmax - l) / Math.max(1e-15, lmax - b);
            return 0.5 * x * x;
        }
        return 0;
    }

    /** MuJoCo's {@code mju_muscleBias}: the passive force, half-quadratic beyond the optimal length, then linear. */
    static double muscleBias(double len, double[] lr, int lo, double acc0, double[] prm, int p) {
        double force = muscleForce(prm, p, acc0);
        double lmax = prm[p + 5], fpmax = prm[p + 7];
        double l0 = optimalLength(lr, lo, prm, p);
        double l = prm[p] + (len - lr[lo]) / Math.max(1e-15, l0);
        double b = 0.5 * (1 + lmax);
        if (l <= 1) {
            return 0;
        } else if (l <= b) {
            double x = (l - 1) / Math.max(1e-15, b - 1);
            return -force * fpmax * 0.5 * x * x;
        }
        double x = (l - b) / Math.max(1e-15, b - 1);
        return -force * fpmax * (0.5 + x);
    }

    private static double muscleForce(double[] prm, int p, double acc0) {
        double force = prm[p + 2];
        return force < 0 ? prm[p + 3] / Math.max(1e-15, acc0) : force;
    }

    /** MuJoCo's {@code mju_muscleDynamics}: a filter from the clamped ctrl with Millard's activation-dependent time constant. */
    static double muscleDynamics(double ctrl, double act, double tauAct, double tauDeact) {
        double c = Math.max(0, Math.min(1, ctrl));
        double a = Math.max(0, Math.min(1, act));
        double tau = c > act ? tauAct * (0.5 + 1.5 * a) : tauDeact / (0.5 + 1.5 * a);
        return (c - act) / Math.max(1e-15, tau);
    }

    /** The slot of {@code dof} among the actuator's sorted dofs. */
    private static int slot(int[] dofs, int adr, int num, int dof) {
        return Arrays.binarySearch(dofs, adr, adr + num, dof);
    }
}
