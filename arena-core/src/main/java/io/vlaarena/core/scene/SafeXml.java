package io.vlaarena.core.scene;

import io.vlaarena.core.SceneException;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stax.StAXSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;

/**
 * The one hardened XML reader of VLA Arena, for XML that may come from the network (scene
 * fragments, MJCF models posted to a service): the JDK's own StAX reader with no DTD (a DOCTYPE is
 * refused outright, so no entity, internal or external, can ever be declared or expanded), no
 * external access of any kind, no XInclude, and a bound on the input's size checked before
 * parsing. The scene catalog parses its fragments through it into DOM documents; arena-sim's MJCF
 * loader reads models through {@link #reader} into its own tree, adding its limits on element count
 * and depth.
 *
 * <p>Stateless and thread-safe.
 */
public final class SafeXml {
    /** The largest scene fragment {@link #parse} accepts, in characters. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;

    private SafeXml() {}

    /**
     * A hardened StAX reader over {@code xml}; the caller closes it. A DOCTYPE or an entity
     * reference met while reading throws {@link SceneException} naming {@code what} and the position.
     *
     * @param what what the text is, for messages, e.g. {@code "MJCF"}
     * @throws SceneException when {@code xml} is longer than {@code maxChars} characters, or the
     *     reader cannot start
     */
    public static XMLStreamReader reader(String what, String xml, int maxChars) {
        if (xml == null) {
            throw new SceneException("The " + what + " text is null.");
        }
        if (xml.length() > maxChars) {
            throw new SceneException("The " + what + " text has " + xml.length() + " characters; the limit is " + maxChars + ".");
        }
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory(); // the JDK's, whatever else is on the class path
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        trySet(factory, XMLConstants.FEATURE_SECURE_PROCESSING, Boolean.TRUE);
        // Defence in depth only (no entity can be declared without a DTD).
        trySet(factory, "jdk.xml.entityExpansionLimit", "100");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("External resources are not allowed: " + systemId);
        });
        try {
            return new StreamReaderDelegate(factory.createXMLStreamReader(new StringReader(xml))) {
                @Override
                public int next() throws XMLStreamException {
                    int event = super.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new SceneException("DOCTYPE declarations are not allowed in " + what + " (at " + at(getLocation())
                                + "); remove the <!DOCTYPE ...> and any entity declarations.");
                    }
                    if (event == XMLStreamConstants.ENTITY_REFERENCE || event == XMLStreamConstants.ENTITY_DECLARATION) {
                        throw new SceneException("Entity references are not allowed in " + what + " (at " + at(getLocation())
                                + "): '&" + getLocalName() + ";'.");
                    }
                    return event;
                }
            };
        } catch (XMLStreamException e) {
            throw new SceneException("The " + what + " text could not be read: " + e.getMessage(), e);
        }
    }

    private static void trySet(XMLInputFactory factory, String name, Object value) {
        try {
            factory.setProperty(name, value);
        } catch (IllegalArgumentException notSupported) {
            // Only a defence in depth: the DTD is refused anyway before any entity exists.
        }
    }

    private static String at(Location loc) {
        return "line " + loc.getLineNumber() + ", column " + loc.getColumnNumber();
    }

    /**
     * Parses a scene fragment of at most {@link #MAX_CHARS} characters into a DOM document, through
     * {@link #reader}.
     *
     * @throws SceneException with line and column on malformed or unsafe input
     */
    static Document parse(String what, String xml) {
        XMLStreamReader reader = reader(what, xml, MAX_CHARS);
        try {
            TransformerFactory tf = TransformerFactory.newDefaultInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DOMResult dom = new DOMResult();
            tf.newTransformer().transform(new StAXSource(reader), dom);
            return (Document) dom.getNode();
        } catch (TransformerException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e.getException();
            if (cause instanceof SceneException scene) {
                throw scene;
            }
            Location loc = cause instanceof XMLStreamException x ? x.getLocation() : null;
            throw new SceneException(what + " is not well-formed XML" + (loc == null ? "" : " at " + at(loc)) + ": "
                    + (cause != null ? cause.getMessage() : e.getMessage()), e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // Nothing is held open for a string source.
            }
        }
    }

    /** Prints {@code doc} as indented XML without an XML declaration. */
    static String print(Document doc) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("Printing a composed scene failed", e);
        }
    }
}
