package golden;

import dev.adjoint.Differentiable;

/** A model's parameters grouped in records: nested, with an array, an int and a boolean component. */
public final class Regression {
    public record Params(double w, double b) {
    }

    public record Layer(double[] weights, double bias, int width) {
    }

    public record Model(Params input, Layer output, boolean rectify) {
    }

    @Differentiable
    public static double loss(Params p, double[] xs, double[] ys) {
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            double r = p.w() * xs[i] + p.b - ys[i];
            s += r * r;
        }
        return s / xs.length;
    }

    @Differentiable(wrt = "m")
    public static double predict(Model m, double x) {
        double h = m.input().w() * x + m.input().b();
        if (m.rectify()) {
            h = Math.max(h, 0);
        }
        double out = m.output().bias();
        for (int i = 0; i < m.output().width(); i++) {
            out += m.output().weights()[i] * Math.tanh(h * (i + 1));
        }
        return out;
    }
}
