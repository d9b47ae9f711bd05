package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.fuzz.FuzzHarness.Outcome;
import dev.adjoint.processor.fuzz.FuzzHarness.Point;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** When the fuzz harness takes a disagreement of forward and reverse mode for rounding. */
class ModeDisagreementTest {

    /** Fuzz seed 1600377, f0, d/dw[0] (see {@link ModeDisagreement}). */
    private static final double FORWARD = -0.6477732686415212;
    private static final double REVERSE = -0.6477732686398667;

    /**
     * Reverse mode's error there is {@code (s + A) - A - s} for the adjoint {@code A = 21291.25} of
     * a0: s rounded to a grid of 3.6e-12. At neighbours the grid stays and s moves by about 1e-9, so
     * the error lands anywhere within half a grid step: the harness's eight neighbours there.
     */
    @Test
    void aCancellingSumRoundsAfreshAtEveryNeighbour() {
        double[] neighbours = {1.610489519521252E-12, -9.947598300641403E-13, 6.146194664324867E-13,
            3.9390712913700554E-13, -3.2596148002994596E-13, 1.1975975766631564E-12, 7.998046669399628E-13,
            -8.646416915780719E-13};
        assertTrue(ModeDisagreement.rounding(FORWARD, REVERSE, neighbours));
    }

    /** A rule 1e-9 off moves every neighbour alike: the rounding around it is far smaller. */
    @Test
    void aSlightlyWrongRuleDisagreesAlikeAtEveryNeighbour() {
        double wrong = 0.35 * 1e-9;
        double[] neighbours = new double[8];
        for (int i = 0; i < neighbours.length; i++) {
            neighbours[i] = wrong * (1 + 1e-9 * i) + (i % 2 == 0 ? 1e-16 : -1e-16);
        }
        assertFalse(ModeDisagreement.rounding(FORWARD + wrong, FORWARD, neighbours));
    }

    /** A rule wrong only at an exact special value (x = 0, y = x): the neighbours agree. */
    @Test
    void aDisagreementOnlyAtTheCentreIsNotRounding() {
        double[] neighbours = {0.0, 1.1e-16, -1.1e-16, 0.0, 0.0, 2.2e-16};
        assertFalse(ModeDisagreement.rounding(FORWARD, REVERSE, neighbours));
    }

    @Test
    void tooFewNeighboursOnTheBranchPathProveNothing() {
        assertFalse(ModeDisagreement.rounding(FORWARD, REVERSE, new double[] {-1.2e-12, 0.4e-12, 1.5e-12}));
        assertTrue(ModeDisagreement.rounding(FORWARD, REVERSE, new double[] {-1.2e-12, 0.4e-12, 1.5e-12, 0.0}));
    }

    /** A cancellation that costs more than half the digits is reported, however erratic. */
    @Test
    void aLargeDisagreementIsNeverRounding() {
        double[] erratic = {-3e-8, 1e-8, 2e-8, -1e-8, 0.0, 3e-8};
        assertFalse(ModeDisagreement.rounding(1.0, 1.0 + 2e-8, erratic));
        assertTrue(ModeDisagreement.rounding(1.0, 1.0 + 1e-8, erratic));
        assertFalse(ModeDisagreement.rounding(Double.NaN, 1.0, erratic));
        assertFalse(ModeDisagreement.rounding(1.0, Double.POSITIVE_INFINITY, erratic));
    }

    @Test
    void theFirstTestIsTheCheckersTolerance() {
        assertTrue(ModeDisagreement.agree(1.0, 1.0 + 0.9e-12));
        assertTrue(ModeDisagreement.agree(1e6, 1e6 * (1 + 0.9e-12)));
        assertFalse(ModeDisagreement.agree(FORWARD, REVERSE));
        assertTrue(ModeDisagreement.agree(Double.NaN, Double.NaN));
        assertTrue(ModeDisagreement.agree(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(ModeDisagreement.agree(Double.NaN, 1.0));
    }

    @Test
    void neighboursMoveEveryInputByAboutTheRelativeMove() {
        double[] centre = {0.0, -3.0, 1e-3};
        double[] moved = ModeDisagreement.neighbour(centre, new Random(1));
        for (int k = 0; k < centre.length; k++) {
            double move = Math.abs(moved[k] - centre[k]) / Math.max(1, Math.abs(centre[k]));
            assertTrue(move >= 0.49 * ModeDisagreement.RELATIVE_MOVE && move <= 1.01 * ModeDisagreement.RELATIVE_MOVE,
                    "input " + k + " moved by " + move);
        }
    }

    /** The whole point of fuzz seed 1600377: f0 passes, its d/dw[0] judged rounding. */
    @Test
    void seed1600377IsNotAMismatch() {
        FuzzHarness harness = FuzzHarness.compile(ProgramGenerator.withReductionTails(1600377).generate());
        Point point = new Point(1.2965388402257703, 1.313696820557681,
                new double[] {1.1641824002607102, -1.3128945104254477, 0.8698470468310147}, -2);
        double[] reverse = harness.calls().reverse("f0", point);
        double forward = harness.calls().forward("f0", point, 2, harness.calls().inputs("f0", point))[1];
        assertEquals(REVERSE, reverse[3]);
        assertEquals(FORWARD, forward);
        for (boolean withHessian : new boolean[] {false, true}) {
            Outcome outcome = harness.check("f0", point, withHessian);
            assertNull(outcome.failure());
            assertEquals(1, outcome.adRounding(), "d/dw[0] is judged rounding: " + outcome);
        }
    }
}
