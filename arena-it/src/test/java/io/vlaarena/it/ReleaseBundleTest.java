package io.vlaarena.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The bundle that {@code ./mvnw -B -Prelease verify} stages under {@code target/staging-deploy} meets
 * Maven Central's requirements, signatures aside (the publisher signs, see RELEASING.md): every
 * artifact of the reactor but the unpublished build support (this module, the architecture rules) is there with its pom, jar, sources and javadoc jars and
 * their checksums; every pom carries (or inherits from arena-parent) a name, description, URL,
 * licence, developers and SCM; every jar names its JPMS module and licence in its manifest, carries
 * the LICENSE file, and holds only packages under its module name; and arena-bom manages exactly
 * the published jars. Runs only in the release profile (tag {@code release}), after every other
 * module has staged its artifacts.
 */
@Tag("release")
class ReleaseBundleTest {
    private static Path root;
    private static Path staging;
    private static String version;
    private static final Map<String, Module> MODULES = new HashMap<>();

    /** A reactor module as its pom.xml declares it. */
    record Module(String artifactId, String packaging, Element pom) {}

    @BeforeAll
    static void readTheReactor() throws Exception {
        root = Path.of(System.getProperty("vlaarena.root"));
        staging = root.resolve("target/staging-deploy/io/vlaarena");
        assertThat(staging).as("the release profile stages the bundle here").isDirectory();
        Element parent = xml(root.resolve("pom.xml"));
        version = text(parent, "version");
        MODULES.put("arena-parent", new Module("arena-parent", "pom", parent));
        for (Element m : children(child(parent, "modules"), "module")) {
            String dir = m.getTextContent().trim();
            Element pom = xml(root.resolve(dir).resolve("pom.xml"));
            Element properties = child(pom, "properties");
            Element skip = properties == null ? null : child(properties, "maven.deploy.skip");
            if (skip != null && skip.getTextContent().trim().equals("true")) {
                continue; // build support (this module, the architecture rules): not published
            }
            String packaging = child(pom, "packaging") == null ? "jar" : text(pom, "packaging");
            MODULES.put(text(pom, "artifactId"), new Module(text(pom, "artifactId"), packaging, pom));
        }
        assertThat(MODULES).containsKeys("arena-parent", "arena-bom", "arena-core", "arena-testkit");
    }

