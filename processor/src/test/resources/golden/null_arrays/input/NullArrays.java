package golden;

import dev.adjoint.Differentiable;

/** Null tests on array parameters: both modes return where the method returns. */
public final class NullArrays {
    @Differentiable
    public static double rms(double[] a) {
        if (a == null || a.length == 0) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i];
        }
        return Math.sqrt(s / a.length);
    }

    @Differentiable
    public static double weighted(double x, double[] a, double[][] w) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (w != null ? w[i][i] : 1.0) * a[i] * x;
        }
        return s;
    }
}
