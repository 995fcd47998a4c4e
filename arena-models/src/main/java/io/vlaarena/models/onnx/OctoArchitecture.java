package io.vlaarena.models.onnx;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a generated Octo-interface model: image tokenizer, transformer trunk, diffusion
 * action head. {@link #tiny()} is for fast tests, {@link #smallArch()} has Octo-Small's shape for
 * honest performance figures. The weights {@link OctoModels} writes are seeded random numbers:
 * these models are untrained and their actions mean nothing.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the model id written into the card
 * @param imageSize primary image side in pixels (Octo: 256)
 * @param window observation history window (Octo: 2)
 * @param stemFeatures channels of the stride-2 3×3 convolutions (each with group norm and ReLU)
 *     before the patch embedding; empty for a plain patch embedding
 * @param patchSize the patch size in input pixels; the embedding convolution's kernel and stride
 *     is {@code patchSize / 2^stemFeatures.size()}
 * @param embeddingFeatures channels of the patch embedding, projected to {@code width}
 * @param width transformer width
 * @param layers transformer layers
 * @param heads attention heads
 * @param mlpDim transformer MLP hidden size
 * @param taskTokens language tokens (Octo: 16)
 * @param textWidth width of the text encoder's embeddings (T5-base: 768)
 * @param diffusionSteps denoising steps, unrolled in the graph (Octo: 20)
 * @param diffusionHidden width of the diffusion head's residual MLP
 * @param diffusionBlocks residual blocks of the diffusion head
 * @param horizon actions per chunk (Octo: 4)
 * @param actionDim values per action (Octo: 7)
 * @param nanOutput whether the graph is broken on purpose to output NaN (for bad-input tests)
 */
public record OctoArchitecture(String id, int imageSize, int window, List<Integer> stemFeatures, int patchSize,
        int embeddingFeatures, int width, int layers, int heads, int mlpDim, int taskTokens, int textWidth,
        int diffusionSteps, int diffusionHidden, int diffusionBlocks, int horizon, int actionDim, boolean nanOutput) {

    /** Validates the sizes and copies the list. */
    public OctoArchitecture {
        Objects.requireNonNull(id, "id");
        stemFeatures = List.copyOf(stemFeatures);
        int stride = 1 << stemFeatures.size();
        if (patchSize % stride != 0 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("imageSize " + imageSize + " must be a multiple of patchSize " + patchSize
                    + ", itself a multiple of 2^" + stemFeatures.size());
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " must be a multiple of heads " + heads);
        }
        if (window < 1 || layers < 0 || taskTokens < 1 || diffusionSteps < 1 || horizon < 1 || actionDim < 1) {
            throw new IllegalArgumentException("Sizes must be positive");
        }
    }

    /**
     * {@code octo-tiny}: the Octo interface (256×256 images, window 2, 16 tokens, 4×7 chunks) with
     * a 32-pixel patch embedding, one 32-wide layer and a 4-step diffusion head; well under 2 MB.
     */
    public static OctoArchitecture tiny() {
        return new OctoArchitecture("octo-tiny", 256, 2, List.of(), 32, 16, 32, 1, 2, 64, 16, 32, 4, 32, 1, 4, 7, false);
    }

    /**
     * {@code octo-small-arch}: Octo-Small's shape: a SmallStem16 image tokenizer (3×3 stride-2
     * convolutions with 32, 96, 192, 384 channels, then a 512-channel 1×1 patch embedding: 16×16
     * tokens per frame), 12 layers of width 384 with 6 heads and MLP 1536, window 2, 16 task tokens
     * of width 768, one readout token per timestep and a 20-step diffusion head (3 residual blocks
     * of width 256) over a 4×7 chunk. About 25 M parameters, about 100 MB.
     */
    public static OctoArchitecture smallArch() {
        return new OctoArchitecture("octo-small-arch", 256, 2, List.of(32, 96, 192, 384), 16, 512, 384, 12, 6, 1536, 16, 768,
                20, 256, 3, 4, 7, false);
    }

    /** This architecture with an output that is NaN (the actions plus {@code sqrt(-1)}). */
    public OctoArchitecture withNaNOutput() {
        return new OctoArchitecture(id, imageSize, window, stemFeatures, patchSize, embeddingFeatures, width, layers, heads,
                mlpDim, taskTokens, textWidth, diffusionSteps, diffusionHidden, diffusionBlocks, horizon, actionDim, true);
    }

    /** Tokens per image frame. */
    public int tokensPerFrame() {
        int side = imageSize / patchSize;
        return side * side;
    }
}
