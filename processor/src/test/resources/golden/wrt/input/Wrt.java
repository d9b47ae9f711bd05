package golden;

import dev.adjoint.Differentiable;

/** Only the parameters named in wrt are differentiated; the data array passes through. */
public final class Wrt {
    @Differentiable(wrt = {"w", "b"})
    public static double loss(double[] w, double b, double[] xs, double y) {
        double z = b;
        for (int i = 0; i < w.length; i++) {
            z += w[i] * xs[i];
        }
        double d = z - y;
        return d * d;
    }
}
