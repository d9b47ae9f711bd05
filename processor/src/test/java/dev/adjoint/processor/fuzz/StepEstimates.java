package dev.adjoint.processor.fuzz;

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
