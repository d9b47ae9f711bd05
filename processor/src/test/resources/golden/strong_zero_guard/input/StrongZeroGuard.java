package golden;

import dev.adjoint.Differentiable;

/** A value off the path taken must contribute exactly 0, even when it overflowed. */
public final class StrongZeroGuard {
    @Differentiable
    public static double softplus(double x) {
        double e = Math.exp(x);
        return x > 30 ? x : Math.log1p(e);
    }
}
