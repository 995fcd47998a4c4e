package io.vlaarena.http.internal;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** A structural MJCF check for services without a simulator: well-formed XML, no DTD, a {@code <mujoco>} root. */
public final class Mjcf {
    private Mjcf() {}

    /** Returns {@code null} when {@code xml} passes, else the reason. */
    public static String check(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            Document doc = builder.parse(new InputSource(new StringReader(xml)));
            String root = doc.getDocumentElement().getTagName();
            return root.equals("mujoco") ? null : "the root element is <" + root + ">, expected <mujoco>";
        } catch (Exception e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
