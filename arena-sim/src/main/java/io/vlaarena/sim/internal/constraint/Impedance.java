package io.vlaarena.sim.internal.constraint;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;

/**
 * MuJoCo's soft constraints ({@code mj_makeImpedance}, {@code mj_referenceConstraint}): each row
 * has an impedance {@code d(r)} from its solimp at its violation, a regularizer
 * {@code R = (1−d)/d · invweight}, and a reference acceleration
 * {@code aref = −b·J·v − k·d·r} with {@code k = 1/(dmax² tc² dr²)}, {@code b = 2/(dmax tc)} from
 * its solref (time constant at least two steps). Equality rows use their equality's
 * solref/solimp, their impedance following the norm of the whole equality's violation; joint and
 * tendon limits use the joint's or tendon's {@code solreflimit/solimplimit}, measured from its
 * margin; frictionloss rows their dof's or tendon's {@code solreffriction/solimpfriction} at zero
 * violation; contacts the contact's. Stateless.
 */
public final class Impedance {
    private Impedance() {
    }

    /** MuJoCo's bounds on dmin, dmax and the midpoint of a solimp (mjMINIMP, mjMAXIMP). */
    public static final double MINIMP = 0.0001, MAXIMP = 0.9999;

    /** A solimp value clamped to [MINIMP, MAXIMP], as MuJoCo's {@code getsolparam} clamps dmin, dmax and midpoint. */
    public static double clampImp(double v) {
        return Math.min(MAXIMP, Math.max(MINIMP, v));
    }

    /**
     * MuJoCo's impedance for a solimp (dmin, dmax, width, mid, power) at violation {@code pos};
     * the values are clamped first as MuJoCo 2.2.2 clamps them when it builds the rows (dmin,
     * dmax, mid to [0.0001, 0.9999], width to at least 0, power to at least 1): a model may store
     * any values.
     */
    public static double impedance(double[] solimp, int o, double pos) {
        double dmin = clampImp(solimp[o]), dmax = clampImp(solimp[o + 1]), width = Math.max(0, solimp[o + 2]);
        double mid = clampImp(solimp[o + 3]), power = Math.max(1, solimp[o + 4]);
        if (dmin == dmax || width <= 1e-15) {
            return 0.5 * (dmin + dmax); // flat
        }
        double x = Math.abs(pos) / width;
        if (x >= 1) {
            return dmax;
        }
        double y;
        if (power == 1) {
            y = x;
        } else if (power == 2) {
            // MuJoCo's default: x^2 / mid below the midpoint, 1 - (1 - x)^2 / (1 - mid) above
            y = x <= mid ? x * x / mid : 1 - (1 - x) * (1 - x) / (1 - mid);
        } else if (x <= mid) {
            y = Math.pow(x, power) / Math.pow(mid, power - 1);
        } else {
            y = 1 - Math.pow(1 - x, power) / Math.pow(1 - mid, power - 1);
        }
        return dmin + y * (dmax - dmin);
    }

    /** The impedance of every row ({@code d.efc_imp}); needs the rows of this state. */
    public static void makeImpedance(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        for (int r = 0; r < d.nefc; r++) {
            int id = d.efc_id[r];
            d.efc_imp[r] = switch (d.efc_type[r]) {
                case MjData.CNSTR_EQUALITY -> impedance(m.eq_solimp, 5 * id, d.efc_eqnorm[r]);
                case MjData.CNSTR_LIMIT_TENDON -> impedance(m.tendon_solimp_lim, 5 * id, d.efc_pos[r] - d.efc_margin[r]);
                case MjData.CNSTR_LIMIT_JOINT -> impedance(m.jnt_solimp, 5 * id, d.efc_pos[r] - d.efc_margin[r]);
                case MjData.CNSTR_FRICTION_DOF -> impedance(m.dof_solimp, 5 * id, 0);
                case MjData.CNSTR_FRICTION_TENDON -> impedance(m.tendon_solimp_fri, 5 * id, 0);
                case MjData.CNSTR_CONTACT_FRICTIONLESS, MjData.CNSTR_CONTACT_PYRAMIDAL -> impedance(d.contact_solimp, 5 * id,
                        d.efc_pos[r] - d.efc_margin[r]);
                default -> impedance(PhysicsModel.DEFAULT_SOLIMP, 0, d.efc_pos[r]);
            };
        }
    }

