package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.fuzz.FuzzHarness.Outcome;
import dev.adjoint.processor.fuzz.FuzzHarness.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the fuzz harness takes a disagreement of finite differences with AD for proof. */
class StepEstimatesTest {

    private static final double TOLERANCE = 5e-8;

    private static StepEstimates.Estimate estimate(double value, double error, String name) {
        return new StepEstimates.Estimate(value, error, TOLERANCE, name);
    }

    /**
     * The minimised seed 930153, d/dw[2] (AD 1.7922773030699404): at step factor 1e-3 the stencil
     * points fall into the orbit that underflows to 0, the central differences are 0 and Ridders
     * reports -8.5e-12 ± 8.5e-12; at 1e-4 the differences creep towards AD, 1.7928 ± 0.0127.
     */
    @Test
    void aConfidentEstimateThatASmallerStepContradictsProvesNothing() {
        StepEstimates estimates = new StepEstimates();
        estimates.disagrees(estimate(-8.510138038381278E-12, 8.5e-12, "factor 1e-3"));
        estimates.disagrees(estimate(1.792825153734155, 0.0127, "factor 1e-4"));
        assertEquals(List.of(), estimates.conclusive());
    }

    /** The classic harness records the parameters that agree at a failing step too. */
    @Test
    void aSmallerStepThatAgreesWithAdContradictsAConfidentDisagreement() {
        StepEstimates estimates = new StepEstimates();
        estimates.disagrees(estimate(-0.0030943750827172934, 8.8e-9, "factor 1e-3"));
        estimates.agrees(-0.0029473211, 1e-10, TOLERANCE);
        assertEquals(List.of(), estimates.conclusive());
    }

    @Test
    void aWrongDerivativeIsCaughtWhenTheSmallerStepsAgreeWithTheConfidentOne() {
        StepEstimates estimates = new StepEstimates();
        estimates.disagrees(estimate(0.5, 0.3, "factor 1e-2"));
        estimates.disagrees(estimate(0.25, 1e-9, "factor 1e-3"));
        estimates.disagrees(estimate(0.25 + 2e-7, 3e-7, "factor 1e-4"));
        assertEquals(List.of("factor 1e-3"), estimates.conclusive());
    }

    @Test
    void aConfidentEstimateStandsWhenNoSmallerStepStayedOnTheBranchPath() {
        StepEstimates estimates = new StepEstimates();
        estimates.disagrees(estimate(0.25, 1e-9, "factor 1e-4"));
        assertEquals(List.of("factor 1e-4"), estimates.conclusive());
    }

    @Test
    void aLargerStepDoesNotContradictASmallerOne() {
        StepEstimates estimates = new StepEstimates();
        estimates.disagrees(estimate(3.0, 1e-9, "factor 1e-2"));
        estimates.disagrees(estimate(0.25, 1e-9, "factor 1e-3"));
        assertEquals(List.of("factor 1e-3"), estimates.conclusive());
    }

    /**
     * Fuzz seed 1400535 (reduction tails), f2, d/dy at step factor 1e-3: AD -2.8e12 (the value is
     * {@code sin(v * v)} with v near 8e6, nine doublings away from y), differences -1848 ± 690. By
     * the tolerance of AD's derivative (2.8e5) that error looked confident; by the estimate's own
     * it is noise.
     */
    @Test
    void anEstimateIsConfidentByItsOwnSizeNotByAds() {
        double floor = 4.7e-8;
        assertTrue(690 > StepEstimates.ownTolerance(-1847.97, floor));
        StepEstimates estimates = new StepEstimates();
        estimates.disagrees(new StepEstimates.Estimate(-1847.97, 690, StepEstimates.ownTolerance(-1847.97, floor),
                "factor 1e-3"));
        assertEquals(List.of(), estimates.conclusive());
        assertEquals(8.174777960791024 * 1e-7 + floor, StepEstimates.ownTolerance(8.174777960791024, floor), 1e-20);
    }

    /**
     * Fuzz seed 1100232 (extended programs), f2 at x = 0: y is fed through {@code y += sin(y * y)}
     * three times, so d/dy is -2.4e10 and d/dw[0] 1.2e11 in both modes (legitimately: the minimised
     * program has d/dy -5.7e12), while Ridders' estimates are noise (-2087 ± 54, 136 ± 3400) that
     * the harness took for confident disagreements because their errors were measured against AD's
     * enormous derivatives. Both inputs are now skipped.
     */
    @Test
    void seed1100232IsNotAMismatch() {
        FuzzHarness harness = FuzzHarness.compile(new ProgramGenerator(1100232, true).generate());
        Point point = new Point(0.0, 0.041519739087442,
                new double[] {0.5580574347231488, 1.6914579416442428, 0.3733546131897918}, 1);
        for (boolean withHessian : new boolean[] {false, true}) {
            Outcome outcome = harness.check("f2", point, withHessian);
            assertNull(outcome.failure());
            assertTrue(outcome.fdSkipped() >= 2, "d/dy and d/dw[0] are skipped: " + outcome);
        }
    }

