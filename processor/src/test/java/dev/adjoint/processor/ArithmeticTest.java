package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;

import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/** Arithmetic, literals, locals, assignments, casts and constants. */
class ArithmeticTest {

    private static GradientChecker checker(String source) {
        return compile(source).checker(dev.adjoint.processor.testing.AdjointCompiler.qualifiedNameOf(source));
    }

    @Test
    void plusMinusTimesDivideAndUnaryMinus() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Arith {
                    @Differentiable
                    public static double f(double x, double y) {
                        return (x + y) * (x - y) / (x * y + 3.0) - -x + -(y * y);
                    }

                    @Differentiable
                    public static double quotient(double x, double y) {
                        return x / y / (1 + x * x);
                    }
                }
                """);
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {2.5, -0.6}, {0.0, 1.0}}) {
            k.check("f", p[0], p[1]);
            k.check("quotient", p[0], p[1]);
        }
        // d/dx (x / y / (1 + x^2)) at (0, 1) = 1
        k.check("quotient", 0.0, 1.0).assertDerivatives(1e-15, 1.0, 0.0);
        // f = x^2 - y^2 / (xy + 3) + x - y^2; at (0.3, 1.7)
        double x = 0.3, y = 1.7, d = x * y + 3.0, num = (x + y) * (x - y);
        double dfdx = (2 * x * d - num * y) / (d * d) + 1;
        double dfdy = (-2 * y * d - num * x) / (d * d) - 2 * y;
        k.check("f", x, y).assertDerivatives(1e-14, dfdx, dfdy);
    }

    /**
     * A square scaled by a constant or negated, {@code (c a) * a}, {@code a * (a c)}, {@code -a * a} (the
     * Gaussian's {@code exp(-x * x)}), is differentiated as one term, 2 (c a) da, in both modes.
     */
    @Test
    void scaledAndNegatedSquares() {
        var compiled = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Squares {
                    @Differentiable
                    public static double gaussian(double x, double s) {
                        double z = x / s;
                        return Math.exp(-z * z) + z * -z + 3 * z * z + z * (z * 0.25);
                    }
                }
                """);
        GradientChecker k = compiled.checker("p.Squares");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {2.5, -0.9}}) {
            double z = p[0] / p[1];
            // d/dz of exp(-z²) - z² + 3z² + z²/4 = -2z exp(-z²) + 4.5 z; dz/dx = 1/s, dz/ds = -z/s
            double dz = -2 * z * Math.exp(-z * z) + 4.5 * z;
            k.check("gaussian", p[0], p[1]).assertDerivatives(1e-12, dz / p[1], -dz * z / p[1]);
        }
        String gradient = compiled.generatedMethod("p.SquaresGrad", "gaussianGradient");
        org.junit.jupiter.api.Assertions.assertFalse(gradient.contains("zAdj -="), gradient);
    }

    /** {@code 1 / 2} is integer division, 0, also where it multiplies an active value (fuzz seed 13751). */
    @Test
    void integerDivisionInsideAProductStaysIntegerDivision() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Halves {
                    @Differentiable
                    public static double f(double x, double y, int n) {
                        double z = n > 0 ? x * (1 / 2 * y) : x;
                        return z + x * (1 / 2 * y) + (1 / 2.0) * y * x + (1 / n) * y;
                    }
                }
                """);
        k.check("f", 0.8, -1.3, 3).assertDerivatives(1e-15, 0.5 * -1.3, 0.5 * 0.8);
        k.check("f", 0.8, -1.3, 1).assertDerivatives(1e-15, 0.5 * -1.3, 0.5 * 0.8 + 1);
        k.check("f", 0.8, -1.3, -2).assertDerivatives(1e-15, 1 + 0.5 * -1.3, 0.5 * 0.8);
    }

    @Test
    void literalsOfAllShapes() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Lits {
                    @Differentiable
                    public static double f(double x) {
                        return 2 * x + 1 + 0.5e1 * x * x - 3.25 + 1_000 * x / 1e3 + 0x10 * x;
                    }
                }
                """);
        for (double x : new double[] {-1.5, 0.0, 0.3, 4.0}) {
            k.check("f", x).assertDerivatives(1e-13, 2 + 10 * x + 1 + 16);
        }
    }

    @Test
    void localsDeclaredAndReassigned() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Locals {
                    @Differentiable
                    public static double f(double x, double y) {
                        double a = x * y;
                        double b;
                        b = a + x;
                        a = a * a;          // overwrite a value that b already used
                        b = b * a + Math.sin(b);
                        double c = b, d = c * 2;
                        c = d - a / 3;
                        return c + a * b;
                    }
                }
                """);
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            k.check("f", p[0], p[1]);
        }
    }

    @Test
    void parametersReassigned() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Params {
                    @Differentiable
                    public static double f(double x, double y, int n) {
                        double original = x;
                        x = x * y;
                        y = Math.exp(x) - y;
                        x = x + original * y;
                        n = n * 2 + 1;
                        y = y * n;
                        return x * y + original;
                    }

                    @Differentiable
                    public static double square(double x) {
                        x = x * x;
                        return x;
                    }
                }
                """);
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            k.check("f", p[0], p[1], 3);
            k.check("f", p[0], p[1], -2);
        }
        k.check("square", 1.5).assertDerivatives(1e-15, 3.0).assertValue(2.25, 0);
        k.check("square", -0.25).assertDerivatives(1e-15, -0.5);
    }

    @Test
    void compoundAssignment() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Compound {
                    @Differentiable
                    public static double f(double x, double y, int n) {
                        double s = x;
                        s += y * x;
                        s -= Math.cos(y);
                        s *= x + 2;
                        s /= y * y + 1;
                        s += n;
                        s *= n;
                        s /= 2;
                        x += s;
                        y -= x;
                        y *= y;
                        x /= 3 + y;
                        int m = n;
                        m += 3;
                        m -= 1;
                        m *= 2;
                        m /= 3;
                        return s + x * y + m * x;
                    }
                }
                """);
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            k.check("f", p[0], p[1], 2);
            k.check("f", p[0], p[1], 5);
        }
    }

    @Test
    void incrementAndDecrementOnInts() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Incr {
                    @Differentiable
                    public static double f(double x, int n) {
                        int k = n;
                        k++;
                        ++k;
                        k--;
                        int j = k * 2;      // j = 2 * (n + 1)
                        k++;
                        --k;                // k = n + 1
                        int i = k + j;      // i = 3n + 3
                        i--;
                        i++;
                        n--;
                        return k * x + j * x * x + i + n * x;
                    }
                }
                """);
        for (int n : new int[] {-3, 0, 4}) {
            for (double x : new double[] {-0.7, 0.0, 1.3}) {
                // k = n + 1, j = 2n + 2, n' = n - 1
                double expected = (n + 1) + 2 * (2 * n + 2) * x + (n - 1);
                k.check("f", x, n).assertDerivatives(1e-13, expected);
            }
        }
    }

    @Test
    void intLocalsInDoubleExpressionsAndIntegerDivision() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Ints {
                    @Differentiable
                    public static double half(double x, int n) {
                        return n / 2 * x;
                    }

                    @Differentiable
                    public static double mixed(double x, double y, int n) {
                        int m = n * 3 - 1;
                        int q = m / 4;
                        double r = x / n + y * q;
                        return m * x + x / m + r * (n - n / 3 * 3) + (double) q / 3 * y;
                    }
                }
                """);
        k.check("half", 0.3, 5).assertDerivativesExactly(2.0).assertValue(0.6, 1e-15);
        k.check("half", 1.7, -5).assertDerivativesExactly(-2.0);
        k.check("half", 2.0, 1).assertDerivativesExactly(0.0);
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}}) {
            for (int n : new int[] {2, 5, 7, -4}) {
                k.check("mixed", p[0], p[1], n);
            }
        }
        // n = 5: m = 14, q = 3, n - n / 3 * 3 = 2: d/dx = 14 + 1/14 + 2/5, d/dy = 2*3 + 1
        k.check("mixed", 0.3, 1.7, 5).assertDerivatives(1e-14, 14 + 1.0 / 14 + 2.0 / 5, 7.0);
    }

    @Test
    void castsBetweenIntAndDouble() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class Casts {
                    @Differentiable
                    public static double f(double x, double y, int n) {
                        int k = (int) (x * 3);          // piecewise constant in x
                        double a = (double) n * x;       // int -> double
                        double b = (double) k + (int) y; // double -> int -> double
                        return a + b * x + k * y + (double) (n / 2) * y;
                    }
                }
                """);
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {2.45, -3.6}}) {
            k.check("f", p[0], p[1], 3);
        }
        // x=0.3, y=1.7, n=3: k = 0, a = 3x, b = 0 + 1: d/dx = 3 + 1, d/dy = 0 + 1
        k.check("f", 0.3, 1.7, 3).assertDerivatives(1e-15, 4.0, 1.0);
    }

    @Test
    void longAndBooleanParametersPassThrough() {
        GradientChecker k = checker("""
                package p;

                import dev.adjoint.Differentiable;

                public class PassThrough {
                    @Differentiable
                    public static double f(long big, double x, boolean square, int n, double y) {
                        double base = x * big + y * n;
                        return square ? base * base : base;
                    }
                }
                """);
        k.check("f", 3L, 0.3, true, 2, 1.7).assertDerivatives(1e-13, 2 * (0.9 + 3.4) * 3, 2 * (0.9 + 3.4) * 2);
        k.check("f", -2L, 0.3, false, 4, -1.7).assertDerivatives(1e-15, -2.0, 4.0);
    }

    @Test
    void staticFinalConstantsOfThisClassOtherClassesAndMath() {
        String consts = """
                package q;

                public final class Consts {
                    public static final double SCALE = 1.5;
                    public static final int COUNT = 4;
                    public static final double DERIVED = SCALE * COUNT + 0.25;

                    private Consts() {}
                }
                """;
        String user = """
                package p;

                import dev.adjoint.Differentiable;
                import q.Consts;

                public class WithConstants {
                    static final double A = 2.5;
                    private static final int N = 3;
                    public static final double TWO_A = 2 * A;

                    @Differentiable
                    public static double own(double x) {
                        return A * x * x + N * x + TWO_A;
                    }

                    @Differentiable
                    public static double math(double x) {
                        return Math.PI * x + Math.E * x * x + StrictMath.PI;
                    }

                    @Differentiable
                    public static double other(double x, double y) {
                        return Consts.SCALE * x + Consts.COUNT * y * y + Consts.DERIVED * x * y + WithConstants.A;
                    }
                }
                """;
        GradientChecker k = compile(user, consts).checker("p.WithConstants");
        for (double x : new double[] {-1.3, 0.0, 0.3, 2.0}) {
            k.check("own", x).assertDerivatives(1e-14, 2 * 2.5 * x + 3);
            k.check("math", x).assertDerivatives(1e-14, Math.PI + 2 * Math.E * x);
            k.check("other", x, 0.7).assertDerivatives(1e-14, 1.5 + 6.25 * 0.7, 8 * 0.7 + 6.25 * x);
        }
    }
}
