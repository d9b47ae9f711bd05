package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.fuzz.FuzzHarness.Outcome;
import dev.adjoint.processor.fuzz.FuzzHarness.Point;
import org.junit.jupiter.api.Test;

/**
 * A derivative that both modes give as NaN or infinite, where a value on the path taken overflowed, is
 * IEEE's answer and the documented one (README, Numerics: a saturated {@code 1 / (1 + exp(-x))} gives
 * NaN); finite differences of the finite value cannot judge it, so the harness skips it. It skipped
 * such derivatives before fa76efe by accident (a tolerance scaled by a NaN derivative judged no
 * estimate confident); an estimate judged by its own size then made {@code 0.0 ± 0.0} a confident
 * disagreement with NaN.
 */
class NonFiniteDerivativesTest {

    /** Fuzz seed 1640304 (reduction tails), f0: y overflows in a loop and reaches the result through atan. */
    @Test
    void seed1640304sNaNDerivativeIsSkipped() {
        FuzzHarness harness = FuzzHarness.compile(ProgramGenerator.withReductionTails(1640304).generate());
        Point point = new Point(0.03709892923446745, -1.5127217567812101,
                new double[] {1.1703440847602313, -1.8681540641008993, 1.923076039591987, 1.8457642181314515}, 2);
        Outcome outcome = harness.check("f0", point, true);
        assertNull(outcome.failure(), () -> outcome.failure());
        assertTrue(outcome.fdSkipped() > 0, outcome::toString);
    }
}
