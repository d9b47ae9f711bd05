package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.adjoint.processor.fuzz.FuzzHarness.Outcome;
import dev.adjoint.processor.fuzz.FuzzHarness.Point;
import org.junit.jupiter.api.Test;

/** Which step factors the fuzz harness differences the reverse gradient at, for a Hessian row. */
class HessianRowStepsTest {

    /**
     * Fuzz seed 1610029 (reduction tails), f0 at x = y: the value is
     * {@code sin((1 + 0.5 cos(Y * Y))^2)}, {@code Y} near 8.0 after four passes (one per element of w) of
     * {@code y += q atan(q) + hypot(q, 1.5)} with {@code q = sin(w[0] atan(y))}. The true H[y][w[0]]
     * (60-digit arithmetic) is -1123.348579603937, fHessian's -1123.348579603793. Ridders' estimate
     * from differences of the exact gradient at step factor 1e-2 is -1123.3490654 ± 9.8e-6, wrong by
     * 4.9e-4, fifty times its error estimate (the steep cosine's higher derivatives); at 1e-3 it is
     * exact. The harness reported a mismatch because d/dy of the value agreed at 1e-2, so it never
     * looked whether the stencils of 1e-3 and 1e-4 stay on the branch path, and the Hessian row
     * differenced the gradient at 1e-2 alone, with no smaller step to contradict it.
     */
    @Test
    void seed1610029IsCheckedAtTheSmallerSteps() {
        FuzzHarness harness = FuzzHarness.compile(ProgramGenerator.withReductionTails(1610029).generate());
        Point point = new Point(0.1435912335509082, 0.1435912335509082,
                new double[] {0.6549724999491877, 0.9006184553992869, 1.2753683662974793, -0.2707333406099064}, 1);
        Outcome outcome = harness.check("f0", point, true);
        assertNull(outcome.failure());
        assertEquals(36, outcome.hessianChecked(), "every entry of the 6 x 6 Hessian is checked: " + outcome);
    }
}
