package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code <composite>} against MuJoCo 2.2.2: every generated object's name, order and parameters
 * as {@code mjref names} prints them for the reference scenes composite_*.xml (bodies, joints,
 * geoms with their contact parameters, sites, tendons with their paths and qpos0 lengths,
 * equalities, contact exclusions; the numbers MjcfReferenceTest compares come from the layout
 * files of the same scenes), and the refusals of bad composites.
 */
@Timeout(60)
class CompositeTest {
    private static final String DIR = "/io/vlaarena/sim/reference/";

    private static String read(String resource) throws IOException {
        try (InputStream in = CompositeTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String name(String[] names, int i) {
        return names == null || names[i] == null || names[i].isEmpty() ? "-" : names[i];
    }

    private static double[] numbers(String[] tokens, int from) {
        double[] out = new double[tokens.length - from];
        for (int i = from; i < tokens.length; i++) {
            out[i - from] = Double.parseDouble(tokens[i]);
        }
        return out;
    }

    private static void near(String what, double[] actual, double[] expected, double tol) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static double[] slice(double[] a, int from, int n) {
        double[] out = new double[n];
        System.arraycopy(a, from, out, 0, n);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"composite_particle", "composite_grid", "composite_rope", "composite_loop", "composite_cloth",
        "composite_box", "layout_composite_shapes"})
    void generatedObjectsHaveMuJoCosNamesOrderAndParameters(String scene) throws IOException {
        MjModel m = MjcfLoader.load(read(DIR + scene + ".xml"));
        List<String[]> lines = new ArrayList<>();
        for (String line : read(DIR + scene + ".names.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line.strip().split("\\s+"));
            }
        }
        int[] sizes = {m.nbody, m.njnt, m.ngeom, m.nsite, m.ntendon, m.nwrap, m.neq, m.nexclude};
        assertThat(sizes).as(scene + " nbody njnt ngeom nsite ntendon nwrap neq nexclude")
                .containsExactly(numbers(lines.get(0), 0).length == 8 ? toInts(numbers(lines.get(0), 0)) : null);
        int[] next = new int[6];
        Set<String> excludes = new HashSet<>(), expectedExcludes = new HashSet<>();
        for (int li = 1; li < lines.size(); li++) {
            String[] t = lines.get(li);
            switch (t[0]) {
                case "body" -> {
                    int b = next[0]++;
                    assertThat(name(m.body_name, b)).as(scene + " body " + b).isEqualTo(b == 0 ? "world" : t[1]);
                }
                case "joint" -> {
                    int j = next[1]++;
                    assertThat(name(m.jnt_name, j)).as(scene + " joint " + j).isEqualTo(t[1]);
                }
                case "geom" -> {
                    int g = next[2]++;
                    String w = scene + " geom " + g + " '" + t[1] + "' ";
                    assertThat(name(m.geom_name, g)).as(w + "name").isEqualTo(t[1]);
                    double[] r = numbers(t, 2);
                    assertThat(new int[] {m.geom_contype[g], m.geom_conaffinity[g], m.geom_condim[g], m.geom_priority[g],
                        m.geom_group[g]}).as(w + "contype conaffinity condim priority group").containsExactly(toInts(slice(r, 0, 5)));
                    near(w + "solmix friction solref solimp margin gap", concat(new double[] {m.geom_solmix[g]},
                            slice(m.geom_friction, 3 * g, 3), slice(m.geom_solref, 2 * g, 2), slice(m.geom_solimp, 5 * g, 5),
                            new double[] {m.geom_margin[g], m.geom_gap[g]}), slice(r, 5, 13), 1e-12);
                    // MuJoCo keeps colours in single precision
                    near(w + "rgba", slice(m.geom_rgba, 4 * g, 4), slice(r, 18, 4), 1e-7);
                }
                case "site" -> {
                    int s = next[3]++;
                    String w = scene + " site " + s + " '" + t[1] + "' ";
                    assertThat(name(m.site_name, s)).as(w + "name").isEqualTo(t[1]);
                    double[] r = numbers(t, 2);
                    assertThat(m.site_bodyid[s]).as(w + "body").isEqualTo((int) r[0]);
                    near(w + "size pos", concat(slice(m.site_size, 3 * s, 3), slice(m.site_pos, 3 * s, 3)), slice(r, 1, 6), 1e-12);
                }
                case "tendon" -> {
                    int k = next[4]++;
                    String w = scene + " tendon " + k + " '" + t[1] + "' ";
                    assertThat(name(m.tendon_name, k)).as(w + "name").isEqualTo(t[1]);
                    double[] r = numbers(t, 2);
                    assertThat(m.tendon_limited[k]).as(w + "limited").isEqualTo(r[0] != 0);
                    near(w + "range stiffness damping frictionloss margin length0 solref solimp", concat(
                            slice(m.tendon_range, 2 * k, 2), new double[] {m.tendon_stiffness[k], m.tendon_damping[k],
                                m.tendon_frictionloss[k], m.tendon_margin[k], m.tendon_length0[k]},
                            slice(m.tendon_solref_lim, 2 * k, 2), slice(m.tendon_solimp_lim, 5 * k, 5)), slice(r, 1, 14), 1e-12);
                    double[] wraps = slice(r, 15, r.length - 15);
                    assertThat(m.tendon_num[k] * 3).as(w + "path length").isEqualTo(wraps.length);
                    for (int i = 0; i < m.tendon_num[k]; i++) {
                        int a = m.tendon_adr[k] + i;
                        boolean joint = m.wrap_type[a] == MjModel.WRAP_JOINT;
                        assertThat(new int[] {m.wrap_type[a], joint ? m.wrap_jntid[a] : m.wrap_objid[a]}).as(w + "wrap " + i)
                                .containsExactly((int) wraps[3 * i], (int) wraps[3 * i + 1]);
                        if (joint) {
                            assertThat(m.wrap_coef[a]).as(w + "coef " + i).isEqualTo(wraps[3 * i + 2]);
                        }
                    }
                }
                case "equality" -> {
                    int e = next[5]++;
                    String w = scene + " equality " + e + " ";
                    assertThat(name(m.eq_name, e)).as(w + "name").isEqualTo(t[1]);
                    assertThat(new int[] {m.eq_type[e], m.eq_obj1id[e], m.eq_obj2id[e]}).as(w + "type obj1 obj2")
                            .containsExactly(toInts(numbers(t, 2)));
                }
                case "exclude" -> expectedExcludes.add(Math.min(Integer.parseInt(t[1]), Integer.parseInt(t[2])) + " "
                        + Math.max(Integer.parseInt(t[1]), Integer.parseInt(t[2])));
                default -> throw new AssertionError("unknown record " + t[0]);
            }
        }
        for (int x = 0; x < m.nexclude; x++) {
            excludes.add(Math.min(m.exclude_body1[x], m.exclude_body2[x]) + " " + Math.max(m.exclude_body1[x], m.exclude_body2[x]));
        }
        assertThat(excludes).as(scene + " excludes").isEqualTo(expectedExcludes);
        assertThat(next).as(scene + " records read").containsExactly(m.nbody, m.njnt, m.ngeom, m.nsite, m.ntendon, m.neq);
    }

    private static int[] toInts(double[] r) {
        int[] out = new int[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = (int) r[i];
        }
        return out;
    }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    private static String world(String composite) {
        return "<mujoco><worldbody>" + composite + "</worldbody></mujoco>";
    }

    private static String inBody(String body, String composite) {
        return "<mujoco><worldbody><body name='" + body + "'><freejoint/>" + composite + "</body></worldbody></mujoco>";
    }

    private static void refused(String xml, String... parts) {
        assertThatThrownBy(() -> MjcfLoader.load(xml)).isInstanceOf(SceneException.class).message().contains(parts);
    }

    @Test
    void countsThatAreNotPositiveIntegersAreRefused() {
        refused(world("<composite type='particle' count='0 2 1' spacing='0.1'><geom size='.01'/></composite>"),
                "'count'", "'0 2 1'", "positive integers");
        refused(world("<composite type='particle' count='-3' spacing='0.1'><geom size='.01'/></composite>"),
                "'count'", "positive integers");
        refused(world("<composite type='particle' count='2.5 2' spacing='0.1'><geom size='.01'/></composite>"),
                "'count'", "positive integers");
        refused(world("<composite type='particle' count='2 2 2 2' spacing='0.1'><geom size='.01'/></composite>"),
                "'count'", "expected 1 to 3");
    }

    @Test
    void hugeCountsAreRefusedBeforeAnythingIsGenerated() {
        refused(world("<composite type='particle' count='1000 1000 1000' spacing='0.1'><geom size='.01'/></composite>"),
                "'count'", "1000000000 cells", "100000 elements");
        refused(world("<composite type='particle' count='999999999 999999999 999999999' spacing='0.1'><geom size='.01'/>"
                + "</composite>"), "'count'", "more elements than the loader accepts (100000)");
        // the bound is the caller's element limit
        String grid = world("<composite type='grid' count='10 10' spacing='0.1'><geom size='.01'/></composite>");
        assertThatThrownBy(() -> MjcfLoader.load(grid, new MjcfLoader.Limits(1 << 20, 1000, 64)))
                .isInstanceOf(SceneException.class).message().contains("100 cells", "(1000 elements)");
        assertThat(MjcfLoader.load(grid).nbody).isEqualTo(101);
    }

    @Test
    void ropesAndClothsNestNoDeeperThanTheLoaderAllows() {
        // a chain of bodies nests one level per link, as written-out bodies would: bounded by maxDepth (64)
        String rope = "<composite type='rope' count='%d' spacing='0.01'><geom type='capsule' size='.001 .002'/></composite>";
        refused(inBody("B0", String.format(rope, 100)), "nests bodies 102 levels deep", "(64 levels)");
        // the same count grown both ways from its middle stays within the limit
        assertThat(MjcfLoader.load(inBody("B50", String.format(rope, 100))).nbody).isEqualTo(101);
        String cloth = "<composite type='cloth' count='100 2' spacing='0.01'><geom size='.001'/></composite>";
        refused(inBody("B0_0", cloth), "nests bodies 103 levels deep");
        assertThat(MjcfLoader.load(inBody("B50_1", cloth)).nbody).isEqualTo(201);
    }

    @Test
    void unknownTypesAndMissingAttributesAreRefused() {
        refused(world("<composite type='cloak' count='2' spacing='0.1'/>"), "'type'", "cloak", "particle", "ellipsoid");
        refused(world("<composite count='2' spacing='0.1'/>"), "'type'", "is missing");
        refused(world("<composite type='grid' spacing='0.1'/>"), "'count'", "is missing");
        refused(world("<composite type='grid' count='2'/>"), "'spacing'", "is missing");
        refused(world("<composite type='grid' count='2' spacing='0'/>"), "'spacing'", "must be positive");
        refused(world("<composite type='grid' count='2' spacing='0.1' name='x'/>"), "Unsupported attribute 'name' on <composite>");
        refused(world("<composite type='grid' count='2' spacing='0.1'><plugin/></composite>"), "Unknown element <plugin>",
                "joint", "pin");
        refused(world("<composite type='grid' count='2' spacing='0.1'><geom size='.01'/><geom size='.02'/></composite>"),
                "Second <geom>", "at most one");
        refused(world("<composite type='grid' count='2' spacing='0.1'><joint damping='1'/></composite>"), "'kind'",
                "is missing", "main", "twist", "stretch");
        refused(world("<composite type='grid' count='2' spacing='0.1'><tendon kind='twist'/></composite>"), "'kind'", "twist");
        refused(world("<composite type='grid' count='2' spacing='0.1'><geom size='.01'/><pin/></composite>"), "'coord'",
                "is missing");
        refused(world("<composite type='grid' count='3 3' spacing='0.1'><geom size='.01'/><skin group='6'/></composite>"),
                "'group'", "between 0 and 5");
        // a geom of size 0 (no <geom> child): MuJoCo's default size, refused as for any sphere
        refused(world("<composite type='grid' count='2' spacing='0.1'/>"), "'size'", "positive");
    }

    @Test
    void shapesMuJoCoRefusesAreRefused() {
        refused(world("<composite type='grid' count='3 3' spacing='0.1'><geom type='box' size='.01 .01 .01'/></composite>"),
                "'type'", "sphere, capsule or ellipsoid");
        refused(world("<composite type='grid' count='1 3' spacing='0.1'><geom size='.01'/></composite>"),
                "singleton counts must come last");
        refused(world("<composite type='grid' count='2 2 2' spacing='0.1'><geom size='.01'/></composite>"),
                "one- or two-dimensional");
        refused(world("<composite type='grid' count='4' spacing='0.1'><geom size='.01'/><skin/></composite>"),
                "skin needs a two-dimensional grid");
        refused(world("<composite type='grid' count='2 2' spacing='0.1'><geom size='.01'/><skin subgrid='2'/></composite>"),
                "subgrid needs at least 3x3");
        refused(world("<composite type='box' count='3 3' spacing='0.1'><geom size='.01'/></composite>"), "three-dimensional");
        refused(inBody("B0_0", "<composite type='cloth' count='4' spacing='0.1'><geom size='.01'/></composite>"),
                "two-dimensional");
        refused(inBody("B0", "<composite type='rope' count='4 4' spacing='0.1'><geom size='.01'/></composite>"),
                "one-dimensional");
    }

    @Test
    void ropesAndClothsNeedTheirRootBodyNamedByItsCoordinates() {
        String rope = "<composite type='rope' count='5' spacing='0.1'><geom type='capsule' size='.01 .02'/></composite>";
        refused(inBody("root", rope), "'root'", "must begin with 'B'");
        refused(inBody("Bx", rope), "must contain the X coordinate");
        refused(inBody("B5", rope), "outside the count 5");
        refused(world(rope), "'world'", "must begin with 'B'");
        String cloth = "<composite prefix='c' type='cloth' count='3 3' spacing='0.1'><geom size='.01'/></composite>";
        refused(inBody("cB1", cloth), "must contain the X_Y coordinates");
        refused(inBody("cB1_3", cloth), "outside the count 3x3");
        MjModel m = MjcfLoader.load(inBody("cB1_2", cloth));
        assertThat(m.nbody).isEqualTo(10);
        assertThat(m.body_name[1]).isEqualTo("cB1_2");
    }
}
