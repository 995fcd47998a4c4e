package io.vlaarena.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class BsonSizeTest {
    @Test
    void matchesTheDriversEncodingExactly() {
        List<List<Double>> actions = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            actions.add(List.of(0.1 * i, -1.0, 2.5));
        }
        Document doc = new Document("episode_id", "ep_é").append("n", 3).append("l", 4L).append("b", true)
                .append("nothing", null).append("at", new Date()).append("actions", actions)
                .append("nested", new Document("qpos", List.of(1.0, 2.0)).append("time", 0.2));
        long computed = BsonSize.of(doc);
        doc.append("_id", new ObjectId());
        long encoded = new RawBsonDocument(doc, new DocumentCodec()).getByteBuffer().remaining();
        assertThat(computed).isEqualTo(encoded);
        assertThat(BsonSize.of(doc)).as("with an _id of its own").isEqualTo(encoded);
    }
}
