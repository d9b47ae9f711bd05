package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FiniteDifferenceTest {

    @Test
    void riddersIsAccurateWithAnHonestErrorEstimate() {
        for (double x : new double[] {-3, -0.5, 0, 0.7, 2, 50}) {
            FiniteDifference.Estimate e = FiniteDifference.central(Math::sin, x, 1e-2 * Math.max(1, Math.abs(x)));
            assertEquals(Math.cos(x), e.value(), 1e-10, "at " + x);
            assertTrue(e.error() < 1e-9, "error estimate " + e.error());
            assertTrue(Math.abs(e.value() - Math.cos(x)) <= Math.max(10 * e.error(), 1e-14), "honest at " + x);
        }
        FiniteDifference.Estimate exp = FiniteDifference.central(Math::exp, 10, 0.1);
        assertEquals(Math.exp(10), exp.value(), 1e-9 * Math.exp(10));
    }

    @Test
    void aKinkWithinTheStepShowsInTheErrorEstimate() {
        FiniteDifference.Estimate e = FiniteDifference.central(x -> Math.abs(x - 1e-3), 0, 1e-2);
        assertTrue(e.error() > 1e-6 || Math.abs(e.value() + 1) < 1e-6, "either unreliable or the right answer: " + e);
    }

    @Test
    void oneSidedDifferencesSeeBothSidesOfAKink() {
        FiniteDifference.Estimate left = FiniteDifference.oneSided(Math::abs, 0, 1e-2, -1);
        FiniteDifference.Estimate right = FiniteDifference.oneSided(Math::abs, 0, 1e-2, 1);
        assertEquals(-1, left.value(), 1e-12);
        assertEquals(1, right.value(), 1e-12);
        FiniteDifference.Estimate smooth = FiniteDifference.oneSided(Math::exp, 1, 1e-2, 1);
        assertEquals(Math.E, smooth.value(), 1e-7);
    }

    @Test
    void stepsLeavingTheDomainShrink() {
        FiniteDifference.Estimate e = FiniteDifference.central(Math::log, 1e-3, 1e-2);
        assertEquals(1e3, e.value(), 1e-4);
        FiniteDifference.Estimate none = FiniteDifference.central(x -> Double.NaN, 1, 1e-2);
        assertFalse(none.finite());
    }
}
