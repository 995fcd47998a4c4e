package io.vlaarena.testkit.onnx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the messages the ONNX adapters log (logger {@code io.vlaarena.onnx}) while it is open. */
final class AdapterLog implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.vlaarena.onnx");
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            messages.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    AdapterLog() {
        logger.addHandler(handler);
    }

    /** The messages logged so far. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
