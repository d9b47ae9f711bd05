package dev.adjoint.test;

import java.util.function.DoubleUnaryOperator;

/**
 * Ridders' method (Numerical Recipes {@code dfridr}): differences at geometrically shrinking steps,
 * extrapolated to step 0 through a Neville tableau, with an estimate of the error of the result.
 * The error estimate is what tells a smooth point (tiny error) from a kink, a jump or steep curvature
 * within the step (large error). Central differences for the estimate itself; one-sided ones (left
 * and right) to tell a kink from a wrong derivative.
 */
final class FiniteDifference {

    /** An estimate of a derivative and of its error; NaN and infinite error when none could be made. */
    record Estimate(double value, double error, double initialStep) {
        boolean finite() {
            return Double.isFinite(value) && Double.isFinite(error);
        }
    }

    /** No estimate made. */
    static final Estimate NONE = new Estimate(Double.NaN, Double.POSITIVE_INFINITY, Double.NaN);

    private static final double SHRINK = 1.4;
    private static final double SAFE = 2.0;
    private static final int TABLEAU = 12;

    private FiniteDifference() {
    }

    /** The central-difference estimate of {@code f'(x)}, starting from step {@code h}. */
    static Estimate central(DoubleUnaryOperator f, double x, double h) {
        return extrapolate(step -> {
            double xp = x + step;
            double xm = x - step;
            return (f.applyAsDouble(xp) - f.applyAsDouble(xm)) / (xp - xm);
        }, h, 2);
    }

    /** The one-sided estimate: from the right for {@code direction > 0}, from the left otherwise. */
    static Estimate oneSided(DoubleUnaryOperator f, double x, double h, int direction) {
        double fx = f.applyAsDouble(x);
        return extrapolate(step -> {
            double xs = direction > 0 ? x + step : x - step;
            return (f.applyAsDouble(xs) - fx) / (xs - x);
        }, h, 1);
    }

    /**
     * Richardson extrapolation of {@code difference(h)} to {@code h = 0}, for an error series in powers
     * of {@code h^order} ({@code order} 2: central differences, 1: one-sided). If the first difference
     * is not finite (the step left the function's domain) the step is divided by 10, up to 8 times.
     */
    private static Estimate extrapolate(DoubleUnaryOperator difference, double h, int order) {
        double first = Double.NaN;
        for (int tries = 0; tries < 9; tries++) {
            first = difference.applyAsDouble(h);
            if (Double.isFinite(first)) {
                break;
            }
            h /= 10;
        }
        if (!Double.isFinite(first)) {
            return new Estimate(Double.NaN, Double.POSITIVE_INFINITY, h);
        }
        double h0 = h;
        double[][] a = new double[TABLEAU][TABLEAU];
        a[0][0] = first;
        double ans = first;
        double err = Double.POSITIVE_INFINITY;
        double ratio = order == 2 ? SHRINK * SHRINK : SHRINK;
        for (int i = 1; i < TABLEAU; i++) {
            h /= SHRINK;
            a[0][i] = difference.applyAsDouble(h);
            if (!Double.isFinite(a[0][i])) {
                break;
            }
            double fac = ratio;
            for (int j = 1; j <= i; j++) {
                a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1);
                fac *= ratio;
                double errt = Math.max(Math.abs(a[j][i] - a[j - 1][i]), Math.abs(a[j][i] - a[j - 1][i - 1]));
                if (errt <= err) {
                    err = errt;
                    ans = a[j][i];
                }
            }
            if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= SAFE * err) {
                break;
            }
        }
        return new Estimate(ans, err, h0);
    }
}
