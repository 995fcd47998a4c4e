package io.vlaarena.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final String SRC = "models.yaml: model 3 ('pi0')";

    private static Settings settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", "LIBERO");
        m.put("horizon", 5);
        m.put("text_number", "8");
        m.put("ratio", 0.5);
        m.put("flag", "true");
        m.put("timeout", "500ms");
        m.put("sizes", List.of(224, 224));
        m.put("actions", Map.of("width", "eight", "dims", List.of(Map.of("from", 0), "oops")));
        m.put("nothing", null);
        return Settings.of(m, SRC);
    }

    @Test
    void readsTypedValuesWithTheirDefaults() {
        Settings s = settings();
        assertThat(s.choice("preset", List.of("droid", "libero"), "droid")).isEqualTo("libero");
        assertThat(s.integer("horizon", 0)).isEqualTo(5);
        assertThat(s.integer("text_number", 0)).isEqualTo(8);
        assertThat(s.integer("absent", 3)).isEqualTo(3);
        assertThat(s.number("ratio", 0)).isEqualTo(0.5);
        assertThat(s.bool("flag", false)).isTrue();
        assertThat(s.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(Settings.of(Map.of("t", 2), SRC).duration("t", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Settings.of(Map.of("t", "2m"), SRC).duration("t", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.numbers("sizes")).hasValueSatisfying(v -> assertThat(v).containsExactly(224, 224));
        assertThat(s.strings("preset")).containsExactly("LIBERO");
        assertThat(s.has("nothing")).isFalse();
        assertThat(s.section("actions").orElseThrow().sections("absent")).isEmpty();
    }

    @Test
    void errorsNameTheSourceAndTheFullFieldPath() {
        Settings s = settings();
        assertThatThrownBy(() -> s.choice("preset", List.of("droid"), "droid")).isInstanceOf(ModelLoadException.class)
                .hasMessage(SRC + ": field 'preset' must be one of [droid], got 'LIBERO'");
        assertThatThrownBy(() -> s.section("actions").orElseThrow().integer("width", 0))
                .hasMessage(SRC + ": field 'actions.width' must be a number, got 'eight'");
        assertThatThrownBy(() -> s.section("actions").orElseThrow().sections("dims"))
                .hasMessage(SRC + ": field 'actions.dims[1]' must be a mapping of fields, got text");
        assertThatThrownBy(() -> s.integer("ratio", 0)).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> s.bool("preset", false)).hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> s.duration("preset", Duration.ZERO)).hasMessageContaining("must be a duration");
        assertThatThrownBy(() -> s.string("sizes")).hasMessageContaining("must be a text value, got a list");
        assertThatThrownBy(() -> s.requireOnly(Set.of("preset"))).hasMessageContaining("unknown field 'horizon'");
        assertThatThrownBy(() -> Settings.of(Map.of("x", new Object()), SRC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settings.of(Map.of("x", "NaN"), SRC).number("x", 0)).hasMessageContaining("finite");
    }

    @Test
    void isADeepCopy() {
        List<Object> list = new java.util.ArrayList<>(List.of(1));
        Settings s = Settings.of(Map.of("l", list), SRC);
        list.add(2);
        assertThat(s.numbers("l").orElseThrow()).containsExactly(1);
        assertThatThrownBy(() -> ((List<Object>) s.asMap().get("l")).add(3)).isInstanceOf(UnsupportedOperationException.class);
    }
}
