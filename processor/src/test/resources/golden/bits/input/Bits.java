package golden;

import dev.adjoint.Differentiable;

/** Bit operations on int and long steer the doubles; they are exact and never differentiated. */
public final class Bits {
    static final double LN2 = 0.6931471805599453;

    /** x^n by squaring: the exponent's bits decide which squares enter the product. */
    @Differentiable
    public static double powBySquaring(double x, int n) {
        double result = 1;
        double base = x;
        int k = n;
        while (k != 0) {
            if ((k & 1) != 0) {
                result *= base;
            }
            base *= base;
            k >>= 1;
        }
        return result;
    }

    /** Weights picked by an xorshift generator; & | ^ on booleans evaluate both sides. */
    @Differentiable
    public static double hashedWeights(double x, double[] w, long seed) {
        long h = seed;
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            h ^= h << 13;
            h ^= h >>> 7;
            h ^= h << 17;
            int j = (int) ((h & 0x7fffffffL) % w.length);
            boolean odd = (h & 1) != 0 ^ x > 0 | ~i == -1;
            s += odd ? w[j] * x : w[i] * (h >>> 60);
        }
        return s;
    }

    /** log(x) from the exponent bits and the mantissa: the exponent is a step, the mantissa carries d/dx. */
    @Differentiable
    public static double fastLog(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) ((bits >>> 52) & 0x7ff) - 1023;
        double m = x / Math.scalb(1.0, e);
        return Double.isFinite(x) && x > 0 ? e * LN2 + Math.log(m) : Math.log(x);
    }
}
