package io.vlaarena.onnx.internal;

import java.util.List;

/** Runs one graph of a model directory; shared across rollouts, thread-safe. */
public interface GraphRunner extends AutoCloseable {

    /**
     * Binds per-rollout input buffers; the returned handle runs the graph on whatever the buffers
     * hold at the time of each call and is confined to the rollout's thread.
     */
    Bound bind(List<TensorBuffer> inputs, List<ModelCard.Tensor> outputs);

    /** Releases the graph. */
    @Override
    void close();

    /** A graph bound to one rollout's buffers. */
    interface Bound extends AutoCloseable {
        /**
         * Runs the graph and copies each float output, in the order bound, into the array of
         * {@code dest} at the same index, whose length must match that output.
         */
        void run(float[]... dest);

        /** Releases the per-rollout resources. */
        @Override
        void close();
    }
}
