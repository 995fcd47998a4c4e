package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.ArenaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps docs/mjcf-support.md honest: its table "MuJoCo 2.2.2's schema, element by element" names
 * every element and attribute of MuJoCo 2.2.2's MJCF schema exactly once, and what it says of each
 * is what the loader does: put in a minimal document with a value that is not MuJoCo's default,
 * an attribute the table calls refused is refused (the attribute or its whole element), one it
 * calls default-only is refused for that value only, and one it calls supported or ignored by
 * design is accepted.
 */
@Timeout(120)
class MjcfSchemaDocTest {
    private static final String WORLD = "<worldbody><body name='b'><geom name='g' size='1'/><site name='s'/>"
            + "<joint name='j'/></body></worldbody>";

    /** Where an element goes in a minimal document: its parents' opening tags, innermost last. */
    private static String template(String path) {
        String[] p = path.split("/");
        String head = p[0];
        String wrap;
        switch (head) {
            case "mujoco":
                return "<mujoco %s/>";
            case "include":
                return "<mujoco><include %s/></mujoco>";
            case "body":
                if (p.length == 1) {
                    return "<mujoco><worldbody><body %s><geom size='1'/></body></worldbody></mujoco>";
                }
                String inner = "<" + p[p.length - 1] + " %s/>";
                for (int i = p.length - 2; i >= 1; i--) {
                    inner = "<" + p[i] + ">" + inner + "</" + p[i] + ">";
                }
                return "<mujoco><worldbody><body name='b'>" + inner + "<geom size='1'/></body></worldbody></mujoco>";
            case "contact":
            case "equality":
            case "tendon":
            case "actuator":
            case "sensor":
            case "keyframe":
                wrap = WORLD;
                break;
            default:
                wrap = "";
        }
        String inner = "<" + p[p.length - 1] + " %s/>";
        for (int i = p.length - 2; i >= 0; i--) {
            inner = "<" + p[i] + ">" + inner + "</" + p[i] + ">";
        }
        return "<mujoco>" + wrap + inner + "</mujoco>";
    }

    enum Status { ACCEPTED, DEFAULT_ONLY, REFUSED }

    /** What the loader does with {@code attr} on the element at {@code path}, given the value 7 (flags: their non-default value). */
    static Status probe(String path, String attr) {
        String element = path.substring(path.lastIndexOf('/') + 1);
        // a flag takes enable/disable: probe the value that is not MuJoCo's default
        String value = !path.equals("option/flag") ? "7"
                : Set.of("override", "energy", "fwdinv", "sensornoise", "multiccd").contains(attr) ? "enable" : "disable";
        String xml = String.format(template(path), attr + "='" + value + "'");
        try {
            MjcfLoader.load(xml);
            return Status.ACCEPTED;
        } catch (ArenaException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Unsupported attribute '" + attr + "' on <" + element + ">") || refusedElement(path, msg)) {
                return Status.REFUSED;
            }
            if (msg.contains("'" + attr + "'") && msg.contains("only the default")) {
                return Status.DEFAULT_ONLY;
            }
            return Status.ACCEPTED;
        }
    }

    /** Whether the message refuses the element or one of its parents (then the element goes with it). */
    private static boolean refusedElement(String path, String msg) {
        for (String name : path.split("/")) {
            if (msg.contains("Unknown element <" + name + ">") || msg.contains("Unsupported sensor <" + name + ">")
                    || msg.startsWith("<" + name + ">") && msg.contains("not supported")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<String>> schema() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (InputStream in = MjcfSchemaDocTest.class.getResourceAsStream("mjcf-2.2.2-schema.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] kv = line.split(":", 2);
                List<String> attrs = new ArrayList<>();
                for (String a : kv[1].trim().split("\\s+")) {
                    if (!a.isEmpty()) {
                        attrs.add(a);
                    }
                }
                out.put(kv[0].trim(), attrs);
            }
        }
        return out;
    }

    private record DocRow(Map<String, Status> attrs, Map<String, String> column) {
    }

    private static final Pattern NAME = Pattern.compile("`([a-z_0-9]+)`");

    /** The table's rows: element path to each attribute's documented status. */
    private static Map<String, DocRow> doc() throws IOException {
        Path file = Path.of("..", "docs", "mjcf-support.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = text.indexOf("## MuJoCo 2.2.2's schema, element by element");
        assertThat(start).as("the schema section of docs/mjcf-support.md").isPositive();
        Map<String, DocRow> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : text.substring(start).split("\n")) {
            if (line.startsWith("| element")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|", -1);
            String path = cells[1].trim().replace("`", "");
            Map<String, Status> attrs = new LinkedHashMap<>();
            Map<String, String> column = new LinkedHashMap<>();
            String[] names = {"supported", "default only", "ignored by design", "refused"};
            Status[] st = {Status.ACCEPTED, Status.DEFAULT_ONLY, Status.ACCEPTED, Status.REFUSED};
            for (int c = 0; c < 4; c++) {
                Matcher m = NAME.matcher(cells[2 + c]);
                while (m.find()) {
                    String a = m.group(1);
                    assertThat(attrs).as("attribute '%s' of %s listed twice", a, path).doesNotContainKey(a);
                    attrs.put(a, st[c]);
                    column.put(a, names[c]);
                }
            }
            assertThat(path).as("row %s", line).isNotEmpty();
            rows.put(path, new DocRow(attrs, column));
        }
        return rows;
    }

    @Test
    void theDocumentListsEveryElementAndAttributeOfMuJoCosSchemaAsTheLoaderTreatsIt() throws IOException {
        Map<String, List<String>> schema = schema();
        Map<String, DocRow> doc = doc();
        assertThat(doc.keySet()).as("elements of the table").containsExactlyInAnyOrderElementsOf(schema.keySet());
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<String>> e : schema.entrySet()) {
            DocRow row = doc.get(e.getKey());
            assertThat(row.attrs.keySet()).as("attributes of %s", e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
            for (String a : e.getValue()) {
                Status actual = probe(e.getKey(), a);
                if (actual != row.attrs.get(a)) {
                    wrong.add(e.getKey() + " " + a + ": the table says " + row.column.get(a) + ", the loader: " + actual);
                }
                checked++;
            }
        }
        System.out.printf("schema table: %d elements, %d attributes checked against the loader%n", schema.size(), checked);
        assertThat(wrong).as("attributes whose table entry disagrees with the loader").isEmpty();
    }

    /** Prints what the loader does with every attribute (to write the table from). */
    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, List<String>> e : schema().entrySet()) {
            StringBuilder sb = new StringBuilder(e.getKey()).append(":");
            for (String a : e.getValue()) {
                sb.append(' ').append(a).append('=').append(probe(e.getKey(), a));
            }
            if (e.getValue().isEmpty()) {
                sb.append(" (element) ").append(probe(e.getKey(), "x_probe_attribute"));
            }
            System.out.println(sb);
        }
    }
}
