package golden;

import dev.adjoint.Differentiable;

/** Second order over arrays a caller may pass as null: a null array has no flattened inputs. */
public final class NullSecondOrder {
    @Differentiable(hessian = true)
    public static double gauss(double[] data, double mu, double sigma) {
        if (!(sigma > 0)) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < data.length; i++) {
            double z = (data[i] - mu) / sigma;
            s += -0.5 * z * z - Math.log(sigma);
        }
        return s;
    }

    @Differentiable(hessian = true)
    public static double trace(double[][] m, double x) {
        if (x == 0) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            s += m[i][i] * x * x;
        }
        return s;
    }

    /** Only arrays: with no elements the Hessian is empty, but the method still runs. */
    @Differentiable(hessian = true)
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
