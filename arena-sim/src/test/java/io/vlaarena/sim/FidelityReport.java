package io.vlaarena.sim;

import io.vlaarena.core.ArenaException;
import io.vlaarena.sim.internal.model.MjModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fidelity report on public models, run by hand (not a test): for every MJCF file given (or
 * found under the directories given), whether this simulator loads it (or its refusal), whether
 * its layout is MuJoCo 2.2.2's (nq, nv, nu, na, bodies and joints in order), the qpos difference
 * from MuJoCo after 1 s from qpos0 (or the first keyframe) with zero control and with a constant
 * control, MuJoCo's own sensitivity (MuJoCo rerun with 1e-12 added to every qvel) and the speed
 * ratio (our CPU time per step over MuJoCo's, same run). MuJoCo runs through
 * {@code tools/mujoco-reference}'s {@code mjref}. Prints a Markdown table.
 *
 * <pre>
 * java -cp ... io.vlaarena.sim.FidelityReport /path/to/mjref [--expand-includes] model-or-dir...
 * </pre>
 *
 * The public model collections are fetched by whoever runs it, outside the repository; nothing of
 * them is committed.
 */
public final class FidelityReport {
    private static final double PERTURBATION = 1e-12;
    /** Our qpos may differ from MuJoCo's by this many times MuJoCo's own sensitivity. */
    private static final double TOLERANCE_FACTOR = 100;
    /** The sensitivity below which a difference counts against this floor instead (a model at rest). */
    private static final double SENSITIVITY_FLOOR = 1e-12;

    private FidelityReport() {
    }

    private record Run(double[] qpos, String failure) {
    }

    /** One model's line of the report. */
    private record Row(String name, String load, String layout, String zero, String constant, double speed,
            boolean loaded, boolean layoutSame, int tracked, int compared, boolean crashed) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FidelityReport MJREF MODEL_OR_DIR...");
            System.exit(2);
        }
        Path mjref = Path.of(args[0]);
        List<Path> models = new ArrayList<>();
        boolean expand = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--expand-includes")) {
                expand = true;
                continue;
            }
            Path p = Path.of(args[i]);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.toString().endsWith(".xml") && !f.toString().endsWith(".expanded.xml")).sorted()
                            .forEach(models::add);
                }
            } else if (!p.toString().endsWith(".expanded.xml")) {
                // a copy this report wrote with --expand-includes is not a model of the collection
                models.add(p);
            }
        }
        String loadBefore = loadAverage();
        List<Row> rows = new ArrayList<>();
        for (Path model : models) {
            if (expand) {
                model = expandIncludes(model);
            }
            Row r = report(mjref, model);
            if (r != null) {
                rows.add(r);
                System.err.println(r);
            }
        }
        String loadAfter = loadAverage();
        print(rows, loadBefore, loadAfter);
    }

    private static final java.util.regex.Pattern INCLUDE = java.util.regex.Pattern.compile(
            "<include\\s+file\\s*=\\s*\"([^\"]+)\"\\s*/>");
    private static final java.util.regex.Pattern ROOT = java.util.regex.Pattern.compile(
            "(?s)^.*?<mujoco[^>]*>(.*)</mujoco>\\s*$");

    /**
     * With {@code --expand-includes}: a copy of the model beside it ({@code name.expanded.xml})
     * whose {@code <include file="..."/>} elements are replaced by the children of the included
     * files' {@code <mujoco>} roots, as MuJoCo inserts them, so that the report shows what stands
     * after includes. Both simulators then load that copy. The original when it has no include.
     */
    private static Path expandIncludes(Path file) throws IOException {
        String xml = Files.readString(file, StandardCharsets.UTF_8);
        java.util.regex.Matcher m = INCLUDE.matcher(xml);
        if (!m.find()) {
            return file;
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            String inc = Files.readString(file.resolveSibling(m.group(1)), StandardCharsets.UTF_8);
            java.util.regex.Matcher r = ROOT.matcher(inc);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(r.matches() ? r.group(1) : inc));
        }
        m.appendTail(out);
        String name = file.getFileName().toString();
        Path copy = file.resolveSibling(name.substring(0, name.length() - 4) + ".expanded.xml");
        Files.writeString(copy, out, StandardCharsets.UTF_8);
        return copy;
    }

    private static Row report(Path mjref, Path file) throws Exception {
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        Proc layout = run(mjref, "layout", file.toString());
        if (layout.rc != 0) {
            // not a model MuJoCo 2.2.2 loads (an include fragment, a file needing assets we lack)
            System.err.println("skipped " + name + ": MuJoCo 2.2.2 does not load it: " + firstLine(layout.err));
            return null;
        }
        SimModel model;
        try {
            model = SimModel.load(file);
        } catch (ArenaException | IllegalArgumentException e) {
            String why = firstLine(e.getMessage());
            int cut = why.indexOf("; supported");
            return new Row(name, "refused: " + (cut < 0 ? why : why.substring(0, cut)), "", "", "", Double.NaN, false,
                    false, 0, 0,
                    false);
        } catch (RuntimeException | StackOverflowError e) {
            return new Row(name, "CRASH: " + e, "", "", "", Double.NaN, false, false, 0, 0, true);
        }
        MjModel m = model.raw();
        String layoutDiff = layoutDifference(m, layout.out);
        boolean hasKey = m.nkey > 0;
        int steps = (int) Math.floor(1.0 / m.timestep + 0.5);
        double[] zero = new double[m.nu], constant = new double[m.nu];
        for (int u = 0; u < m.nu; u++) {
            constant[u] = m.actuator_ctrllimited[u]
                    ? m.actuator_ctrlrange[2 * u] + 0.7 * (m.actuator_ctrlrange[2 * u + 1] - m.actuator_ctrlrange[2 * u])
                    : 0.5;
        }
        int tracked = 0, compared = 0;
        boolean crashed = false;
        String[] results = new String[2];
        for (int c = 0; c < 2; c++) {
            double[] ctrl = c == 0 ? zero : constant;
            Run ours = ours(model, hasKey, ctrl, steps);
            double[] ref = mujoco(mjref, file, hasKey, ctrl, 0);
            double[] pert = mujoco(mjref, file, hasKey, ctrl, PERTURBATION);
            if (ours.failure != null) {
                results[c] = ours.failure;
                crashed |= ours.failure.startsWith("CRASH");
                compared++;
                continue;
            }
            if (ref == null || pert == null) {
                results[c] = "MuJoCo run failed";
                continue;
            }
            double err = maxDiff(ours.qpos, ref), sens = maxDiff(ref, pert);
            boolean ok = err <= TOLERANCE_FACTOR * Math.max(sens, SENSITIVITY_FLOOR);
            compared++;
            tracked += ok ? 1 : 0;
            results[c] = String.format(Locale.ROOT, "%.1e / %.1e %s", err, sens, ok ? "ok" : "**off**");
        }
        double speed = speedRatio(mjref, file, model, hasKey, steps);
        return new Row(name, "loads", layoutDiff.isEmpty() ? "same" : layoutDiff, results[0], results[1], speed, true,
                layoutDiff.isEmpty(), tracked, compared, crashed);
    }

    /** Our qpos after {@code steps} steps from qpos0 or the first keyframe with {@code ctrl}. */
    private static Run ours(SimModel model, boolean hasKey, double[] ctrl, int steps) {
        Simulation sim = model.newSimulation();
        try {
            start(sim, model.raw(), hasKey);
            sim.setCtrl(ctrl);
            sim.step(steps);
            return new Run(sim.qpos(), null);
        } catch (ArenaException e) {
            return new Run(null, "diverged: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            return new Run(null, "CRASH: " + e);
        }
    }

    private static void start(Simulation sim, MjModel m, boolean hasKey) {
        sim.reset();
        if (hasKey) {
            sim.setQpos(Arrays.copyOfRange(m.key_qpos, 0, m.nq));
            sim.setQvel(Arrays.copyOfRange(m.key_qvel, 0, m.nv));
            sim.setCtrl(Arrays.copyOfRange(m.key_ctrl, 0, m.nu));
            sim.data.time = m.key_time[0];
        }
    }

    private static double[] mujoco(Path mjref, Path file, boolean hasKey, double[] ctrl, double qvelAdd)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("traj", file.toString(), "--final", "--duration", "1"));
        if (hasKey) {
            cmd.addAll(List.of("--keyid", "0"));
        }
        if (ctrl.length > 0) {
            StringBuilder c = new StringBuilder();
            for (double v : ctrl) {
                c.append(c.length() == 0 ? "" : ",").append(v);
            }
            cmd.addAll(List.of("--ctrl", c.toString()));
        }
        if (qvelAdd != 0) {
            cmd.addAll(List.of("--qvel-add", Double.toString(qvelAdd)));
        }
        Proc p = run(mjref, cmd.toArray(String[]::new));
        if (p.rc != 0) {
            System.err.println("mjref " + String.join(" ", cmd) + " failed (" + p.rc + "): " + firstLine(p.err));
            return null;
        }
        String last = null;
        for (String line : p.out.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                last = line;
            }
        }
        String[] f = last.trim().split("\\s+");
        int nq = (f.length - 3) / 2;
        // rows: step time ncon qpos[nq] qvel[nv]; nq from the header is safer
        for (String line : p.out.split("\n")) {
            if (line.startsWith("# sizes: nq ")) {
                nq = Integer.parseInt(line.split("\\s+")[3]);
            }
        }
        double[] q = new double[nq];
        for (int i = 0; i < nq; i++) {
            q[i] = Double.parseDouble(f[3 + i]);
        }
        return q;
    }

    /**
     * Our CPU time per step over MuJoCo's, each the best of three rounds of the same number of
     * steps from the same start: at least {@code steps} (1 s of simulated time) and enough for a
     * MuJoCo round of 0.2 s of CPU time (a short round measures the timer and, for us, an unwarmed
     * JIT); ours after a warm-up of at least 2 s of CPU time.
     */
    private static double speedRatio(Path mjref, Path file, SimModel model, boolean hasKey, int steps)
            throws IOException, InterruptedException {
        double probe = mujocoRound(mjref, file, hasKey, steps, 1);
        if (Double.isNaN(probe)) {
            return Double.NaN;
        }
        int n = probe >= MIN_ROUND_SECONDS ? steps
                : (int) Math.min(MAX_ROUND_STEPS, Math.ceil(steps * MIN_ROUND_SECONDS / Math.max(probe, 1e-9)));
        double theirs = mujocoRound(mjref, file, hasKey, n, 3);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Simulation sim = model.newSimulation();
        double ours = Double.POSITIVE_INFINITY;
        try {
            long warm = bean.getCurrentThreadCpuTime();
            do {
                start(sim, model.raw(), hasKey);
                sim.step(n);
            } while (bean.getCurrentThreadCpuTime() - warm < WARMUP_NANOS);
            for (int r = 0; r < 3; r++) {
                start(sim, model.raw(), hasKey);
                long t0 = bean.getCurrentThreadCpuTime();
                sim.step(n);
                ours = Math.min(ours, (bean.getCurrentThreadCpuTime() - t0) * 1e-9);
            }
        } catch (ArenaException e) {
            return Double.NaN;
        }
        return ours / theirs;
    }

    private static final double MIN_ROUND_SECONDS = 0.2;
    private static final int MAX_ROUND_STEPS = 2_000_000;
    private static final long WARMUP_NANOS = 2_000_000_000L;

    /** MuJoCo's best CPU time of {@code rounds} rounds of {@code steps} steps ({@code mjref bench}), NaN if it fails. */
    private static double mujocoRound(Path mjref, Path file, boolean hasKey, int steps, int rounds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bench", file.toString(), "--steps", Integer.toString(steps),
                "--rounds", Integer.toString(rounds)));
        if (hasKey) {
            cmd.addAll(List.of("--keyid", "0"));
        }
        Proc p = run(mjref, cmd.toArray(String[]::new));
        if (p.rc != 0) {
            return Double.NaN;
        }
        double best = Double.POSITIVE_INFINITY;
        for (String line : p.out.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                best = Math.min(best, Double.parseDouble(line.trim().split("\\s+")[1]));
            }
        }
        return best;
    }

    /** "" when the layouts agree, else what differs. */
    private static String layoutDifference(MjModel m, String layout) {
        List<String> diffs = new ArrayList<>();
        String[] lines = layout.split("\n");
        int i = 0;
        while (lines[i].startsWith("#")) {
            i++;
        }
        String[] sz = lines[i].trim().split("\\s+");
        int[] theirs = Arrays.stream(sz).mapToInt(Integer::parseInt).toArray();
        int[] mine = {m.nq, m.nv, m.nu, m.nbody, m.njnt, m.ngeom};
        String[] what = {"nq", "nv", "nu", "nbody", "njnt", "ngeom"};
        for (int k = 0; k < mine.length; k++) {
            if (mine[k] != theirs[k]) {
                diffs.add(what[k] + " " + mine[k] + " vs " + theirs[k]);
            }
        }
        List<String> bodies = new ArrayList<>(), joints = new ArrayList<>();
        List<Integer> parents = new ArrayList<>(), types = new ArrayList<>();
        for (int k = 0; k < lines.length; k++) {
            String l = lines[k];
            if (l.startsWith("# body ") && k + 1 < lines.length) {
                String[] h = l.split("\\s+", 4);
                bodies.add(h.length > 3 ? h[3] : "");
                String[] d = lines[k + 1].trim().split("\\s+");
                parents.add(Integer.parseInt(d[d.length - 1]));
            } else if (l.startsWith("# joint ") && k + 1 < lines.length && !l.startsWith("# joints")) {
                String[] h = l.split("\\s+", 4);
                joints.add(h.length > 3 ? h[3] : "");
                types.add(Integer.parseInt(lines[k + 1].trim().split("\\s+")[0]));
            }
        }
        for (int b = 0; b < Math.min(bodies.size(), m.nbody); b++) {
            if (!bodies.get(b).equals(m.body_name[b]) || parents.get(b) != m.body_parentid[b]) {
                diffs.add("body " + b + " '" + m.body_name[b] + "' vs '" + bodies.get(b) + "'");
                break;
            }
        }
        for (int j = 0; j < Math.min(joints.size(), m.njnt); j++) {
            if (!joints.get(j).equals(m.jnt_name[j]) || types.get(j) != m.jnt_type[j]) {
                diffs.add("joint " + j + " '" + m.jnt_name[j] + "' vs '" + joints.get(j) + "'");
                break;
            }
        }
        return String.join("; ", diffs);
    }

    private static double maxDiff(double[] a, double[] b) {
        double e = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            e = Math.max(e, Math.abs(a[i] - b[i]));
        }
        return a.length == b.length ? e : Double.POSITIVE_INFINITY;
    }

    private record Proc(int rc, String out, String err) {
    }

    private static Proc run(Path mjref, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(mjref.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("mjref", ".out"), err = Files.createTempFile("mjref", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Proc(124, "", "timed out");
            }
            return new Proc(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.replace("|", "\\|");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void print(List<Row> rows, String loadBefore, String loadAfter) {
        System.out.println("| model | load | layout vs MuJoCo | qpos error / MuJoCo sensitivity at 1 s, zero ctrl | same, constant ctrl | CPU time per step, ours / MuJoCo |");
        System.out.println("|---|---|---|---|---|---|");
        int loaded = 0, same = 0, tracked = 0, compared = 0, crashes = 0, timed = 0;
        double logSum = 0;
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.name, r.load, r.layout, r.zero,
                    r.constant, Double.isNaN(r.speed) ? "" : String.format(Locale.ROOT, "%.2f", r.speed));
            loaded += r.loaded ? 1 : 0;
            same += r.layoutSame ? 1 : 0;
            tracked += r.tracked;
            compared += r.compared;
            crashes += r.crashed ? 1 : 0;
            if (!Double.isNaN(r.speed)) {
                logSum += Math.log(r.speed);
                timed++;
            }
        }
        System.out.printf(Locale.ROOT, "%nModels: %d; load: %d; layout identical: %d of %d loaded; runs within %.0f× "
                + "MuJoCo's sensitivity (floor %.0e): %d of %d; crashes: %d; geometric-mean CPU time ratio over %d "
                + "models: %.2f (above 1: slower than MuJoCo). Load average before: %s; after: %s.%n", rows.size(),
                loaded, same, loaded, TOLERANCE_FACTOR, SENSITIVITY_FLOOR, tracked, compared, crashes, timed,
                timed == 0 ? Double.NaN : Math.exp(logSum / timed), loadBefore, loadAfter);
    }
}
