package io.vlaarena.core.replay;

import java.util.List;
import java.util.Objects;

/**
 * The world poses of a scene's moving bodies over a sequence of states: for each frame and body,
 * the position {@code x y z} (metres) and the orientation quaternion {@code w x y z}, as single
 * precision floats (what a viewer draws with).
 *
 * <p>Immutable and thread-safe: the array is copied in and out.
 *
 * @param bodyCount moving bodies per frame, in {@link SceneGeometry#movingBodies()} order
 * @param times the simulated time of each frame, seconds
 * @param poses {@code times.size() × bodyCount × 7} floats, frame-major
 */
public record PoseTrack(int bodyCount, List<Double> times, float[] poses) {
    /** Floats per body pose: position (3) and quaternion (4). */
    public static final int FLOATS_PER_POSE = 7;

    /** Validates and copies. */
    public PoseTrack {
        if (bodyCount < 0) {
            throw new IllegalArgumentException("bodyCount must not be negative, was " + bodyCount);
        }
        times = List.copyOf(times);
        Objects.requireNonNull(poses, "poses");
        if (poses.length != times.size() * bodyCount * FLOATS_PER_POSE) {
            throw new IllegalArgumentException("Expected " + times.size() + " frames × " + bodyCount + " bodies × "
                    + FLOATS_PER_POSE + " floats, got " + poses.length);
        }
        poses = poses.clone();
    }

    /** Number of frames. */
    public int frames() {
        return times.size();
    }

    /** A copy of all poses, frame-major. */
    @Override
    public float[] poses() {
        return poses.clone();
    }

    /** One body's pose in one frame: {@code x y z qw qx qy qz}. */
    public float[] pose(int frame, int body) {
        Objects.checkIndex(frame, frames());
        Objects.checkIndex(body, bodyCount);
        float[] out = new float[FLOATS_PER_POSE];
        System.arraycopy(poses, (frame * bodyCount + body) * FLOATS_PER_POSE, out, 0, FLOATS_PER_POSE);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoseTrack p && p.bodyCount == bodyCount && p.times.equals(times)
                && java.util.Arrays.equals(p.poses, poses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bodyCount, times, java.util.Arrays.hashCode(poses));
    }

    @Override
    public String toString() {
        return "PoseTrack[" + frames() + " frames × " + bodyCount + " bodies]";
    }
}