    /** The regularizer of row r: {@code (1−d)/d · invweight}, at least 1e-15. */
    public static double regularizer(MjData d, int r) {
        double imp = d.efc_imp[r];
        return Math.max(1e-15, (1 - imp) / imp * d.efc_invweight[r]);
    }

    /** Each row's velocity {@code J·qvel} and reference acceleration ({@code mj_referenceConstraint}). */
    public static void referenceConstraint(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv;
        double h = m.timestep;
        boolean refsafe = (m.disableflags & MjModel.DSBL_REFSAFE) == 0;
        for (int r = 0; r < d.nefc; r++) {
            double vel = 0;
            for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                vel += d.efc_J[k] * d.qvel[d.efc_J_colind[k]];
            }
            d.efc_vel[r] = vel;
            int id = d.efc_id[r];
            switch (d.efc_type[r]) {
                case MjData.CNSTR_EQUALITY -> d.efc_aref[r] = aref(m.eq_solref, 2 * id, m.eq_solimp, 5 * id, d.efc_pos[r],
                        d.efc_imp[r], vel, h, refsafe);
                case MjData.CNSTR_LIMIT_TENDON -> d.efc_aref[r] = aref(m.tendon_solref_lim, 2 * id, m.tendon_solimp_lim, 5 * id,
                        d.efc_pos[r] - d.efc_margin[r], d.efc_imp[r], vel, h, refsafe);
                case MjData.CNSTR_LIMIT_JOINT -> d.efc_aref[r] = aref(m.jnt_solref, 2 * id, m.jnt_solimp, 5 * id,
                        d.efc_pos[r] - d.efc_margin[r], d.efc_imp[r], vel, h, refsafe);
                // frictionloss rows have no stiffness (violation 0): aref = -b vel
                case MjData.CNSTR_FRICTION_DOF -> d.efc_aref[r] = aref(m.dof_solref, 2 * id, m.dof_solimp, 5 * id, 0,
                        d.efc_imp[r], vel, h, refsafe);
                case MjData.CNSTR_FRICTION_TENDON -> d.efc_aref[r] = aref(m.tendon_solref_fri, 2 * id, m.tendon_solimp_fri,
                        5 * id, 0, d.efc_imp[r], vel, h, refsafe);
                case MjData.CNSTR_CONTACT_FRICTIONLESS, MjData.CNSTR_CONTACT_PYRAMIDAL -> d.efc_aref[r] = aref(d.contact_solref,
                        2 * id, d.contact_solimp, 5 * id, d.efc_pos[r] - d.efc_margin[r], d.efc_imp[r], vel, h, refsafe);
                default -> d.efc_aref[r] = aref(PhysicsModel.DEFAULT_SOLREF, 0, PhysicsModel.DEFAULT_SOLIMP, 0, d.efc_pos[r],
                        d.efc_imp[r], vel, h, refsafe);
            }
        }
    }

    /**
     * {@code aref = −b·vel − k·imp·violation} for solref at {@code solref[so]} and the dmax of
     * {@code solimp[io]}: standard form (time constant at least two steps, damping ratio) or
     * MuJoCo's direct form (both negative: −stiffness, −damping).
     */
    private static double aref(double[] solref, int so, double[] solimp, int io, double violation, double imp, double vel,
            double h, boolean refsafe) {
        double dmax = clampImp(solimp[io + 1]);
        if (solref[so] > 0) {
            // MuJoCo's refsafe: the time constant is at least two steps unless the refsafe flag is off
            double tc = refsafe ? Math.max(solref[so], 2 * h) : solref[so], dr = solref[so + 1];
            double k = 1 / (dmax * dmax * tc * tc * dr * dr), b = 2 / (dmax * tc);
            return -b * vel - k * imp * violation;
        }
        double k = -solref[so] / Math.max(1e-15, dmax * dmax), b = -solref[so + 1] / Math.max(1e-15, dmax);
        return -b * vel - k * imp * violation;
    }
}
