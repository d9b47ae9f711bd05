package golden;

import dev.adjoint.Differentiable;

/** A vector-valued method: forward mode, pullback and Jacobian. */
public final class Jacobian {
    @Differentiable
    public static double[] polar(double r, double theta) {
        double[] p = new double[2];
        p[0] = r * Math.cos(theta);
        p[1] = r * Math.sin(theta);
        return p;
    }
}
