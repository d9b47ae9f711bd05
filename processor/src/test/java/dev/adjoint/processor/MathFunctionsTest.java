package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;

import dev.adjoint.processor.testing.GradientChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of java.lang.Math and StrictMath from the supported list, at points inside its
 * domain and away from its kinks, directly and composed with other operations (chain rule).
 */
class MathFunctionsTest {

    /** name, arity, points (one row per point). */
    private record Fn(String name, int arity, double[][] points) {}

    private static final List<Fn> FUNCTIONS = List.of(
            new Fn("sin", 1, pts(-2.1, 0.3, 1.7, 10.0)),
            new Fn("cos", 1, pts(-2.1, 0.3, 1.7, 10.0)),
            new Fn("tan", 1, pts(-1.2, 0.3, 1.0)),
            new Fn("asin", 1, pts(-0.7, 0.2, 0.6)),
            new Fn("acos", 1, pts(-0.7, 0.2, 0.6)),
            new Fn("atan", 1, pts(-3.0, 0.3, 2.5)),
            new Fn("sinh", 1, pts(-1.5, 0.3, 2.0)),
            new Fn("cosh", 1, pts(-1.5, 0.3, 2.0)),
            new Fn("tanh", 1, pts(-1.5, 0.3, 2.0)),
            new Fn("exp", 1, pts(-2.0, 0.3, 3.0)),
            new Fn("expm1", 1, pts(-1.0, 1e-3, 0.3, 2.0)),
            new Fn("log", 1, pts(0.3, 1.5, 20.0)),
            new Fn("log10", 1, pts(0.3, 1.5, 20.0)),
            new Fn("log1p", 1, pts(-0.5, 1e-3, 0.3, 5.0)),
            new Fn("sqrt", 1, pts(0.3, 2.0, 100.0)),
            new Fn("cbrt", 1, pts(-8.5, 0.3, 27.0)),
            new Fn("abs", 1, pts(-1.3, 2.2)),
            new Fn("signum", 1, pts(-0.7, 1.3)),
            new Fn("floor", 1, pts(-1.7, 2.3)),
            new Fn("ceil", 1, pts(-1.7, 2.3)),
            new Fn("rint", 1, pts(-1.7, 2.3)),
            new Fn("toRadians", 1, pts(-3.0, 45.0)),
            new Fn("toDegrees", 1, pts(-3.0, 0.7)),
            new Fn("atan2", 2, new double[][] {{1, 2}, {-0.5, -1.5}, {2, -1}, {0.3, 0.0}}),
            new Fn("pow", 2, new double[][] {{1.5, 2.5}, {0.7, -1.3}, {3, 0.5}, {2, 3}}),
            new Fn("hypot", 2, new double[][] {{3, 4}, {-1.5, 0.2}, {0.1, -2}}),
            new Fn("max", 2, new double[][] {{1, 2}, {2, 1}, {-0.5, -0.7}}),
            new Fn("min", 2, new double[][] {{1, 2}, {2, 1}, {-0.5, -0.7}}));

