package golden;

import dev.adjoint.Differentiable;

/** Second order where asked for. */
public final class Hessian {
    @Differentiable(hessian = true)
    public static double f(double x, double y) {
        return x * x * y + Math.sin(x * y);
    }
}
