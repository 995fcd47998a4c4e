package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class BundledScenesTest {

    @Test
    void listsTheOriginalIdsAndAliases() {
        assertThat(BundledScenes.catalog().robotIds()).containsExactly("franka", "franka_panda");
        assertThat(BundledScenes.catalog().sceneIds()).containsExactly("table", "table_pick_place");
        assertThat(BundledScenes.catalog().composeXml("franka_panda", "table_pick_place"))
                .isEqualTo(BundledScenes.frankaTableXml());
    }

    @Test
    void composedSceneIsTheOneMujocoWasCheckedOn() throws Exception {
        // reference/franka_table.xml is the composition that MuJoCo's own reference numbers were produced from.
        String reference;
        try (InputStream in = getClass().getResourceAsStream("reference/franka_table.xml")) {
            reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(canonical(BundledScenes.frankaTableXml())).isEqualTo(canonical(reference));
    }

    /** Elements, attributes (sorted) and nesting; comments and whitespace dropped. */
    private static String canonical(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)))
                .getDocumentElement();
        StringBuilder sb = new StringBuilder();
        append(root, sb, 0);
        return sb.toString();
    }

    private static void append(Element e, StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth)).append('<').append(e.getTagName());
        java.util.TreeMap<String, String> attrs = new java.util.TreeMap<>();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            Node a = e.getAttributes().item(i);
            attrs.put(a.getNodeName(), a.getNodeValue().trim().replaceAll("\\s+", " "));
        }
        attrs.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(v).append('"'));
        sb.append(">\n");
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                append(child, sb, depth + 1);
            }
        }
    }
}
