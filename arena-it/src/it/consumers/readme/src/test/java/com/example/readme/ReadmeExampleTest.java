package com.example.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README honest: its Java example compiles as written and runs a real battle, in a fresh
 * project that depends on arena-bom, arena-sim and arena-models only (no testkit).
 */
class ReadmeExampleTest {

    @Test
    @Timeout(120)
    void readmeExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("readme")));
        int marker = readme.indexOf("<!-- readme-example");
        assertTrue(marker >= 0, "README marks its example");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        assertTrue(block.lines().filter(l -> !l.startsWith("import ") && !l.isBlank()).count() <= 12,
                "the example stays short");

        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : block.lines().toList()) {
            if (line.startsWith("import ")) {
                imports.add(line);
            } else {
                body.append("        ").append(line).append('\n');
            }
        }
        String source = String.join("\n", imports) + "\n\npublic class ReadmeExample {\n    public static void main(String[] args) {\n"
                + body + "    }\n}\n";
        Path file = dir.resolve("ReadmeExample.java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "javac output:\n" + diagnostics.toString(StandardCharsets.UTF_8) + "\nsource:\n" + source);

        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass("ReadmeExample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(originalOut);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Both episodes completed") && out.contains("left was mock-vla") && out.contains("mock-vla-2"), out);
    }
}
