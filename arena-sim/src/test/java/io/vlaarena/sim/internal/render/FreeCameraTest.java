package io.vlaarena.sim.internal.render;

import static io.vlaarena.sim.internal.render.SceneBuilder.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FreeCameraTest {
    @Test
    void framingLooksAtTheCenterOfTheVisibleGeomsIgnoringPlanes() {
        SceneBuilder b = new SceneBuilder();
        b.plane(p(10, 10, 0), SceneBuilder.IDENTITY, 0, 0, SceneBuilder.WHITE);
        b.box(p(1, 2, 3), p(0.5, 0.5, 0.5), SceneBuilder.RED);
        b.sphere(p(3, 2, 3), 0.5, SceneBuilder.RED);
        SceneBuilder.Scene scene = b.build();

        FreeCamera camera = FreeCamera.framing(scene.model(), scene.frame());

        assertThat(camera.lookatX()).isEqualTo(2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(camera.lookatY()).isEqualTo(2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(camera.lookatZ()).isEqualTo(3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(camera.distance()).isBetween(2.0, 10.0);
        assertThat(camera.elevationDeg()).isNegative();
    }

    @Test
    void framingAnEmptySceneLooksAtTheOrigin() {
        SceneBuilder.Scene scene = new SceneBuilder().build();

        FreeCamera camera = FreeCamera.framing(scene.model(), scene.frame());

        assertThat(camera.lookatX()).isZero();
        assertThat(camera.distance()).isPositive();
    }

    @Test
    void rejectsImpossibleCameras() {
        assertThatThrownBy(() -> new FreeCamera(0, 0, 0, 0, 0, 0, 45)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distance");
        assertThatThrownBy(() -> new FreeCamera(0, 0, 0, 1, 0, 90, 45)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elevation");
        assertThatThrownBy(() -> new FreeCamera(0, 0, 0, 1, 0, 0, 180)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fovy");
    }
}
