package golden;

import dev.adjoint.Differentiable;

/** A vector-valued method: forward mode, pullback and Jacobian. */
public final class Jacobian {
    @Differentiable
    public static double[] polar(double r, double theta) {
        double[] p = new double[2];
        p[0] = r * Math.cos(theta);
        p[1] = r * Math.sin(theta);
        return p;
    }

    /** Over an array a caller may pass as null: a null array has no flattened inputs. */
    @Differentiable
    public static double[] pair(double[] a, double x, int n) {
        double[] r = new double[2];
        if (n < 0) {
            return r;
        }
        r[0] = x * n;
        r[1] = a[n] * x;
        return r;
    }
}
