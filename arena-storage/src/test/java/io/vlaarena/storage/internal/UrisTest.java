package io.vlaarena.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrisTest {
    @Test
    void masksThePasswordOnly() {
        assertThat(Uris.mask("mongodb://user:secret@h1:27017,h2/db?authSource=admin"))
                .isEqualTo("mongodb://user:****@h1:27017,h2/db?authSource=admin");
        assertThat(Uris.mask("mongodb+srv://user:p%40ss@cluster.example.net")).isEqualTo("mongodb+srv://user:****@cluster.example.net");
        assertThat(Uris.mask("mongodb://user@h")).isEqualTo("mongodb://user@h");
        assertThat(Uris.mask("mongodb://h:1")).isEqualTo("mongodb://h:1");
    }

    @Test
    void scrubsThePasswordFromQuotedText() {
        String uri = "mongodb://user:p%40ss@h";
        assertThat(Uris.scrub("auth failed for p%40ss and p@ss at " + uri, uri)).doesNotContain("p%40ss").doesNotContain("p@ss");
    }
}
