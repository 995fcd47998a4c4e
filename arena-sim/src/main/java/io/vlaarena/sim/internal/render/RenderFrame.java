package io.vlaarena.sim.internal.render;

import java.util.Objects;

/**
 * The world poses of a model's geoms, cameras and lights at one instant: what the renderer needs
 * besides the static {@link io.vlaarena.sim.internal.model.MjModel}.
 *
 * <p>Arrays follow {@code mjData}: positions 3 per object, orientations 9 per object as row-major
 * rotation matrices whose columns are the object's local axes in the world frame. The renderer
 * reads the arrays during {@code render} and keeps no reference afterwards, so a simulator may
 * implement this interface directly over its own state arrays (no copy); the arrays must not
 * change while a frame is rendered. Thread-safety is that of the arrays behind it.
 *
 * <p>Spatial tendons are drawn from the paths MuJoCo records for drawing ({@code mjData.wrap_xpos},
 * {@code wrap_obj}, {@code ten_wrapadr}, {@code ten_wrapnum}); a frame that gives none (the
 * default, or fewer {@code tenWrapadr} entries than the model has tendons) draws no tendon.
 *
 * <p>Skins are drawn from the bodies' poses ({@code mjData.xpos}, {@code xquat}); a frame that
 * gives none (the default, or arrays shorter than the model's bodies need) draws no skin.
 */
public interface RenderFrame {
    /** Geom positions, 3 per geom (metres, world frame). */
    double[] geomXpos();

    /** Geom orientations, 9 per geom (row-major, columns are the geom's axes in the world). */
    double[] geomXmat();

    /** Camera positions, 3 per camera; may be empty when the model has no cameras. */
    double[] camXpos();

    /** Camera orientations, 9 per camera; the camera looks along its local -z, +y is image up. */
    double[] camXmat();

    /** Light positions, 3 per light; may be empty when the model has no lights. */
    double[] lightXpos();

    /** Light directions, 3 per light (the direction the light shines, need not be normalized). */
    double[] lightXdir();

    /** Tendon path points, 3 per point (metres, world frame); empty when the frame carries no tendon paths. */
    default double[] wrapXpos() {
        return new double[0];
    }

    /** Each path point's object: -1 a site, -2 a pulley separator (no segment to or from it), else the wrapped geom. */
    default int[] wrapObj() {
        return new int[0];
    }

    /** Each tendon's first path point; empty when the frame carries no tendon paths. */
    default int[] tenWrapadr() {
        return new int[0];
    }

    /** Each tendon's number of path points (0 for a fixed tendon). */
    default int[] tenWrapnum() {
        return new int[0];
    }

    /** Body positions, 3 per body (world frame); empty when the frame carries no body poses (then no skin is drawn). */
    default double[] bodyXpos() {
        return new double[0];
    }

    /** Body orientations, 4 per body (unit quaternions w, x, y, z); empty when the frame carries no body poses. */
    default double[] bodyXquat() {
        return new double[0];
    }

    /**
     * This frame with the given tendon paths (as {@code mjData}'s arrays of the same names, not
     * copied).
     */
    default RenderFrame withTendonPaths(double[] wrapXpos, int[] wrapObj, int[] tenWrapadr, int[] tenWrapnum) {
        return new ArrayRenderFrame(geomXpos(), geomXmat(), camXpos(), camXmat(), lightXpos(), lightXdir(),
                Objects.requireNonNull(wrapXpos, "wrapXpos"), Objects.requireNonNull(wrapObj, "wrapObj"),
                Objects.requireNonNull(tenWrapadr, "tenWrapadr"), Objects.requireNonNull(tenWrapnum, "tenWrapnum"),
                bodyXpos(), bodyXquat());
    }

    /**
     * This frame with the given body poses (as {@code mjData.xpos} and {@code xquat}, not
     * copied), from which skins are drawn.
     */
    default RenderFrame withBodyPoses(double[] bodyXpos, double[] bodyXquat) {
        return new ArrayRenderFrame(geomXpos(), geomXmat(), camXpos(), camXmat(), lightXpos(), lightXdir(), wrapXpos(),
                wrapObj(), tenWrapadr(), tenWrapnum(), Objects.requireNonNull(bodyXpos, "bodyXpos"),
                Objects.requireNonNull(bodyXquat, "bodyXquat"));
    }

    /**
     * A frame over the given arrays, which are not copied; null arrays count as empty. It carries
     * no tendon paths (see {@link #withTendonPaths}) and no body poses (see {@link #withBodyPoses}).
     */
    static RenderFrame of(double[] geomXpos, double[] geomXmat, double[] camXpos, double[] camXmat,
            double[] lightXpos, double[] lightXdir) {
        return new ArrayRenderFrame(orEmpty(geomXpos), orEmpty(geomXmat), orEmpty(camXpos), orEmpty(camXmat),
                orEmpty(lightXpos), orEmpty(lightXdir), new double[0], new int[0], new int[0], new int[0], new double[0],
                new double[0]);
    }

    private static double[] orEmpty(double[] a) {
        return a == null ? new double[0] : a;
    }
}

/** The plain holder behind {@link RenderFrame#of}; arrays are shared, not copied, by design. */
final class ArrayRenderFrame implements RenderFrame {
    private final double[] geomXpos, geomXmat, camXpos, camXmat, lightXpos, lightXdir, wrapXpos, bodyXpos, bodyXquat;
    private final int[] wrapObj, tenWrapadr, tenWrapnum;

    ArrayRenderFrame(double[] geomXpos, double[] geomXmat, double[] camXpos, double[] camXmat,
            double[] lightXpos, double[] lightXdir, double[] wrapXpos, int[] wrapObj, int[] tenWrapadr, int[] tenWrapnum,
            double[] bodyXpos, double[] bodyXquat) {
        this.geomXpos = Objects.requireNonNull(geomXpos);
        this.geomXmat = Objects.requireNonNull(geomXmat);
        this.camXpos = Objects.requireNonNull(camXpos);
        this.camXmat = Objects.requireNonNull(camXmat);
        this.lightXpos = Objects.requireNonNull(lightXpos);
        this.lightXdir = Objects.requireNonNull(lightXdir);
        this.wrapXpos = wrapXpos;
        this.wrapObj = wrapObj;
        this.tenWrapadr = tenWrapadr;
        this.tenWrapnum = tenWrapnum;
        this.bodyXpos = bodyXpos;
        this.bodyXquat = bodyXquat;
    }

    @Override public double[] geomXpos() { return geomXpos; }
    @Override public double[] geomXmat() { return geomXmat; }
    @Override public double[] camXpos() { return camXpos; }
    @Override public double[] camXmat() { return camXmat; }
    @Override public double[] lightXpos() { return lightXpos; }
    @Override public double[] lightXdir() { return lightXdir; }
    @Override public double[] wrapXpos() { return wrapXpos; }
    @Override public int[] wrapObj() { return wrapObj; }
    @Override public int[] tenWrapadr() { return tenWrapadr; }
    @Override public int[] tenWrapnum() { return tenWrapnum; }
    @Override public double[] bodyXpos() { return bodyXpos; }
    @Override public double[] bodyXquat() { return bodyXquat; }
}
