package io.vlaarena.storage.internal;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The encoded BSON size of the documents this module writes, computed without encoding them, so
 * an oversized episode is refused with a clear message before the driver fails on it.
 */
public final class BsonSize {
    /** MongoDB's limit on one document: 16 MiB. */
    public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    private BsonSize() {}

    /**
     * The size of {@code doc} as the driver sends it, counting the 17-byte ObjectId {@code _id}
     * the driver adds when the document has none.
     */
    public static long of(Document doc) {
        long size = document(doc);
        if (!doc.containsKey("_id")) {
            size += 1 + 4 + 12;
        }
        return size;
    }

    private static long document(Map<String, ?> doc) {
        long size = 4 + 1; // length prefix, terminating NUL
        for (Map.Entry<String, ?> e : doc.entrySet()) {
            size += 1 + cstring(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    private static long array(List<?> list) {
        long size = 4 + 1;
        for (int i = 0; i < list.size(); i++) {
            size += 1 + digits(i) + 1 + value(list.get(i));
        }
        return size;
    }

    @SuppressWarnings("unchecked")
    private static long value(Object v) {
        if (v == null || v instanceof Boolean) {
            return v == null ? 0 : 1;
        }
        if (v instanceof Double || v instanceof Long || v instanceof Date) {
            return 8;
        }
        if (v instanceof Integer) {
            return 4;
        }
        if (v instanceof String s) {
            return 4 + s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        if (v instanceof ObjectId) {
            return 12;
        }
        if (v instanceof List<?> l) {
            return array(l);
        }
        if (v instanceof Map<?, ?> m) {
            return document((Map<String, ?>) m);
        }
        throw new IllegalArgumentException("No BSON size for " + v.getClass().getName());
    }

    private static long cstring(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    private static int digits(int i) {
        return i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : i < 10000 ? 4 : i < 100000 ? 5 : i < 1000000 ? 6
                : Integer.toString(i).length();
    }
}