    @Test
    void theBundleHoldsEveryPublishedArtifactAndNothingElse() throws IOException {
        Set<String> staged = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(staging)) {
            dirs.filter(Files::isDirectory).forEach(d -> staged.add(d.getFileName().toString()));
        }
        assertThat(staged).isEqualTo(new TreeSet<>(MODULES.keySet()));
    }

    @Test
    void everyArtifactHasItsPomJarSourcesAndJavadocWithChecksums() throws Exception {
        for (Module m : MODULES.values()) {
            List<Path> files = new ArrayList<>(List.of(file(m, ".pom")));
            if (m.packaging().equals("jar")) {
                files.add(file(m, ".jar"));
                files.add(file(m, "-sources.jar"));
                files.add(file(m, "-javadoc.jar"));
                assertThat(entries(file(m, "-sources.jar"))).as(m.artifactId() + " sources").anyMatch(e -> e.endsWith(".java"));
                assertThat(entries(file(m, "-javadoc.jar"))).as(m.artifactId() + " javadoc").contains("index.html");
            }
            for (Path f : files) {
                assertThat(Files.readString(sibling(f, ".sha1")).trim()).as(f + " sha1").isEqualTo(digest(f, "SHA-1"));
                assertThat(Files.readString(sibling(f, ".md5")).trim()).as(f + " md5").isEqualTo(digest(f, "MD5"));
            }
        }
    }

    @Test
    void everyPomCarriesOrInheritsTheMetadataCentralRequires() throws Exception {
        Element parent = xml(file(MODULES.get("arena-parent"), ".pom"));
        for (Module m : MODULES.values()) {
            Element pom = xml(file(m, ".pom"));
            String what = m.artifactId() + "'s pom";
            assertThat(text(pom, "name")).as(what + " name").isNotBlank();
            assertThat(text(pom, "description")).as(what + " description").isNotBlank();
            boolean inherits = child(pom, "parent") != null;
            assertThat(inherits || m.artifactId().equals("arena-parent") || m.artifactId().equals("arena-bom"))
                    .as(what + " inherits arena-parent or is the BOM").isTrue();
            Element meta = child(pom, "url") != null ? pom : parent;
            assertThat(text(meta, "url")).as(what + " url").startsWith("https://");
            Element licenses = child(child(pom, "licenses") != null ? pom : parent, "licenses");
            assertThat(text(child(licenses, "license"), "name")).as(what + " licence").isEqualTo("Apache-2.0");
            assertThat(text(child(licenses, "license"), "url")).as(what + " licence url").startsWith("https://www.apache.org/licenses/");
            Element developers = child(child(pom, "developers") != null ? pom : parent, "developers");
            assertThat(text(child(developers, "developer"), "name")).as(what + " developer").isNotBlank();
            Element scm = child(child(pom, "scm") != null ? pom : parent, "scm");
            assertThat(text(scm, "url")).as(what + " scm url").startsWith("https://");
            assertThat(text(scm, "connection")).as(what + " scm connection").startsWith("scm:git:");
        }
    }

    @Test
    void everyJarNamesItsModuleAndLicenceAndHoldsOnlyItsOwnPackages() throws Exception {
        Map<String, String> owner = new HashMap<>();
        for (Module m : MODULES.values()) {
            if (!m.packaging().equals("jar")) {
                continue;
            }
            String moduleName = text(child(m.pom(), "properties"), "automatic.module.name");
            try (JarFile jar = new JarFile(file(m, ".jar").toFile())) {
                var attributes = jar.getManifest().getMainAttributes();
                assertThat(attributes.getValue("Automatic-Module-Name")).as(m.artifactId()).isEqualTo(moduleName);
                assertThat(attributes.getValue("Bundle-License")).as(m.artifactId()).contains("LICENSE-2.0");
                assertThat(attributes.getValue("Implementation-Version")).as(m.artifactId()).isEqualTo(version);
                assertThat(jar.getEntry("META-INF/LICENSE")).as(m.artifactId() + " LICENSE").isNotNull();
                jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                        .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.')).distinct().forEach(pkg -> {
                            assertThat(pkg).as(m.artifactId() + " package").startsWith(moduleName);
                            String other = owner.put(pkg, m.artifactId());
                            assertThat(other == null || other.equals(m.artifactId()))
                                    .as("package " + pkg + " in " + other + " and " + m.artifactId()).isTrue();
                        });
            }
        }
    }

    @Test
    void theBomManagesExactlyThePublishedJars() throws Exception {
        Element bom = xml(file(MODULES.get("arena-bom"), ".pom"));
        Set<String> managed = new TreeSet<>();
        for (Element d : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertThat(text(d, "groupId")).isEqualTo("io.vlaarena");
            assertThat(text(d, "version")).isEqualTo("${project.version}");
            managed.add(text(d, "artifactId"));
        }
        Set<String> jars = new TreeSet<>();
        MODULES.values().stream().filter(m -> m.packaging().equals("jar")).forEach(m -> jars.add(m.artifactId()));
        assertThat(managed).isEqualTo(jars);
        assertThat(text(bom, "version")).isEqualTo(version);
    }

    /** The staged file of {@code m} whose name ends with {@code suffix} (a release or a timestamped snapshot). */
    private static Path file(Module m, String suffix) throws IOException {
        Path dir = staging.resolve(m.artifactId()).resolve(version);
        String base = version.endsWith("-SNAPSHOT") ? version.substring(0, version.length() - "-SNAPSHOT".length()) : version;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> {
                String n = f.getFileName().toString();
                if (!n.startsWith(m.artifactId() + "-" + base) || !n.endsWith(suffix)) {
                    return false;
                }
                return !suffix.equals(".jar") || !(n.endsWith("-sources.jar") || n.endsWith("-javadoc.jar"));
            }).sorted().toList();
            assertThat(found).as(m.artifactId() + " " + suffix + " in " + dir).isNotEmpty();
            return found.get(found.size() - 1);
        }
    }

    private static Path sibling(Path f, String extension) {
        return f.resolveSibling(f.getFileName() + extension);
    }

    private static String digest(Path f, String algorithm) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(f)));
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            j.stream().forEach(e -> names.add(e.getName()));
            return names;
        }
    }

    private static Element xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = Files.newInputStream(file)) {
            Document d = f.newDocumentBuilder().parse(in);
            return d.getDocumentElement();
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        assertThat(e).as("<" + name + "> in <" + parent.getTagName() + ">").isNotNull();
        return e.getTextContent().trim();
    }
}
