package dev.adjoint.processor.testing;

import java.util.function.IntToDoubleFunction;

/**
 * Ridders' method (Numerical Recipes {@code dfridr}): central differences at steps shrinking by
 * {@link #SHRINK}, extrapolated to step 0 through a Neville tableau, with an error estimate. One
 * implementation for the checker and the fuzzers, so that the fuzzers' path checks look at exactly
 * the points the checker evaluates.
 */
public final class Ridders {

    public static final double SHRINK = 1.4;
    public static final int STEPS = 12;
    private static final double SAFE = 2.0;

    private Ridders() {
    }

    /** The steps the tableau uses for a first step {@code h0}: {@code h0}, {@code h0 / 1.4}, ... */
    public static double[] steps(double h0) {
        double[] steps = new double[STEPS];
        double hh = h0;
        for (int i = 0; i < STEPS; i++) {
            steps[i] = hh;
            hh /= SHRINK;
        }
        return steps;
    }

    /**
     * {estimate, error} of the derivative, from {@code central.applyAsDouble(i)}, the central
     * difference at the {@code i}-th step; stops early, asking for no more steps, once the
     * extrapolation stops improving.
     */
    public static double[] extrapolate(IntToDoubleFunction central) {
        final double con2 = SHRINK * SHRINK;
        double[][] a = new double[STEPS][STEPS];
        a[0][0] = central.applyAsDouble(0);
        double err = Double.POSITIVE_INFINITY;
        double ans = a[0][0];
        for (int i = 1; i < STEPS; i++) {
            a[0][i] = central.applyAsDouble(i);
            double fac = con2;
            for (int j = 1; j <= i; j++) {
                a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1);
                fac *= con2;
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
        return new double[] {ans, err};
    }
}
