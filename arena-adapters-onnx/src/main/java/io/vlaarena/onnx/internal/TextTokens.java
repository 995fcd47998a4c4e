package io.vlaarena.onnx.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.support.QuietSlf4j;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tokenizes instructions offline with the directory's {@code tokenizer.json} (DJL's HuggingFace
 * tokenizers), then truncates or pads to the card's {@code max_tokens}. Thread-safe.
 */
public final class TextTokens implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;
    private final long padId;

    /**
     * The tokenizer of a model card, or {@code null} when the card names none.
     *
     * @throws ModelLoadException when the file is missing or malformed, or DJL's tokenizers are not
     *     on the class path (naming the artifact)
     */
    public static TextTokens forCard(ModelCard card) {
        if (card.tokenizerFile().isEmpty()) {
            return null;
        }
        DjlArtifacts.requireTokenizers(card.id(), card.tokenizerFile().get());
        return new TextTokens(card.tokenizerFile().get(), card.maxTokens(), card.padTokenId());
    }

    /** Loads the tokenizer; a missing or malformed file is a {@link ModelLoadException}. */
    public TextTokens(Path tokenizerJson, int maxTokens, long padId) {
        QuietSlf4j.whenNoProvider(); // DJL's tokenizers log through SLF4J
        try {
            this.tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(true)
                    .optPadding(false).optTruncation(false).build();
        } catch (Exception | UnsatisfiedLinkError e) {
            throw new ModelLoadException("Could not load tokenizer '" + tokenizerJson + "': " + e.getMessage(), e);
        }
        this.maxTokens = maxTokens;
        this.padId = padId;
    }

    /** Token ids and attention mask of {@code text}, each exactly {@code max_tokens} long. */
    public long[][] encode(String text) {
        Encoding enc;
        try {
            enc = tokenizer.encode(text);
        } catch (RuntimeException e) {
            throw new InferenceException("Could not tokenize the instruction: " + e.getMessage(), e);
        }
        long[] ids = Arrays.copyOf(enc.getIds(), maxTokens);
        long[] mask = Arrays.copyOf(enc.getAttentionMask(), maxTokens);
        for (int i = Math.min(enc.getIds().length, maxTokens); i < maxTokens; i++) {
            ids[i] = padId;
            mask[i] = 0;
        }
        return new long[][] {ids, mask};
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
