package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenderSettingsTest {
    @Test
    void defaultsAreOneSampleWithShadows() {
        RenderSettings s = RenderSettings.defaults();

        assertThat(s.supersampling()).isEqualTo(1);
        assertThat(s.shadows()).isTrue();
        assertThat(s.withSupersampling(2).supersampling()).isEqualTo(2);
        assertThat(s.withShadows(false).shadows()).isFalse();
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new RenderSettings(0, true, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..4");
        assertThatThrownBy(() -> new RenderSettings(1, true, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64");
    }
}
