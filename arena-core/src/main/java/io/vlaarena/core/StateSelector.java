package io.vlaarena.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks proprioceptive values out of an {@link Observation}, written as text in model cards and
 * {@code models.yaml}:
 *
 * <ul>
 *   <li>{@code qpos}, {@code qpos[i]}, {@code qpos[a:b]} (b exclusive) — joint positions in
 *       MuJoCo's layout; likewise {@code qvel};
 *   <li>{@code time} — simulated seconds;
 *   <li>{@code site_pos[NAME]} (3), {@code site_quat[NAME]} (4: w x y z),
 *       {@code site_axis_angle[NAME]} (3, see {@link SitePose#axisAngle()}), {@code site_euler[NAME]}
 *       (3, see {@link SitePose#euler()}) — an MJCF site's world pose, e.g. the end effector's; the
 *       policy's {@link ObservationSpec#sites()} must list it.
 * </ul>
 *
 * <p>The reverse direction, {@link #write}, rebuilds an observation from received values (a policy
 * server that receives proprioception over the network). Immutable and thread-safe.
 */
public final class StateSelector {
    private static final Pattern SYNTAX = Pattern.compile(
            "(qpos|qvel)(?:\\[(\\d+)(?::(\\d+))?\\])?|time|(site_pos|site_quat|site_axis_angle|site_euler)\\[([^\\[\\]\\s]+)\\]");

    private enum Kind { QPOS, QVEL, TIME, SITE_POS, SITE_QUAT, SITE_AXIS_ANGLE, SITE_EULER }

    private final String text;
    private final Kind kind;
    private final int from;
    /** Exclusive end, or -1 for "to the end". */
    private final int to;
    private final String site;

    private StateSelector(String text, Kind kind, int from, int to, String site) {
        this.text = text;
        this.kind = kind;
        this.from = from;
        this.to = to;
        this.site = site;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the text and the valid forms
     */
    public static StateSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        Matcher m = SYNTAX.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("Unknown state selector '" + text + "'; valid forms: qpos, qpos[i], "
                    + "qpos[a:b], qvel, qvel[i], qvel[a:b], time, site_pos[SITE], site_quat[SITE], site_axis_angle[SITE], "
                    + "site_euler[SITE]");
        }
        if (m.group(1) != null) {
            Kind kind = m.group(1).equals("qpos") ? Kind.QPOS : Kind.QVEL;
            if (m.group(2) == null) {
                return new StateSelector(t, kind, 0, -1, null);
            }
            int a = index(m.group(2), text);
            int b = m.group(3) == null ? a + 1 : index(m.group(3), text);
            if (b <= a) {
                throw new IllegalArgumentException("The state selector '" + text + "' selects nothing: its end must be "
                        + "greater than its start");
            }
            return new StateSelector(t, kind, a, b, null);
        }
        if (t.equals("time")) {
            return new StateSelector(t, Kind.TIME, 0, 1, null);
        }
        Kind kind = switch (m.group(4)) {
            case "site_pos" -> Kind.SITE_POS;
            case "site_quat" -> Kind.SITE_QUAT;
            case "site_euler" -> Kind.SITE_EULER;
            default -> Kind.SITE_AXIS_ANGLE;
        };
        return new StateSelector(t, kind, 0, kind == Kind.SITE_QUAT ? 4 : 3, m.group(5));
    }

    private static int index(String digits, String text) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The index in the state selector '" + text + "' is too large");
        }
    }

    /** The selector as written, e.g. {@code "qpos[0:7]"}. */
    public String text() {
        return text;
    }

    /** How many values it selects, when that does not depend on the scene ({@code qpos} alone does). */
    public OptionalInt length() {
        return to < 0 ? OptionalInt.empty() : OptionalInt.of(to - from);
    }

    /** The site it reads, for a site selector. */
    public Optional<String> site() {
        return Optional.ofNullable(site);
    }

    /**
     * The selected values.
     *
     * @throws IllegalArgumentException when the observation is too short for the slice or lacks the
     *     site, naming both
     */
    public double[] read(Observation o) {
        return switch (kind) {
            case QPOS -> slice(o.state().qpos(), "qpos");
            case QVEL -> slice(o.state().qvel(), "qvel");
            case TIME -> new double[] {o.state().time()};
            case SITE_POS -> pose(o).position();
            case SITE_QUAT -> pose(o).quaternion();
            case SITE_AXIS_ANGLE -> pose(o).axisAngle();
            case SITE_EULER -> pose(o).euler();
        };
    }

    private double[] slice(double[] v, String name) {
        int end = to < 0 ? v.length : to;
        if (end > v.length) {
            throw new IllegalArgumentException("The state selector '" + text + "' reaches beyond the scene's " + v.length
                    + " " + name + " values");
        }
        return Arrays.copyOfRange(v, from, end);
    }

    private SitePose pose(Observation o) {
        return o.site(site).orElseThrow(() -> new IllegalArgumentException("The state selector '" + text
                + "' needs the pose of the site '" + site + "', which the observation lacks (observed sites: "
                + o.sites().keySet() + ")"));
    }

    /**
     * Writes {@code values[offset .. offset + length)} where this selector reads from, into {@code target}.
     *
     * A {@code qpos} or {@code qvel} without a range takes every value that remains.
     *
     * @return how many values it consumed
     * @throws IllegalArgumentException when fewer values remain than the selector needs
     */
    public int write(double[] values, int offset, Target target) {
        int n = to < 0 ? values.length - offset : to - from;
        if (offset + n > values.length) {
            throw new IllegalArgumentException("The state selector '" + text + "' needs " + n + " values, only "
                    + (values.length - offset) + " remain");
        }
        double[] part = Arrays.copyOfRange(values, offset, offset + n);
        switch (kind) {
            case QPOS -> target.qpos = put(target.qpos, from, part);
            case QVEL -> target.qvel = put(target.qvel, from, part);
            case TIME -> target.time = part[0];
            case SITE_POS -> target.site(site).position = part;
            case SITE_QUAT -> target.site(site).quaternion = part;
            case SITE_AXIS_ANGLE -> target.site(site).axisAngle = part;
            case SITE_EULER -> target.site(site).euler = part;
        }
        return n;
    }

    private static double[] put(double[] into, int at, double[] part) {
        double[] out = into.length >= at + part.length ? into : Arrays.copyOf(into, at + part.length);
        System.arraycopy(part, 0, out, at, part.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateSelector s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * An observation being rebuilt from received values: {@code qpos}/{@code qvel} grow to the highest
     * index written (zeros elsewhere), sites collect position and orientation. Not thread-safe.
     */
    public static final class Target {
        private double[] qpos = new double[0];
        private double[] qvel = new double[0];
        private double time;
        private final Map<String, SiteParts> sites = new HashMap<>();

        /** An empty target. */
        public Target() {}

        private SiteParts site(String name) {
            return sites.computeIfAbsent(name, n -> new SiteParts());
        }

        /** Extends {@code qpos} and {@code qvel} with zeros to at least these lengths (a policy's expected sizes). */
        public Target atLeast(int nq, int nv) {
            qpos = qpos.length >= nq ? qpos : Arrays.copyOf(qpos, nq);
            qvel = qvel.length >= nv ? qvel : Arrays.copyOf(qvel, nv);
            return this;
        }

        /**
         * The observation: the state written so far, {@code images}, and each site written (identity
         * orientation or origin for the part not written).
         */
        public Observation toObservation(int step, Map<String, RgbImage> images) {
            Map<String, SitePose> poses = new HashMap<>();
            sites.forEach((name, p) -> {
                double[] pos = p.position == null ? new double[3] : p.position;
                poses.put(name, p.quaternion != null ? new SitePose(pos, p.quaternion)
                        : p.euler != null ? SitePose.ofEuler(pos, p.euler)
                        : SitePose.ofAxisAngle(pos, p.axisAngle == null ? new double[3] : p.axisAngle));
            });
            return new Observation(step, new SimState(qpos, qvel, time), images, poses);
        }

        private static final class SiteParts {
            double[] position;
            double[] quaternion;
            double[] axisAngle;
            double[] euler;
        }
    }
}
