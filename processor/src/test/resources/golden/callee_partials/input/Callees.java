package golden;

import dev.adjoint.Differentiable;

/**
 * Calls of scalar methods of this class, whose partials come back on the thread's double tape: a callee
 * of several parameters, calls in a branch, in one expression, nested, in a conditional's arm, in a
 * taped loop, and a recursive method.
 */
public final class Callees {
    @Differentiable
    public static double g(double a, int n, double b) {
        return Math.sin(a) * b + n * b * b;
    }

    @Differentiable
    public static double sq(double x) {
        return x * x;
    }

    @Differentiable
    public static double shapes(double x, double y) {
        double r = x;
        if (x > y) {
            r = sq(x - y) * y;
        }
        double t = g(r, 2, y) * sq(y) - g(y, 1, sq(x));
        return x > 0 ? t * sq(y) : t;
    }

    @Differentiable
    public static double inLoop(double x, double y, int n) {
        double z = x;
        for (int i = 0; i < n; i++) {
            z = g(z, i, y) * 0.5;
        }
        return z;
    }

    @Differentiable
    public static double power(double b, int n) {
        if (n == 0) {
            return 1.0;
        }
        return b * power(b, n - 1);
    }
}
