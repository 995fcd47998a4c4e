package io.vlaarena.http.internal;

import io.vlaarena.core.SceneException;
import io.vlaarena.core.scene.SafeXml;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * MJCF checks a service makes before it compiles anything, through arena-core's hardened reader: a
 * structural check for services without a simulator (well-formed XML, no DTD, a {@code <mujoco>}
 * root), and the size of a model read in one streaming pass, so that a model too large for the
 * service is refused before it takes memory or CPU.
 */
public final class Mjcf {
    /** The largest MJCF text checked, in characters (as the simulator's default limit). */
    private static final int MAX_CHARS = 16 * 1024 * 1024;

    private Mjcf() {}

    /**
     * What a model will need, counted from its XML: bodies (the world body excluded), geoms,
     * degrees of freedom (free joint 6, ball 3, hinge and slide 1), the {@code <option timestep>}
     * (MuJoCo's default 0.002 s when absent) and an estimate of the memory one simulation of it
     * takes.
     */
    public record Size(int bodies, int geoms, int dofs, double timestep, long estimatedBytes) {}

    /** Returns {@code null} when {@code xml} passes, else the reason. */
    public static String check(String xml) {
        try {
            XMLStreamReader reader = SafeXml.reader("MJCF", xml, MAX_CHARS);
            try {
                String root = null;
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT && root == null) {
                        root = reader.getLocalName();
                    }
                }
                if (root == null) {
                    return "the XML has no root element";
                }
                return root.equals("mujoco") ? null : "the root element is <" + root + ">, expected <mujoco>";
            } finally {
                reader.close();
            }
        } catch (SceneException e) {
            return e.getMessage();
        } catch (XMLStreamException e) {
            String m = e.getMessage() == null ? "malformed XML" : e.getMessage();
            int i = m.indexOf("Message: ");
            return i >= 0 ? m.substring(i + "Message: ".length()).strip() : m;
        }
    }

    /**
     * Counts the model's bodies, geoms and DoFs in one streaming pass (constant memory), skipping
     * {@code <default>} classes; a {@code <composite>} counts as the bodies and geoms it generates.
     *
     * @throws IllegalArgumentException when the XML cannot be read (the simulator's loader then
     *     gives its own, more precise error)
     */
    public static Size measure(String xml) {
        int bodies = 0;
        int geoms = 0;
        int dofs = 0;
        double timestep = 0.002;
        int inDefault = 0;
        try {
            XMLStreamReader r = SafeXml.reader("MJCF", xml, MAX_CHARS);
            try {
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("default")) {
                        inDefault--;
                    }
                    if (event != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    String name = r.getLocalName();
                    if (name.equals("default")) {
                        inDefault++;
                    } else if (name.equals("option")) {
                        String ts = r.getAttributeValue(null, "timestep");
                        if (ts != null) {
                            timestep = parse(ts.trim(), "option timestep");
                        }
                    } else if (inDefault == 0) {
                        switch (name) {
                            case "body" -> bodies++;
                            case "geom" -> geoms++;
                            case "freejoint" -> dofs += 6;
                            case "joint" -> dofs += switch (String.valueOf(r.getAttributeValue(null, "type")).trim()) {
                                case "free" -> 6;
                                case "ball" -> 3;
                                default -> 1;
                            };
                            case "composite" -> {
                                long n = 1;
                                String count = r.getAttributeValue(null, "count");
                                for (String c : (count == null ? "1" : count.trim()).split("\\s+")) {
                                    n = Math.min(Integer.MAX_VALUE, n * Math.max(1, (long) parse(c, "composite count")));
                                }
                                bodies = (int) Math.min(Integer.MAX_VALUE, bodies + n);
                                geoms = (int) Math.min(Integer.MAX_VALUE, geoms + n);
                                dofs = (int) Math.min(Integer.MAX_VALUE, dofs + 3 * n);
                            }
                            default -> { }
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | SceneException e) {
            throw new IllegalArgumentException("The XML cannot be read: " + e.getMessage(), e);
        }
        return new Size(bodies, geoms, dofs, timestep, estimateBytes(bodies, geoms, dofs));
    }

    /**
     * Memory of one simulation, in MuJoCo 2.2.2's dense layout: the joint-space matrices (mass
     * matrix, its factor and a few more, nv² each), and the constraint rows of up to four contacts
     * per geom (pyramidal friction: 4 rows a contact) plus two per DoF, with their Jacobian (rows × nv)
     * and the dense solver's rows × rows matrix; plus about 1 KiB per body and geom.
     */
    static long estimateBytes(int bodies, int geoms, int dofs) {
        double nv = dofs;
        double rows = 4.0 * 4 * geoms + 2 * nv;
        double doubles = 4 * nv * nv + 2 * rows * nv + rows * rows;
        return (long) Math.min(Long.MAX_VALUE, 8 * doubles + 1024.0 * (bodies + geoms));
    }

    private static double parse(String s, String what) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The " + what + " '" + s + "' is not a number", e);
        }
    }
}
