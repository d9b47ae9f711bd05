package golden;

import dev.adjoint.Differentiable;

/** Local arrays in branches, initializers returned or passed, and aliases read as second names. */
public class Locals {
    @Differentiable
    public static double branches(double x, double[] w) {
        double s = 0;
        if (x > 0) {
            double[] t = new double[2];
            t[0] = x * w[0];
            t[1] = t[0] * t[0];
            s = t[1] + t[0];
        } else {
            double[] t = {x, x * x};
            s = t[0] * t[1] * w[1];
        }
        return s;
    }

    @Differentiable
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Differentiable
    public static double arguments(double x, double y) {
        return x > 0 ? dot(new double[] {x, y}, new double[] {y * y, 2}) : y;
    }

    @Differentiable
    public static double[] polar(double r, double t) {
        return new double[] {r * Math.cos(t), r * Math.sin(t)};
    }

    @Differentiable
    public static double rows(double[][] a, double[] x) {
        double[][] m = new double[a.length][x.length];
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double[] row = a[i];
            double[] out = m[i];
            for (int j = 0; j < row.length; j++) {
                out[j] = row[j] * x[j];
                s += out[j] * out[j];
            }
        }
        return s;
    }
}
