package golden;

import dev.adjoint.Differentiable;

/** A class parameter: its partial and its tangent are Normals, built with its constructor. */
public class Fitting {
    @Differentiable
    public static double nll(Normal n, double[] xs) {
        double s = 0;
        for (double x : xs) {
            s -= n.logPdf(x);
        }
        return s + 0.01 * n.getMu() * n.sigma;
    }
}
