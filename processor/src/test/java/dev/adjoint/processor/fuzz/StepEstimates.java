package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.GradientChecker;
import java.util.ArrayList;
import java.util.List;

/**
 * Ridders' estimates of one derivative at the harness's step factors (largest first, only those
 * whose stencil stayed on the centre's branch path), and which of their disagreements with AD prove
 * something.
 *
 * <p>One branch path over the stencil makes the sampled function smooth, not slowly varying. A
 * smooth function can change regime between samples: {@code y = y * Math.sin(y)} iterated twelve
 * times creeps towards the neutral fixed point {@code pi/2} from some starting values and falls into
 * the superattracting fixed point 0 from others a thousandth away (fuzz seed 930153). A step that
 * spans both regimes can feed the extrapolation two central differences that agree by accident (or
 * are all exactly 0, once the orbit underflows), and Ridders' error estimate then reports a
 * confidence it does not have. Finite differences converge to the derivative as the step shrinks, so
 * a confident disagreement counts only when no smaller step's estimate contradicts it beyond both
 * error estimates and the tolerance; a wrong derivative is still caught, since every step then
 * estimates the same true derivative.
 *
 * <p>An estimate's confidence is its own affair: its error is measured against the tolerance of a
 * derivative of its own size ({@link #ownTolerance}), never against AD's. Where AD's derivative is
 * legitimately enormous ({@code Math.sin(v * v)} of a {@code v} near 8e6 that doubled nine times on
 * its way from {@code y}: {@code d/dy = -2.8e12}, fuzz seeds 1400535 and 1100232), the value
 * oscillates many times within the smallest step, the differences are noise ({@code -1847 ± 690}),
 * and a tolerance scaled by AD's {@code 2.8e12} would call that noise confident.
 */
final class StepEstimates {

    /**
     * One step factor's estimate {@code value ± error}, its tolerance, and the description of its
     * disagreement with AD for the report (null if it agrees with AD).
     */
    record Estimate(double value, double error, double tolerance, String disagreement) {

        boolean confident() {
            return error <= tolerance;
        }

        boolean contradictedBy(Estimate smallerStep) {
            return Math.abs(value - smallerStep.value) > error + smallerStep.error
                    + Math.max(tolerance, smallerStep.tolerance);
        }
    }

    /**
     * The tolerance an estimate is judged confident by: the checker's ({@link GradientChecker}) for a
     * derivative the size of the estimate, with the absolute floor of the quantity differenced.
     */
    static double ownTolerance(double estimate, double floor) {
        return GradientChecker.FD_RELATIVE * Math.abs(estimate) + floor;
    }

    /** The estimates of the steps on the centre's branch path, largest step first. */
    private final List<Estimate> steps = new ArrayList<>();

    /** Records the next (smaller) step, whose estimate disagrees with AD. */
    void disagrees(Estimate estimate) {
        steps.add(estimate);
    }

    /** Records the next (smaller) step, whose estimate agrees with AD. */
    void agrees(double value, double error, double tolerance) {
        steps.add(new Estimate(value, error, tolerance, null));
    }

    /**
     * The descriptions of the conclusive disagreements: confident estimates that no smaller step
     * contradicts. Empty when the finite differences prove nothing (the input is then skipped).
     */
    List<String> conclusive() {
        List<String> conclusive = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            Estimate estimate = steps.get(s);
            if (estimate.disagreement() != null && estimate.confident() && !contradictedBySmallerStep(s)) {
                conclusive.add(estimate.disagreement());
            }
        }
        return conclusive;
    }

    private boolean contradictedBySmallerStep(int s) {
        for (int t = s + 1; t < steps.size(); t++) {
            if (steps.get(s).contradictedBy(steps.get(t))) {
                return true;
            }
        }
        return false;
    }
}
