package io.vlaarena.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A preallocated direct, native-order buffer for one graph input, reused for every prediction of a
 * rollout so that ONNX Runtime can read it without a copy.
 */
public final class TensorBuffer {
    private final ModelCard.Tensor spec;
    private final ByteBuffer bytes;

    /** Allocates a zeroed buffer for {@code spec}. */
    public TensorBuffer(ModelCard.Tensor spec) {
        this.spec = spec;
        long size = spec.elements() * spec.dtype().size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Tensor '" + spec.name() + "' of shape " + spec.shapeText() + " is too large");
        }
        this.bytes = ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
    }

    /** The card's description of the tensor. */
    public ModelCard.Tensor spec() {
        return spec;
    }

    /** The backing buffer, position 0, limit at its capacity; callers use absolute puts. */
    public ByteBuffer bytes() {
        return bytes;
    }
}
