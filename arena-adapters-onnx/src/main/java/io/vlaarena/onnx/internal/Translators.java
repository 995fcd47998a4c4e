package io.vlaarena.onnx.internal;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.onnx.OnnxTranslator;
import io.vlaarena.onnx.OnnxTranslatorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the translator of a model: the one registered in code, else the provider the card names. */
public final class Translators {
    private Translators() {}

    /**
     * The translator for {@code card}: {@code inCode} when given, else the card's named one from the
     * providers on the class path of the thread's context class loader (by the provider's name or its
     * class name, never a class that is not registered); {@code null} when neither.
     *
     * @throws ModelLoadException when the card names a translator no provider has, the provider
     *     refuses its settings, or an input with role {@code translator} is left without one
     */
    public static OnnxTranslator resolve(ModelCard card, OnnxTranslator inCode) {
        OnnxTranslator t = inCode;
        if (t == null && card.profile().translator().isPresent()) {
            String name = card.profile().translator().get();
            List<OnnxTranslatorProvider> found = new ArrayList<>();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            ServiceLoader.load(OnnxTranslatorProvider.class, loader == null ? Translators.class.getClassLoader() : loader)
                    .forEach(found::add);
            OnnxTranslatorProvider provider = found.stream()
                    .filter(p -> name.equals(p.name()) || name.equals(p.getClass().getName())).findFirst()
                    .orElseThrow(() -> new ModelLoadException("Model card '" + card.directory().resolve(ModelCard.FILE_NAME)
                            + "' names the translator '" + name + "' but no OnnxTranslatorProvider of that name is on the class "
                            + "path (providers found: " + new TreeSet<>(found.stream().map(OnnxTranslatorProvider::name).toList())
                            + "); register one in META-INF/services/" + OnnxTranslatorProvider.class.getName()
                            + " or pass it with OnnxOptions.translator"));
            try {
                t = provider.create(card.profile().translatorSettings());
            } catch (RuntimeException e) {
                throw new ModelLoadException("The translator '" + name + "' of model '" + card.id() + "' refused the card's "
                        + "settings: " + e.getMessage(), e);
            }
            if (t == null) {
                throw new ModelLoadException("The translator provider '" + name + "' made no translator for model '" + card.id()
                        + "'");
            }
        }
        List<String> needy = card.profile().translatorInputs();
        if (t == null && !needy.isEmpty()) {
            throw new ModelLoadException("Model '" + card.id() + "' has inputs with role translator " + needy
                    + " but no translator: name one in the card's \"translator\" or pass one with OnnxOptions.translator");
        }
        if (t == null && !card.profile().translatorOutputs().isEmpty()) {
            throw new ModelLoadException("Model '" + card.id() + "' has outputs with role translator "
                    + card.profile().translatorOutputs().stream().map(ModelCard.Tensor::name).toList()
                    + " but no translator reads them: name one in the card's \"translator\" or pass one with OnnxOptions.translator");
        }
        return t;
    }
}
