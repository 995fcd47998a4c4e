package io.vlaarena.cli;

import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code arena sim}: prints a scene's layout or its trajectory, to hold the simulator against MuJoCo. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Simulate an MJCF scene and print its trajectory: one line per step with the simulation time "
                + "followed by qpos, space-separated, in full double precision.",
                "With --info, print 'nq=… nv=… nu=…' and then qpos0 on one line.",
                "The run starts from qpos0 (as MuJoCo's mj_resetData) unless --key names a keyframe."})
final class SimCommand implements Callable<Integer> {

    @Option(names = "--xml", required = true, description = "The MJCF file. Mesh files it names (meshdir, <mesh file>, STL or OBJ) "
            + "are read relative to its directory and only from inside it.")
    Path xml;

    @Option(names = "--steps", defaultValue = "100", description = "Lines to print (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--substeps", defaultValue = "1", description = "Physics steps per printed line (default: ${DEFAULT-VALUE}).")
    int substeps;

    @Option(names = "--ctrl", split = ",", description = "Actuator controls held for the whole run (nu values, comma-separated).")
    double[] ctrl;

    @Option(names = "--key", description = "Start from this keyframe instead of qpos0.")
    String key;

    @Option(names = "--info", description = "Print nq, nv, nu and qpos0 instead of a trajectory.")
    boolean info;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (steps < 0 || substeps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be >= 0 and --substeps >= 1");
        }
        SimModel model = SimModel.load(SceneFiles.read(xml), SceneFiles.assetDirectory(xml));
        PrintWriter out = spec.commandLine().getOut();
        if (info) {
            out.println("nq=" + model.nq() + " nv=" + model.nv() + " nu=" + model.nu());
            out.println(join(model.qpos0()));
            return 0;
        }
        Simulation sim = model.newSimulation();
        if (key != null) {
            if (!sim.hasKey(key)) {
                throw new IllegalArgumentException("The scene has no keyframe '" + key + "'; its keyframes: " + model.keyNames());
            }
            sim.resetToKey(key);
        }
        if (ctrl != null) {
            if (ctrl.length != model.nu()) {
                throw new IllegalArgumentException("--ctrl needs " + model.nu() + " values (nu), got " + ctrl.length);
            }
            sim.setCtrl(ctrl);
        }
        StringBuilder line = new StringBuilder();
        for (int s = 0; s < steps; s++) {
            sim.step(substeps);
            line.setLength(0);
            line.append(sim.time());
            for (double q : sim.qpos()) {
                line.append(' ').append(q);
            }
            out.println(line);
        }
        out.flush();
        return 0;
    }

    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(v);
        }
        return sb.toString();
    }
}
