package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import io.vlaarena.core.scene.SafeXml;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses untrusted XML into an {@link XmlElement} tree through arena-core's hardened reader
 * ({@link SafeXml#reader}: no DTD, so neither external nor internal entities can ever be declared
 * or expanded, no external access, a size bound), adding MJCF's bounds on element count and
 * nesting depth and refusing namespaces. Stateless and thread-safe.
 */
final class SafeXmlParser {
    private SafeXmlParser() {
    }

    static XmlElement parse(String xml, MjcfLoader.Limits limits) {
        // The one hardened reader (arena-core): no DTD, no external access, the size bound.
        XMLStreamReader reader = SafeXml.reader("MJCF", xml, limits.maxChars());
        try {
            return read(reader, limits);
        } catch (XMLStreamException e) {
            throw malformed(e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // Nothing is held open for a string source; a close failure changes nothing.
            }
        }
    }

    private static XmlElement read(XMLStreamReader reader, MjcfLoader.Limits limits) throws XMLStreamException {
        Deque<XmlElement> open = new ArrayDeque<>();
        XmlElement root = null;
        int elements = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD:
                    throw new SceneException("DOCTYPE declarations are not allowed in MJCF (at " + at(reader.getLocation())
                            + "); remove the <!DOCTYPE ...> and any entity declarations.");
                case XMLStreamConstants.ENTITY_REFERENCE:
                case XMLStreamConstants.ENTITY_DECLARATION:
                    throw new SceneException("Entity references are not allowed in MJCF (at " + at(reader.getLocation())
                            + "): '&" + reader.getLocalName() + ";'.");
                case XMLStreamConstants.START_ELEMENT: {
                    Location loc = reader.getLocation();
                    String prefix = reader.getPrefix();
                    String ns = reader.getNamespaceURI();
                    if ((prefix != null && !prefix.isEmpty()) || (ns != null && !ns.isEmpty())) {
                        throw new SceneException("Namespaced element <" + prefix + ":" + reader.getLocalName()
                                + "> at line " + loc.getLineNumber() + " is not MJCF.");
                    }
                    if (++elements > limits.maxElements()) {
                        throw new SceneException("The MJCF has more than " + limits.maxElements()
                                + " elements (limit reached at line " + loc.getLineNumber() + ").");
                    }
                    if (open.size() + 1 > limits.maxDepth()) {
                        throw new SceneException("The MJCF nests elements deeper than " + limits.maxDepth()
                                + " levels (at <" + reader.getLocalName() + "> line " + loc.getLineNumber() + ").");
                    }
                    XmlElement element = new XmlElement(reader.getLocalName(), loc.getLineNumber(), loc.getColumnNumber());
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        String attrPrefix = reader.getAttributePrefix(i);
                        String name = reader.getAttributeLocalName(i);
                        if (attrPrefix != null && !attrPrefix.isEmpty()) {
                            throw new SceneException("Namespaced attribute '" + attrPrefix + ":" + name + "' on "
                                    + element.where() + " is not MJCF.");
                        }
                        element.putAttribute(name, reader.getAttributeValue(i));
                    }
                    if (open.isEmpty()) {
                        if (root != null) {
                            throw new SceneException("The MJCF has more than one root element (second at line "
                                    + loc.getLineNumber() + ").");
                        }
                        root = element;
                    } else {
                        open.peek().addChild(element);
                    }
                    open.push(element);
                    break;
                }
                case XMLStreamConstants.END_ELEMENT:
                    open.pop();
                    break;
                default:
                    // Text, comments, whitespace and processing instructions carry no MJCF meaning.
                    break;
            }
        }
        if (root == null) {
            throw new SceneException("The MJCF text has no root element.");
        }
        return root;
    }

    private static SceneException malformed(XMLStreamException e) {
        Location loc = e.getLocation();
        String detail = e.getMessage() == null ? "" : e.getMessage();
        // The JDK prefixes its message with "ParseError at [row,col]:[..]\nMessage: "; keep the message only.
        int idx = detail.indexOf("Message: ");
        if (idx >= 0) {
            detail = detail.substring(idx + "Message: ".length());
        }
        String where = loc == null ? "unknown position" : at(loc);
        return new SceneException("Malformed XML at " + where + ": " + detail.strip(), e);
    }

    private static String at(Location loc) {
        return "line " + loc.getLineNumber() + ", column " + loc.getColumnNumber();
    }
}
