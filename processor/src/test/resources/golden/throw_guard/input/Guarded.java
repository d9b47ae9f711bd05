package golden;

import dev.adjoint.Differentiable;

/** An argument guard with a message, and a method whose last word is a throw. */
public final class Guarded {
    @Differentiable
    public static double logDensity(double x, double mu, double sigma) {
        if (sigma <= 0) {
            throw new IllegalArgumentException("sigma must be positive, was " + sigma);
        }
        double z = (x - mu) / sigma;
        return -0.5 * z * z - Math.log(sigma);
    }

    @Differentiable
    public static double newtonSqrt(double a, int maxIterations) {
        double x = a;
        for (int i = 0; i < maxIterations; i++) {
            double next = 0.5 * (x + a / x);
            if (Math.abs(next - x) <= 1e-15 * x) {
                return next;
            }
            x = next;
        }
        throw new ArithmeticException("no convergence in " + maxIterations + " iterations");
    }
}
