package dev.adjoint.test;

import dev.adjoint.test.Target.Input;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A generated {@code fHessian} at one point against Ridders differences of the generated reverse
 * gradient, entry by entry, and for symmetry. As for first order, an entry fails only when its
 * difference estimate is accurate to the tolerance and misses by more than the tolerance plus three
 * error estimates; an entry whose estimate is not that accurate (a branch or kink of the gradient
 * within the step) is skipped and counted.
 */
final class HessianCheck {

    private final Target t;
    private final double rtol;
    private final double atol;
    private final double step;
    private final double symmetryRtol;
    private int compared;
    private int skipped;

    HessianCheck(Target t, double rtol, double atol, double step, double symmetryRtol) {
        this.t = t;
        this.rtol = rtol;
        this.atol = atol;
        this.step = step;
        this.symmetryRtol = symmetryRtol;
    }

    int compared() {
        return compared;
    }

    int skipped() {
        return skipped;
    }

    /** Adds to {@code failures} what is wrong with {@code fHessian} at {@code point} ({@code at} names it). */
    void check(Object[] point, String at, List<String> failures) {
        List<Input> inputs = t.inputs(point);
        int n = inputs.size();
        double[][] hessian;
        try {
            hessian = (double[][]) call(t.hessian, Values.deepCopy(point));
        } catch (Throwable e) {
            failures.add(at + ": " + t.hessian.getName() + " threw " + e);
            return;
        }
        if (hessian == null || hessian.length != n) {
            failures.add(at + ": " + t.hessian.getName() + " returned " + (hessian == null ? "null" : hessian.length + " rows")
                    + ", expected " + n + " (one per scalar input)");
            return;
        }
        double scale = 0;
        for (double[] row : hessian) {
            if (row == null || row.length != n) {
                failures.add(at + ": " + t.hessian.getName() + " has a row of " + (row == null ? "null" : row.length)
                        + " entries, expected " + n);
                return;
            }
            for (double h : row) {
                if (Double.isFinite(h)) {
                    scale = Math.max(scale, Math.abs(h));
                }
            }
        }
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                if (Math.abs(hessian[p][q] - hessian[q][p]) > symmetryRtol * scale) {
                    failures.add(String.format(Locale.ROOT, "%s: %s is not symmetric: H[%s][%s] = %s, H[%s][%s] = %s", at,
                            t.hessian.getName(), inputs.get(p).label(), inputs.get(q).label(), hessian[p][q],
                            inputs.get(q).label(), inputs.get(p).label(), hessian[q][p]));
                }
            }
        }
        for (int q = 0; q < n; q++) {
            Input along = inputs.get(q);
            double x = Target.get(point, along);
            Map<Double, double[]> gradients = new HashMap<>();
            for (int p = 0; p < n; p++) {
                int component = p;
                FiniteDifference.Estimate estimate = FiniteDifference.central(v -> gradients.computeIfAbsent(v,
                        moved -> gradient(Target.with(point, along, moved), inputs))[component], x,
                        step * Math.max(1, Math.abs(x)));
                double h = hessian[p][q];
                double tolerance = rtol * Math.max(scale, Math.abs(estimate.value())) + atol;
                compared++;
                if (!estimate.finite() || !Double.isFinite(h) || estimate.error() > tolerance) {
                    skipped++;
                } else if (Math.abs(h - estimate.value()) > tolerance + 3 * estimate.error()) {
                    failures.add(String.format(Locale.ROOT, "%s: %s entry H[%s][%s] = %s, but differences of %s give %s"
                                    + " ± %.1e (tolerance %.1e)", at, t.hessian.getName(), inputs.get(p).label(), along.label(),
                            h, t.gradient.getName(), estimate.value(), estimate.error(), tolerance));
                }
            }
        }
    }

    /** The reverse gradient at {@code point}, flattened as {@code inputs}; NaN where the call fails. */
    private double[] gradient(Object[] point, List<Input> inputs) {
        double[] flat = new double[inputs.size()];
        try {
            Object record = call(t.gradient, point);
            Object[] partials = new Object[t.types.length];
            for (int k = 0; k < t.differentiable.length; k++) {
                partials[t.differentiable[k]] = t.partialAccessors[k].invoke(record);
            }
            for (int q = 0; q < flat.length; q++) {
                flat[q] = Target.get(partials, inputs.get(q));
            }
        } catch (Throwable e) {
            java.util.Arrays.fill(flat, Double.NaN);
        }
        return flat;
    }

    private static Object call(Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
