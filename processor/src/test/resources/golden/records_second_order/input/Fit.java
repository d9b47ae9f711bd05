package golden;

import dev.adjoint.Differentiable;

/** Hessians of methods taking records: a nested record with an array and an int, and a record's own method. */
public final class Fit {
    public record Params(double w, double b) {
    }

    public record Head(Params input, double[] weights, int width) {
    }

    public record Gaussian(double mu, double sigma) {
        @Differentiable(hessian = true)
        public double logPdf(double x) {
            double z = (x - mu) / sigma;
            return -0.5 * z * z - Math.log(sigma);
        }
    }

    @Differentiable(hessian = true)
    public static double predict(Head h, double x) {
        double s = h.input().w() * x + h.input().b();
        for (int i = 0; i < h.width(); i++) {
            s += h.weights()[i] * Math.tanh(s);
        }
        return s * s;
    }

    /** A record passed on to a method of the record. */
    @Differentiable(hessian = true)
    public static double likelihood(Gaussian g, double x, double y) {
        return g.logPdf(x) + g.logPdf(y);
    }
}
