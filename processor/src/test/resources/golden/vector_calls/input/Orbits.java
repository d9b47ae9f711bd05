package golden;

import dev.adjoint.Differentiable;

/** Vector-valued methods calling each other: a local array from a call, in both modes. */
public class Orbits {

    /** Polar to Cartesian coordinates. */
    @Differentiable
    public static double[] polar(double r, double t) {
        double[] p = new double[2];
        p[0] = r * Math.cos(t);
        p[1] = r * Math.sin(t);
        return p;
    }

    /** The distance between two points given in polar coordinates. */
    @Differentiable
    public static double distance(double r1, double t1, double r2, double t2) {
        double[] a = polar(r1, t1);
        double[] b = polar(r2, t2);
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    /** Each weight scaled by a point's coordinates. */
    @Differentiable
    public static double weighted(double[] w, double r, double t) {
        double[] p = polar(r * r, t);
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * p[i % 2];
        }
        return s;
    }
}
