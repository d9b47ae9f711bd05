package dev.adjoint.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Assignments, compound assignments, {@code ++} and {@code --} inside expressions, evaluated in Java's
 * order ({@code p[s++]}, {@code x = y = 0}, {@code while ((k >>= 1) != 0)}, {@code x + (x = y)}): both
 * modes give the primal's value bit for bit and its derivatives, the effects run exactly when Java
 * runs them, and where they cannot be read exactly they are an error on their line.
 */
class SideEffectsTest {

    private static final String EFFECTS = """
            package p;

            import dev.adjoint.Differentiable;

            @SuppressWarnings("lossy-conversions") // narrowing compound assignments are the point (JDK 20+ lints them)
            public class Effects {
                /** GeographicLib's polyval: Horner's method with the index advanced inside the expressions. */
                @Differentiable(hessian = true)
                public static double polyval(int N, double[] p, int s, double x) {
                    double y = N < 0 ? 0 : p[s++];
                    while (--N >= 0) y = y * x + p[s++];
                    return y;
                }

                /** GeographicLib's Clenshaw sum: c[--k], and a counter decremented in the loop condition. */
                @Differentiable
                public static double clenshaw(boolean sinp, double sinx, double cosx, double[] c) {
                    int k = c.length, n = k - (sinp ? 1 : 0);
                    double ar = 2 * (cosx - sinx) * (cosx + sinx), y0 = (n & 1) != 0 ? c[--k] : 0, y1 = 0;
                    n /= 2;
                    while (n-- != 0) {
                        y1 = ar * y0 - y1 + c[--k];
                        y0 = ar * y1 - y0 + c[--k];
                    }
                    return sinp ? 2 * sinx * cosx * y0 : cosx * (y0 - y1);
                }

                /** Hipparchus' convolution, one output: both indices advance inside the product. */
                @Differentiable
                public static double convolveAt(double[] x, double[] h, int n) {
                    double yn = 0;
                    int k = Math.max(0, n + 1 - x.length);
                    int j = n - k;
                    while (k < h.length && j >= 0) {
                        yn += x[j--] * h[k++];
                    }
                    return yn;
                }

                /** Chained assignments, and elements written inside expressions. */
                @Differentiable
                public static double chains(double x, double y) {
                    double a, b;
                    a = b = x * y;
                    double[] u = new double[3];
                    double[] v = new double[3];
                    int i = 0, j = 1;
                    u[i] = v[j] += a * y;
                    u[j] = v[i] = b + (u[2] = x);
                    return u[0] * u[1] + v[0] * v[1] + u[2] * a;
                }

                /** x^n by squaring, the exponent halved in the loop condition. */
                @Differentiable(hessian = true)
                public static double powBySquaring(double x, int n) {
                    double result = (n & 1) != 0 ? x : 1;
                    double base = x;
                    int k = n;
                    while ((k >>= 1) != 0) {
                        base *= base;
                        if ((k & 1) != 0) {
                            result *= base;
                        }
                    }
                    return result;
                }

                /** A value assigned in a condition, and a declaration that reads what its own initializer assigned. */
                @Differentiable
                public static double assignedInConditions(double x, double y) {
                    double t, q;
                    double r = (q = x * x) + q;
                    if ((t = Math.sin(x * y)) > 0) {
                        r += t * q;
                    } else if ((t = Math.cos(y)) > 0.5) {
                        r -= t;
                    }
                    return r * t;
                }

                /** Java evaluates the left operand first: what it read stays as it was. */
                @Differentiable(hessian = true)
                public static double leftFirst(double x, double y) {
                    double a = x;
                    double r = a + (a = y * 2) * a;
                    double b = x;
                    b += (b = y) * b;
                    double c = y;
                    double d = c++ * c + --c;
                    return r + b * d + Math.pow(a, (a = 0.5)) + Math.atan2(c, c = x);
                }

                /** An index evaluated before the right side changes it, and an element read before it is written. */
                @Differentiable
                public static double indicesFirst(double[] w, double x) {
                    double[] c = new double[4];
                    int i = 0;
                    c[i] = x * (i = 2);
                    c[i] = w[i] + (i = 1);
                    c[i++] += c[i] * x + c[i++];
                    c[0] += (c[0] = w[0] * x);
                    double[][] m = new double[2][2];
                    int r = 0;
                    m[r][r++] = x;
                    m[r][0] = m[0][r] += w[r] * ((r = 0) + 2);
                    return c[0] * c[1] + c[2] * c[3] + w[i] * i + m[0][0] * m[1][0] + m[0][1];
                }

                /** Effects on the right of && and || and in the branches of ?: run only when Java evaluates them. */
                @Differentiable
                public static double conditionalEffects(double x, double y, int n) {
                    int k = n;
                    double t = 0;
                    if (x > 0 && (t = Math.log(x)) < 1) {
                        t += y;
                    }
                    boolean big = y > 2 || ++k > 3;
                    double u = k > 2 ? x * k++ : y * --k;
                    double v = big ? (t = t * x) : x;
                    return t * u + v * k + (k > 4 ? y : x);
                }

                /** Locals Java knows are assigned where a condition with an effect on its right holds. */
                @Differentiable
                public static double assignedWhenTrue(double x, double y) {
                    double t;
                    double r = y;
                    if (x > 0 && (t = Math.log(x)) < 1) {
                        r += t * y;
                    }
                    double u;
                    if (x < 0 || (u = Math.exp(-x)) > 0.5) {
                        return r;
                    }
                    return r * u;
                }

                /** An int compound assignment inside an expression gives the narrowed result. */
                @Differentiable
                public static double narrowed(double x, int n) {
                    int k = n;
                    double r = x * (k += 2.7);
                    long m = 5;
                    r += x * (m *= 1.5) + (k -= x);
                    return r * k + m;
                }

                /** Loops whose conditions have effects: do/while, and for and while with continue. */
                @Differentiable
                public static double loopEffects(double x, int n) {
                    double s = 1;
                    int k = n;
                    do {
                        s = s * x + 1;
                    } while (--k > 0);
                    int j = 0;
                    for (int i = 0; (i += 1) < 6; j++) {
                        if (i == 2) {
                            continue;
                        }
                        s = s * 0.5 + x * j;
                    }
                    int m = 0;
                    while (m++ < 3) {
                        if (m == 2) {
                            continue;
                        }
                        s += x * m;
                    }
                    return s + m + j;
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(EFFECTS);
    private static final GradientChecker CHECKER = COMPILED.checker("p.Effects");
    private static final ArrayChecker ARRAYS = new ArrayChecker(COMPILED, "p.Effects");

    @ParameterizedTest
    @CsvSource({"3, 0, 0.7", "2, 1, -1.3", "0, 2, 0.4", "-1, 0, 2.0"})
    void hornersIndexAdvancesInsideTheExpressions(int n, int s, double x) {
        double[] p = {1.0, 2.0, 3.0, 4.0};
        ARRAYS.check("polyval", 1e-7, n, p, s, x);
        double expected = 0;
        for (int i = 0; i <= n; i++) {
            expected = expected * x + p[s + i];
        }
        assertEquals(expected, ARRAYS.reverse("polyval", n, p, s, x)[0], 0.0);
        assertEquals(expected, forwardValue("polyval", n, p, s, Dual.variable(x)), 0.0);
    }

    @Test
    void hornersHessianIsTheSecondDerivativeOfThePolynomial() {
        double x = 0.7;
        double[][] hessian = (double[][]) invoke("polyvalHessian", 3, new double[] {1, 2, 3, 4}, 0, x);
        assertEquals(5, hessian.length);
        assertEquals(6 * x + 4, hessian[4][4], 1e-12);
        assertEquals(3 * x * x, hessian[0][4], 1e-12);
        assertEquals(1, hessian[2][4], 1e-12);
        assertEquals(0, hessian[1][2], 0.0);
    }

    @ParameterizedTest
    @CsvSource({"true, 0.3", "false, 0.3", "true, -1.1", "false, 2.2"})
    void clenshawSumsTheSeriesItsIndexWalksDown(boolean sinp, double angle) {
        double[] c = {0.0, 0.1, -0.02, 0.003, 0.0004};
        ARRAYS.check("clenshaw", 1e-7, sinp, Math.sin(angle), Math.cos(angle), c);
        double expected = 0;
        for (int i = 0; i < c.length; i++) {
            expected += sinp ? c[i] * Math.sin(2 * i * angle) : c[i] * Math.cos((2 * i + 1) * angle);
        }
        assertEquals(expected, ARRAYS.reverse("clenshaw", sinp, Math.sin(angle), Math.cos(angle), c)[0], 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"0", "2", "3", "5"})
    void convolutionIndicesAdvanceInJavasOrder(int n) {
        double[] x = {1.0, 2.0, 3.0, -0.5};
        double[] h = {0.5, -1.0, 0.25};
        ARRAYS.check("convolveAt", 1e-7, x, h, n);
        double expected = 0;
        for (int k = 0; k < h.length; k++) {
            if (n - k >= 0 && n - k < x.length) {
                expected += x[n - k] * h[k];
            }
        }
        assertEquals(expected, ARRAYS.reverse("convolveAt", x, h, n)[0], 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"0.7, 1.3", "-1.2, 0.4", "2.5, -0.8"})
    void chainedAssignmentsAndAssignedElements(double x, double y) {
        CHECKER.check("chains", x, y);
        double a = x * y;
        double v1 = a * y;
        double v0 = a + x;
        assertEquals(v1 * v0 + v0 * v1 + x * a, CHECKER.original("chains", x, y), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"1.3, 13", "0.7, 1", "-1.1, 6", "1.01, 100", "2.0, 0"})
    void anExponentHalvedInTheLoopCondition(double x, int n) {
        CHECKER.check("powBySquaring", x, n);
        assertEquals(Math.pow(x, n), CHECKER.reverse("powBySquaring", x, n)[0], 1e-12 * Math.pow(Math.abs(x), n));
        double[][] hessian = (double[][]) invoke("powBySquaringHessian", x, n);
        double expected = n * (n - 1) * Math.pow(x, n - 2);
        assertEquals(expected, hessian[0][0], 1e-11 * Math.max(1, Math.abs(expected)));
    }

    @ParameterizedTest
    @CsvSource({"0.7, 1.3", "-1.2, 0.4", "2.5, -0.8", "0.3, 2.9"})
    void valuesAssignedInConditions(double x, double y) {
        CHECKER.check("assignedInConditions", x, y);
    }

    @ParameterizedTest
    @CsvSource({"0.7, 1.3", "-1.2, 0.4", "2.5, 0.8"})
    void theLeftOperandIsEvaluatedFirst(double x, double y) {
        CHECKER.check("leftFirst", x, y);
        double expected = x + 4 * y * y + (x + y * y) * (y * y + 2 * y) + Math.sqrt(2 * y) + Math.atan2(y, x);
        assertEquals(expected, CHECKER.original("leftFirst", x, y), 1e-12 * Math.abs(expected));
        double[][] hessian = (double[][]) invoke("leftFirstHessian", x, y);
        double r2 = x * x + y * y;
        assertEquals(2 * x * y / (r2 * r2), hessian[0][0], 1e-10);
        double dxdy = 2 * y + 2 + (y * y - x * x) / (r2 * r2);
        assertEquals(dxdy, hessian[0][1], 1e-10);
        assertEquals(dxdy, hessian[1][0], 1e-10);
        double dyy = 8 + 2 * (y * y + 2 * y) + 2 * (2 * y) * (2 * y + 2) + (x + y * y) * 2
                - 0.25 * Math.sqrt(2) * Math.pow(y, -1.5) - 2 * x * y / (r2 * r2);
        assertEquals(dyy, hessian[1][1], 1e-9 * Math.abs(dyy));
    }

    @ParameterizedTest
    @CsvSource({"0.7", "-1.2", "2.5"})
    void indicesAreEvaluatedBeforeTheRightSide(double x) {
        double[] w = {0.5, -1.5, 2.0, 0.25};
        ARRAYS.check("indicesFirst", 1e-7, w, x);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 1.3, 1", "2.0, 2.5, 3", "-1.0, 0.4, 0", "3.5, 1.0, 5", "0.9, 3.0, -2"})
    void effectsUnderAConditionRunOnlyWhenJavaEvaluatesThem(double x, double y, int n) {
        CHECKER.check("conditionalEffects", x, y, n);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 1.3", "2.0, 2.5", "-1.0, 0.4", "3.5, 1.0"})
    void localsAssignedOnTheRightOfAConditionAreReadWhereItHolds(double x, double y) {
        CHECKER.check("assignedWhenTrue", x, y);
    }

    @ParameterizedTest
    @CsvSource({"0.7, 1", "-1.2, -3", "2.5, 4"})
    void compoundAssignmentsYieldTheNarrowedValue(double x, int n) {
        CHECKER.check("narrowed", x, n);
    }

    @ParameterizedTest
    @CsvSource({"0.7, 1", "-1.2, 3", "1.1, 0"})
    void loopConditionsRunTheirEffectsEveryIteration(double x, int n) {
        CHECKER.check("loopEffects", x, n);
    }

    @Test
    void theEffectsBecomeStatementsInJavasOrder() {
        String forward = COMPILED.generatedMethod("p.EffectsGrad", "leftFirstForwardSweep");
        assertThat(forward).contains("double aBefore = a;");
        assertThat(forward).contains("double r = aBefore + a * a;");
        String polyval = COMPILED.generatedMethod("p.EffectsGrad", "polyvalForwardSweep").replaceAll("\\s+", " ");
        assertThat(polyval).contains("while (true) { N--; if (!(N >= 0)) { break; } int sOld = s; s++;");
    }

    // ------------------------------------------------------------------------------------------
    // refused, each on its line

    private static final String REFUSED = """
            package p;

