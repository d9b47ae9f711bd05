package golden;

import dev.adjoint.Differentiable;

/** float literals, constants and locals as numeric libraries write them: kept as Java computes them. */
public class FloatConstants {

    @Differentiable
    public static double shifted(double q) {
        final float Y = 2.249481201171875f;
        final double xs = q - 0.25f;
        double r = xs * (1.5 + 0.5f * xs);
        if (r > 0.5f) {
            r = 1 - r;
        }
        return q * Y + r * q;
    }

    @Differentiable
    public static double floatLoop(double x, int n) {
        float s = 0.1f;
        double acc = 0;
        for (int i = 0; i < n; i++) {
            s = s * 1.1f + 0.3f;
            acc += x * s;
        }
        return acc;
    }
}
