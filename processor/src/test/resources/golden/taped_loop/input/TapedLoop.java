package golden;

import dev.adjoint.Differentiable;

/** A loop that carries state from one iteration to the next: the reverse sweep needs a tape. */
public final class TapedLoop {
    @Differentiable
    public static double logisticMap(double x, double r, int steps) {
        for (int i = 0; i < steps; i++) {
            x = r * x * (1 - x);
        }
        return x;
    }
}
