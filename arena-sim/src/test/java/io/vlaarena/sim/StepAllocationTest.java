package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Physics steps allocate nothing once the largest contact set has been seen: the benchmark
 * scenes (a stack of boxes, a bin of 100 bodies, a standing humanoid, an arm pressing on boxes)
 * and the bundled franka/table scene; and the scenes of the RK4 and implicit integrators,
 * frictionloss, spatial tendons, muscles, every transmission and the actuator shortcuts, the CG
 * and PGS solvers, fluid forces, composites and elliptic cones: the same 1000 steps run twice,
 * the second time measured from step 600 on.
 */
class StepAllocationTest {

    private static String resource(String path) throws IOException {
        try (InputStream in = StepAllocationTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/io/vlaarena/sim/bench/stack10.xml,", "/io/vlaarena/sim/bench/bin100.xml,", "/io/vlaarena/sim/bench/humanoid.xml,",
        "/io/vlaarena/sim/bench/arm_boxes.xml,press", "/io/vlaarena/sim/reference/franka_table.xml,home",
        "/io/vlaarena/sim/reference/rk4.xml,start", "/io/vlaarena/sim/reference/implicit.xml,start",
        "/io/vlaarena/sim/reference/joint_friction.xml,start", "/io/vlaarena/sim/reference/tendon_spatial.xml,start",
        "/io/vlaarena/sim/reference/muscle.xml,start", "/io/vlaarena/sim/reference/solver_cg.xml,start",
        "/io/vlaarena/sim/reference/fluid.xml,start", "/io/vlaarena/sim/reference/fluid_implicit.xml,start", "/io/vlaarena/sim/reference/fluid_ellipsoid.xml,start",
        "/io/vlaarena/sim/reference/fluid_ellipsoid_implicit.xml,start", "/io/vlaarena/sim/reference/jacobian.xml,start",
        "/io/vlaarena/sim/reference/solver_pgs.xml,start", "/io/vlaarena/sim/reference/composite_cloth.xml,",
        "/io/vlaarena/sim/reference/composite_box.xml,", "/io/vlaarena/sim/reference/composite_loop.xml,",
        "/io/vlaarena/sim/reference/cone_elliptic.xml,start", "/io/vlaarena/sim/reference/cone_grasp.xml,",
        "/io/vlaarena/sim/reference/transmission.xml,start", "/io/vlaarena/sim/reference/actuator_shortcuts.xml,start",
        "/io/vlaarena/sim/reference/adhesion.xml,start", "/io/vlaarena/sim/reference/compiler_bounds.xml,start"})
    void contactRichStepsAllocateNothing(String scene, String key) throws IOException {
        Simulation sim = SimModel.load(resource(scene)).newSimulation();
        for (int run = 0; run < 2; run++) {
            if (key != null) {
                sim.resetToKey(key);
            } else {
                sim.reset();
            }
            sim.step(run == 0 ? 1000 : 600);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        // The JIT (C2) now and then materializes a few objects of its own during a window (measured
        // on cone_elliptic: 128 bytes in one window of six identical runs, a different one with other
        // flags, none with C1 alone), so up to three windows of the same 400 steps are measured and
        // one must be clean; a step that allocates allocates in every window.
        java.util.List<Long> windows = new java.util.ArrayList<>();
        for (int w = 0; w < 3 && (windows.isEmpty() || windows.get(windows.size() - 1) != 0); w++) {
            if (w > 0) {
                if (key != null) {
                    sim.resetToKey(key);
                } else {
                    sim.reset();
                }
                sim.step(600);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            sim.step(400);
            windows.add(threads.getCurrentThreadAllocatedBytes() - before);
        }
        System.out.printf("allocation: %s, %d contacts, bytes in windows of 400 steps: %s%n", scene, sim.contactCount(), windows);
        assertThat(windows).as("bytes allocated in windows of 400 steps").contains(0L);
    }
}
