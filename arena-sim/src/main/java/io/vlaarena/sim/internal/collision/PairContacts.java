package io.vlaarena.sim.internal.collision;

/**
 * The contacts one collider finds for one geom pair, before the driver completes them (MuJoCo's
 * {@code mjContact con[mjMAXCONPAIR]}): distance (negative: penetration), position (midway
 * between the surfaces) and frame (normal from geom1 to geom2 first; the second row may hint the
 * first tangent, zero otherwise). Scratch of one rollout; not thread-safe.
 */
final class PairContacts {
    /** Most contacts a pair may have (mjMAXCONPAIR). */
    static final int MAX = 50;

    final double[] dist = new double[MAX];
    final double[] pos = new double[3 * MAX];
    final double[] frame = new double[9 * MAX];

    /** Contact i's normal (n), tangent hint zero. */
    void setFrame(int i, double nx, double ny, double nz) {
        int o = 9 * i;
        frame[o] = nx;
        frame[o + 1] = ny;
        frame[o + 2] = nz;
        frame[o + 3] = 0;
        frame[o + 4] = 0;
        frame[o + 5] = 0;
    }

    /** Copies contact {@code from} over contact {@code to}. */
    void copy(int from, int to) {
        dist[to] = dist[from];
        System.arraycopy(pos, 3 * from, pos, 3 * to, 3);
        System.arraycopy(frame, 9 * from, frame, 9 * to, 9);
    }
}
