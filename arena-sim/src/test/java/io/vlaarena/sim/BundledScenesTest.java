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

    @Test
    void frontCameraSeesTheThreeObjects() {
        try (io.vlaarena.core.Environment env = new MjcfEnvironmentFactory().create(BundledScenes.frankaTableXml(),
                io.vlaarena.core.EnvironmentOptions.defaults())) {
            env.reset(0);
            io.vlaarena.core.RgbImage img = env.render("front", 320, 240);
            int red = 0;
            int blue = 0;
            int green = 0;
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    int rgb = img.rgb(x, y);
                    int r = rgb >> 16 & 0xff;
                    int g = rgb >> 8 & 0xff;
                    int b = rgb & 0xff;
                    red += r > 150 && g < 90 && b < 90 ? 1 : 0;
                    green += g > 120 && r < 100 && b < 100 ? 1 : 0;
                    blue += b > 150 && r < 90 && g < 120 ? 1 : 0;
                }
            }
            assertThat(red).as("red cube pixels").isGreaterThan(30);
            assertThat(green).as("green sphere pixels").isGreaterThan(20);
            assertThat(blue).as("blue cube pixels").isGreaterThan(30);
        }
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
