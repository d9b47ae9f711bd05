package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.GradientChecker;
import java.util.Random;

/**
 * Whether forward and reverse mode's disagreement on one derivative is a wrong derivative or the
 * rounding of the chain rule's sum.
 *
 * <p>Both modes add the same chain-rule terms in different orders. Where the terms are large and
 * cancel, the sum's rounding (up to about {@code 2^-53} times the sum of the terms' magnitudes) can
 * exceed {@value GradientChecker#AD_RELATIVE} of the derivative, and neither mode is wrong. Fuzz seed
 * 1600377 (reduction tails), f0, d/dw[0]: {@code a0 = (w[floorMod(3 + w.length, w.length)] - w[0]) * 1}
 * reads w[0] twice; later {@code pow(1 + a0 * a0, 2)} with {@code a0 = 17.44} gives a0 the adjoint
 * {@code A = 21291.25}. Forward mode's tangent of {@code a0} is {@code (1 - 1) * 1 = 0} exactly, and it
 * returns -0.6477732686415212 (true derivative -0.64777326864152062, by 200-bit arithmetic at the
 * program's intermediates: {@code -1 - k cos(k c) cos(w0 Y) Y}). Reverse mode cannot know that the
 * two reads are one element: it adds {@code +A} and then {@code -A} into dW[0], which already holds
 * -0.6477732686415206, and {@code (s + A) - A} rounds s to the grid of A (ulp 3.6e-12):
 * -0.6477732686398667, 1.65e-12 away. Legitimate, and beyond the absolute tolerance 1e-12.
 *
 * <p>The harness cannot see the terms, but it can tell the two causes apart by what they do near the
 * point. A wrong derivative rule is a smooth function of the point, so at neighbours moved by a
 * relative {@value #RELATIVE_MOVE} on the same branch path (the trace twin's hash) the modes
 * disagree in the same way. A rounding error is not: such a move shifts every intermediate by
 * millions of ulps, and the cancelling sum rounds afresh, somewhere within the same grid. So a
 * disagreement is rounding only if
 * <ol>
 *   <li>it is at most {@value #MAX_RELATIVE} of the derivative (a cancellation costing more than
 *       half the digits is reported: look at it);</li>
 *   <li>at least {@value #MIN_NEIGHBOURS} neighbours stayed on the branch path with finite
 *       derivatives;</li>
 *   <li>it is erratic: some neighbour's disagreement differs from the centre's by more than half of
 *       it (a wrong rule, even one 1e-9 off, moves all neighbours alike);</li>
 *   <li>it is present: some neighbour disagrees by at least a quarter of the centre's disagreement
 *       (a rule wrong only at an exact special value, {@code x = 0} or {@code y = x}, leaves the
 *       neighbours agreeing).</li>
 * </ol>
 * A disagreement whose rounding the moves cannot reshuffle (the cancelling terms do not depend on
 * the inputs) stays a mismatch: a false alarm, never a silent pass.
 */
final class ModeDisagreement {

    /** How far (relative to {@code max(1, |u|)}) each differentiable input is moved for a neighbour. */
    static final double RELATIVE_MOVE = 0x1p-30;

    /** Neighbours tried per disagreement. */
    static final int NEIGHBOURS = 8;

    /** Neighbours on the branch path needed before a disagreement can be judged rounding. */
    static final int MIN_NEIGHBOURS = 4;

    /** The largest disagreement, relative to {@code max(1, |derivative|)}, ever judged rounding. */
    static final double MAX_RELATIVE = 0x1p-26;

    private ModeDisagreement() {
    }

    /** The harness's first test: agreement to {@link GradientChecker#AD_RELATIVE} (or both NaN). */
    static boolean agree(double forward, double reverse) {
        return Math.abs(forward - reverse)
                <= GradientChecker.AD_RELATIVE * Math.max(1, Math.max(Math.abs(forward), Math.abs(reverse)))
                || (Double.isNaN(forward) && Double.isNaN(reverse)) || forward == reverse;
    }

    /**
     * Whether the modes' disagreement at the centre ({@code forward - reverse}) is rounding, given
     * the disagreements {@code forward - reverse} at the neighbours that stayed on the branch path
     * with finite derivatives.
     */
    static boolean rounding(double forward, double reverse, double[] neighbours) {
        if (!Double.isFinite(forward) || !Double.isFinite(reverse)) {
            return false;
        }
        double centre = forward - reverse;
        double size = Math.abs(centre);
        if (size > MAX_RELATIVE * Math.max(1, Math.max(Math.abs(forward), Math.abs(reverse)))
                || neighbours.length < MIN_NEIGHBOURS) {
            return false;
        }
        boolean erratic = false;
        boolean present = false;
        for (double d : neighbours) {
            erratic |= Math.abs(d - centre) > size / 2;
            present |= Math.abs(d) >= size / 4;
        }
        return erratic && present;
    }

    /**
     * A neighbour of the centre's differentiable inputs: each moved by a random
     * {@code ±(0.5 .. 1) RELATIVE_MOVE max(1, |u|)}.
     */
    static double[] neighbour(double[] inputs, Random random) {
        double[] moved = new double[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            double size = (0.5 + 0.5 * random.nextDouble()) * RELATIVE_MOVE * Math.max(1, Math.abs(inputs[k]));
            moved[k] = inputs[k] + (random.nextBoolean() ? size : -size);
        }
        return moved;
    }
}