            import dev.adjoint.Differentiable;

            public class Refused {
                static void note(double v) { }

                @Differentiable
                public static double good(double x) {
                    return x * x;
                }

                @Differentiable
                public static double selector(double x, int k) {
                    switch (k++) {
                        case 1: return x;
                        default: return 2 * x;
                    }
                }

                @Differentiable
                public static double thrown(double x, int k) {
                    if (x < 0) {
                        throw new IllegalArgumentException("bad " + (k += 2));
                    }
                    return x;
                }

                @Differentiable
                public static double initializer(double x) {
                    double[] c = {x++, x};
                    return c[0] * c[1];
                }

                @Differentiable
                public static double effectCall(double x) {
                    note(x++);
                    return x;
                }

                @Differentiable
                public static double yielded(double x, int k) {
                    double r = switch (k) {
                        case 1 -> x++;
                        default -> 0;
                    };
                    return r * x;
                }

                @Differentiable
                public static double doWhileContinue(double x, int k) {
                    do {
                        if (x > 5) {
                            continue;
                        }
                        x = x * 2;
                    } while ((k -= 1) > 0);
                    return x;
                }

                @Differentiable
                public static double doWhileNeverCompleting(double x, int k) {
                    double s = x;
                    do {
                        s = s * x;
                        if (s > 100) {
                            break;
                        }
                        return s + 1;
                    } while (k-- > 0);
                    return s;
                }

