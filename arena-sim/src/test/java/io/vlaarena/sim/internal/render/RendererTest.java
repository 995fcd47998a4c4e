package io.vlaarena.sim.internal.render;

import static io.vlaarena.sim.internal.render.SceneBuilder.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.RgbImage;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RendererTest {
    private final Renderer renderer = new Renderer();

    /** A camera at (0, -3, 0) looking along +y at the origin: image right is world +x, image up world +z. */
    private static SceneBuilder facingOrigin() {
        SceneBuilder b = new SceneBuilder();
        b.camera("cam", p(0, -3, 0), p(0, 0, 0), 45);
        return b;
    }

    @Test
    void redSphereInFrontOfTheCameraColorsTheCenterRedAndLeavesCornersToTheBackground() {
        SceneBuilder b = facingOrigin();
        b.sphere(p(0, 0, 0), 0.4, SceneBuilder.RED);
        SceneBuilder.Scene scene = b.build();
        SceneBuilder.Scene empty = facingOrigin().build();

        RgbImage image = renderer.render(scene.model(), scene.frame(), 0, 64, 48);
        RgbImage background = renderer.render(empty.model(), empty.frame(), 0, 64, 48);

        assertRedish(image.rgb(32, 24));
        for (int[] corner : new int[][] {{0, 0}, {63, 0}, {0, 47}, {63, 47}}) {
            assertThat(image.rgb(corner[0], corner[1])).isEqualTo(background.rgb(corner[0], corner[1]));
        }
    }

    @Test
    void nearerBoxHidesFartherSphere() {
        SceneBuilder b = facingOrigin();
        b.sphere(p(0, 1, 0), 1.0, SceneBuilder.RED);
        b.box(p(0, -1, 0), p(0.2, 0.2, 0.2), SceneBuilder.BLUE);
        SceneBuilder.Scene scene = b.build();

        RgbImage image = renderer.render(scene.model(), scene.frame(), 0, 64, 64);

        int center = image.rgb(32, 32);
        assertThat(blue(center)).isGreaterThan(red(center) + 40);
        // Around the box the sphere still shows.
        assertRedish(image.rgb(32, 32 - 14));
    }

    @Test
    void cameraSpacePlusXAppearsOnTheRightAndPlusYAtTheTop() {
        // A tilted camera away from the origin, so the test does not rely on world axes lining up.
        SceneBuilder b = new SceneBuilder();
        double[] eye = p(1, -2, 1.5);
        b.camera("cam", eye, p(0.2, 0.3, 0), 50);
        SceneBuilder.Scene probe = b.build();
        double[] mat = probe.frame().camXmat();
        double[] right = {mat[0], mat[3], mat[6]}, up = {mat[1], mat[4], mat[7]}, back = {mat[2], mat[5], mat[8]};
        double[] ahead = add(eye, scale(back, -3));

        SceneBuilder rightScene = new SceneBuilder();
        rightScene.camera("cam", eye, p(0.2, 0.3, 0), 50);
        rightScene.sphere(add(ahead, scale(right, 0.8)), 0.15, SceneBuilder.RED);
        SceneBuilder upScene = new SceneBuilder();
        upScene.camera("cam", eye, p(0.2, 0.3, 0), 50);
        upScene.sphere(add(ahead, scale(up, 0.8)), 0.15, SceneBuilder.RED);

        double[] atRight = redCentroid(render(rightScene.build(), 0, 80, 60));
        double[] atTop = redCentroid(render(upScene.build(), 0, 80, 60));

        assertThat(atRight[0]).isGreaterThan(50);
        assertThat(atRight[1]).isBetween(25.0, 35.0);
        assertThat(atTop[1]).isLessThan(20);
        assertThat(atTop[0]).isBetween(35.0, 45.0);
    }

    @Test
    void freeCameraAtAzimuthZeroLooksAlongPlusXWithPlusYOnTheLeft() {
        SceneBuilder b = new SceneBuilder();
        b.sphere(p(0, 0.5, 0), 0.15, SceneBuilder.RED);
        SceneBuilder.Scene scene = b.build();
        FreeCamera camera = new FreeCamera(0, 0, 0, 3, 0, -10, 45);

        double[] c = redCentroid(renderer.render(scene.model(), scene.frame(), camera, 80, 60));

        assertThat(c[0]).isLessThan(35);
    }

    @Test
    void defaultCameraFramesTheSceneWhereverItIs() {
        SceneBuilder b = new SceneBuilder();
        b.sphere(p(5, -4, 2), 0.3, SceneBuilder.RED);
        b.box(p(5.5, -4, 2), p(0.1, 0.1, 0.1), SceneBuilder.BLUE);
        SceneBuilder.Scene scene = b.build();

        double[] c = redCentroid(render(scene, -1, 64, 64));

        assertThat(c[0]).isBetween(16.0, 48.0);
        assertThat(c[1]).isBetween(16.0, 48.0);
    }

    @Test
    void shadowsDarkenTheFloorBelowAnObject() {
        SceneBuilder lit = shadowScene(true), unshadowed = shadowScene(false);
        RgbImage withShadow = render(lit.build(), 0, 96, 96);
        RgbImage without = render(unshadowed.build(), 0, 96, 96);
        SceneBuilder.Scene scene = lit.build();
        int[] below = project(scene, 0, p(0, 0, 0), 96, 96);
        int[] aside = project(scene, 0, p(0.9, 0.6, 0), 96, 96);

        int shadowed = luminance(withShadow.rgb(below[0], below[1]));
        int open = luminance(without.rgb(below[0], below[1]));
        assertThat(shadowed).isLessThan(open * 3 / 4);
        assertThat(withShadow.rgb(aside[0], aside[1])).isEqualTo(without.rgb(aside[0], aside[1]));
    }

    @Test
    void spotlightShadowsDarkenTheFloorBelowAnObject() {
        SceneBuilder lit = shadowScene(true), unshadowed = shadowScene(false);
        lit.spotlightsInstead();
        unshadowed.spotlightsInstead();
        RgbImage withShadow = render(lit.build(), 0, 96, 96);
        RgbImage without = render(unshadowed.build(), 0, 96, 96);
        int[] below = project(lit.build(), 0, p(0, 0, 0), 96, 96);

        assertThat(luminance(withShadow.rgb(below[0], below[1])))
                .isLessThan(luminance(without.rgb(below[0], below[1])) * 3 / 4);
    }

    @Test
    void planesAreSizeLimitedWhenTheirSizeIsPositiveAndInvisibleFromBelow() {
        SceneBuilder sized = facingOrigin();
        sized.plane(p(0, 0, -0.5), SceneBuilder.IDENTITY, 0.3, 0.3, SceneBuilder.RED);
        SceneBuilder below = new SceneBuilder();
        below.camera("cam", p(0, -3, -1), p(0, 0, 0), 45);
        below.plane(p(0, 0, 0), SceneBuilder.IDENTITY, 0, 0, SceneBuilder.RED);
        SceneBuilder belowEmpty = new SceneBuilder();
        belowEmpty.camera("cam", p(0, -3, -1), p(0, 0, 0), 45);

        RgbImage image = render(sized.build(), 0, 64, 64);
        int[] inside = project(sized.build(), 0, p(0, 0, -0.5), 64, 64);
        int[] outside = project(sized.build(), 0, p(0.6, 0, -0.5), 64, 64);

        assertRedish(image.rgb(inside[0], inside[1]));
        assertThat(red(image.rgb(outside[0], outside[1]))).isLessThan(200);
        assertThat(render(below.build(), 0, 32, 32)).isEqualTo(render(belowEmpty.build(), 0, 32, 32));
    }

    private static SceneBuilder shadowScene(boolean castShadow) {
        SceneBuilder b = new SceneBuilder();
        b.plane(p(0, 0, 0), SceneBuilder.IDENTITY, 0, 0, new double[] {0.7, 0.7, 0.7, 1});
        b.sphere(p(0, 0, 0.5), 0.2, SceneBuilder.GREEN);
        b.light(p(0, 0, 3), p(0, 0, -1), true, castShadow, 0.7, 0.2);
        b.camera("cam", p(0, -3, 1.5), p(0, 0, 0), 45);
        return b;
    }

    @Test
    void checkerFloorAlternatesItsTwoColors() {
        SceneBuilder b = new SceneBuilder();
        // An infinite plane with texrepeat 1: 2 m tiles of 2x2 squares, so squares are 1 m.
        b.checkerFloor(new double[] {0.9, 0.9, 0.9}, new double[] {0.2, 0.2, 0.2}, 1, false);
        b.camera("down", p(0, 0, 2), p(1, 0, 0), p(0, 1, 0), 90);
        SceneBuilder.Scene scene = b.build();
        RgbImage image = render(scene, 0, 64, 64);

        int a = luminance(image.rgb(project(scene, 0, p(0.5, 0.5, 0), 64, 64)[0], project(scene, 0, p(0.5, 0.5, 0), 64, 64)[1]));
        int[] pb = project(scene, 0, p(-0.5, 0.5, 0), 64, 64);
        int[] pc = project(scene, 0, p(-0.5, -0.5, 0), 64, 64);
        int bl = luminance(image.rgb(pb[0], pb[1])), cl = luminance(image.rgb(pc[0], pc[1]));

        assertThat(Math.abs(a - bl)).isGreaterThan(60);
        assertThat(Math.abs(a - cl)).isLessThan(10);
    }

    @Test
    void materialColorIsUsedUnlessTheGeomRgbaWasSet() {
        SceneBuilder b = facingOrigin();
        b.withMaterial(b.sphere(p(-0.5, 0, 0), 0.3, SceneBuilder.DEFAULT_RGBA), SceneBuilder.RED);
        b.withMaterial(b.sphere(p(0.5, 0, 0), 0.3, SceneBuilder.DEFAULT_RGBA), SceneBuilder.RED);
        SceneBuilder.Scene scene = b.build();
        // Geom 1 sets its own color explicitly: that wins over its material.
        scene.model().geom_rgba[4] = SceneBuilder.BLUE[0];
        scene.model().geom_rgba[5] = SceneBuilder.BLUE[1];
        scene.model().geom_rgba[6] = SceneBuilder.BLUE[2];
        RgbImage image = render(scene, 0, 80, 60);

        int[] left = project(scene, 0, p(-0.5, -0.3, 0), 80, 60), right = project(scene, 0, p(0.5, -0.3, 0), 80, 60);
        assertRedish(image.rgb(left[0], left[1]));
        int c = image.rgb(right[0], right[1]);
        assertThat(blue(c)).isGreaterThan(red(c) + 40);
    }

    @Test
    void fullyTransparentGeomsAreNotDrawn() {
        SceneBuilder b = facingOrigin();
        b.sphere(p(0, 0, 0), 0.4, new double[] {1, 0, 0, 0});
        SceneBuilder.Scene scene = b.build();
        SceneBuilder.Scene empty = facingOrigin().build();

        assertThat(render(scene, 0, 32, 32)).isEqualTo(render(empty, 0, 32, 32));
    }

    @Test
    void geometryReachingBehindTheCameraIsClippedNotLost() {
        // A huge slab whose top face passes under and behind the camera: its triangles cross the near plane.
        SceneBuilder b = new SceneBuilder();
        b.box(p(0, 0, -1), p(50, 50, 1), SceneBuilder.BLUE);
        b.camera("cam", p(0, 0, 0.5), p(0, 10, 0.5), 60);
        SceneBuilder.Scene scene = b.build();

        RgbImage image = render(scene, 0, 64, 64);

        int below = image.rgb(32, 60), above = image.rgb(32, 4);
        assertThat(blue(below)).isGreaterThan(red(below) + 40);
        assertThat(above).isNotEqualTo(below);
    }

    @Test
    void imageSizeIsHonoured() {
        SceneBuilder.Scene scene = SceneBuilder.robotOnTable().build();

        RgbImage image = renderer.render(scene.model(), scene.frame(), -1, 37, 23);
        RgbImage smooth = new Renderer(RenderSettings.defaults().withSupersampling(2))
                .render(scene.model(), scene.frame(), 1, 41, 17);

        assertThat(image.width()).isEqualTo(37);
        assertThat(image.height()).isEqualTo(23);
        assertThat(image.pixels()).hasSize(37 * 23 * 3);
        assertThat(smooth.width()).isEqualTo(41);
        assertThat(smooth.height()).isEqualTo(17);
    }

    @Test
    void renderingAgainWithReusedBuffersGivesTheSameImage() {
        SceneBuilder.Scene scene = SceneBuilder.robotOnTable().build();

        RgbImage first = renderer.render(scene.model(), scene.frame(), 0, 64, 48);
        renderer.render(scene.model(), scene.frame(), -1, 200, 100);
        RgbImage again = renderer.render(scene.model(), scene.frame(), 0, 64, 48);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void rejectsInvalidImageSizes() {
        SceneBuilder.Scene scene = facingOrigin().build();
        for (int[] size : new int[][] {{0, 10}, {10, 0}, {-1, 5}, {Renderer.MAX_SIZE + 1, 10}}) {
            assertThatThrownBy(() -> renderer.render(scene.model(), scene.frame(), 0, size[0], size[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(size[0] + "x" + size[1]);
        }
    }

    @Test
    void rejectsUnknownCameraIdsNamingTheValidOnes() {
        SceneBuilder.Scene scene = facingOrigin().build();

        assertThatThrownBy(() -> renderer.render(scene.model(), scene.frame(), 1, 8, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown camera id 1")
                .hasMessageContaining("cam");
        assertThatThrownBy(() -> renderer.render(scene.model(), scene.frame(), -2, 8, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsFramesShorterThanTheModel() {
        SceneBuilder b = facingOrigin();
        b.sphere(p(0, 0, 0), 0.4, SceneBuilder.RED);
        MjModel model = b.build().model();
        RenderFrame frame = RenderFrame.of(new double[3], new double[8], new double[3], new double[9], null, null);

        assertThatThrownBy(() -> renderer.render(model, frame, 0, 8, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("geomXmat");
    }

    // ------------------------------------------------------------------------------------------

    private RgbImage render(SceneBuilder.Scene s, int camera, int w, int h) {
        return renderer.render(s.model(), s.frame(), camera, w, h);
    }

    /** Pixel of a world point seen by a model camera. */
    private static int[] project(SceneBuilder.Scene s, int cam, double[] world, int w, int h) {
        double[] c = s.frame().camXpos(), m = s.frame().camXmat();
        double vx = world[0] - c[3 * cam], vy = world[1] - c[3 * cam + 1], vz = world[2] - c[3 * cam + 2];
        int a = 9 * cam;
        double x = m[a] * vx + m[a + 3] * vy + m[a + 6] * vz;
        double y = m[a + 1] * vx + m[a + 4] * vy + m[a + 7] * vz;
        double z = -(m[a + 2] * vx + m[a + 5] * vy + m[a + 8] * vz);
        double tanY = Math.tan(Math.toRadians(s.model().cam_fovy[cam]) / 2), tanX = tanY * w / h;
        return new int[] {(int) ((x / z / tanX + 1) * w / 2), (int) ((1 - y / z / tanY) * h / 2)};
    }

    private static double[] redCentroid(RgbImage image) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int c = image.rgb(x, y);
                if (red(c) > green(c) + 60 && red(c) > blue(c) + 60) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        assertThat(n).as("red pixels").isPositive();
        return new double[] {sx / n, sy / n};
    }

    private static void assertRedish(int rgb) {
        assertThat(red(rgb)).as("red of %06x", rgb).isGreaterThan(green(rgb) + 60).isGreaterThan(blue(rgb) + 60);
    }

    private static int red(int rgb) {
        return rgb >> 16 & 0xff;
    }

    private static int green(int rgb) {
        return rgb >> 8 & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }

    private static int luminance(int rgb) {
        return (2 * red(rgb) + 5 * green(rgb) + blue(rgb)) / 8;
    }

    private static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }
}
