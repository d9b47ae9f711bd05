package dev.adjoint.runtime;

/**
 * Special functions the generated derivatives of library functions call where the library's own
 * functions would lose digits: {@code log B(a, b)}'s partial {@code ψ(a) - ψ(a + b)} written as the
 * difference of two digammas cancels when {@code b} is small beside {@code a} (both near {@code log a},
 * their difference near {@code -b / a}: at {@code a = 4.2e10, b = 2.5} only five digits survive).
 */
public final class SpecialFunctions {

    /** Where the digamma function's asymptotic series is summed instead of its recurrence. */
    private static final double ASYMPTOTIC_FROM = 100;

    private SpecialFunctions() {
    }

    /**
     * {@code ψ(a) - ψ(a + b)}, the digamma function's decrease from {@code a + b} to {@code a}, summed
     * from positive terms so that no digit cancels: the recurrence {@code ψ(x + 1) = ψ(x) + 1/x}
     * contributes {@code b / (x (x + b))} per step while {@code x < 100}, then the asymptotic series
     * {@code ψ(x) ~ log x - 1/(2x) - 1/(12x²) + 1/(120x⁴) - 1/(252x⁶)} contributes its terms'
     * differences, each written as {@code b} times a sum of positive powers of {@code 1/x} and
     * {@code 1/(x + b)} (its truncation is below 1e-17 of the result). NaN unless {@code a} and
     * {@code b} are positive and finite, where {@code log B(a, b)} has no derivative.
     */
    public static double digammaDifference(double a, double b) {
        if (!(a > 0 && b > 0) || a == Double.POSITIVE_INFINITY || b == Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double increase = 0;
        double x = a;
        while (x < ASYMPTOTIC_FROM) {
            increase += b / (x + b) / x;
            x += 1;
        }
        double r = 1 / x;
        double s = 1 / (x + b);
        // r^k - s^k, the difference of the series' k-th terms, is (r - s) times a sum of positive
        // products, and r - s = b r s: written with b s = b / (x + b), which neither overflows nor cancels.
        double difference = b * s * r;
        double r2 = r * r;
        double s2 = s * s;
        double d2 = difference * (r + s);
        double d4 = d2 * (r2 + s2);
        double d6 = d2 * (r2 * r2 + r2 * s2 + s2 * s2);
        increase += Math.log1p(b * r) + difference / 2 + d2 / 12 - d4 / 120 + d6 / 252;
        return -increase;
    }
}