                @Differentiable
                public static double nestedSwitch(double x, int k) {
                    double y = 0;
                    double r = 1 + (y = switch (k) { case 1 -> x; default -> 2 * x; });
                    return r * y;
                }
            }
            """;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            assignment inside an expression in a switch selector is not supported          | switch (k++)
            assignment inside an expression in a throw statement is not supported          | (k += 2)
            assignment inside an expression in an array initializer is not supported       | double[] c = {x++, x};
            assignment inside an expression in the arguments of a call made for its effect | note(x++);
            assignment inside an expression in a switch expression's value is not supported | case 1 -> x++;
            assignment inside an expression in the condition of a do/while loop whose body has continue | while ((k -= 1) > 0)
            assignment inside an expression in the condition of a do/while loop whose body has continue or cannot complete normally | while (k-- > 0)
            a switch expression inside another expression is not supported                 | (y = switch (k)
            """)
    void whereEffectsCannotBeReadExactlyTheyAreAnErrorOnTheirLine(String message, String line) {
        Compilation compilation = AdjointCompiler.compileRaw(List.of(), REFUSED);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }

    @Test
    void eachRefusalIsOneErrorAndNothingElseIsReported() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of(), REFUSED);
        assertEquals(8, compilation.errors().size(), compilation.errors().toString());
    }

    private static double forwardValue(String method, Object... args) {
        Object[] dualArgs = args.clone();
        for (int i = 0; i < dualArgs.length; i++) {
            if (dualArgs[i] instanceof double[] array) {
                dualArgs[i] = dev.adjoint.runtime.DualArrays.constant(array);
            }
        }
        return ((Dual) invoke(method + "Forward", dualArgs)).value();
    }

    private static Object invoke(String name, Object... arguments) {
        for (Method m : COMPILED.gradClassFor("p.Effects").getMethods()) {
            if (m.getName().equals(name)) {
                try {
                    return m.invoke(null, arguments);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no " + name);
    }
}