    /**
     * Fuzz seed 1400535 (reduction tails), f2, d/dw[0]: both modes 8.086070802038602, differences
     * 8.174777960791024 ± 2e-11 at step factor 1e-4. The value 46.98 ends in sin(v * v), v =
     * hypot(w[0], Y) near 7.97e6, which rounds to the same double over the whole stencil; the missing
     * 2 w[0] cos(v * v) = -0.0887 is within what the value's rounding (d/dy = -2.8e12 at y = 0.0456)
     * puts into a difference at the smallest step. The same disagreement at a well-conditioned point
     * is not.
     */
    @Test
    void aDisagreementWithinTheValuesRoundingOverTheStepProvesNothing() {
        double smallestStep = 1e-4 / Math.pow(1.4, 11);
        double tolerance = 1e-7 * 8.174777960791024 + 1e-9 * 46.98;
        double illConditioned = StepEstimates.valueRounding(46.98,
                new double[] {-1.7e10, -2.815011710462238E12, 8.086070802038602, 1.1, 2.3},
                new double[] {0.0, 0.04558266319691917, -0.7262185601988129, 0.5641574046767905, 1.5365399067720045});
        assertEquals(1.42e-5, illConditioned, 0.01e-5);
        assertTrue(StepEstimates.explainedByRounding(8.086070802038602, 8.174777960791024, tolerance, illConditioned,
                smallestStep));
        double wellConditioned = StepEstimates.valueRounding(46.98, new double[] {3.0, -25.0, 8.086070802038602},
                new double[] {0.0, 0.04558266319691917, -0.7262185601988129});
        assertFalse(StepEstimates.explainedByRounding(8.086070802038602, 8.174777960791024, tolerance, wellConditioned,
                smallestStep));
        assertFalse(StepEstimates.explainedByRounding(8.086070802038602, 8.086070802038602 + 1e-5, tolerance,
                wellConditioned, smallestStep));
    }

    /** The whole point of fuzz seed 1400535: d/dy (noise) and d/dw[0] (rounding) are skipped. */
    @Test
    void seed1400535IsNotAMismatch() {
        FuzzHarness harness = FuzzHarness.compile(ProgramGenerator.withReductionTails(1400535).generate());
        Point point = new Point(0.0, 0.04558266319691917,
                new double[] {-0.7262185601988129, 0.5641574046767905, 1.5365399067720045}, 1);
        for (boolean withHessian : new boolean[] {false, true}) {
            Outcome outcome = harness.check("f2", point, withHessian);
            assertNull(outcome.failure());
            assertTrue(outcome.fdSkipped() >= 2, "d/dy and d/dw[0] are skipped: " + outcome);
        }
    }

    /**
     * Fuzz seed 930153 (reduction tails), f3 at the failing point: {@code y = y * Math.sin(y)},
     * twelve times from y = -21.7, creeps towards pi/2 at the centre but falls into 0 from points a
     * thousandth away, with no comparison to tell. At step factor 1e-3 the first two central
     * differences of d/dw[0] meet the other regime and agree by accident (-0.0030944 ± 8.8e-9, AD
     * -0.0029473, both modes agreeing, as do differences at steps 1e-5 .. 1e-7); step 1e-4 says
     * -0.0029485 ± 4.5e-7. The harness reported a mismatch; the input is now skipped.
     */
    @Test
    void seed930153IsNotAMismatch() {
        FuzzHarness harness = FuzzHarness.compile(ProgramGenerator.withReductionTails(930153).generate());
        Point point = new Point(-0.14451276358626863, -1.7564652889836174,
                new double[] {1.5778920469795734, -0.04659382930823863, 1.6705693656845422}, 3);
        Outcome outcome = harness.check("f3", point, true);
        assertNull(outcome.failure());
        assertTrue(outcome.fdSkipped() >= 1, "d/dw[0] is skipped: " + outcome);
    }

    /**
     * A staircase from a rounded intermediate shows in the measured rounding; a smooth quantity's
     * second differences at the same offsets do not (fuzz seed 1630037: {@code cos} of a value near
     * 1.68e7, whose ulp is 3.7e-9). The offsets are those of a smallest step of 3.5e-5.
     */
    @Test
    void theMeasuredRoundingSeesARoundedIntermediate() {
        double u = 0.3;
        double large = 16785409.0;
        double staircase = 0;
        double smooth = 0;
        for (double offset : StepEstimates.ROUNDING_OFFSETS) {
            double d = offset * 3.5e-5;
            staircase = Math.max(staircase, StepEstimates.measuredRounding(Math.cos(large + u), Math.cos(large + (u + d)),
                    Math.cos(large + (u - d))));
            smooth = Math.max(smooth, StepEstimates.measuredRounding(Math.cos(u), Math.cos(u + d), Math.cos(u - d)));
        }
        assertTrue(staircase > 1e-10, "the rounding of large + u, an ulp of 3.7e-9: " + staircase);
        assertTrue(smooth < 1e-13, "second differences d^2 cos(u) / 2, at most 6e-14: " + smooth);
    }
}
