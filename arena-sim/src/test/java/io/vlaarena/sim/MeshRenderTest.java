package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mesh geoms are drawn with their faces and the geom's colour. */
@Timeout(60)
class MeshRenderTest {
    private static final String SCENE = """
            <mujoco model="mesh_render">
              <compiler angle="radian"/>
              <asset>
                <material name="red" rgba="0.9 0.1 0.1 1"/>
                <mesh name="wedge" vertex="0 0 0  0.2 0 0  0 0.16 0  0 0 0.08  0.2 0 0.08  0 0.16 0.08  0.08 0.04 0.12"
                      face="0 2 1  0 1 4  0 4 3  1 2 4  2 5 4  0 3 5  0 5 2  3 4 6  4 5 6  5 3 6"/>
                <mesh name="gem" vertex="0.06 0 0  -0.06 0 0  0 0.06 0  0 -0.06 0  0 0 0.08  0 0 -0.08"/>
              </asset>
              <worldbody>
                <light pos="0 0 2" dir="0 0 -1" directional="true"/>
                <geom type="plane" size="1 1 0.1" rgba="0.8 0.8 0.8 1"/>
                <camera name="front" pos="0 -0.9 0.45" xyaxes="1 0 0 0 0.45 0.9"/>
                <body name="wedge" pos="-0.25 0 0">
                  <geom type="mesh" mesh="wedge" material="red"/>
                </body>
                <body name="gem" pos="0.2 0 0.1">
                  <geom type="mesh" mesh="gem" rgba="0.1 0.2 0.9 1"/>
                </body>
              </worldbody>
            </mujoco>
            """;

    @Test
    void meshObjectsAppearInTheirColoursWhereTheyStand() {
        try (Environment env = new MjcfEnvironmentFactory().create(SCENE, EnvironmentOptions.defaults())) {
            env.reset(0);
            RgbImage img = env.render("front", 320, 240);
            int redLeft = 0, redRight = 0, blueLeft = 0, blueRight = 0;
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    int rgb = img.rgb(x, y);
                    int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                    boolean left = x < img.width() / 2;
                    if (r > 120 && g < 80 && b < 80) {
                        redLeft += left ? 1 : 0;
                        redRight += left ? 0 : 1;
                    }
                    if (b > 120 && r < 80 && g < 110) {
                        blueLeft += left ? 1 : 0;
                        blueRight += left ? 0 : 1;
                    }
                }
            }
            assertThat(redLeft).as("red wedge pixels on the left").isGreaterThan(300);
            assertThat(blueRight).as("blue gem pixels on the right").isGreaterThan(150);
            assertThat(redRight).as("red pixels on the right").isLessThan(10);
            assertThat(blueLeft).as("blue pixels on the left").isLessThan(10);
        }
    }

    /** A UV sphere of radius r as mesh vertices (the compiler takes their convex hull as faces). */
    private static String sphereVertices(double r, int around, int rings) {
        StringBuilder v = new StringBuilder("0 0 " + r + " 0 0 " + -r);
        for (int i = 1; i < rings; i++) {
            double polar = Math.PI * i / rings;
            for (int j = 0; j < around; j++) {
                double az = 2 * Math.PI * j / around;
                v.append(String.format(java.util.Locale.ROOT, " %.9f %.9f %.9f", r * Math.sin(polar) * Math.cos(az),
                        r * Math.sin(polar) * Math.sin(az), r * Math.cos(polar)));
            }
        }
        return v.toString();
    }

    /** The largest brightness change between neighbouring pixels along row y, inside [x0, x1). */
    private static int largestStep(RgbImage img, int y, int x0, int x1) {
        int worst = 0;
        for (int x = x0; x + 1 < x1; x++) {
            int a = img.rgb(x, y), b = img.rgb(x + 1, y);
            worst = Math.max(worst, Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)));
        }
        return worst;
    }

    @Test
    void curvedMeshShadesWithoutFacetSteps() {
        String scene = """
                <mujoco model="smooth">
                  <asset><mesh name="ball" vertex="%s"/></asset>
                  <worldbody>
                    <light pos="0 0 2" dir="0.7 0.3 -0.6" directional="true" castshadow="false"/>
                    <camera name="front" pos="0 -1 0.2" xyaxes="1 0 0 0 0 1"/>
                    <geom name="mesh_ball" type="mesh" mesh="ball" pos="-0.16 0 0.2" rgba="0.9 0.9 0.9 1"/>
                    <geom name="true_ball" type="sphere" size="0.13" pos="0.16 0 0.2" rgba="0.9 0.9 0.9 1"/>
                  </worldbody>
                </mujoco>
                """.formatted(sphereVertices(0.13, 16, 8));
        try (Environment env = new MjcfEnvironmentFactory().create(scene, EnvironmentOptions.defaults())) {
            env.reset(0);
            RgbImage img = env.render("front", 320, 240);
            int y = img.height() / 2;
            // the inner 70 %% of each ball along the middle row (290 pixels per metre at their distance): a 16 x 8 faceted sphere shaded flat
            // changes brightness in steps of tens of levels at its facet edges
            int meshStep = largestStep(img, y, 88, 140), trueStep = largestStep(img, y, 180, 232);
            System.out.printf("smooth shading: largest step along the row: mesh sphere %d, analytic sphere %d%n", meshStep,
                    trueStep);
            assertThat(meshStep).isLessThanOrEqualTo(Math.max(4, 2 * trueStep));
        }
    }
}
