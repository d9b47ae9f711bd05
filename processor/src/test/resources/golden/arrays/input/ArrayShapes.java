package golden;

import dev.adjoint.Differentiable;

/** Array parameters (one and two dimensions) and a local array written and read back. */
public final class ArrayShapes {
    @Differentiable
    public static double quadraticForm(double[][] a, double[] x) {
        int n = x.length;
        double[] ax = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ax[i] += a[i][j] * x[j];
            }
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i] * ax[i];
        }
        return s;
    }
}
