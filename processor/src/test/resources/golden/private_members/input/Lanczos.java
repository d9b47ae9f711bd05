package golden;

import dev.adjoint.Differentiable;

/** Private constants, a private table and private helpers, read as the user wrote them. */
public class Lanczos {
    private static final double HALF_LOG_2_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double[] COEFFICIENTS = {0.99999999999998, 57.15623566586292, -59.59796035547549,
            14.136097974741746, -0.4919138160976202};
    private static final double G = 607.0 / 128.0;

    @Differentiable
    public static double logGamma(double x) {
        double tmp = x + G + 0.5;
        double sign = isOdd(COEFFICIENTS.length) ? 1.0 : -1.0;
        return sign * ((x + 0.5) * Math.log(tmp) - tmp + HALF_LOG_2_PI + Math.log(series(x) / x));
    }

    private static double series(double x) {
        double sum = 0.0;
        for (int i = COEFFICIENTS.length - 1; i > 0; --i) {
            sum += COEFFICIENTS[i] / (x + i);
        }
        return sum + COEFFICIENTS[0];
    }

    private static boolean isOdd(int n) {
        return (n & 1) == 1;
    }
}
