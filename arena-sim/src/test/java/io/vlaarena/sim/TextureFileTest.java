package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Png;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PNG texture files: read from the granted directory only, laid out as MuJoCo lays them out, and drawn. */
@Timeout(60)
class TextureFileTest {
    @TempDir
    Path dir;

    /** A w x h image filled with one colour, the pixel (0, 0) in {@code corner}. */
    private static byte[] png(int w, int h, int rgb, int corner) {
        byte[] px = new byte[3 * w * h];
        for (int p = 0; p < w * h; p++) {
            int c = p == 0 ? corner : rgb;
            px[3 * p] = (byte) (c >> 16);
            px[3 * p + 1] = (byte) (c >> 8);
            px[3 * p + 2] = (byte) c;
        }
        return Png.encode(new RgbImage(w, h, px));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    private Path scene(String assets, String world) throws IOException {
        return write("scene.xml", ("<mujoco><compiler texturedir='textures'/><asset>" + assets + "</asset><worldbody>"
                + world + "</worldbody></mujoco>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static int texel(MjModel m, int t, int index) {
        int o = m.tex_adr[t] + 3 * index;
        return (m.tex_rgb[o] & 0xff) << 16 | (m.tex_rgb[o + 1] & 0xff) << 8 | m.tex_rgb[o + 2] & 0xff;
    }

    @Test
    void twoDimensionalTextureIsReadFlippedAndDrawnOnAPlane() throws IOException {
        write("textures/red.png", png(4, 2, 0xdd2211, 0x00ff00));
        SimModel model = SimModel.load(scene(
                "<texture name='red' type='2d' file='red.png' hflip='true'/><material name='m' texture='red'/>",
                "<light pos='0 0 3' dir='0 0 -1' directional='true'/><camera name='top' pos='0 0 2'/>"
                        + "<geom type='plane' size='1 1 0.1' material='m'/>"));
        MjModel m = model.raw();
        assertThat(m.tex_width[0]).isEqualTo(4);
        assertThat(m.tex_height[0]).isEqualTo(2);
        // hflip moves the odd pixel from the first to the last column of the first row
        assertThat(texel(m, 0, 3)).isEqualTo(0x00ff00);
        assertThat(texel(m, 0, 0)).isEqualTo(0xdd2211);
        RgbImage img = model.newSimulation().render("top", 64, 48);
        int c = img.rgb(32, 24);
        assertThat(c >> 16 & 0xff).as("red channel").isGreaterThan(2 * (c >> 8 & 0xff));
    }

    @Test
    void anUnnamedTextureOrHeightFieldIsNamedAfterItsFileAsInMuJoCo() throws IOException {
        write("textures/sub/interbotix_black.png", png(2, 2, 0x101010, 0x101010));
        write("ground.png", png(3, 3, 0x808080, 0x808080));
        MjModel m = SimModel.load(write("named.xml", ("<mujoco><compiler texturedir='textures'/><asset>"
                + "<texture type='2d' file='sub/interbotix_black.png'/><material name='m' texture='interbotix_black'/>"
                + "<hfield file='ground.png' size='1 1 0.1 0.05'/></asset><worldbody>"
                + "<geom type='hfield' hfield='ground'/><geom type='box' size='0.1 0.1 0.1' material='m'/>"
                + "</worldbody></mujoco>").getBytes(java.nio.charset.StandardCharsets.UTF_8))).raw();
        assertThat(m.tex_name).containsExactly("interbotix_black");
        assertThat(m.mat_texid).containsExactly(0);
        assertThat(m.hfield_name).containsExactly("ground");
    }

    @Test
    void cubeTexturesFromAGridAndFromSeparateFilesFillMissingFacesWithRgb1() throws IOException {
        // a 3 x 4 grid of 2-pixel squares: up in square 1, right/front/left/back in 4..7, down in 9
        byte[] grid = new byte[3 * 8 * 6];
        int[] colour = {0, 0x0000ff, 0, 0, 0xff0000, 0x00ff00, 0x880000, 0x008800, 0, 0x444444, 0, 0};
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                int c = colour[(y / 2) * 4 + x / 2], o = 3 * (y * 8 + x);
                grid[o] = (byte) (c >> 16);
                grid[o + 1] = (byte) (c >> 8);
                grid[o + 2] = (byte) c;
            }
        }
        write("textures/grid.png", Png.encode(new RgbImage(8, 6, grid)));
        write("textures/face.png", png(3, 3, 0x123456, 0x123456));
        MjModel m = SimModel.load(scene("<texture name='grid' type='cube' file='grid.png' gridsize='3 4' "
                + "gridlayout='.U..RFLB.D..'/><texture name='sky' type='skybox' fileup='face.png' fileback='face.png' "
                + "rgb1='1 1 1'/>", "<geom size='0.1'/>")).raw();
        assertThat(m.tex_width[0]).isEqualTo(2);
        assertThat(m.tex_height[0]).isEqualTo(12);
        // MuJoCo's face order: right, left, up, down, front, back
        int[] faces = {0xff0000, 0x880000, 0x0000ff, 0x444444, 0x00ff00, 0x008800};
        for (int f = 0; f < 6; f++) {
            assertThat(texel(m, 0, 4 * f)).as("face %d", f).isEqualTo(faces[f]);
        }
        assertThat(m.tex_height[1]).isEqualTo(18);
        assertThat(texel(m, 1, 2 * 9)).isEqualTo(0x123456);
        assertThat(texel(m, 1, 0)).isEqualTo(0xffffff);
        assertThat(texel(m, 1, 5 * 9)).isEqualTo(0x123456);
    }

    @Test
    void skyboxFileColoursTheBackground() throws IOException {
        write("textures/blue.png", png(4, 4, 0x1030e0, 0x1030e0));
        SimModel model = SimModel.load(scene("<texture type='skybox' file='blue.png'/>",
                "<camera name='c' pos='0 0 1' xyaxes='1 0 0 0 0 1'/>"));
        int c = model.newSimulation().render("c", 32, 24).rgb(16, 12);
        assertThat(c & 0xff).as("blue channel").isGreaterThan(2 * (c >> 16 & 0xff));
    }

    @Test
    void textureFilesAreReadOnlyWhereAccessIsGrantedAndOnlyInsideIt() throws IOException {
        write("textures/t.png", png(2, 2, 0xffffff, 0));
        String xml = "<mujoco><asset><texture type='2d' file='textures/t.png'/></asset></mujoco>";
        assertThatThrownBy(() -> SimModel.load(xml)).isInstanceOf(SceneException.class)
                .hasMessageContaining("Attribute 'file' of <texture> at line 1 is refused");
        Path outside = Files.createTempFile("outside", ".png");
        try {
            Files.write(outside, png(2, 2, 0, 0));
            assertThatThrownBy(() -> SimModel.load("<mujoco><asset><texture name='x' type='2d' file='" + outside
                    + "'/></asset></mujoco>", dir)).isInstanceOf(SceneException.class)
                    .hasMessageContaining("Texture 'x': the file").hasMessageContaining("outside the granted asset directory");
        } finally {
            Files.deleteIfExists(outside);
        }
        assertThat(SimModel.load(xml, dir).raw().tex_width[0]).isEqualTo(2);
    }

    @Test
    void refusesWhatMuJoCoRefusesOrThisLoaderDoesNotRead() throws IOException {
        write("textures/wide.png", png(4, 2, 0, 0));
        write("textures/odd.png", png(5, 3, 0, 0));
        write("textures/notpng.png", "not a png".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='2d' file='a.jpg'/>", ""))).isInstanceOf(SceneException.class)
                .hasMessageContaining("only PNG texture files");
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='cube' fileup='wide.png'/>", "")))
                .isInstanceOf(SceneException.class).hasMessageContaining("cube faces are square");
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='cube' file='odd.png' gridsize='1 2'/>", "")))
                .isInstanceOf(SceneException.class).hasMessageContaining("not a grid of 1x2 equal squares");
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='2d' fileup='wide.png'/>", "")))
                .isInstanceOf(SceneException.class).hasMessageContaining("a 2d texture is one image");
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='2d' file='notpng.png'/>", "")))
                .isInstanceOf(SceneException.class).hasMessageContaining("is not a PNG this loader reads");
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='2d' file='missing.png'/>", "")))
                .isInstanceOf(SceneException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='2d'/>", ""))).isInstanceOf(SceneException.class)
                .hasMessageContaining("no texture file is given");
        assertThatThrownBy(() -> SimModel.load(scene("<texture type='2d' builtin='checker' file='wide.png' width='2' height='2'/>", "")))
                .isInstanceOf(SceneException.class).hasMessageContaining("either 'builtin' or texture files");
    }

    @Test
    void objTextureCoordinatesAreReadAndDrawn() throws IOException {
        // a 4 x 1 texture, red on the left half, green on the right; every corner of the slab maps to
        // u = 0.1 (red), so the slab is red all over, where MuJoCo's texture planes would stripe it
        byte[] px = new byte[12];
        for (int x = 0; x < 4; x++) {
            px[3 * x + (x < 2 ? 0 : 1)] = (byte) 220;
        }
        write("textures/rg.png", Png.encode(new RgbImage(4, 1, px)));
        StringBuilder obj = new StringBuilder("vt 0.1 0.25\n");
        for (int i = 0; i < 8; i++) {
            obj.append(String.format(java.util.Locale.ROOT, "v %.2f %.2f %.2f%n", (i & 1) == 0 ? -0.2 : 0.2,
                    (i & 2) == 0 ? -0.02 : 0.02, (i & 4) == 0 ? -0.2 : 0.2));
        }
        int[][] faces = {{1, 3, 4, 2}, {5, 6, 8, 7}, {1, 2, 6, 5}, {3, 7, 8, 4}, {1, 5, 7, 3}, {2, 4, 8, 6}};
        for (int[] f : faces) {
            obj.append("f");
            for (int v : f) {
                obj.append(' ').append(v).append("/1");
            }
            obj.append('\n');
        }
        write("slab.obj", obj.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SimModel model = SimModel.load(scene("<texture name='rg' type='2d' file='rg.png'/><material name='m' texture='rg'/>"
                + "<mesh file='slab.obj'/>", "<light pos='0 -2 1' dir='0 1 -0.3' directional='true'/>"
                + "<camera name='front' pos='0 -1 0.3' xyaxes='1 0 0 0 0 1'/>"
                + "<geom type='mesh' mesh='slab' material='m' pos='0 0 0.3'/>"));
        MjModel m = model.raw();
        assertThat(m.mesh_texcoordadr[0]).isZero();
        // MuJoCo stores (u, 1 - v)
        assertThat(m.mesh_texcoord[0]).isEqualTo(0.1f);
        assertThat(m.mesh_texcoord[1]).isEqualTo(0.75f);
        RgbImage img = model.newSimulation().render("front", 80, 60);
        for (int x : new int[] {30, 40, 50}) {
            int c = img.rgb(x, 30);
            assertThat(c >> 16 & 0xff).as("red at x=%d", x).isGreaterThan(2 * (c >> 8 & 0xff));
        }
    }
}
