package golden;

import dev.adjoint.Differentiable;

/** Records passed on to other differentiable methods: whole, nested, and to methods of the record. */
public final class Fit {
    public record Line(double slope, double intercept) {
        @Differentiable
        public double at(double x) {
            return slope * x + intercept;
        }

        @Differentiable
        public double squaredError(double x, double y) {
            double r = at(x) - y;
            return r * r + penalty(this);
        }
    }

    public record Model(Line line, double[] weights) {
    }

    @Differentiable
    public static double penalty(Line l) {
        return 0.01 * l.slope() * l.slope();
    }

    @Differentiable
    public static double loss(Line l, double[] xs, double[] ys) {
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            s += l.squaredError(xs[i], ys[i]);
        }
        return s / xs.length;
    }

    @Differentiable
    public static double total(Model m, double[] xs, double[] ys) {
        double s = loss(m.line(), xs, ys);
        for (int i = 0; i < m.weights().length; i++) {
            s += m.weights()[i] * m.line().at(i);
        }
        return s;
    }
}
