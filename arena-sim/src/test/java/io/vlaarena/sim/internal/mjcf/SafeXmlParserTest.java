package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The XML front end faces the network: these are the attacks and bounds it must survive. */
@Timeout(30)
class SafeXmlParserTest {

    @TempDir
    Path tmp;

    @Test
    void rejectsExternalEntities() throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE mujoco [ <!ENTITY xxe SYSTEM \"" + secret.toUri() + "\"> ]>\n"
                + "<mujoco model=\"&xxe;\"><worldbody/></mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load(xml))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("TOP-SECRET-CONTENT"));
    }

    @Test
    void rejectsExternalEntityToEtcPasswd() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<mujoco><worldbody><body name=\"&xxe;\"/></worldbody></mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load(xml))
                .isInstanceOf(SceneException.class)
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("root:"));
    }

    @Test
    void rejectsParameterEntitiesAndExternalDtd() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE mujoco SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                + "<mujoco/>";
        assertThatThrownBy(() -> MjcfLoader.load(xml)).isInstanceOf(SceneException.class).hasMessageContaining("DOCTYPE");
        String param = "<?xml version=\"1.0\"?><!DOCTYPE mujoco [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><mujoco/>";
        assertThatThrownBy(() -> MjcfLoader.load(param)).isInstanceOf(SceneException.class)
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("root:"));
    }

    @Test
    void rejectsBillionLaughs() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        sb.append(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            sb.append(" <!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) {
                sb.append("&lol").append(i - 1).append(';');
            }
            sb.append("\">\n");
        }
        sb.append("]>\n<mujoco model=\"&lol9;\"/>");
        assertThatThrownBy(() -> MjcfLoader.load(sb.toString())).isInstanceOf(SceneException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void rejectsDoctype() {
        assertThatThrownBy(() -> MjcfLoader.load("<!DOCTYPE mujoco>\n<mujoco/>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("DOCTYPE declarations are not allowed");
    }

    @Test
    void rejectsUndeclaredEntityReference() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco model=\"&foo;\"/>")).isInstanceOf(SceneException.class);
    }

    @Test
    void ignoresXIncludeElementsByRejectingThem() {
        String xml = "<mujoco xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load(xml))
                .isInstanceOf(SceneException.class)
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("root:"));
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><include file=\"/etc/passwd\"/></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("<include>");
    }

    @Test
    void rejectsTooDeepNesting() {
        StringBuilder sb = new StringBuilder("<mujoco><worldbody>");
        for (int i = 0; i < 100; i++) {
            sb.append("<body>");
        }
        for (int i = 0; i < 100; i++) {
            sb.append("</body>");
        }
        sb.append("</worldbody></mujoco>");
        assertThatThrownBy(() -> MjcfLoader.load(sb.toString()))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("deeper than 64");
    }

    @Test
    void rejectsTooLargeInput() {
        String xml = "<mujoco>" + " ".repeat(200) + "</mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load(xml, new MjcfLoader.Limits(100, 1000, 64)))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("the limit is 100");
    }

    @Test
    void rejectsTooManyElements() {
        StringBuilder sb = new StringBuilder("<mujoco><worldbody>");
        for (int i = 0; i < 50; i++) {
            sb.append("<site/>");
        }
        sb.append("</worldbody></mujoco>");
        assertThatThrownBy(() -> MjcfLoader.load(sb.toString(), new MjcfLoader.Limits(1 << 20, 20, 64)))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("more than 20 elements");
    }

    @Test
    void malformedXmlGivesLineAndColumn() {
        String xml = "<mujoco>\n  <worldbody>\n    <geom size=\"1\">\n  </worldbody>\n</mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load(xml))
                .isInstanceOf(SceneException.class)
                .hasMessageMatching("(?s)Malformed XML at line 4, column \\d+: .*");
    }

    @Test
    void unterminatedAttributeGivesLineAndColumn() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco>\n<worldbody>\n<geom size=\"1/>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("Malformed XML at line 3, column");
    }

    @Test
    void rejectsEmptyAndNullInput() {
        assertThatThrownBy(() -> MjcfLoader.load("")).isInstanceOf(SceneException.class);
        assertThatThrownBy(() -> MjcfLoader.load((String) null)).isInstanceOf(SceneException.class);
    }

    @Test
    void acceptsPredefinedEntitiesAndCharacterReferences() {
        assertThat(MjcfLoader.load("<mujoco model=\"a &amp; b &#233;\">text &lt; &amp; &#65;</mujoco>").modelName)
                .isEqualTo("a & b \u00e9");
    }

    @Test
    void keepsLineNumbersOfElements() {
        XmlElement root = SafeXmlParser.parse("<mujoco>\n<worldbody>\n\n<geom size=\"1\"/></worldbody></mujoco>",
                MjcfLoader.Limits.DEFAULT);
        XmlElement geom = root.children().get(0).children().get(0);
        assertThat(geom.name).isEqualTo("geom");
        assertThat(geom.line).isEqualTo(4);
        assertThat(geom.attribute("size")).isEqualTo("1");
    }

    private static String fullText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
