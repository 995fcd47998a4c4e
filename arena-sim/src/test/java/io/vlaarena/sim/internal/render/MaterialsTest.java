package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;

/** Materials as MuJoCo's renderer maps them onto geoms. */
class MaterialsTest {

    @Test
    void texuniformRepeatsATexturePerMetreInsteadOfAcrossTheGeom() {
        MjModel m = MjcfLoader.load("<mujoco><default><default class='u'><material texuniform='true'/></default></default><asset>"
                + "<texture name='grid' type='2d' builtin='checker' width='64' height='64'/>"
                + "<material name='across' texture='grid' texrepeat='8 4'/>"
                + "<material name='uniform' texture='grid' texrepeat='8 4' texuniform='true'/>"
                + "<material name='bydefault' class='u' texture='grid' texrepeat='2 2'/>"
                + "</asset><worldbody>"
                + "<geom type='plane' size='3 2 0.1' material='across'/>"
                + "<geom type='plane' size='3 2 0.1' material='uniform'/>"
                + "<geom type='plane' size='3 2 0.1' material='bydefault'/>"
                + "<geom type='plane' size='0 0 0.1' material='across'/>"
                + "</worldbody></mujoco>");
        assertThat(m.mat_texuniform).containsExactly(false, true, true);
        // across the geom: 8 textures over its 6 m, 4 over its 4 m
        assertThat(Materials.tilesPerMetre(m, 0, 0)).isCloseTo(0.5 * 8 / 3, within(1e-15));
        assertThat(Materials.tilesPerMetre(m, 0, 1)).isCloseTo(0.5 * 4 / 2, within(1e-15));
        // uniform: texrepeat textures per 2 m whatever the size
        assertThat(Materials.tilesPerMetre(m, 1, 0)).isEqualTo(4.0);
        assertThat(Materials.tilesPerMetre(m, 1, 1)).isEqualTo(2.0);
        assertThat(Materials.tilesPerMetre(m, 2, 0)).isEqualTo(1.0);
        // an infinite plane repeats per metre either way
        assertThat(Materials.tilesPerMetre(m, 3, 0)).isEqualTo(4.0);
    }
}
