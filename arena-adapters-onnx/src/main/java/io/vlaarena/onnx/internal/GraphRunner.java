package io.vlaarena.onnx.internal;

import java.util.List;

/** Runs one graph of a model directory; shared across rollouts, thread-safe. */
public interface GraphRunner extends AutoCloseable {

    /**
     * Binds per-rollout input buffers; the returned handle runs the graph on whatever the buffers
     * hold at the time of each call and is confined to the rollout's thread.
     */
    Bound bind(List<TensorBuffer> inputs, ModelCard.Tensor output);

    /** Releases the graph. */
    @Override
    void close();

    /** A graph bound to one rollout's buffers. */
    interface Bound extends AutoCloseable {
        /** Runs the graph and copies the float output into {@code dest}, whose length must match the output. */
        void run(float[] dest);

        /** Releases the per-rollout resources. */
        @Override
        void close();
    }
}
