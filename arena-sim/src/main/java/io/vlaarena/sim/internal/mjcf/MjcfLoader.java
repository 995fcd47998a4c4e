package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;

/**
 * Loads MuJoCo MJCF XML into a compiled {@link MjModel} with MuJoCo 2.x semantics, for the subset
 * documented in {@code docs/mjcf-support.md}. The XML is treated as untrusted: no DTD, no entities,
 * no network access, bounded size, element count and depth, and no file access unless the caller
 * grants an {@link AssetAccess} for mesh files. Every problem, whether malformed
 * XML, an unsupported element or attribute, or a model that makes no physical sense, is a
 * {@link SceneException} naming the element, attribute and line. Stateless and thread-safe.
 */
public final class MjcfLoader {

    /**
     * Bounds on untrusted input.
     *
     * @param maxChars    the largest accepted XML text, in chars
     * @param maxElements the most elements accepted
     * @param maxDepth    the deepest element nesting accepted (the root is depth 1)
     */
    public record Limits(int maxChars, int maxElements, int maxDepth) {
        /** 4 MiB of text, 100 000 elements, 64 levels. */
        public static final Limits DEFAULT = new Limits(4 * 1024 * 1024, 100_000, 64);

        /** The deepest nesting a caller may allow; the compiler recurses once per level. */
        public static final int MAX_DEPTH = 1000;

        /** Validates that every bound is positive and the depth at most {@link #MAX_DEPTH}. */
        public Limits {
            if (maxChars <= 0 || maxElements <= 0 || maxDepth <= 0) {
                throw new IllegalArgumentException("Limits must be positive: " + maxChars + ", " + maxElements + ", " + maxDepth);
            }
            if (maxDepth > MAX_DEPTH) {
                throw new IllegalArgumentException("maxDepth " + maxDepth + " exceeds " + MAX_DEPTH);
            }
        }
    }

    private MjcfLoader() {
    }

    /** Parses and compiles {@code xml} within {@link Limits#DEFAULT}; throws {@link SceneException} on any problem. */
    public static MjModel load(String xml) {
        return load(xml, Limits.DEFAULT);
    }

    /** Parses and compiles {@code xml} within {@code limits}; throws {@link SceneException} on any problem. */
    public static MjModel load(String xml, Limits limits) {
        return load(xml, limits, AssetAccess.none());
    }

    /**
     * Parses and compiles {@code xml} within {@code limits}, reading {@code <mesh file=...>} through
     * {@code assets} (which confines every path; {@link AssetAccess#none()} refuses them). The XML
     * itself is treated as untrusted either way. Throws {@link SceneException} on any problem.
     */
    public static MjModel load(String xml, Limits limits, AssetAccess assets) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        if (assets == null) {
            throw new IllegalArgumentException("assets must not be null");
        }
        XmlElement root = SafeXmlParser.parse(xml, limits);
        Includes.expand(root, limits, assets);
        try {
            MjcfReader reader = new MjcfReader(root, assets);
            reader.limits = limits;
            return new ModelCompiler(reader.read()).compile();
        } catch (SceneException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SceneException("The MJCF could not be compiled: " + e, e);
        }
    }
}
