package golden;

import dev.adjoint.Differentiable;

/** Vector-valued methods taking records: a double[] result, and a record's method returning a record. */
public final class Arms {
    public record Params(double w, double b) {
    }

    public record Point(double x, double y) {
    }

    public record Arm(double length, double angle) {
        @Differentiable
        public Point tip(double base) {
            return new Point(length * Math.cos(angle + base), length * Math.sin(angle + base));
        }
    }

    @Differentiable
    public static double[] residuals(Params p, double[] xs, double[] ys) {
        double[] r = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            r[i] = p.w() * xs[i] + p.b() - ys[i];
        }
        return r;
    }
}
