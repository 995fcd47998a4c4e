package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MuJoCo 2.2.2's {@code <include file="..."/>} ({@code mjIncludeXML}): the element is replaced by
 * the children of the named file's root element, anywhere in the document, and the inserted
 * elements are expanded in turn. As in MuJoCo every file name is relative to the model directory
 * (not to the including file) and a file may be included only once, which also refuses cycles.
 * Files are read only through the load's {@link AssetAccess}, confined to the granted directory
 * exactly like mesh files; without a grant (XML from the network) {@code <include>} is refused.
 * Each file is parsed by the same hardened parser within the same limits, and the expanded
 * document as a whole must stay within the element limit. Stateless.
 */
final class Includes {
    private Includes() {
    }

    /** Expands every {@code <include>} under {@code root} in place; throws {@link SceneException} on any problem. */
    static void expand(XmlElement root, MjcfLoader.Limits limits, AssetAccess assets) {
        if (root.name.equals("include")) {
            throw new SceneException("The root element is " + root.where() + "; an MJCF model starts with <mujoco>.");
        }
        int[] elements = {count(root)};
        expandChildren(root, limits, assets, new ArrayList<>(), elements, 1);
    }

    private static void expandChildren(XmlElement parent, MjcfLoader.Limits limits, AssetAccess assets, List<String> included,
            int[] elements, int depth) {
        for (int i = 0; i < parent.children().size(); i++) {
            XmlElement c = parent.children().get(i);
            if (!c.name.equals("include")) {
                expandChildren(c, limits, assets, included, elements, depth + 1);
                continue;
            }
            List<XmlElement> inserted = read(c, limits, assets, included);
            for (XmlElement e : inserted) {
                elements[0] += count(e);
            }
            elements[0] -= 1;
            if (elements[0] > limits.maxElements()) {
                throw new SceneException(c.where() + " brings the model to " + elements[0] + " elements; at most "
                        + limits.maxElements() + " are accepted.");
            }
            if (depth + maxDepth(inserted) > limits.maxDepth()) {
                throw new SceneException(c.where() + " nests elements deeper than " + limits.maxDepth() + " levels.");
            }
            parent.replaceChild(i, inserted);
            // the inserted elements are looked at next, so that their own includes are expanded
            i--;
        }
    }

    /** The children of the included file's root element. */
    private static List<XmlElement> read(XmlElement inc, MjcfLoader.Limits limits, AssetAccess assets, List<String> included) {
        MjcfSchema.checkAttrs(inc, MjcfSchema.set("file"), java.util.Set.of());
        MjcfSchema.requireAttr(inc, "file");
        if (!inc.children().isEmpty()) {
            throw new SceneException(inc.where() + " has child elements; an include element cannot have children.");
        }
        String file = inc.attribute("file");
        String label = inc.where();
        if (!assets.granted()) {
            throw new SceneException(label + " names the file '" + file + "', but this model was loaded without file access:"
                    + " <include> is read only for trusted local models loaded from a file or with a granted directory"
                    + " (SimModel.load(Path)), never for XML from the network.");
        }
        String key = key(file);
        for (String seen : included) {
            if (seen.equals(key)) {
                throw new SceneException(label + ": the file '" + file + "' is already included (an include cycle or a repeated"
                        + " include; MuJoCo includes each file once).");
            }
        }
        byte[] bytes = assets.read(label, "", file);
        included.add(key);
        XmlElement root;
        try {
            root = SafeXmlParser.parse(new String(bytes, StandardCharsets.UTF_8), limits);
        } catch (SceneException e) {
            throw new SceneException(label + ": the included file '" + file + "' is not valid XML: " + e.getMessage(), e);
        }
        if (root.children().isEmpty()) {
            throw new SceneException(label + ": the included file '" + file + "' has no elements under its root <"
                    + root.name + ">.");
        }
        return new ArrayList<>(root.children());
    }

    /** The name a file is remembered by: normalized, case-insensitive as MuJoCo compares them. */
    private static String key(String file) {
        try {
            return Path.of(file).normalize().toString().toLowerCase(Locale.ROOT);
        } catch (InvalidPathException e) {
            return file.toLowerCase(Locale.ROOT);
        }
    }

    private static int count(XmlElement e) {
        int n = 1;
        for (XmlElement c : e.children()) {
            n += count(c);
        }
        return n;
    }

    private static int maxDepth(List<XmlElement> elements) {
        int d = 0;
        for (XmlElement e : elements) {
            d = Math.max(d, 1 + maxDepth(e.children()));
        }
        return d;
    }
}
