package golden;

import dev.adjoint.Differentiable;

/** A loop that only accumulates a sum: reverse mode fuses it, one pass and no tape. */
public final class FusedLoop {
    @Differentiable
    public static double rosenbrock(double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}
