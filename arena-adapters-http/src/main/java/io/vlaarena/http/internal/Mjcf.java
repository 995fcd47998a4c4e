package io.vlaarena.http.internal;

import io.vlaarena.core.SceneException;
import io.vlaarena.core.scene.SafeXml;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A structural MJCF check for services without a simulator, through arena-core's hardened reader:
 * well-formed XML, no DTD, a {@code <mujoco>} root.
 */
public final class Mjcf {
    /** The largest MJCF text checked, in characters (as the simulator's default limit). */
    private static final int MAX_CHARS = 16 * 1024 * 1024;

    private Mjcf() {}

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
}
