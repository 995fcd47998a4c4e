package io.vlaarena.core.scene;

import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.SceneException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The robots and scenes an arena offers, and the composition of one robot with one scene into a
 * complete MJCF model ({@link #composeXml}), as the original's {@code get_model_xml(robot_id,
 * scene_id)}.
 *
 * <p>A robot and a scene are each a <em>fragment</em>: a complete MJCF document of its own (so it
 * loads alone) whose defaults all live in named classes. Composition starts from the template
 * (compiler and option settings) and, for each top-level section in the order {@code default,
 * asset, worldbody, tendon, equality, contact, actuator, keyframe}, appends the children of the robot's
 * section, then those of the scene's. Keyframes of the same name merge: {@code qpos} is the
 * robot's followed by the scene's (the robot's joints come first in document order), {@code ctrl}
 * the robot's followed by the scene's. Other top-level elements of the fragments (compiler,
 * option, visual, size, statistic) are dropped; the template's apply.
 *
 * <p>Immutable and thread-safe; composed documents are cached.
 */
public final class SceneCatalog {
    /** The default template: radians, automatic limits, 2 ms steps, standard gravity. */
    public static final String DEFAULT_TEMPLATE = """
            <mujoco model="{robot}_{scene}">
              <compiler angle="radian" autolimits="true"/>
              <option timestep="0.002" gravity="0 0 -9.81"/>
            </mujoco>
            """;

    private static final List<String> SECTIONS =
            List.of("default", "asset", "worldbody", "tendon", "equality", "contact", "actuator", "keyframe");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,50}");

    private final Map<String, String> robots;
    private final Map<String, String> scenes;
    private final Map<String, String> robotAliases;
    private final Map<String, String> sceneAliases;
    private final String template;
    private final Map<String, String> composed = new ConcurrentHashMap<>();

    private SceneCatalog(Builder b) {
        this.robots = Collections.unmodifiableMap(new LinkedHashMap<>(b.robots));
        this.scenes = Collections.unmodifiableMap(new LinkedHashMap<>(b.scenes));
        this.robotAliases = Map.copyOf(b.robotAliases);
        this.sceneAliases = Map.copyOf(b.sceneAliases);
        this.template = b.template;
    }

    /** A builder for a catalog. */
    public static Builder builder() {
        return new Builder();
    }

    /** Robot ids, aliases included, sorted. */
    public List<String> robotIds() {
        TreeSet<String> ids = new TreeSet<>(robots.keySet());
        ids.addAll(robotAliases.keySet());
        return List.copyOf(ids);
    }

    /** Scene ids, aliases included, sorted. */
    public List<String> sceneIds() {
        TreeSet<String> ids = new TreeSet<>(scenes.keySet());
        ids.addAll(sceneAliases.keySet());
        return List.copyOf(ids);
    }

    /** Whether {@code id} names a robot or a robot alias. */
    public boolean hasRobot(String id) {
        return id != null && (robots.containsKey(id) || robotAliases.containsKey(id));
    }

    /** Whether {@code id} names a scene or a scene alias. */
    public boolean hasScene(String id) {
        return id != null && (scenes.containsKey(id) || sceneAliases.containsKey(id));
    }

    /** The canonical id of a robot id or alias; throws {@link NotFoundException} naming the known robots. */
    public String canonicalRobot(String id) {
        if (id != null && robots.containsKey(id)) {
            return id;
        }
        String target = id == null ? null : robotAliases.get(id);
        if (target == null) {
            throw new NotFoundException("Unknown robot '" + id + "'; known robots: " + robotIds());
        }
        return target;
    }

    /** The canonical id of a scene id or alias; throws {@link NotFoundException} naming the known scenes. */
    public String canonicalScene(String id) {
        if (id != null && scenes.containsKey(id)) {
            return id;
        }
        String target = id == null ? null : sceneAliases.get(id);
        if (target == null) {
            throw new NotFoundException("Unknown scene '" + id + "'; known scenes: " + sceneIds());
        }
        return target;
    }

    /** The robot fragment's XML. */
    public String robotXml(String robotId) {
        return robots.get(canonicalRobot(robotId));
    }

    /** The scene fragment's XML. */
    public String sceneXml(String sceneId) {
        return scenes.get(canonicalScene(sceneId));
    }

    /**
     * The complete MJCF model of {@code robotId} in {@code sceneId} (ids or aliases).
     *
     * @throws NotFoundException for an unknown robot or scene, naming the known ones
     * @throws SceneException when the fragments cannot be composed
     */
    public String composeXml(String robotId, String sceneId) {
        String robot = canonicalRobot(robotId);
        String scene = canonicalScene(sceneId);
        return composed.computeIfAbsent(robot + "\u0000" + scene, k -> compose(robot, scene));
    }

    /**
     * Parses MJCF XML with the catalog's hardened reader, lets {@code edit} change the document (e.g.
     * a keyframe's poses, an added visual-only geom) and prints it again: how tasks derive an
     * episode's scene from a composed one.
     *
     * @throws SceneException when the XML is malformed, unsafe or longer than the reader's bound
     */
    public static String edit(String xml, java.util.function.Consumer<Document> edit) {
        Objects.requireNonNull(edit, "edit");
        Document doc = SafeXml.parse("The MJCF document", Objects.requireNonNull(xml, "xml"));
        edit.accept(doc);
        return SafeXml.print(doc);
    }

    private String compose(String robotId, String sceneId) {
        Document out = SafeXml.parse("The scene template",
                template.replace("{robot}", robotId).replace("{scene}", sceneId));
        Element root = out.getDocumentElement();
        requireMujoco(root, "The scene template");
        Element robot = SafeXml.parse("Robot '" + robotId + "'", robots.get(robotId)).getDocumentElement();
        requireMujoco(robot, "Robot '" + robotId + "'");
        Element scene = SafeXml.parse("Scene '" + sceneId + "'", scenes.get(sceneId)).getDocumentElement();
        requireMujoco(scene, "Scene '" + sceneId + "'");
        for (String section : SECTIONS) {
            List<Element> fromTemplate = sections(root, section);
            List<Element> parts = new ArrayList<>(fromTemplate);
            parts.addAll(sections(robot, section));
            parts.addAll(sections(scene, section));
            if (parts.isEmpty()) {
                continue;
            }
            for (Element e : fromTemplate) {
                root.removeChild(e);
            }
            Element merged = out.createElement(section);
            if (section.equals("keyframe")) {
                mergeKeyframes(out, merged, robotId, robot, sceneId, scene, fromTemplate);
            } else {
                for (Element part : parts) {
                    for (Node child = part.getFirstChild(); child != null; child = child.getNextSibling()) {
                        if (child.getNodeType() == Node.ELEMENT_NODE) {
                            merged.appendChild(out.importNode(child, true));
                        }
                    }
                }
            }
            root.appendChild(merged);
        }
        return SafeXml.print(out);
    }

    private static void requireMujoco(Element root, String what) {
        if (!root.getTagName().equals("mujoco")) {
            throw new SceneException(what + " must be an MJCF document with root <mujoco>, found <" + root.getTagName() + ">");
        }
    }

    private static List<Element> sections(Element root, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static void mergeKeyframes(Document out, Element merged, String robotId, Element robot, String sceneId,
            Element scene, List<Element> templateSections) {
        Map<String, Element> robotKeys = keys(robot);
        Map<String, Element> sceneKeys = keys(scene);
        boolean robotHasJoints = hasJoints(robot);
        boolean sceneHasJoints = hasJoints(scene);
        TreeSet<String> names = new TreeSet<>(robotKeys.keySet());
        names.addAll(sceneKeys.keySet());
        for (String name : names) {
            Element r = robotKeys.get(name);
            Element s = sceneKeys.get(name);
            if (r == null && robotHasJoints) {
                throw new SceneException("Scene '" + sceneId + "' has keyframe '" + name + "' but robot '" + robotId
                        + "' has none of that name; both fragments need it to compose its qpos");
            }
            if (s == null && sceneHasJoints) {
                throw new SceneException("Robot '" + robotId + "' has keyframe '" + name + "' but scene '" + sceneId
                        + "' has none of that name; both fragments need it to compose its qpos");
            }
            Element key = out.createElement("key");
            key.setAttribute("name", name);
            for (String attr : List.of("qpos", "qvel", "ctrl")) {
                String joined = join(attr(r, attr), attr(s, attr));
                if (!joined.isEmpty()) {
                    key.setAttribute(attr, joined);
                }
            }
            String time = !attr(r, "time").isEmpty() ? attr(r, "time") : attr(s, "time");
            if (!time.isEmpty()) {
                key.setAttribute("time", time);
            }
            merged.appendChild(key);
        }
        for (Element t : templateSections) {
            for (Node child = t.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child.getNodeType() == Node.ELEMENT_NODE) {
                    merged.appendChild(out.importNode(child, true));
                }
            }
        }
    }

    private static Map<String, Element> keys(Element root) {
        Map<String, Element> keys = new LinkedHashMap<>();
        int unnamed = 0;
        for (Element section : sections(root, "keyframe")) {
            NodeList list = section.getElementsByTagName("key");
            for (int i = 0; i < list.getLength(); i++) {
                Element k = (Element) list.item(i);
                String name = k.getAttribute("name");
                keys.put(name.isEmpty() ? "key" + unnamed++ : name, k);
            }
        }
        return keys;
    }

    private static boolean hasJoints(Element root) {
        for (Element wb : sections(root, "worldbody")) {
            if (wb.getElementsByTagName("joint").getLength() > 0 || wb.getElementsByTagName("freejoint").getLength() > 0) {
                return true;
            }
        }
        return false;
    }

    private static String attr(Element e, String name) {
        return e == null ? "" : e.getAttribute(name).trim();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
    }

    /** Builds {@link SceneCatalog}s; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> robots = new LinkedHashMap<>();
        private final Map<String, String> scenes = new LinkedHashMap<>();
        private final Map<String, String> robotAliases = new LinkedHashMap<>();
        private final Map<String, String> sceneAliases = new LinkedHashMap<>();
        private String template = DEFAULT_TEMPLATE;

        private Builder() {}

        /** Adds a robot fragment under {@code id} (1–50 of {@code [A-Za-z0-9_.-]}). */
        public Builder robot(String id, String fragmentXml) {
            robots.put(checkId(id), Objects.requireNonNull(fragmentXml, "fragmentXml"));
            return this;
        }

        /** Adds a scene fragment under {@code id}. */
        public Builder scene(String id, String fragmentXml) {
            scenes.put(checkId(id), Objects.requireNonNull(fragmentXml, "fragmentXml"));
            return this;
        }

        /** Makes {@code alias} another id of robot {@code robotId}. */
        public Builder robotAlias(String alias, String robotId) {
            robotAliases.put(checkId(alias), checkId(robotId));
            return this;
        }

        /** Makes {@code alias} another id of scene {@code sceneId}. */
        public Builder sceneAlias(String alias, String sceneId) {
            sceneAliases.put(checkId(alias), checkId(sceneId));
            return this;
        }

        /**
         * Replaces the template: an MJCF document whose {@code {robot}} and {@code {scene}}
         * placeholders are replaced by the ids; its compiler and option settings apply.
         */
        public Builder template(String templateXml) {
            this.template = Objects.requireNonNull(templateXml, "templateXml");
            return this;
        }

        /** Adds every robot, scene and alias of {@code other}. */
        public Builder addAll(SceneCatalog other) {
            robots.putAll(other.robots);
            scenes.putAll(other.scenes);
            robotAliases.putAll(other.robotAliases);
            sceneAliases.putAll(other.sceneAliases);
            return this;
        }

        /** Builds the catalog; throws {@link IllegalArgumentException} for an alias of an unknown id. */
        public SceneCatalog build() {
            robotAliases.forEach((alias, target) -> {
                if (!robots.containsKey(target)) {
                    throw new IllegalArgumentException("Robot alias '" + alias + "' points to unknown robot '" + target
                            + "'; known robots: " + robots.keySet());
                }
            });
            sceneAliases.forEach((alias, target) -> {
                if (!scenes.containsKey(target)) {
                    throw new IllegalArgumentException("Scene alias '" + alias + "' points to unknown scene '" + target
                            + "'; known scenes: " + scenes.keySet());
                }
            });
            return new SceneCatalog(this);
        }

        private static String checkId(String id) {
            Objects.requireNonNull(id, "id");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("Id '" + id + "' must be 1 to 50 letters, digits, '_', '.' or '-'");
            }
            return id;
        }
    }
}
