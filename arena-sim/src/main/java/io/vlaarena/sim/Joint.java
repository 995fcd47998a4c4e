package io.vlaarena.sim;

/**
 * Where a joint's coordinates live in {@code qpos} and {@code qvel} (MuJoCo's {@code jnt_qposadr}
 * and {@code jnt_dofadr}): {@code qpos[qposAddress() .. qposAddress() + kind().qposWidth())} and the
 * matching range of {@code qvel}. From {@link SimModel#joint(String)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the joint's MJCF name
 * @param id the joint's id (document order)
 * @param kind free, ball, slide or hinge
 * @param qposAddress the first {@code qpos} index of the joint
 * @param qvelAddress the first {@code qvel} index of the joint
 */
public record Joint(String name, int id, Kind kind, int qposAddress, int qvelAddress) {

    /** MJCF joint types with their widths in {@code qpos} and {@code qvel} (SPEC.md §5). */
    public enum Kind {
        /** A free joint: position (x y z) and quaternion (w x y z) in qpos; linear and angular velocity in qvel. */
        FREE(7, 6),
        /** A ball joint: a quaternion (w x y z) in qpos, an angular velocity in qvel. */
        BALL(4, 3),
        /** A slide joint: one position, one velocity. */
        SLIDE(1, 1),
        /** A hinge joint: one angle, one angular velocity. */
        HINGE(1, 1);

        private final int qposWidth;
        private final int qvelWidth;

        Kind(int qposWidth, int qvelWidth) {
            this.qposWidth = qposWidth;
            this.qvelWidth = qvelWidth;
        }

        /** Values of this kind of joint in {@code qpos}. */
        public int qposWidth() {
            return qposWidth;
        }

        /** Values of this kind of joint in {@code qvel}. */
        public int qvelWidth() {
            return qvelWidth;
        }
    }

    /** Values of this joint in {@code qpos}. */
    public int qposWidth() {
        return kind.qposWidth();
    }

    /** Values of this joint in {@code qvel}. */
    public int qvelWidth() {
        return kind.qvelWidth();
    }
}