    private static double[][] pts(double... xs) {
        double[][] out = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            out[i] = new double[] {xs[i]};
        }
        return out;
    }

    /**
     * One class per Math class with, per function {@code fn}: {@code fn(x..)} returning
     * {@code M.fn(x..)} and {@code fnComposed(x.., c)} returning {@code c * M.fn(g(x..)) + x * M.fn(..)}
     * for an inner function g that keeps the argument in the same region.
     */
    private static String source(String mathClass) {
        StringBuilder sb = new StringBuilder("""
                package p;

                import dev.adjoint.Differentiable;

                public class Fns%s {
                """.formatted(mathClass));
        for (Fn f : FUNCTIONS) {
            if (f.arity == 1) {
                sb.append("""
                            @Differentiable
                            public static double %1$s(double x) {
                                return %2$s.%1$s(x);
                            }

                            @Differentiable
                            public static double %1$sComposed(double x, double c) {
                                double inner = x + 0.001 * c * c;
                                return c * %2$s.%1$s(inner) + x * %2$s.%1$s(x) * c;
                            }

                        """.formatted(f.name, mathClass));
            } else {
                sb.append("""
                            @Differentiable
                            public static double %1$s(double a, double b) {
                                return %2$s.%1$s(a, b);
                            }

                            @Differentiable
                            public static double %1$sComposed(double a, double b, double c) {
                                return c * %2$s.%1$s(a + 0.001 * c * c, b * (1 + 0.001 * c)) + a * %2$s.%1$s(a, b);
                            }

                        """.formatted(f.name, mathClass));
            }
        }
        return sb.append("}\n").toString();
    }

    private static GradientChecker mathChecker;
    private static GradientChecker strictChecker;

    private static synchronized GradientChecker checker(String mathClass) {
        if (mathClass.equals("Math")) {
            if (mathChecker == null) {
                mathChecker = compile(source("Math")).checker("p.FnsMath");
            }
            return mathChecker;
        }
        if (strictChecker == null) {
            strictChecker = compile(source("StrictMath")).checker("p.FnsStrictMath");
        }
        return strictChecker;
    }

    static Stream<Arguments> functions() {
        List<Arguments> out = new ArrayList<>();
        for (String m : List.of("Math", "StrictMath")) {
            for (Fn f : FUNCTIONS) {
                out.add(Arguments.of(m, f.name));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("functions")
    void derivativesMatchFiniteDifferences(String mathClass, String name) {
        Fn f = FUNCTIONS.stream().filter(fn -> fn.name.equals(name)).findFirst().orElseThrow();
        GradientChecker k = checker(mathClass);
        for (double[] p : f.points) {
            if (f.arity == 1) {
                k.check(name, p[0]);
                k.check(name + "Composed", p[0], 1.3);
                k.check(name + "Composed", p[0], -0.4);
            } else {
                k.check(name, p[0], p[1]);
                k.check(name + "Composed", p[0], p[1], 1.3);
                k.check(name + "Composed", p[0], p[1], -0.4);
            }
        }
    }

    @Test
    void knownAnalyticDerivatives() {
        GradientChecker k = checker("Math");
        double x = 0.3;
        k.check("sin", x).assertDerivatives(1e-15, Math.cos(x));
        k.check("cos", x).assertDerivatives(1e-15, -Math.sin(x));
        k.check("tan", x).assertDerivatives(1e-15, 1 / (Math.cos(x) * Math.cos(x)));
        k.check("asin", x).assertDerivatives(1e-15, 1 / Math.sqrt(1 - x * x));
        k.check("acos", x).assertDerivatives(1e-15, -1 / Math.sqrt(1 - x * x));
        k.check("atan", x).assertDerivatives(1e-15, 1 / (1 + x * x));
        k.check("sinh", x).assertDerivatives(1e-15, Math.cosh(x));
        k.check("cosh", x).assertDerivatives(1e-15, Math.sinh(x));
        k.check("tanh", x).assertDerivatives(1e-15, 1 - Math.tanh(x) * Math.tanh(x));
        k.check("exp", x).assertDerivatives(1e-15, Math.exp(x));
        k.check("expm1", x).assertDerivatives(1e-15, Math.exp(x));
        k.check("log", x).assertDerivatives(1e-15, 1 / x);
        k.check("log10", x).assertDerivatives(1e-15, 1 / (x * Math.log(10)));
        k.check("log1p", x).assertDerivatives(1e-15, 1 / (1 + x));
        k.check("sqrt", x).assertDerivatives(1e-15, 0.5 / Math.sqrt(x));
        k.check("cbrt", x).assertDerivatives(1e-15, 1 / (3 * Math.cbrt(x) * Math.cbrt(x)));
        k.check("abs", -x).assertDerivatives(0, -1.0);
        k.check("abs", x).assertDerivatives(0, 1.0);
        k.check("signum", x).assertDerivativesExactly(0.0);
        k.check("floor", 2.3).assertDerivativesExactly(0.0);
        k.check("ceil", 2.3).assertDerivativesExactly(0.0);
        k.check("rint", 2.3).assertDerivativesExactly(0.0);
        k.check("toRadians", x).assertDerivatives(1e-15, Math.PI / 180);
        k.check("toDegrees", x).assertDerivatives(1e-13, 180 / Math.PI);
        k.check("atan2", 1.0, 2.0).assertDerivatives(1e-15, 2.0 / 5, -1.0 / 5);
        k.check("pow", 1.5, 2.5).assertDerivatives(1e-14, 2.5 * Math.pow(1.5, 1.5), Math.pow(1.5, 2.5) * Math.log(1.5));
        k.check("hypot", 3.0, 4.0).assertDerivatives(1e-15, 0.6, 0.8);
        k.check("max", 1.0, 2.0).assertDerivativesExactly(0.0, 1.0);
        k.check("max", 2.0, 1.0).assertDerivativesExactly(1.0, 0.0);
        k.check("min", 1.0, 2.0).assertDerivativesExactly(1.0, 0.0);
        k.check("min", 2.0, 1.0).assertDerivativesExactly(0.0, 1.0);
    }

    @Test
    void powWithConstantOrIntegerExponentAtNonPositiveBase() {
        // d/dy pow(x, y) involves log(x): with a constant exponent it must not leak NaN (0 * NaN) into d/dx.
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Pow {
                    @Differentiable
                    public static double cube(double x) {
                        return Math.pow(x, 3);
                    }

                    @Differentiable
                    public static double square(double x) {
                        return Math.pow(x, 2.0);
                    }

                    @Differentiable
                    public static double intPower(double x, int n) {
                        return Math.pow(x, n);
                    }

                    @Differentiable
                    public static double constantBase(double y) {
                        return Math.pow(2.0, y);
                    }
                }
                """).checker("p.Pow");
        k.check("cube", -1.5).assertDerivatives(1e-14, 3 * 2.25);
        k.check("cube", 0.0).assertDerivativesExactly(0.0);
        k.check("cube", 2.0).assertDerivatives(1e-15, 12.0);
        k.check("square", -0.5).assertDerivatives(1e-15, -1.0);
        k.check("square", 0.0).assertDerivativesExactly(0.0);
        k.check("intPower", -1.5, 3).assertDerivatives(1e-14, 3 * 2.25);
        k.check("intPower", -2.0, 2).assertDerivatives(1e-15, -4.0);
        k.check("intPower", 0.0, 2).assertDerivativesExactly(0.0);
        k.check("intPower", 0.7, -2).assertDerivatives(1e-14, -2 * Math.pow(0.7, -3));
        k.check("constantBase", 0.3).assertDerivatives(1e-15, Math.pow(2, 0.3) * Math.log(2));
        k.check("constantBase", -1.5);
    }

    /** Math functions on int arguments: int overloads (max, min, abs) and int arguments widened to double. */
    @Test
    void mathOnIntArguments() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class IntFns {
                    @Differentiable
                    public static double intOverloads(double x, int n) {
                        return Math.max(n, 3) * x + Math.abs(n) * x + Math.min(n, -1) * x;
                    }

                    @Differentiable
                    public static double widened(double x, int n) {
                        return Math.max(x, n) + Math.sqrt(n) * x + Math.pow(2, n) * x;
                    }

                    @Differentiable
                    public static double rounding(double x, int n) {
                        long r = Math.round(x * 10);
                        int k = (int) Math.round(x);
                        return r * x + k + n;
                    }
                }
                """).checker("p.IntFns");
        k.check("intOverloads", 0.33, -5).assertDerivativesExactly(3.0 + 5 - 5);
        k.check("intOverloads", 1.73, 4).assertDerivativesExactly(4.0 + 4 - 1);
        k.check("widened", 1.73, 4).assertDerivatives(1e-15, 0 + 2 + 16);
        k.check("widened", 5.5, 4).assertDerivatives(1e-15, 1 + 2 + 16);
        k.check("rounding", 0.33, -5).assertDerivativesExactly(3.0);
        k.check("rounding", 1.73, 4).assertDerivativesExactly(17.0);
    }

    /** Beyond the explicit list ("..."): fused multiply-add, smooth in all three arguments. */
    @Test
    void fusedMultiplyAdd() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Fma {
                    @Differentiable
                    public static double f(double a, double b, double c) {
                        return Math.fma(a, b, c) * Math.fma(a, a, -b);
                    }
                }
                """).checker("p.Fma");
        for (double[] p : new double[][] {{0.3, 1.7, -0.4}, {-1.2, 0.4, 2.0}}) {
            k.check("f", p[0], p[1], p[2]);
        }
    }

    /** Beyond the explicit list ("..."): the remaining Math functions onto doubles. */
    @Test
    void furtherMathFunctions() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class MoreFns {
                    @Differentiable
                    public static double scalb(double x, int n) {
                        return Math.scalb(x, n);
                    }

                    @Differentiable
                    public static double copySign(double x, double y) {
                        return Math.copySign(x, y);
                    }

                    @Differentiable
                    public static double nextUp(double x) {
                        return Math.nextUp(x) * x + Math.nextDown(x);
                    }

                    @Differentiable
                    public static double nextAfter(double x, double y) {
                        return Math.nextAfter(x, y) * 2;
                    }

                    @Differentiable
                    public static double remainder(double x, double y) {
                        return Math.IEEEremainder(x, y);
                    }

                    @Differentiable
                    public static double ulp(double x) {
                        return Math.ulp(x) * x;
                    }
                }
                """).checker("p.MoreFns");
        k.check("scalb", 0.3, 3).assertDerivativesExactly(8.0);
        k.check("scalb", -1.7, -2).assertDerivativesExactly(0.25);
        k.check("copySign", 1.5, -2.0).assertDerivativesExactly(-1.0, 0.0);
        k.check("copySign", -1.5, 2.0).assertDerivativesExactly(-1.0, 0.0);
        k.check("copySign", 1.5, 2.0).assertDerivativesExactly(1.0, 0.0);
        k.check("copySign", -1.5, -2.0).assertDerivativesExactly(1.0, 0.0);
        k.check("nextUp", 0.3);
        k.check("nextUp", -1.7);
        k.check("nextAfter", 0.3, 1.0).assertDerivativesExactly(2.0, 0.0);
        k.check("remainder", 5.3, 2.0).assertDerivatives(1e-15, 1.0, -3.0);
        k.check("remainder", -0.7, 0.5);
        k.check("ulp", 1.5).assertDerivativesExactly(Math.ulp(1.5));
    }

    @Test
    void nestedCompositionOfManyFunctions() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Composite {
                    @Differentiable
                    public static double f(double x, double y) {
                        double r = Math.hypot(x, y);
                        double t = Math.atan2(y, x);
                        double g = Math.exp(-r * r / 2) * Math.cos(3 * t) + Math.log1p(r) * Math.sqrt(1 + Math.sin(x) * Math.sin(x));
                        return StrictMath.tanh(g) + Math.pow(Math.cosh(y / 4), x) - Math.cbrt(x * y) * Math.asin(Math.tanh(x));
                    }
                }
                """).checker("p.Composite");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {2.5, -0.6}, {-0.8, -1.1}}) {
            k.check("f", p[0], p[1]);
        }
    }
}
