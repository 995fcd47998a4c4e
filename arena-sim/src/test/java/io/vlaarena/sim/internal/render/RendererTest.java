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

    /**
     * A camera at (0, -3, 0) looking along +y (image right +x, up +z, 45 degrees), a straight
     * tendon at z = 0.5 from x = -1 to 1 (its attributes {@code %s}), a green one wrapping a
     * blue sphere below it, and a floor lit by a shadow-casting light from above and behind the camera (the
     * straight tendon's shadow falls at y = 1.5).
     */
    private static final String TENDON_SCENE = "<mujoco><worldbody>"
            + "<light pos='0 -3 3' dir='0 1 -1' directional='true' castshadow='true'/>"
            + "<camera name='cam' pos='0 -3 0' xyaxes='1 0 0 0 0 1'/>"
            + "<geom name='floor' type='plane' pos='0 0 -1' size='0 0 1' rgba='0.9 0.9 0.9 1'/>"
            + "<site name='a' pos='-1 0 0.5'/><site name='b' pos='1 0 0.5'/>"
            + "<site name='c' pos='-1 0 -0.5'/><site name='d' pos='1 0 -0.5'/>"
            + "<geom name='ball' type='sphere' pos='0 0 -0.45' size='0.2' rgba='0 0 1 1'/>"
            + "</worldbody><tendon>"
            + "<spatial name='straight' %s><site site='a'/><site site='b'/></spatial>"
            + "<spatial name='wrapped' width='0.03' rgba='0 1 0 1'><site site='c'/><geom geom='ball'/><site site='d'/></spatial>"
            + "</tendon></mujoco>";

    /** The tendon scene's model and its poses and tendon paths (or, without paths, poses only). */
    private static Object[] tendonScene(String straightAttrs, boolean paths) {
        return tendonScene(io.vlaarena.sim.internal.mjcf.MjcfLoader.load(String.format(TENDON_SCENE, straight(straightAttrs))), paths);
    }

    /** The straight tendon's attributes: red and 0.03 wide unless {@code attrs} say otherwise. */
    private static String straight(String attrs) {
        return (attrs.contains("width=") ? "" : "width='0.03' ") + (attrs.contains("rgba=") || attrs.contains("material=")
                ? "" : "rgba='1 0 0 1' ") + attrs;
    }

    private static Object[] tendonScene(MjModel m, boolean paths) {
        io.vlaarena.sim.internal.physics.PhysicsModel pm = new io.vlaarena.sim.internal.physics.PhysicsModel(m);
        io.vlaarena.sim.internal.physics.MjData d = new io.vlaarena.sim.internal.physics.MjData(pm);
        io.vlaarena.sim.internal.physics.Smooth.kinematics(pm, d);
        io.vlaarena.sim.internal.physics.Smooth.camlight(pm, d);
        io.vlaarena.sim.internal.physics.Wrap.paths(pm, d);
        RenderFrame f = RenderFrame.of(d.geom_xpos, d.geom_xmat, d.cam_xpos, d.cam_xmat, d.light_xpos, d.light_xdir);
        return new Object[] {m, paths ? f.withTendonPaths(d.wrap_xpos, d.wrap_obj, d.ten_wrapadr, d.ten_wrapnum) : f, d};
    }

    /** Pixel of world point (x, 0, z) in a 160x120 image of the tendon scene's camera. */
    private static int[] tendonPixel(double x, double y, double z) {
        double tanY = Math.tan(Math.toRadians(45) / 2), tanX = tanY * 160 / 120, depth = 3 + y;
        return new int[] {(int) ((x / depth / tanX + 1) * 80), (int) ((1 - z / depth / tanY) * 60)};
    }

    private static int countRed(RgbImage image) {
        int n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int c = image.rgb(x, y);
                n += red(c) > green(c) + 60 && red(c) > blue(c) + 60 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void spatialTendonsAreDrawnInTheirColorAlongTheirPath() {
        Object[] s = tendonScene("", true);
        RgbImage image = renderer.render((MjModel) s[0], (RenderFrame) s[1], 0, 160, 120);
        // the straight tendon: red all along, from x = -0.8 to 0.8 (3 pixels thick)
        for (double x = -0.8; x <= 0.8; x += 0.1) {
            int[] px = tendonPixel(x, 0, 0.5);
            assertRedish(image.rgb(px[0], px[1]));
        }
        // the wrapped tendon: green halfway along its straight parts to and from the sphere
        io.vlaarena.sim.internal.physics.MjData d = (io.vlaarena.sim.internal.physics.MjData) s[2];
        assertThat(d.ten_wrapnum[1]).isEqualTo(4);
        for (int seg : new int[] {0, 2}) {
            int a = 3 * (d.ten_wrapadr[1] + seg);
            double[] w = d.wrap_xpos;
            int[] px = tendonPixel(0.5 * (w[a] + w[a + 3]), 0.5 * (w[a + 1] + w[a + 4]), 0.5 * (w[a + 2] + w[a + 5]));
            int c = image.rgb(px[0], px[1]);
            assertThat(green(c)).as("green of %06x at %d,%d", c, px[0], px[1]).isGreaterThan(red(c) + 60)
                    .isGreaterThan(blue(c) + 60);
        }
        // the path bends round the sphere's bottom: the tangent points lie below the straight line
        assertThat(d.wrap_xpos[3 * (d.ten_wrapadr[1] + 1) + 2]).isLessThan(-0.5);
    }

    @Test
    void tendonsInHiddenGroupsTransparentOrWithoutPathsAreNotDrawn() {
        Object[] shown = tendonScene("", true);
        assertThat(countRed(renderer.render((MjModel) shown[0], (RenderFrame) shown[1], 0, 160, 120))).isGreaterThan(200);
        for (String attrs : new String[] {"rgba='1 0 0 0'", "group='3'", "group='5'", "width='0'"}) {
            Object[] s = tendonScene(attrs, true);
            assertThat(countRed(renderer.render((MjModel) s[0], (RenderFrame) s[1], 0, 160, 120))).as(attrs).isZero();
        }
        // a frame built from poses alone (a replay of qpos) carries no paths: no tendon is drawn
        Object[] bare = tendonScene("", false);
        assertThat(countRed(renderer.render((MjModel) bare[0], (RenderFrame) bare[1], 0, 160, 120))).isZero();
    }

    @Test
    void tendonsTakeTheirMaterialsColorUnlessTheirRgbaWasSetAndCastShadows() {
        // material color when the tendon's own rgba is MuJoCo's default
        String withMaterial = TENDON_SCENE.replace("<worldbody>", "<asset><material name='mat' rgba='1 0 0 1'/></asset><worldbody>");
        Object[] s = tendonScene(io.vlaarena.sim.internal.mjcf.MjcfLoader.load(String.format(withMaterial, straight("material='mat'"))), true);
        RgbImage image = renderer.render((MjModel) s[0], (RenderFrame) s[1], 0, 160, 120);
        int[] px = tendonPixel(0, 0, 0.5);
        assertRedish(image.rgb(px[0], px[1]));
        // its own rgba, when set, wins over the material's
        Object[] own = tendonScene(io.vlaarena.sim.internal.mjcf.MjcfLoader.load(
                String.format(withMaterial, straight("material='mat' rgba='0 0 1 1'"))), true);
        int c = renderer.render((MjModel) own[0], (RenderFrame) own[1], 0, 160, 120).rgb(px[0], px[1]);
        assertThat(blue(c)).as("blue of %06x", c).isGreaterThan(red(c) + 60);
        // a thick tendon shades the floor below it: darker than where the same tendon is hidden
        Object[] thick = tendonScene("width='0.15'", true), hidden = tendonScene("width='0.15' group='3'", true);
        RgbImage lit = renderer.render((MjModel) hidden[0], (RenderFrame) hidden[1], 0, 160, 120);
        RgbImage shaded = renderer.render((MjModel) thick[0], (RenderFrame) thick[1], 0, 160, 120);
        int[] floor = tendonPixel(-0.7, 1.5, -1);
        assertThat(luminance(shaded.rgb(floor[0], floor[1])))
                .isLessThan(luminance(lit.rgb(floor[0], floor[1])) - 40);
    }

    @Test
    void aSlackStringHangsAsACatenaryOfItsLengthAsMuJoCoDrawsIt() {
        // sites 1 m apart at z = 0.5, a string of 1.4 m: MuJoCo draws it sagging, not straight
        String string = TENDON_SCENE.replace("<site name='a' pos='-1 0 0.5'/><site name='b' pos='1 0 0.5'/>",
                "<site name='a' pos='-0.5 0 0.5'/><site name='b' pos='0.5 0 0.5'/>");
        Object[] slack = tendonScene(io.vlaarena.sim.internal.mjcf.MjcfLoader.load(
                String.format(string, straight("limited='true' range='0 1.4'"))), true);
        double[] ends = {-0.5, 0, 0.5, 0.5, 0, 0.5}, out = new double[3 * Catenary.POINTS];
        int n = Catenary.points(ends, 0, 3, new double[] {0, 0, -9.81}, 1.4, out);
        assertThat(n).isEqualTo(Catenary.POINTS);
        double length = 0, lowest = 1;
        for (int i = 0; i < n - 1; i++) {
            double dx = out[3 * i + 3] - out[3 * i], dz = out[3 * i + 5] - out[3 * i + 2];
            length += Math.sqrt(dx * dx + dz * dz);
            lowest = Math.min(lowest, out[3 * i + 2]);
        }
        // the chords of a catenary of 1.4 m, ending on the sites, sagging well below them
        assertThat(length).isBetween(1.39, 1.4);
        assertThat(out[0]).isEqualTo(-0.5);
        assertThat(out[3 * n - 3]).isEqualTo(0.5);
        assertThat(lowest).isLessThan(0.1);
        RgbImage image = renderer.render((MjModel) slack[0], (RenderFrame) slack[1], 0, 160, 120);
        for (int i = 3; i < n - 3; i += 3) {
            int[] px = tendonPixel(out[3 * i], 0, out[3 * i + 2]);
            assertRedish(image.rgb(px[0], px[1]));
        }
        int[] straightMid = tendonPixel(0, 0, 0.5);
        assertThat(red(image.rgb(straightMid[0], straightMid[1]))).isLessThan(green(image.rgb(straightMid[0], straightMid[1])) + 60);
        // with a stiffness (or without its limit) the same string is drawn along its path: straight
        Object[] stiff = tendonScene(io.vlaarena.sim.internal.mjcf.MjcfLoader.load(
                String.format(string, straight("limited='true' range='0 1.4' stiffness='1'"))), true);
        assertRedish(renderer.render((MjModel) stiff[0], (RenderFrame) stiff[1], 0, 160, 120).rgb(straightMid[0], straightMid[1]));
        // taut (sites farther apart than the length): straight; nearly vertical: through a hanging bead
        assertThat(Catenary.points(ends, 0, 3, new double[] {0, 0, -9.81}, 0.9, out)).isEqualTo(2);
        double[] vertical = {0, 0, 1, 0.001, 0, 0};
        assertThat(Catenary.points(vertical, 0, 3, new double[] {0, 0, -9.81}, 1.5, out)).isEqualTo(3);
        assertThat(out[5]).isLessThan(0);
    }

    @Test
    void rejectsTendonPathsOutsideTheFramesPoints() {
        Object[] s = tendonScene("", true);
        RenderFrame f = (RenderFrame) s[1];
        RenderFrame bad = f.withTendonPaths(new double[6], new int[2], new int[] {0, 1}, new int[] {2, 4});
        assertThatThrownBy(() -> renderer.render((MjModel) s[0], bad, 0, 16, 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tendon path 1 spans points 1..4");
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
