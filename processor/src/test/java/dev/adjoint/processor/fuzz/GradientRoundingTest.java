package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.adjoint.processor.fuzz.FuzzHarness.Outcome;
import dev.adjoint.processor.fuzz.FuzzHarness.Point;
import org.junit.jupiter.api.Test;

/** How much rounding the fuzz harness allows in differences of the reverse gradient. */
class GradientRoundingTest {

    /**
     * Fuzz seed 1630037 (reduction tails), f4: the value returned is {@code y / (1.5 + cos(a2)) - x'}
     * with {@code a1 = -log1p(y * y) - 16785409 + x} and {@code a2 = log(1 + a1 * a1) - a1}, near
     * 1.68e7, where a double's ulp is 3.7e-9. The true H[y][y] and H[y][x] at the program's own
     * intermediates (60-digit arithmetic) are -0.3232759734425119 and -0.3008213604689211, fHessian's
     * -0.32327597344251185 and -0.3008213604689211. The reverse gradient is a staircase of that
     * rounding of a2 (d/dy moves by about 1e-9 from one double of a2 to the next), so its central
     * differences at step factor 1e-3 (smallest step 3.5e-5) may be off by about 3e-5; Ridders'
     * extrapolation gave -0.3232766221473124 ± 2.6e-9 and -0.3008219027260512 ± 1.6e-8, off by 2e-6
     * with a confidence it did not have. The rounding model of the component's inputs alone (2e-16)
     * cannot see a rounded intermediate: the harness measures the gradient's rounding along the row.
     */
    @Test
    void seed1630037IsTheRoundingOfALargeIntermediate() {
        FuzzHarness harness = FuzzHarness.compile(ProgramGenerator.withReductionTails(1630037).generate());
        Point point = new Point(1.4055016104648064, -1.4191079071966413,
                new double[] {-1.5977985347136836, 1.0840793674005194, -0.6746243127256566}, 4);
        Outcome outcome = harness.check("f4", point, true);
        assertNull(outcome.failure());
        assertEquals(4, outcome.hessianChecked() + outcome.hessianSkipped(), "every entry of the 2 x 2 Hessian: " + outcome);
    }
}
