package golden;

import dev.adjoint.Differentiable;

/** Bit operations on int and long steer the doubles; they are exact and never differentiated. */
public final class Bits {
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
}
