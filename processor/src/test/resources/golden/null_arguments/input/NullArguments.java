package golden;

import dev.adjoint.Differentiable;

/** Null passed for array parameters: it takes the parameter's type and gets no adjoint. */
public final class NullArguments {
    /** The shape of Commons Numbers' BoostGamma.lgamma(z, sign), its optional array only read. */
    @Differentiable
    public static double lgamma(double z, int[] sign) {
        double result = Math.log(z) * z - z;
        if (sign != null && sign.length != 0) {
            result += sign[0];
        }
        return result;
    }

    @Differentiable
    public static double weighted(double x, double[] w, double[][] m) {
        double s = w == null ? x * x : w[0] * x;
        return m == null ? s : s + m[0][0] * x;
    }

    @Differentiable(hessian = true)
    public static double caller(double x, double y) {
        double[] w = {y, 2 * y};
        return lgamma(x, null) + weighted(x * y, null, null) * y + weighted(y, w, null);
    }
}
