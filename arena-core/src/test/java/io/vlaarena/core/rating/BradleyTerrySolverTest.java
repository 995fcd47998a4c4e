package io.vlaarena.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BradleyTerrySolverTest {
    /** Four models, all six pairs; cells per pair: first wins, second wins, ties. */
    private static final int[] FIRST = {0, 0, 0, 1, 1, 2};
    private static final int[] SECOND = {1, 2, 3, 2, 3, 3};
    private static final int[] CELLS = {12, 3, 2, 9, 9, 0, 20, 1, 4, 5, 7, 3, 11, 2, 0, 4, 6, 1};

    /**
     * Hunter's (2004) MM iteration for the same posterior, an independent algorithm: each model's
     * score (wins, half the ties, half its pseudo-ties) over its expected-comparison denominator.
     */
    private static double[] minorizeMaximize(double priorWeight, int iterations) {
        int m = 4;
        double[] p = {1, 1, 1, 1};
        double[] wins = new double[m];
        for (int k = 0; k < FIRST.length; k++) {
            wins[FIRST[k]] += CELLS[3 * k] + 0.5 * CELLS[3 * k + 2];
            wins[SECOND[k]] += CELLS[3 * k + 1] + 0.5 * CELLS[3 * k + 2];
        }
        for (int it = 0; it < iterations; it++) {
            double[] next = new double[m];
            for (int i = 0; i < m; i++) {
                double denominator = priorWeight / (p[i] + 1);
                for (int k = 0; k < FIRST.length; k++) {
                    double n = CELLS[3 * k] + CELLS[3 * k + 1] + CELLS[3 * k + 2];
                    if (FIRST[k] == i || SECOND[k] == i) {
                        denominator += n / (p[FIRST[k]] + p[SECOND[k]]);
                    }
                }
                next[i] = (wins[i] + priorWeight / 2) / denominator;
            }
            p = next;
        }
        double[] theta = new double[m];
        for (int i = 0; i < m; i++) {
            theta[i] = Math.log(p[i]);
        }
        return theta;
    }

    @Test
    void newtonAgreesWithMinorizeMaximize() {
        BradleyTerrySolver solver = new BradleyTerrySolver(4, FIRST, SECOND, 2.0);
        solver.setCounts(CELLS);
        double[] theta = new double[4];

        solver.fit(theta, 1e-12);

        double[] reference = minorizeMaximize(2.0, 20_000);
        for (int i = 0; i < 4; i++) {
            assertThat(theta[i]).isCloseTo(reference[i], within(1e-8));
        }
    }

    @Test
    void warmStartConvergesInAFewSteps() {
        BradleyTerrySolver solver = new BradleyTerrySolver(4, FIRST, SECOND, 0.5);
        solver.setCounts(CELLS);
        double[] theta = new double[4];
        solver.fit(theta, 1e-12);
        int[] resampled = CELLS.clone();
        resampled[0] += 2;
        resampled[4] += 1;
        solver.setCounts(resampled);

        int steps = solver.fit(theta, 1e-12);

        assertThat(steps).isLessThanOrEqualTo(5);
    }

    @Test
    void extremeRecordsStillConverge() {
        // One model wins every comparison a million times; a tiny prior keeps it finite but far away.
        BradleyTerrySolver solver = new BradleyTerrySolver(2, new int[] {0}, new int[] {1}, 1e-9);
        solver.setCounts(new int[] {1_000_000, 0, 0});
        double[] theta = new double[2];

        int steps = solver.fit(theta, 1e-10);

        // Optimum: n * sigma(-2t) = (w / 2) * (sigma(t) - sigma(-t)), so t is about ln(2n / w) / 2 = 17.61.
        double expected = 0.5 * Math.log(2 * 1_000_000 / 1e-9);
        assertThat(theta[0]).isCloseTo(expected, within(1e-6));
        assertThat(theta[1]).isCloseTo(-expected, within(1e-6));
        assertThat(steps).isLessThan(100);
    }

    @Test
    void emptyResampleOfAPairLeavesThePriorOnly() {
        BradleyTerrySolver solver = new BradleyTerrySolver(2, new int[] {0}, new int[] {1}, 0.5);
        solver.setCounts(new int[] {0, 0, 0});
        double[] theta = {3, -3};

        solver.fit(theta, 1e-12);

        assertThat(theta[0]).isCloseTo(0, within(1e-9));
        assertThat(theta[1]).isCloseTo(0, within(1e-9));
    }

    @Test
    void randomDataAgreeWithPriorPulledTowardsReference() {
        SplittableRandom random = new SplittableRandom(4);
        int[] cells = new int[CELLS.length];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = random.nextInt(30);
        }
        BradleyTerrySolver solver = new BradleyTerrySolver(4, FIRST, SECOND, 0.5);
        solver.setCounts(cells);
        double[] theta = new double[4];

        solver.fit(theta, 1e-12);

        // At the optimum no single parameter can improve the objective.
        double best = solver.objective(theta);
        for (int i = 0; i < 4; i++) {
            for (double delta : new double[] {-1e-4, 1e-4}) {
                double[] moved = theta.clone();
                moved[i] += delta;
                assertThat(solver.objective(moved)).isLessThanOrEqualTo(best);
            }
        }
    }

    @Test
    void davidsonMatchesTheClosedFormForTwoModels() {
        // Two models are a saturated Davidson model: d = ln(a / b), nu = t / sqrt(a b).
        BradleyTerrySolver solver = new BradleyTerrySolver(2, new int[] {0}, new int[] {1}, 1e-9, true);
        solver.setCounts(new int[] {30, 10, 20});
        double[] params = new double[solver.dimension()];

        solver.fit(params, 1e-12);

        assertThat(solver.dimension()).isEqualTo(3);
        assertThat(params[0] - params[1]).isCloseTo(Math.log(3), within(1e-6));
        assertThat(params[2]).isCloseTo(Math.log(20 / Math.sqrt(300)), within(1e-6));
    }

    @Test
    void davidsonOptimumCannotBeImprovedInAnyParameter() {
        SplittableRandom random = new SplittableRandom(11);
        double[] cells = new double[CELLS.length];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = random.nextInt(30) + (k % 3 == 2 ? 0.5 : 0); // fractional ties, as progress splits make them
        }
        BradleyTerrySolver solver = new BradleyTerrySolver(4, FIRST, SECOND, 0.5, true);
        solver.setCounts(cells);
        double[] params = new double[solver.dimension()];

        int steps = solver.fit(params, 1e-12);

        assertThat(steps).isLessThan(50);
        double best = solver.objective(params);
        for (int i = 0; i < params.length; i++) {
            for (double delta : new double[] {-1e-4, 1e-4}) {
                double[] moved = params.clone();
                moved[i] += delta;
                assertThat(solver.objective(moved)).as("parameter %d moved by %s", i, delta).isLessThan(best);
            }
            // the central difference of the objective (independent of the analytic gradient) vanishes
            double[] up = params.clone();
            double[] down = params.clone();
            up[i] += 1e-6;
            down[i] -= 1e-6;
            assertThat((solver.objective(up) - solver.objective(down)) / 2e-6).isCloseTo(0, within(1e-5));
        }
    }

    @Test
    void davidsonWithoutTiesKeepsTheTieParameterFiniteAndTheOrder() {
        BradleyTerrySolver solver = new BradleyTerrySolver(4, FIRST, SECOND, 0.5, true);
        int[] noTies = CELLS.clone();
        for (int p = 0; p < FIRST.length; p++) {
            noTies[3 * p + 2] = 0;
        }
        solver.setCounts(noTies);
        double[] params = new double[solver.dimension()];

        solver.fit(params, 1e-12);

        assertThat(params[4]).as("log nu").isFinite().isLessThan(-1);
        BradleyTerrySolver halfWin = new BradleyTerrySolver(4, FIRST, SECOND, 0.5);
        halfWin.setCounts(noTies);
        double[] theta = new double[4];
        halfWin.fit(theta, 1e-12);
        for (int i = 0; i < 3; i++) {
            assertThat(Math.signum(params[i] - params[i + 1])).isEqualTo(Math.signum(theta[i] - theta[i + 1]));
        }
    }

    @Test
    void davidsonExtremeRecordsStillConverge() {
        BradleyTerrySolver solver = new BradleyTerrySolver(2, new int[] {0}, new int[] {1}, 0.5, true);
        solver.setCounts(new int[] {1_000_000, 0, 3});
        double[] params = new double[3];

        solver.fit(params, 1e-10);

        for (double p : params) {
            assertThat(p).isFinite();
        }
        assertThat(params[0]).isGreaterThan(params[1] + 10);
    }
}
