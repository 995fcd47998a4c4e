package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vlaarena.sim.internal.model.MjModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the compiled model with MuJoCo 2.2.2's own {@code mjModel} for every reference scene
 * (layout files printed by {@code tools/mujoco-reference}; format in the reference README).
 */
@Timeout(60)
class MjcfReferenceTest {
    private static final String DIR = "/io/vlaarena/sim/reference/";
    private static final double REL = 1e-9;
    private static final double ABS = 1e-12;
    /**
     * Scenes with meshes: MuJoCo 2.2.2 keeps mesh vertices in single precision and processes them
     * partly in it, so mesh-derived numbers (mass, inertia, frames, sizes) agree to float precision
     * (measured: masses, moments, centres and sizes within 6.4e-7 relative, quaternion components
     * within 5e-7), not to round-off.
     */
    private static final double MESH_REL = 1e-6;
    private static final double MESH_ABS = 1e-6;

    private double rel = REL;
    private double abs = ABS;

    static Stream<String> referenceScenes() throws IOException, URISyntaxException {
        URL readme = MjcfReferenceTest.class.getResource(DIR + "README.md");
        assumeTrue(readme != null, "MuJoCo reference files are not on the test classpath");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(readme.toURI()).getParent())) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".layout.txt"))
                    .map(n -> n.substring(0, n.length() - ".layout.txt".length()))
                    .filter(n -> MjcfReferenceTest.class.getResource(DIR + n + ".xml") != null)
                    .sorted()
                    .forEach(names::add);
        }
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceScenes")
    void compiledModelMatchesMuJoCo(String scene) throws IOException, URISyntaxException {
        // Scenes may read mesh files from the reference folder (meshdir="meshes"), as mjref did.
        Path folder = Path.of(MjcfReferenceTest.class.getResource(DIR + "README.md").toURI()).getParent();
        compare(scene, read(DIR + scene + ".xml"), read(DIR + scene + ".layout.txt"), AssetAccess.directory(folder));
    }

    /** The bundled robot and scene files live with the simulator's resources when that branch is present. */
    @Test
    void bundledScenesMatchMuJoCo() throws IOException {
        int compared = 0;
        for (String scene : List.of("franka", "table")) {
            String xml = readOrNull("/io/vlaarena/sim/scenes/" + scene + ".xml");
            String layout = readOrNull(DIR + scene + ".layout.txt");
            if (xml != null && layout != null) {
                compare(scene, xml, layout, AssetAccess.none());
                compared++;
            }
        }
        assumeTrue(compared > 0, "bundled scenes are not on the classpath");
    }

    private void compare(String scene, String xml, String layoutText, AssetAccess assets) {
        MjModel m = MjcfLoader.load(xml, MjcfLoader.Limits.DEFAULT, assets);
        boolean meshes = m.nmesh > 0;
        rel = meshes ? MESH_REL : REL;
        abs = meshes ? MESH_ABS : ABS;
        Layout ref = new Layout(layoutText);
        int[] sizes = ref.ints(7);
        assertThat(new int[] {m.nq, m.nv, m.nu, m.nbody, m.njnt, m.ngeom, m.nkey}).as(scene + " sizes").containsExactly(sizes);
        near(scene + " qpos0", m.qpos0, 0, ref.reals(m.nq));
        boolean[] isotropic = new boolean[m.nbody];
        for (int b = 0; b < m.nbody; b++) {
            double[] r = ref.reals(19);
            String w = scene + " body " + b + " '" + m.body_name[b] + "' ";
            near(w + "mass", new double[] {m.body_mass[b]}, 0, slice(r, 0, 1));
            near(w + "inertia", m.body_inertia, 3 * b, slice(r, 1, 3));
            near(w + "ipos", m.body_ipos, 3 * b, slice(r, 4, 3));
            // A mesh body with three equal moments (a cube) has no preferred principal axes; MuJoCo's
            // choice then comes from its single-precision round-off, so only the inertia is compared.
            isotropic[b] = meshes && r[0] > 0 && Math.max(r[1], Math.max(r[2], r[3])) - Math.min(r[1], Math.min(r[2], r[3]))
                    <= 1e-6 * r[1];
            if (!isotropic[b]) {
                quat(w + "iquat", m.body_iquat, 4 * b, slice(r, 7, 4));
            }
            near(w + "pos", m.body_pos, 3 * b, slice(r, 11, 3));
            quat(w + "quat", m.body_quat, 4 * b, slice(r, 14, 4));
            assertThat(m.body_parentid[b]).as(w + "parentid").isEqualTo((int) r[18]);
        }
        for (int j = 0; j < m.njnt; j++) {
            double[] r = ref.reals(13);
            String w = scene + " joint " + j + " '" + m.jnt_name[j] + "' ";
            assertThat(new int[] {m.jnt_type[j], m.jnt_qposadr[j], m.jnt_dofadr[j], m.jnt_bodyid[j]}).as(w + "ids")
                    .containsExactly((int) r[0], (int) r[1], (int) r[2], (int) r[3]);
            near(w + "axis", m.jnt_axis, 3 * j, slice(r, 4, 3));
            near(w + "pos", m.jnt_pos, 3 * j, slice(r, 7, 3));
            near(w + "range", m.jnt_range, 2 * j, slice(r, 10, 2));
            assertThat(m.jnt_limited[j]).as(w + "limited").isEqualTo(r[12] != 0);
        }
        for (int d = 0; d < m.nv; d++) {
            double[] r = ref.reals(2);
            near(scene + " dof " + d + " damping/armature", new double[] {m.dof_damping[d], m.dof_armature[d]}, 0, r);
        }
        for (int g = 0; g < m.ngeom; g++) {
            double[] r = ref.reals(12);
            String w = scene + " geom " + g + " '" + m.geom_name[g] + "' ";
            assertThat(new int[] {m.geom_type[g], m.geom_bodyid[g]}).as(w + "type/body").containsExactly((int) r[0], (int) r[1]);
            boolean free = m.geom_type[g] == MjModel.GEOM_MESH && isotropic[m.geom_bodyid[g]];
            if (!free) {
                near(w + "size", m.geom_size, 3 * g, slice(r, 2, 3));
            }
            near(w + "pos", m.geom_pos, 3 * g, slice(r, 5, 3));
            if (!free) {
                quat(w + "quat", m.geom_quat, 4 * g, slice(r, 8, 4));
            }
        }
        for (int u = 0; u < m.nu; u++) {
            double[] r = ref.reals(15);
            String w = scene + " actuator " + u + " '" + m.actuator_name[u] + "' ";
            assertThat(new int[] {m.actuator_trntype[u], m.actuator_trnid[u]}).as(w + "transmission")
                    .containsExactly((int) r[0], (int) r[1]);
            near(w + "gear", new double[] {m.actuator_gear[u]}, 0, slice(r, 2, 1));
            near(w + "gainprm", m.actuator_gainprm, MjModel.NGAIN * u, slice(r, 3, 3));
            near(w + "biasprm", m.actuator_biasprm, MjModel.NGAIN * u, slice(r, 6, 3));
            near(w + "ctrlrange", m.actuator_ctrlrange, 2 * u, slice(r, 9, 2));
            near(w + "forcerange", m.actuator_forcerange, 2 * u, slice(r, 11, 2));
            assertThat(m.actuator_ctrllimited[u]).as(w + "ctrllimited").isEqualTo(r[13] != 0);
            assertThat(m.actuator_forcelimited[u]).as(w + "forcelimited").isEqualTo(r[14] != 0);
        }
        transmissionsAndStiffness(scene, m, layoutText);
        for (int k = 0; k < m.nkey; k++) {
            double[] r = ref.reals(1 + m.nq + m.nv + m.nu);
            String w = scene + " key " + k + " ";
            near(w + "time", m.key_time, k, slice(r, 0, 1));
            near(w + "qpos", m.key_qpos, k * m.nq, slice(r, 1, m.nq));
            near(w + "qvel", m.key_qvel, k * m.nv, slice(r, 1 + m.nq, m.nv));
            near(w + "ctrl", m.key_ctrl, k * m.nu, slice(r, 1 + m.nq + m.nv, m.nu));
        }
        for (int i = 0; i < m.nmesh; i++) {
            // Vertex and face counts show how files were read: merged STL vertices, one OBJ vertex per face corner.
            assertThat(new int[] {m.mesh_vertnum[i], m.mesh_facenum[i]}).as(scene + " mesh " + i + " '" + m.mesh_name[i] + "' vertnum/facenum")
                    .containsExactly(ref.ints(2));
        }
        // equality constraints: printed only when the model has some
        int neq = ref.nextUnder("# equality constraints") ? ref.ints(1)[0] : 0;
        assertThat(m.neq).as(scene + " neq").isEqualTo(neq);
        for (int e = 0; e < neq; e++) {
            double[] r = ref.reals(4 + 2 + 5 + MjModel.NEQDATA);
            String w = scene + " equality " + e + " '" + m.eq_name[e] + "' ";
            assertThat(new int[] {m.eq_type[e], m.eq_obj1id[e], m.eq_obj2id[e], m.eq_active[e] ? 1 : 0}).as(w + "ids")
                    .containsExactly((int) r[0], (int) r[1], (int) r[2], (int) r[3]);
            near(w + "solref", m.eq_solref, 2 * e, slice(r, 4, 2));
            near(w + "solimp", m.eq_solimp, 5 * e, slice(r, 6, 5));
            if (m.eq_type[e] == MjModel.EQ_WELD) {
                near(w + "data (anchor, relpos)", m.eq_data, MjModel.NEQDATA * e, slice(r, 11, 6));
                quat(w + "data (relquat)", m.eq_data, MjModel.NEQDATA * e + 6, slice(r, 17, 4));
                near(w + "data (torquescale)", m.eq_data, MjModel.NEQDATA * e + 10, slice(r, 21, 1));
            } else {
                near(w + "data", m.eq_data, MjModel.NEQDATA * e, slice(r, 11, MjModel.NEQDATA));
            }
        }
        // mocap bodies: printed only when the model has some
        int nmocap = ref.nextUnder("# mocap bodies") ? ref.ints(1)[0] : 0;
        assertThat(m.nmocap).as(scene + " nmocap").isEqualTo(nmocap);
        if (nmocap > 0) {
            assertThat(m.body_mocapid).as(scene + " body_mocapid").containsExactly(ref.ints(m.nbody));
        }
        assertThat(ref.remaining()).as(scene + " unread reference lines").isZero();
    }

    /**
     * The comment records of layouts printed since they exist ({@code # transmissions} header):
     * every actuator whose transmission is not a joint or tendon, or whose gear has more than one
     * component, with its second object, full gear and crank length; every joint with stiffness.
     */
    private void transmissionsAndStiffness(String scene, MjModel m, String layoutText) {
        if (!layoutText.contains("\n# transmissions")) {
            return;
        }
        java.util.Map<Integer, double[]> trn = new java.util.TreeMap<>();
        java.util.Map<Integer, Double> stiff = new java.util.TreeMap<>();
        for (String line : layoutText.split("\n")) {
            String[] p = line.strip().split("\\s+");
            if (p[0].equals("#trn")) {
                double[] v = new double[p.length - 2];
                for (int i = 2; i < p.length; i++) {
                    v[i - 2] = Double.parseDouble(p[i]);
                }
                trn.put(Integer.parseInt(p[1]), v);
            } else if (p[0].equals("#jstiff")) {
                stiff.put(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
            }
        }
        java.util.Set<Integer> ours = new java.util.TreeSet<>();
        for (int u = 0; u < m.nu; u++) {
            int t = m.actuator_trntype[u];
            boolean more = false;
            for (int k = 1; k < 6; k++) {
                more |= m.actuator_gearvec[6 * u + k] != 0;
            }
            if ((t != MjModel.TRN_JOINT && t != MjModel.TRN_TENDON) || more) {
                ours.add(u);
            }
        }
        assertThat(ours).as(scene + " actuators with a full transmission record").isEqualTo(trn.keySet());
        for (var e : trn.entrySet()) {
            int u = e.getKey();
            double[] r = e.getValue();
            String w = scene + " actuator " + u + " '" + m.actuator_name[u] + "' ";
            assertThat(new int[] {m.actuator_trntype[u], m.actuator_trnid[u], m.actuator_trnid2[u]}).as(w + "trntype/trnid")
                    .containsExactly((int) r[0], (int) r[1], (int) r[2]);
            near(w + "gear", m.actuator_gearvec, 6 * u, slice(r, 3, 6));
            near(w + "cranklength", m.actuator_cranklength, u, slice(r, 9, 1));
        }
        if (layoutText.contains("\n# actuator length ranges")) {
            java.util.Map<Integer, double[]> ranges = new java.util.TreeMap<>();
            for (String line : layoutText.split("\n")) {
                String[] p = line.strip().split("\\s+");
                if (p[0].equals("#alr")) {
                    ranges.put(Integer.parseInt(p[1]), new double[] {Double.parseDouble(p[2]), Double.parseDouble(p[3])});
                }
            }
            java.util.Set<Integer> withRange = new java.util.TreeSet<>();
            for (int u = 0; u < m.nu; u++) {
                if (m.actuator_lengthrange[2 * u] != 0 || m.actuator_lengthrange[2 * u + 1] != 0) {
                    withRange.add(u);
                }
            }
            assertThat(withRange).as(scene + " actuators with a length range").isEqualTo(ranges.keySet());
            for (var e : ranges.entrySet()) {
                near(scene + " actuator " + e.getKey() + " lengthrange", m.actuator_lengthrange, 2 * e.getKey(), e.getValue());
            }
        }
        java.util.Set<Integer> stiffJoints = new java.util.TreeSet<>();
        for (int j = 0; j < m.njnt; j++) {
            if (m.jnt_stiffness[j] != 0) {
                stiffJoints.add(j);
            }
        }
        assertThat(stiffJoints).as(scene + " joints with stiffness").isEqualTo(stiff.keySet());
        for (var e : stiff.entrySet()) {
            near(scene + " joint " + e.getKey() + " stiffness", m.jnt_stiffness, e.getKey(), new double[] {e.getValue()});
        }
    }

    private static double[] slice(double[] a, int from, int n) {
        double[] out = new double[n];
        System.arraycopy(a, from, out, 0, n);
        return out;
    }

    private void near(String what, double[] actual, int offset, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            double a = actual[offset + i];
            double e = expected[i];
            if (Math.abs(a - e) > rel * Math.max(Math.abs(a), Math.abs(e)) + abs) {
                fail(what + "[" + i + "]: expected MuJoCo's " + e + " but was " + a + " (difference " + (a - e) + ")");
            }
        }
    }

    /** Quaternions q and -q are the same rotation. */
    private void quat(String what, double[] actual, int offset, double[] expected) {
        double dot = 0;
        for (int i = 0; i < 4; i++) {
            dot += actual[offset + i] * expected[i];
        }
        double[] e = expected.clone();
        if (dot < 0) {
            for (int i = 0; i < 4; i++) {
                e[i] = -e[i];
            }
        }
        near(what, actual, offset, e);
    }

    private static String read(String resource) throws IOException {
        String s = readOrNull(resource);
        assertThat(s).as(resource).isNotNull();
        return s;
    }

    private static String readOrNull(String resource) throws IOException {
        try (InputStream in = MjcfReferenceTest.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The non-comment lines of a layout file, read one record per line. */
    private static final class Layout {
        private final List<String> lines = new ArrayList<>();
        /** The comment line last seen before each record line (names the optional records). */
        private final List<String> comments = new ArrayList<>();
        private int next;

        Layout(String text) {
            String comment = "";
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("#")) {
                    comment = line;
                } else {
                    lines.add(line);
                    comments.add(comment);
                }
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
        }

        /** Whether a next record exists and its preceding comment starts with {@code prefix}. */
        boolean nextUnder(String prefix) {
            return next < lines.size() && comments.get(next).startsWith(prefix);
        }

        double[] reals(int count) {
            String line = lines.get(next++).strip();
            String[] tokens = line.isEmpty() ? new String[0] : line.split("\\s+");
            assertThat(tokens).as("reference line " + next + " '" + line + "'").hasSize(count);
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                out[i] = Double.parseDouble(tokens[i]);
            }
            return out;
        }

        int[] ints(int count) {
            double[] r = reals(count);
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = (int) r[i];
            }
            return out;
        }

        int remaining() {
            return lines.size() - next;
        }
    }
}
