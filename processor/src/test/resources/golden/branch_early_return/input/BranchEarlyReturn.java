package golden;

import dev.adjoint.Differentiable;

/** A branch with an early return, a branch that assigns, and an inactive int parameter. */
public final class BranchEarlyReturn {
    @Differentiable
    public static double huber(double r, double delta, int mode) {
        double a = Math.abs(r);
        if (a <= delta) {
            return 0.5 * r * r;
        }
        double linear = delta * (a - 0.5 * delta);
        if (mode > 0) {
            linear = linear * mode;
        } else {
            linear = linear + Math.exp(-a);
        }
        return linear;
    }
}
