package golden;

import dev.adjoint.Differentiable;

/** Local arrays written out: a coefficient table read in a loop, and elements that depend on inputs. */
public final class Initializers {
    @Differentiable
    public static double horner(double x, double y) {
        final double[] coefficients = {1.0, -0.5, 0.25};
        double[] point = {x, y * y};
        double r = 0;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            r = r * point[0] + coefficients[i] * point[1];
        }
        return r;
    }
}
