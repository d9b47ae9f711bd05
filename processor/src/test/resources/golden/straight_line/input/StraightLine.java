package golden;

import dev.adjoint.Differentiable;

/** Straight-line code: the seed notebook's Q6 with an intermediate and a named constant. */
public final class StraightLine {
    static final double SCALE = 2.0;

    @Differentiable
    public static double q6(double x, double y, double z) {
        double ratio = SCALE * x / Math.sin(y);
        return Math.tanh(Math.log(1 + z * ratio));
    }
}
