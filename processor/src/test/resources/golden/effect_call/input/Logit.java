package golden;

import dev.adjoint.Differentiable;

/** An argument check called for its effect, before the formula, as published numeric code does. */
public final class Logit {
    static void checkRange(double x, double lo, double hi) {
        if (x < lo || x > hi) {
            throw new IllegalArgumentException(x + " is outside [" + lo + ", " + hi + "]");
        }
    }

    @Differentiable
    public static double logit(double x, double lo, double hi) {
        checkRange(x, lo, hi);
        return Math.log((x - lo) / (hi - x));
    }
}
