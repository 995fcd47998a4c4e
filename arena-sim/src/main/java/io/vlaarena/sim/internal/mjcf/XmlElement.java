package io.vlaarena.sim.internal.mjcf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One parsed XML element with its attributes, children and source position; immutable after parsing. */
final class XmlElement {
    final String name;
    final int line;
    final int column;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlElement> children = new ArrayList<>();

    XmlElement(String name, int line, int column) {
        this.name = name;
        this.line = line;
        this.column = column;
    }

    void putAttribute(String key, String value) {
        attributes.put(key, value);
    }

    void addChild(XmlElement child) {
        children.add(child);
    }

    /** Replaces child {@code index} by {@code replacement} (in order), as {@code <include>} is replaced by a file's elements. */
    void replaceChild(int index, List<XmlElement> replacement) {
        children.remove(index);
        children.addAll(index, replacement);
    }

    Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    String attribute(String key) {
        return attributes.get(key);
    }

    boolean has(String key) {
        return attributes.containsKey(key);
    }

    List<XmlElement> children() {
        return Collections.unmodifiableList(children);
    }

    /** "&lt;geom&gt; at line 9", the way every message names an element. */
    String where() {
        return "<" + name + "> at line " + line;
    }
}
