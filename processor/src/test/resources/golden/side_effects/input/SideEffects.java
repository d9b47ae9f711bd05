package golden;

import dev.adjoint.Differentiable;

public class SideEffects {

    /** GeographicLib's polyval: the index advances inside the expressions, the count in the loop condition. */
    @Differentiable
    public static double polyval(int N, double[] p, int s, double x) {
        double y = N < 0 ? 0 : p[s++];
        while (--N >= 0) y = y * x + p[s++];
        return y;
    }

    /** The left operand keeps the value it had before the right one assigns it; a value assigned in a condition. */
    @Differentiable
    public static double leftFirst(double x, double y) {
        double a = x;
        double r = a * (a = Math.sin(y)) + a;
        double t;
        if (r > 0 && (t = Math.exp(-r)) < 0.5) {
            r += t;
        }
        return r;
    }
}
