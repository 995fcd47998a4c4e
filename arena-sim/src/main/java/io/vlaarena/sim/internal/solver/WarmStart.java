package io.vlaarena.sim.internal.solver;

import io.vlaarena.sim.internal.physics.MjData;

/**
 * The solver's warm start: each contact's rows start from last step's forces of the same geom
 * pair and contact index (when it has the same number of rows), the equality rows from last
 * step's equality forces (when there are as many). Stateless; the memory is in the data.
 */
public final class WarmStart {
    private WarmStart() {
    }

    /** Seeds {@code d.efc_force} (zero beforehand) from the last step's forces. */
    public static void load(MjData d) {
        int p = 0, prev = d.warm_ncon;
        for (int c = 0; c < d.ncon; c++) {
            // contacts come in the same pair order every step: scan forward, wrapping once
            for (int tries = 0; tries < prev; tries++) {
                if (p >= prev) {
                    p = 0;
                }
                if (d.warm_geom1[p] == d.contact_geom1[c] && d.warm_geom2[p] == d.contact_geom2[c]
                        && d.warm_index[p] == d.contact_index[c]) {
                    int rows = rows(d, c);
                    if (rows == d.warm_rows[p]) {
                        System.arraycopy(d.warm_force, 4 * p, d.efc_force, d.contact_efc_address[c], rows);
                    }
                    p++;
                    break;
                }
                p++;
            }
        }
        if (d.ne > 0 && d.ne == d.warm_ne) {
            System.arraycopy(d.warm_eqforce, 0, d.efc_force, 0, d.ne);
        }
    }

    /** Remembers this step's contact and equality forces for the next step. */
    public static void save(MjData d) {
        if (d.ne > 0) {
            if (d.warm_eqforce.length < d.ne) {
                d.warm_eqforce = new double[Math.max(d.ne, 2 * d.warm_eqforce.length)];
            }
            System.arraycopy(d.efc_force, 0, d.warm_eqforce, 0, d.ne);
        }
        d.warm_ne = d.ne;
        int ncon = d.ncon;
        if (d.warm_geom1.length < ncon) {
            int cap = Math.max(ncon, 2 * d.warm_geom1.length);
            d.warm_geom1 = new int[cap];
            d.warm_geom2 = new int[cap];
            d.warm_index = new int[cap];
            d.warm_rows = new int[cap];
            d.warm_force = new double[4 * cap];
        }
        for (int c = 0; c < ncon; c++) {
            int rows = rows(d, c);
            d.warm_geom1[c] = d.contact_geom1[c];
            d.warm_geom2[c] = d.contact_geom2[c];
            d.warm_index[c] = d.contact_index[c];
            d.warm_rows[c] = rows;
            System.arraycopy(d.efc_force, d.contact_efc_address[c], d.warm_force, 4 * c, rows);
        }
        d.warm_ncon = ncon;
    }

    /** Forgets the forces (no rows this step). */
    public static void clear(MjData d) {
        d.warm_ncon = 0;
        d.warm_ne = 0;
    }

    private static int rows(MjData d, int c) {
        return c + 1 < d.ncon ? d.contact_efc_address[c + 1] - d.contact_efc_address[c] : d.nefc - d.contact_efc_address[c];
    }
}
