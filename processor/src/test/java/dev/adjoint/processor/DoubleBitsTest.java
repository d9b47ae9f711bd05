package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Dual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A double's bits and classification ({@code Double.doubleToRawLongBits}, {@code doubleToLongBits},
 * {@code longBitsToDouble}, {@code isNaN}, {@code isInfinite}, {@code isFinite}, {@code compare},
 * {@code Math.getExponent}) and the constants of {@code Double}, {@code Long} and {@code Integer}.
 * Integers carry no derivative, so whatever passes through one is a step function, derivative 0,
 * in both modes (README, "Conventions"); what does not pass through one keeps its derivative.
 */
class DoubleBitsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Bits {
                static final double LN2 = 0.6931471805599453;

                /** log(x) from the exponent bits and the mantissa: the exponent is a step, the mantissa carries d/dx. */
                @Differentiable
                public static double fastLog(double x) {
                    long bits = Double.doubleToRawLongBits(x);
                    int e = (int) ((bits >>> 52) & 0x7ff) - 1023;
                    double m = x / Math.scalb(1.0, e);
                    return e * LN2 + Math.log(m);
                }

                /** The mantissa in [1, 2) through Math.getExponent: d/dx is 2^-e. */
                @Differentiable
                public static double mantissa(double x) {
                    return Math.scalb(x, -Math.getExponent(x));
                }

                /**
                 * GeographicLib's AngRound done with the bits: x with its low 28 mantissa bits cleared, a
                 * step function of x; times y, plus x, so that each partial is known.
                 */
                @Differentiable
                public static double angRoundBits(double x, double y) {
                    double rounded = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xfffffffff0000000L);
                    return rounded * y + x;
                }

                /** The identity through the bits is still a step function by the convention: derivative 0, not 1. */
                @Differentiable
                public static double roundTrip(double x) {
                    long bits = Double.doubleToLongBits(x);
                    return Double.longBitsToDouble(bits) * 3 + x * x;
                }

                /** Classification and constants steer the branches; none of them carries a derivative. */
                @Differentiable
                public static double classified(double x, double y, long m, int n) {
                    if (Double.isNaN(x) || Double.isInfinite(y)) {
                        return 0;
                    }
                    if (!Double.isFinite(x * y)) {
                        return Double.MAX_VALUE;
                    }
                    double scale = n == Integer.MAX_VALUE || m == Long.MAX_VALUE ? Double.MIN_NORMAL : 1.0;
                    int c = Double.compare(x, y);
                    double tiny = c == 0 ? Double.MIN_VALUE : Double.NEGATIVE_INFINITY;
                    return c * x * y * scale + Math.max(x, tiny) + Math.min(y, Double.POSITIVE_INFINITY);
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE);
    private static final GradientChecker CHECKER = COMPILED.checker("p.Bits");

    @ParameterizedTest
    @CsvSource({"3.7", "0.3", "123456.789"})
    void theExponentIsAStepAndTheMantissaCarriesTheDerivative(double x) {
        CHECKER.check("fastLog", x);
        double[] reverse = CHECKER.reverse("fastLog", x);
        assertEquals(1 / x, reverse[1], 1e-15 / x);
        CHECKER.check("mantissa", x);
        assertEquals(Math.scalb(1.0, -Math.getExponent(x)), CHECKER.reverse("mantissa", x)[1], 0.0);
    }

    /** At a power of two the exponent jumps: the derivative is that of the branch Java takes, in both modes. */
    @Test
    void atAPowerOfTwoBothModesTakeTheNewExponent() {
        CHECKER.checkAd("fastLog", 4.0);
        assertEquals(0.25, CHECKER.reverse("fastLog", 4.0)[1], 0.0);
        assertEquals(0.25, CHECKER.forward("fastLog", Dual.variable(4.0)).tangent(), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"1.2345678901234567, 0.5", "-0.1, 3.0", "7.123456789e10, -2.0"})
    void aDoubleRebuiltFromBitsIsAStepFunction(double x, double y) {
        CHECKER.checkAd("angRoundBits", x, y);
        double rounded = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xfffffffff0000000L);
        double[] reverse = CHECKER.reverse("angRoundBits", x, y);
        assertEquals(1.0, reverse[1], 0.0);
        assertEquals(rounded, reverse[2], 0.0);
        assertEquals(1.0, CHECKER.forward("angRoundBits", Dual.variable(x), Dual.constant(y)).tangent(), 0.0);
        assertEquals(rounded, CHECKER.forward("angRoundBits", Dual.constant(x), Dual.variable(y)).tangent(), 0.0);
    }

    @Test
    void theIdentityThroughTheBitsHasDerivativeZeroByTheConvention() {
        CHECKER.checkAd("roundTrip", 0.7);
        assertEquals(1.4, CHECKER.reverse("roundTrip", 0.7)[1], 1e-15);
        assertEquals(1.4, CHECKER.forward("roundTrip", Dual.variable(0.7)).tangent(), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 2.0, 7, 1", "2.0, 0.5, 7, 1", "0.5, 2.0, 9223372036854775807, 1", "0.5, -2.0, 1, 2147483647"})
    void classificationAndConstantsSteerTheBranches(double x, double y, long m, int n) {
        CHECKER.check("classified", x, y, m, n);
    }

    /** On a tie Double.compare is 0: a jump of the product's factor, differentiated as the branch taken. */
    @Test
    void aTieOfDoubleCompareIsTheBranchTaken() {
        CHECKER.checkAd("classified", 1.5, 1.5, 0L, 0);
        double[] reverse = CHECKER.reverse("classified", 1.5, 1.5, 0L, 0);
        assertEquals(1.0, reverse[1], 0.0);
        assertEquals(1.0, reverse[2], 0.0);
    }

    @Test
    void nanAndInfinitiesReturnWhereThePrimalReturns() {
        double[] nan = CHECKER.reverse("classified", Double.NaN, 1.0, 0L, 0);
        assertEquals(0.0, nan[0]);
        assertEquals(0.0, nan[1]);
        double[] overflow = CHECKER.reverse("classified", 1e200, 1e200, 0L, 0);
        assertEquals(Double.MAX_VALUE, overflow[0]);
        Dual infinite = CHECKER.forward("classified", Dual.variable(1.0), Dual.variable(Double.POSITIVE_INFINITY), 0L, 0);
        assertEquals(0.0, infinite.value());
        assertEquals(0.0, infinite.tangent());
        String reverse = COMPILED.generatedMethod("p.BitsGrad", "classifiedGradient");
        assertTrue(reverse.contains("Double.compare(x, y)"), reverse);
    }
}
