package io.vlaarena.sim.bench;

import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Physics steps per second on one core for the bundled franka/table scene (nv 27, objects resting
 * on the table: 9 contacts) and the arm alone. Plain main method: warm-up, then timed rounds.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        run("franka_table (home, 9 contacts)", "/io/vlaarena/sim/reference/franka_table.xml", rounds);
        run("franka arm alone (home, no contacts)", "/io/vlaarena/sim/scenes/franka.xml", rounds);
    }

    private static void run(String label, String resource, int rounds) throws IOException {
        String xml;
        try (InputStream in = StepBenchmark.class.getResourceAsStream(resource)) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SimModel model = SimModel.load(xml);
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        sim.step(20_000);
        int steps = 20_000;
        double best = 0, sum = 0, cpuSum = 0;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            sim.resetToKey("home");
            sim.step(500); // let objects settle into contact
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sim.step(steps);
            double rate = steps / ((System.nanoTime() - t0) * 1e-9);
            cpuSum += steps / ((cpu.getCurrentThreadCpuTime() - c0) * 1e-9);
            best = Math.max(best, rate);
            sum += rate;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long a0 = threads.getThreadAllocatedBytes(tid);
        sim.step(steps);
        double bytesPerStep = (threads.getThreadAllocatedBytes(tid) - a0) / (double) steps;
        System.out.printf("%s: nv=%d, contacts=%d, wall-clock mean %.0f steps/s, best %.0f steps/s, per CPU-second %.0f "
                + "steps, over %d rounds of %d steps, %.0f bytes allocated per step (%s %s)%n",
                label, model.nv(), sim.contactCount(), sum / rounds, best, cpuSum / rounds, rounds, steps, bytesPerStep,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }
}
