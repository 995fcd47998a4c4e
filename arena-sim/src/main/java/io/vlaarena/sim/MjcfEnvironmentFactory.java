package io.vlaarena.sim;

import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.EnvironmentOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds simulated {@link Environment}s from MJCF XML with the pure-Java MuJoCo-compatible
 * dynamics. Compiled models are cached per XML text (the last 16). A factory made with
 * {@code new MjcfEnvironmentFactory()} never reads files ({@code <mesh file=...>} is refused), which
 * is what XML from the network needs; {@link #withAssetDirectory(Path)} makes one for local scenes.
 *
 * <p>Thread-safe; the environments it returns are not (one per episode and thread).
 */
public final class MjcfEnvironmentFactory implements EnvironmentFactory {
    private static final int CACHE_SIZE = 16;
    private final Map<String, SimModel> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SimModel> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final Path assetDirectory;

    /** Creates a factory with an empty model cache that never reads files. */
    public MjcfEnvironmentFactory() {
        this.assetDirectory = null;
    }

    private MjcfEnvironmentFactory(Path assetDirectory) {
        this.assetDirectory = assetDirectory;
    }

    /**
     * A factory for trusted, local scenes whose models may read mesh files under {@code directory}
     * (see {@link SimModel#load(String, Path)} for the confinement and limits). Models are cached
     * per XML text: a mesh file changed later is not read again. Never use it for XML that arrives
     * from a client or the network.
     */
    public static MjcfEnvironmentFactory withAssetDirectory(Path directory) {
        return new MjcfEnvironmentFactory(Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize());
    }

    /** {@inheritDoc} */
    @Override
    public Environment create(String mjcfXml, EnvironmentOptions options) {
        Objects.requireNonNull(options, "options");
        return new MjcfEnvironment(model(mjcfXml), options);
    }

    /** Creates an environment for an already compiled model. */
    public Environment create(SimModel model, EnvironmentOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        return new MjcfEnvironment(model, options);
    }

    /** The compiled model for {@code mjcfXml}, from the cache when seen before. */
    public SimModel model(String mjcfXml) {
        Objects.requireNonNull(mjcfXml, "mjcfXml");
        synchronized (cache) {
            SimModel cached = cache.get(mjcfXml);
            if (cached != null) {
                return cached;
            }
        }
        SimModel model = assetDirectory == null ? SimModel.load(mjcfXml) : SimModel.load(mjcfXml, assetDirectory);
        synchronized (cache) {
            cache.putIfAbsent(mjcfXml, model);
            return cache.get(mjcfXml);
        }
    }
}
