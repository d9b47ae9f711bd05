package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;

import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/**
 * Derivatives exactly at kinks, where only the documented convention applies (the derivative of the
 * branch Java takes): abs(x) as {@code x >= 0 ? x : -x}, max(a, b) as {@code a >= b ? a : b}, min(a, b)
 * as {@code a <= b ? a : b}; floor, ceil, rint, signum and round have derivative 0. Both modes, no
 * finite differences; values still bit for bit those of the original method.
 */
class ConventionsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Kinks {
                @Differentiable
                public static double abs(double x) {
                    return Math.abs(x);
                }

                @Differentiable
                public static double absDiff(double x, double y) {
                    return Math.abs(x - y);
                }

                @Differentiable
                public static double strictAbs(double x) {
                    return StrictMath.abs(x);
                }

                @Differentiable
                public static double max(double a, double b) {
                    return Math.max(a, b);
                }

                @Differentiable
                public static double maxSwapped(double a, double b) {
                    return Math.max(b, a);
                }

                @Differentiable
                public static double min(double a, double b) {
                    return Math.min(a, b);
                }

                @Differentiable
                public static double minSwapped(double a, double b) {
                    return StrictMath.min(b, a);
                }

                @Differentiable
                public static double maxOfExpressions(double x, double y) {
                    return Math.max(2 * x, x + y) * 3;
                }

                @Differentiable
                public static double relu(double x) {
                    return Math.max(0, x);
                }

                @Differentiable
                public static double floor(double x) {
                    return Math.floor(x) * x;
                }

                @Differentiable
                public static double ceil(double x) {
                    return Math.ceil(x) * x;
                }

                @Differentiable
                public static double rint(double x) {
                    return Math.rint(x) + x;
                }

                @Differentiable
                public static double signum(double x) {
                    return Math.signum(x) * 5 + x;
                }

                @Differentiable
                public static double round(double x) {
                    return Math.round(x) * x;
                }
            }
            """;

    private static GradientChecker checker;

    private static synchronized GradientChecker k() {
        if (checker == null) {
            checker = compile(SOURCE).checker("p.Kinks");
        }
        return checker;
    }

    @Test
    void absAtZeroHasDerivativePlusOne() {
        k().checkAd("abs", 0.0).assertDerivativesExactly(1.0).assertValue(0.0, 0);
        k().checkAd("strictAbs", 0.0).assertDerivativesExactly(1.0);
        // -0.0 >= 0 is true in Java, so the convention takes the x branch here too; the value is
        // Math.abs(-0.0) = +0.0 (checked bit for bit against the original by the checker)
        k().checkAd("abs", -0.0).assertDerivativesExactly(1.0);
        k().checkAd("strictAbs", -0.0).assertDerivativesExactly(1.0);
        // away from the kink
        k().check("abs", 0.5).assertDerivativesExactly(1.0);
        k().check("abs", -0.5).assertDerivativesExactly(-1.0);
    }

    @Test
    void absOfDifferenceAtZero() {
        k().checkAd("absDiff", 0.7, 0.7).assertDerivativesExactly(1.0, -1.0);
        k().checkAd("absDiff", -2.0, -2.0).assertDerivativesExactly(1.0, -1.0);
        k().check("absDiff", 0.2, 0.7).assertDerivativesExactly(-1.0, 1.0);
    }

    @Test
    void maxAndMinTiesGoToTheFirstArgument() {
        for (double v : new double[] {-1.5, 0.0, 0.7}) {
            k().checkAd("max", v, v).assertDerivativesExactly(1.0, 0.0);
            k().checkAd("maxSwapped", v, v).assertDerivativesExactly(0.0, 1.0);
            k().checkAd("min", v, v).assertDerivativesExactly(1.0, 0.0);
            k().checkAd("minSwapped", v, v).assertDerivativesExactly(0.0, 1.0);
        }
        // signed zeros compare equal, so the formula picks the first argument, while the value stays
        // Math's own (max(-0.0, 0.0) = 0.0, min(0.0, -0.0) = -0.0; bits checked against the original)
        k().checkAd("max", -0.0, 0.0).assertDerivativesExactly(1.0, 0.0);
        k().checkAd("max", 0.0, -0.0).assertDerivativesExactly(1.0, 0.0);
        k().checkAd("min", 0.0, -0.0).assertDerivativesExactly(1.0, 0.0);
        k().checkAd("min", -0.0, 0.0).assertDerivativesExactly(1.0, 0.0);
        // max(2x, x + y) * 3 at x == y: tie, first argument 2x wins: d/dx = 6, d/dy = 0
        k().checkAd("maxOfExpressions", 0.4, 0.4).assertDerivativesExactly(6.0, 0.0);
        // relu at 0: max(0, x) with 0 >= 0, the constant first argument wins: derivative 0
        k().checkAd("relu", 0.0).assertDerivativesExactly(0.0);
        k().check("relu", 0.3).assertDerivativesExactly(1.0);
        k().check("relu", -0.3).assertDerivativesExactly(0.0);
    }

    @Test
    void stepFunctionsHaveDerivativeZeroEvenAtTheirJumps() {
        for (double x : new double[] {-2.0, -1.0, 0.0, 1.0, 3.0}) {
            // floor(x) * x: derivative floor(x) (the floor term contributes 0)
            k().checkAd("floor", x).assertDerivativesExactly(Math.floor(x));
            k().checkAd("ceil", x).assertDerivativesExactly(Math.ceil(x));
            k().checkAd("rint", x).assertDerivativesExactly(1.0);
            k().checkAd("round", x).assertDerivativesExactly(Math.round(x));
        }
        // rint and round at half-integers (round-half-even vs round-half-up)
        k().checkAd("rint", 2.5).assertDerivativesExactly(1.0);
        k().checkAd("round", 2.5).assertDerivativesExactly(3.0);
        k().checkAd("round", -2.5).assertDerivativesExactly(-2.0);
        k().check("round", 1.3).assertDerivativesExactly(1.0);
        k().check("round", -1.7).assertDerivativesExactly(-2.0);
        for (double x : new double[] {-0.0, 0.0}) {
            k().checkAd("signum", x).assertDerivativesExactly(1.0);
        }
        k().check("signum", -0.4).assertDerivativesExactly(1.0);
        k().check("signum", 0.4).assertDerivativesExactly(1.0);
    }
}
