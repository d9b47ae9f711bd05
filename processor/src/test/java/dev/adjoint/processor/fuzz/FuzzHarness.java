package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Ridders;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The checks of one compiled fuzz program ({@link ProgramGenerator}, classic or extended) at one
 * point, over the flattened differentiable inputs ({@code x}, {@code y}, then the elements of
 * {@code w}, as far as the method's {@code wrt} names them):
 * <ol>
 *   <li>the values of {@code fGradient} and of every {@code fForward} sweep equal the method's
 *       bit for bit, no generated method writes into {@code w}, and forward (one sweep per input)
 *       and reverse mode agree to relative {@value GradientChecker#AD_RELATIVE}, or disagree only as
 *       the rounding of a cancelling chain-rule sum does: erratically at neighbours on the same
 *       branch path ({@link ModeDisagreement});</li>
 *   <li>per input, Ridders' central differences (exactly {@link GradientChecker}'s scheme and
 *       tolerances) agree with both modes, judged only at a step whose 24 stencil points all have
 *       the centre's trace hash (see {@link DifferentialFuzzTest} for why that is sound) and whose
 *       values meet the centre's ({@link StepEstimates#centreOnStencil}: no smooth staircase that no
 *       branch records puts the centre on another riser than the stencil); steps
 *       {@code 1e-2, 1e-3, 1e-4}; an input is a mismatch only if some consistent step disagrees
 *       with a confident Ridders error estimate that no smaller consistent step contradicts, by more
 *       than the value's rounding can put into a difference at the step
 *       ({@link StepEstimates}), and no consistent step agrees, else skipped;</li>
 *   <li>if the method has {@code fHessian} and {@code hessian} is asked for: row {@code i} of the
 *       Hessian against Ridders' central differences of the reverse gradient along input {@code i},
 *       under the same conditions at every step factor, including those the value's check of
 *       input {@code i} did not need (one branch path over the whole stencil, a confident estimate
 *       that no smaller step contradicts, a disagreement beyond the gradient component's rounding,
 *       estimated from row {@code j} of the Hessian as the value's is from the gradient, or as
 *       measured along input {@code i} where that is more: {@link StepEstimates#measuredRounding}).</li>
 * </ol>
 */
final class FuzzHarness {

    static final double[] STEP_FACTORS = {1e-2, 1e-3, 1e-4};

    /** A point: {@code w} is ignored by classic programs. */
    record Point(double x, double y, double[] w, int n) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "x=%s, y=%s, w=%s, n=%d", x, y, Arrays.toString(w), n);
        }

        Point with(int input, double v, List<int[]> inputs) {
            int[] in = inputs.get(input);
            double[] w2 = w == null ? null : w.clone();
            double x2 = x;
            double y2 = y;
            switch (in[0]) {
                case 0 -> x2 = v;
                case 1 -> y2 = v;
                default -> w2[in[1]] = v;
            }
            return new Point(x2, y2, w2, n);
        }

        double get(int input, List<int[]> inputs) {
            int[] in = inputs.get(input);
            return switch (in[0]) {
                case 0 -> x;
                case 1 -> y;
                default -> w[in[1]];
            };
        }
    }

    /**
     * The outcome of one point: null failure if it passed; {@code adRounding} counts the derivatives
     * whose forward/reverse disagreement was judged rounding ({@link ModeDisagreement}).
     */
    record Outcome(String failure, Category category, int fdChecked, int fdSkipped, int hessianChecked,
                   int hessianSkipped, boolean nonFinite, int adRounding) {

        Outcome(String failure, Category category, int fdChecked, int fdSkipped, int hessianChecked,
                int hessianSkipped, boolean nonFinite) {
            this(failure, category, fdChecked, fdSkipped, hessianChecked, hessianSkipped, nonFinite, 0);
        }
    }

    enum Category { AD, FD, HESSIAN, HARNESS }

    private final ProgramCalls calls;

    FuzzHarness(ProgramGenerator.Program program, Compiled compiled) {
        this.calls = new ProgramCalls(program, compiled);
    }

    /** Compiles the program and its twin (AssertionError with the details if that fails). */
    static FuzzHarness compile(ProgramGenerator.Program program) {
        return new FuzzHarness(program, compileProgram(program));
    }

    /** The program and its trace twin, against the libraries whose functions extended programs call. */
    static Compiled compileProgram(ProgramGenerator.Program program) {
        return AdjointCompiler.compileAgainst(ProgramGenerator.LIBRARIES, program.source(), program.traceSource());
    }

    Compiled compiled() {
        return calls.compiled();
    }

    /** The program's methods, as the checks call them. */
    ProgramCalls calls() {
        return calls;
    }

    // ------------------------------------------------------------------------------------------

    /** All checks at one point. */
    Outcome check(String method, Point p, boolean withHessian) {
        double[] tv = new double[1];
        double value;
        long centre;
        try {
            value = calls.original(method, p);
            centre = calls.twinHash(method, p, tv);
        } catch (AssertionError e) {
            return new Outcome("HARNESS ERROR: " + e.getMessage(), Category.HARNESS, 0, 0, 0, 0, false);
        }
        if (Double.doubleToLongBits(tv[0]) != Double.doubleToLongBits(value)) {
            return new Outcome("HARNESS ERROR: the trace twin returns " + tv[0] + ", the program " + value,
                    Category.HARNESS, 0, 0, 0, 0, false);
        }
        if (!Double.isFinite(value)) {
            return new Outcome(null, null, 0, 0, 0, 0, true);
        }
        List<int[]> inputs = calls.inputs(method, p);
        double[] rev;
        double[] fwd = new double[inputs.size()];
        int adRounding = 0;
        List<String> adFailures = new ArrayList<>();
        try {
            rev = calls.reverse(method, p);
            if (Double.doubleToLongBits(rev[0]) != Double.doubleToLongBits(value)) {
                adFailures.add(method + "Gradient(..).value() = " + rev[0] + " but the method returns " + value);
            }
            for (int k = 0; k < inputs.size(); k++) {
                double[] f = calls.forward(method, p, k, inputs);
                fwd[k] = f[1];
                if (Double.doubleToLongBits(f[0]) != Double.doubleToLongBits(value)) {
                    adFailures.add(method + "Forward seeded on " + name(inputs.get(k)) + " has value " + f[0]
                            + " but the method returns " + value);
                }
                double r = rev[k + 1];
                if (ModeDisagreement.agree(f[1], r)) {
                    continue;
                }
                double[] neighbours = neighbourDisagreements(method, p, k, inputs, centre);
                if (ModeDisagreement.rounding(f[1], r, neighbours)) {
                    adRounding++;
                } else {
                    adFailures.add(String.format(Locale.ROOT,
                            "d/d%s: forward %s and reverse %s disagree (at %d neighbours on the branch path,"
                                    + " forward - reverse: %s)",
                            name(inputs.get(k)), f[1], r, neighbours.length, Arrays.toString(neighbours)));
                }
            }
        } catch (AssertionError e) {
            return new Outcome("AD check failed: " + e.getMessage(), Category.AD, 0, 0, 0, 0, false);
        }
        if (!adFailures.isEmpty()) {
            return new Outcome("AD check (values bit for bit, forward vs reverse) failed:\n  " + String.join("\n  ", adFailures),
                    Category.AD, 0, 0, 0, 0, false);
        }

        // finite differences of the value, input by input
        int fdChecked = 0;
        int fdSkipped = 0;
        List<String> fdFailures = new ArrayList<>();
        double[] centreInputs = new double[inputs.size()];
        for (int k = 0; k < inputs.size(); k++) {
            centreInputs[k] = p.get(k, inputs);
        }
        double valueRounding = StepEstimates.valueRounding(value, Arrays.copyOfRange(rev, 1, rev.length), centreInputs);
        // per input and step factor: whether the stencil stays on the centre's branch path; null where
        // the value's check stopped at a larger step that agreed, and the Hessian row looks itself
        Boolean[][] onBranchPath = new Boolean[inputs.size()][STEP_FACTORS.length];
        for (int k = 0; k < inputs.size(); k++) {
            if (!Double.isFinite(rev[k + 1]) || !Double.isFinite(fwd[k])) {
                // Both modes agree (checked above) on a derivative that is not finite, where a value on
                // the path overflowed: IEEE's answer, documented (README, Numerics: a saturated logistic
                // gives NaN); differences of the finite value cannot judge it (seed 1640304).
                fdSkipped++;
                continue;
            }
            boolean passed = false;
            StepEstimates estimates = new StepEstimates();
            for (int s = 0; s < STEP_FACTORS.length; s++) {
                double factor = STEP_FACTORS[s];
                double[] diffs = centredStencil(method, p, k, inputs, factor, centre, value, valueRounding);
                onBranchPath[k][s] = diffs != null;
                if (diffs == null) {
                    continue;
                }
                double[] est = ridders(diffs);
                double floor = GradientChecker.FD_ABSOLUTE * Math.max(1, Math.abs(value));
                double tol = GradientChecker.FD_RELATIVE * Math.max(Math.abs(rev[k + 1]), Math.abs(est[0])) + floor;
                if (Math.abs(rev[k + 1] - est[0]) <= tol && Math.abs(fwd[k] - est[0]) <= tol) {
                    passed = true;
                    break;
                }
                double smallestStep = Ridders.steps(factor * Math.max(1, Math.abs(centreInputs[k])))[Ridders.STEPS - 1];
                if (StepEstimates.explainedByRounding(rev[k + 1], est[0], tol, valueRounding, smallestStep)
                        && StepEstimates.explainedByRounding(fwd[k], est[0], tol, valueRounding, smallestStep)) {
                    estimates.agrees(est[0], est[1], StepEstimates.ownTolerance(est[0], floor));
                    continue;
                }
                estimates.disagrees(new StepEstimates.Estimate(est[0], est[1], StepEstimates.ownTolerance(est[0], floor),
                        String.format(Locale.ROOT,
                        "d/d%s: forward %s, reverse %s, finite differences %s ± %.2g (step factor %s, one branch path on the stencil)",
                        name(inputs.get(k)), fwd[k], rev[k + 1], est[0], est[1], factor)));
            }
            List<String> conclusive = estimates.conclusive();
            if (passed) {
                fdChecked++;
            } else if (!conclusive.isEmpty()) {
                fdFailures.addAll(conclusive);
            } else {
                fdSkipped++;
            }
        }
        if (!fdFailures.isEmpty()) {
            return new Outcome("finite differences disagree with both modes:\n  " + String.join("\n  ", fdFailures),
                    Category.FD, fdChecked, fdSkipped, 0, 0, false, adRounding);
        }

        // Hessian rows against differences of the reverse gradient
        int hChecked = 0;
        int hSkipped = 0;
        if (withHessian && calls.hasHessian(method) && !inputs.isEmpty()) {
            double[][] h;
            try {
                h = calls.hessian(method, p);
            } catch (AssertionError e) {
                return new Outcome("Hessian failed: " + e.getMessage(), Category.HESSIAN, fdChecked, fdSkipped, 0, 0, false,
                        adRounding);
            }
            if (h.length != inputs.size()) {
                return new Outcome("fHessian has " + h.length + " rows for " + inputs.size() + " inputs", Category.HESSIAN,
                        fdChecked, fdSkipped, 0, 0, false, adRounding);
            }
            List<String> hFailures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                boolean[] passed = new boolean[inputs.size()];
                List<StepEstimates> estimates = new ArrayList<>();
                for (int j = 0; j < inputs.size(); j++) {
                    estimates.add(new StepEstimates());
                }
                for (int s = 0; s < STEP_FACTORS.length; s++) {
                    if (onBranchPath[i][s] == null) {
                        // A row needs its smaller steps even where the value's check did not: Ridders'
                        // estimate at the first step can be confident and wrong (fuzz seed 1610029).
                        onBranchPath[i][s] = centredStencil(method, p, i, inputs, STEP_FACTORS[s], centre, value,
                                valueRounding) != null;
                    }
                    if (!onBranchPath[i][s]) {
                        continue;
                    }
                    double[][] diffs = gradientStencil(method, p, i, inputs, STEP_FACTORS[s]);
                    if (diffs == null) {
                        continue;
                    }
                    double smallestStep = Ridders.steps(STEP_FACTORS[s] * Math.max(1, Math.abs(centreInputs[i])))[
                            Ridders.STEPS - 1];
                    double[] measuredRounding = null;
                    for (int j = 0; j < inputs.size(); j++) {
                        if (passed[j]) {
                            continue;
                        }
                        double[] est = ridders(diffs[j]);
                        double floor = GradientChecker.FD_ABSOLUTE * Math.max(1, Math.abs(rev[j + 1]));
                        double tol = GradientChecker.FD_RELATIVE * Math.max(Math.abs(h[i][j]), Math.abs(est[0])) + floor;
                        if (Math.abs(h[i][j] - est[0]) <= tol) {
                            passed[j] = true;
                            continue;
                        }
                        if (measuredRounding == null) {
                            measuredRounding = gradientRounding(method, p, i, inputs, smallestStep, centre, rev);
                        }
                        // the component differenced, d/du_j, rounds like a value whose derivatives are
                        // row j, or as much as it is seen to round along u_i (a rounded intermediate)
                        double gradientRounding = Math.max(StepEstimates.valueRounding(rev[j + 1], h[j], centreInputs),
                                measuredRounding[j]);
                        if (StepEstimates.explainedByRounding(h[i][j], est[0], tol, gradientRounding, smallestStep)) {
                            estimates.get(j).agrees(est[0], est[1], StepEstimates.ownTolerance(est[0], floor));
                        } else {
                            estimates.get(j).disagrees(new StepEstimates.Estimate(est[0], est[1],
                                    StepEstimates.ownTolerance(est[0], floor),
                                    String.format(Locale.ROOT,
                                            "H[%s][%s] = %s, differences of the reverse gradient %s ± %.2g (step factor %s)",
                                            name(inputs.get(i)), name(inputs.get(j)), h[i][j], est[0], est[1],
                                            STEP_FACTORS[s])));
                        }
                    }
                }
                for (int j = 0; j < inputs.size(); j++) {
                    List<String> conclusive = estimates.get(j).conclusive();
                    if (passed[j]) {
                        hChecked++;
                    } else if (!conclusive.isEmpty()) {
                        hFailures.addAll(conclusive);
                    } else {
                        hSkipped++;
                    }
                }
            }
            if (!hFailures.isEmpty()) {
                return new Outcome("fHessian disagrees with differences of the reverse gradient:\n  "
                        + String.join("\n  ", hFailures), Category.HESSIAN, fdChecked, fdSkipped, hChecked, hSkipped, false,
                        adRounding);
            }
        }
        return new Outcome(null, null, fdChecked, fdSkipped, hChecked, hSkipped, false, adRounding);
    }

    /**
     * Forward minus reverse mode's derivative along input k at up to {@link ModeDisagreement#NEIGHBOURS}
     * neighbours of p ({@link ModeDisagreement#neighbour}), keeping those on the centre's branch path
     * whose value and both derivatives are finite. The moves are drawn from the point itself, so a
     * failure reproduces.
     */
    private double[] neighbourDisagreements(String method, Point p, int k, List<int[]> inputs, long centre) {
        double[] centreInputs = new double[inputs.size()];
        long seed = 31L * k + p.n();
        for (int j = 0; j < inputs.size(); j++) {
            centreInputs[j] = p.get(j, inputs);
            seed = 31 * seed + Double.doubleToLongBits(centreInputs[j]);
        }
        java.util.Random random = new java.util.Random(seed);
        double[] tv = new double[1];
        List<Double> disagreements = new ArrayList<>();
        for (int i = 0; i < ModeDisagreement.NEIGHBOURS; i++) {
            double[] moved = ModeDisagreement.neighbour(centreInputs, random);
            Point q = p;
            for (int j = 0; j < moved.length; j++) {
                q = q.with(j, moved[j], inputs);
            }
            if (calls.twinHash(method, q, tv) != centre || !Double.isFinite(tv[0])) {
                continue;
            }
            double forward = calls.forward(method, q, k, inputs)[1];
            double reverse = calls.reverse(method, q)[k + 1];
            if (Double.isFinite(forward) && Double.isFinite(reverse)) {
                disagreements.add(forward - reverse);
            }
        }
        return disagreements.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String name(int[] input) {
        return switch (input[0]) {
            case 0 -> "x";
            case 1 -> "y";
            default -> "w[" + input[1] + "]";
        };
    }

    /**
     * The central differences of the value along input k at Ridders' 12 steps, or null if the stencil
     * does not describe the function at the centre: a stencil point leaves the centre's branch path or
     * is not finite, or the centre's value is off the curve the stencil samples
     * ({@link StepEstimates#centreOnStencil}).
     */
    private double[] centredStencil(String method, Point p, int k, List<int[]> inputs, double factor, long centre,
            double value, double valueRounding) {
        double[][] stencil = stencil(method, p, k, inputs, factor, centre);
        if (stencil == null) {
            return null;
        }
        double[] diffs = stencil[0];
        double smallestStep = Ridders.steps(factor * Math.max(1, Math.abs(p.get(k, inputs))))[Ridders.STEPS - 1];
        double floor = GradientChecker.FD_ABSOLUTE * Math.max(1, Math.abs(value));
        double tolerance = StepEstimates.ownTolerance(ridders(diffs)[0], floor);
        return StepEstimates.centreOnStencil(value, stencil[1], smallestStep, tolerance, valueRounding) ? diffs : null;
    }

    /**
     * The central differences of the value along input k at Ridders' 12 steps and the means
     * {@code (f(v + h) + f(v - h)) / 2} ({diffs, means}), or null if a stencil point leaves the
     * centre's branch path or is not finite.
     */
    private double[][] stencil(String method, Point p, int k, List<int[]> inputs, double factor, long centre) {
        double v = p.get(k, inputs);
        double hh = factor * Math.max(1, Math.abs(v));
        double[] diffs = new double[Ridders.STEPS];
        double[] means = new double[Ridders.STEPS];
        double[] tv = new double[1];
        for (int i = 0; i < Ridders.STEPS; i++) {
            if (i > 0) {
                hh /= Ridders.SHRINK;
            }
            double vp = v + hh;
            double vm = v - hh;
            Point pp = p.with(k, vp, inputs);
            Point pm = p.with(k, vm, inputs);
            if (calls.twinHash(method, pp, tv) != centre || !Double.isFinite(tv[0])) {
                return null;
            }
            double fp = tv[0];
            if (calls.twinHash(method, pm, tv) != centre || !Double.isFinite(tv[0])) {
                return null;
            }
            double fm = tv[0];
            // the twin's values are the program's bit for bit (checked at the centre); use the program's
            fp = calls.original(method, pp);
            fm = calls.original(method, pm);
            diffs[i] = (fp - fm) / (vp - vm);
            means[i] = (fp + fm) / 2;
        }
        return new double[][] {diffs, means};
    }

    /**
     * The rounding each reverse-gradient component shows along input i near p
     * ({@link StepEstimates#measuredRounding}, the largest over {@link StepEstimates#ROUNDING_OFFSETS}
     * times the stencil's smallest step), from samples on the centre's branch path with a finite gradient.
     */
    private double[] gradientRounding(String method, Point p, int i, List<int[]> inputs, double smallestStep, long centre,
            double[] rev) {
        double v = p.get(i, inputs);
        double[] rounding = new double[inputs.size()];
        double[] tv = new double[1];
        for (double offset : StepEstimates.ROUNDING_OFFSETS) {
            Point pp = p.with(i, v + offset * smallestStep, inputs);
            Point pm = p.with(i, v - offset * smallestStep, inputs);
            if (calls.twinHash(method, pp, tv) != centre || calls.twinHash(method, pm, tv) != centre) {
                continue;
            }
            double[] gp = calls.reverse(method, pp);
            double[] gm = calls.reverse(method, pm);
            for (int j = 0; j < inputs.size(); j++) {
                double r = StepEstimates.measuredRounding(rev[j + 1], gp[j + 1], gm[j + 1]);
                if (Double.isFinite(r)) {
                    rounding[j] = Math.max(rounding[j], r);
                }
            }
        }
        return rounding;
    }

    /** Central differences of each reverse-gradient component along input i: [component][step]. */
    private double[][] gradientStencil(String method, Point p, int i, List<int[]> inputs, double factor) {
        double v = p.get(i, inputs);
        double hh = factor * Math.max(1, Math.abs(v));
        double[][] diffs = new double[inputs.size()][Ridders.STEPS];
        for (int s = 0; s < Ridders.STEPS; s++) {
            if (s > 0) {
                hh /= Ridders.SHRINK;
            }
            double vp = v + hh;
            double vm = v - hh;
            double[] gp = calls.reverse(method, p.with(i, vp, inputs));
            double[] gm = calls.reverse(method, p.with(i, vm, inputs));
            for (int j = 0; j < inputs.size(); j++) {
                if (!Double.isFinite(gp[j + 1]) || !Double.isFinite(gm[j + 1])) {
                    return null;
                }
                diffs[j][s] = (gp[j + 1] - gm[j + 1]) / (vp - vm);
            }
        }
        return diffs;
    }

    /** Ridders' extrapolation (Numerical Recipes dfridr) over precomputed central differences: {estimate, error}. */
    static double[] ridders(double[] central) {
        return Ridders.extrapolate(i -> central[i]);
    }
}
