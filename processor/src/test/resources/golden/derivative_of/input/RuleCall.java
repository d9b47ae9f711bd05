package golden;

import dev.adjoint.Differentiable;

/** A function differentiated through its @DerivativeOf rule instead of its body. */
public final class RuleCall {
    static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    @dev.adjoint.DerivativeOf("softplus")
    static double softplusSlope(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Differentiable
    public static double layer(double w, double x, double b) {
        return softplus(w * x + b) * w;
    }
}
