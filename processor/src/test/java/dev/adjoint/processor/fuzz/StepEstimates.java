package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.Ridders;
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
 *
 * <p>Differences also see only what rounding lets through. A computed value carries a rounding error
 * of at least about {@code 2^-53 (|f| + sum |df/du_k| |u_k|)} (its condition: each input's first
 * rounding, carried to the result), and a central difference at step {@code h} may carry that error
 * divided by {@code h}. AD differentiates the real arithmetic of the program's expressions and
 * cannot follow rounding; where the two part by less than this allowance at the smallest step of the
 * stencil ({@link #explainedByRounding}), the differences prove nothing. Fuzz seed 1400535 (reduction
 * tails), f2, d/dw[0]: the value ends in {@code weigh(Math.hypot(w[0], Y), null, null)}, which is
 * {@code sin(v * v)} with {@code v = hypot(w[0], Y)} and {@code Y} near 8e6; over the whole stencil
 * {@code hypot} rounds to the same double (w[0] moves it by {@code w[0] h / Y}, about 1e-11, an ulp of
 * v being 9.3e-10), so the differences see 8.1748, the derivative of every other path, while the
 * term's own {@code 2 w[0] cos(v * v) = -0.0887} makes AD's 8.0861, right in both modes. Its
 * {@code d/dy = -2.8e12} puts the value's rounding at 1.4e-5, which over the smallest step
 * (2.5e-6) allows 5.6: the input is skipped. The Hessian rows of that point are differences of
 * the reverse gradient and round the same way (H[w[0]][y] = 6.7e13 in both modes, differences 0):
 * a gradient component's rounding is estimated from its Hessian row as the value's from the gradient. At a well-conditioned point the allowance is far
 * below the tolerance ({@code 1e-14 / 2.5e-6} for a condition of 100).
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

    /**
     * An estimate of the rounding error in a computed value {@code f} with derivatives
     * {@code df/du_k} at inputs {@code u_k}: {@code 2^-53 (|f| + sum |df/du_k u_k|)}. A lower
     * estimate: rounding an intermediate can cost more than rounding the input it came from.
     */
    static double valueRounding(double value, double[] derivatives, double[] inputs) {
        double condition = Math.abs(value);
        for (int k = 0; k < inputs.length; k++) {
            condition += Math.abs(derivatives[k] * inputs[k]);
        }
        return 0x1p-53 * condition;
    }

    /**
     * The offsets, as fractions of a stencil's smallest step, at which {@link #measuredRounding} is
     * sampled: {@code 1e-2 / 2^k}, far enough below the step that a smooth quantity's second
     * difference is negligible there ({@code (offset / step)^2} of what the curvature puts into the
     * step's own difference). Many of them, because one second difference of a staircase can be 0:
     * where the three samples round alike (by an ulp of a grid that they cross linearly), their
     * roundings cancel; it does so about every other offset.
     */
    static final double[] ROUNDING_OFFSETS = java.util.stream.IntStream.range(0, 10)
            .mapToDouble(k -> Math.scalb(1e-2, -k)).toArray();

    /**
     * The rounding a computed quantity shows, measured from its values {@code q(u)} and
     * {@code q(u ± d)} at one offset {@code d} of {@link #ROUNDING_OFFSETS}: half the second
     * difference, which cancels the linear part and leaves (at offsets this small) the rounding.
     *
     * <p>{@link #valueRounding} sees only each input's first rounding. A rounded intermediate can
     * cost much more: fuzz seed 1630037 (reduction tails), f4, returns {@code y / (1.5 + cos(a2))}
     * with {@code a2} near 1.68e7, whose ulp is 3.7e-9, so the gradient is a staircase with steps of
     * about 1e-9 in {@code y}, where the model expects 2e-16. Such a staircase shows up between
     * samples a few stairs apart, whatever made it.
     */
    static double measuredRounding(double centre, double plus, double minus) {
        return Math.abs(plus + minus - 2 * centre) / 2;
    }

    /**
     * Whether AD's derivative and an estimate part by no more than the tolerance plus what the value's
     * rounding ({@link #valueRounding}) can put into a central difference at the stencil's smallest step.
     */
    static boolean explainedByRounding(double derivative, double estimate, double tolerance, double valueRounding,
            double smallestStep) {
        return Math.abs(derivative - estimate) <= tolerance + valueRounding / smallestStep;
    }

    /**
     * Whether the centre's value lies on the curve the stencil samples: the means
     * {@code (f(v + h) + f(v - h)) / 2} at the stencil's steps, extrapolated to step 0 as the
     * differences are (Ridders; the mean's error is even in {@code h}, as the central difference's),
     * must meet {@code f(v)} within the extrapolation's error, the value's rounding, and what the
     * derivative's tolerance allows over the smallest step.
     *
     * <p>Central differences never read the centre, and one branch path over the stencil does not make
     * the function slowly varying: a saturated {@code tanh} of a fast oscillation is a staircase with
     * smooth, very steep risers, which no branch records. Fuzz seed 1640001 (reduction tails), f2,
     * d/dw[0]: {@code tanh(-120 sin(1.08e7 w[0]) + c)} flips sign every 2.9e-7 in w[0], each flip moving
     * the value by 1.83e-3 and the slope by 3.2e-5; at step factor 1e-4 (smallest step 2.5e-6) all 24
     * stencil points saw the other sign than the centre and agreed on the other slope to 2.5e-12. A
     * centre off the stencil's curve by {@code d} makes the one-sided differences through it part from
     * the central one by {@code d / h}; within the derivative's tolerance over the smallest step it
     * cannot matter, beyond it the stencil describes another piece of the function and its differences
     * prove nothing. The test compares the program's values only (AD's gradient enters the rounding
     * estimate alone): a wrong derivative of a smooth function passes it and is judged as before.
     */
    static boolean centreOnStencil(double centre, double[] means, double smallestStep, double derivativeTolerance,
            double valueRounding) {
        double[] extrapolated = Ridders.extrapolate(i -> means[i]);
        double miss = Math.abs(extrapolated[0] - centre);
        return miss <= extrapolated[1] + derivativeTolerance * smallestStep + 2 * valueRounding;
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
