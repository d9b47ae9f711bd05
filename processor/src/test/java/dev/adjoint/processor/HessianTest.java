package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Second order: fHessian (exact, reverse over forward) and fHessianVector, against closed forms and
 * against central differences of the (already checked) reverse-mode gradient.
 */
class HessianTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Second {
                @Differentiable(hessian = true)
                public static double rosenbrock(double[] x) {
                    double sum = 0;
                    for (int i = 0; i < x.length - 1; i++) {
                        double a = x[i + 1] - x[i] * x[i];
                        double b = 1 - x[i];
                        sum += 100 * a * a + b * b;
                    }
                    return sum;
                }

                @Differentiable(hessian = true)
                public static double mixed(double x, double[] w, double[][] m, int n) {
                    double s = Math.sin(x * w[0]);
                    for (int i = 0; i < w.length; i++) {
                        for (int j = 0; j < m[i].length; j++) {
                            s += m[i][j] * w[i] * Math.exp(0.1 * w[j] * x) / n;
                        }
                    }
                    if (s > 0) {
                        return Math.sqrt(1 + s * s) + rosenbrock(w);
                    }
                    return s * s * x + rosenbrock(w) * 0.5;
                }

                @Differentiable(hessian = true)
                public static double earlyExit(double x, double y) {
                    double s = x;
                    for (int i = 0; i < 8; i++) {
                        s = s * y + Math.sin(s * x);
                        if (s > 2) {
                            return s * s * y;
                        }
                    }
                    return s + x * y;
                }

                @Differentiable(wrt = "y", hessian = true)
                public static double partly(double x, double y) {
                    return Math.exp(x * y) * y;
                }
            }
            """);

    private static double[][] invokeHessian(String method, Object... args) throws Exception {
        Class<?> grad = COMPILED.gradClassFor("p.Second");
        Method hessian = Arrays.stream(grad.getMethods()).filter(m -> m.getName().equals(method + "Hessian"))
                .findFirst().orElseThrow();
        return (double[][]) hessian.invoke(null, args);
    }

    @Test
    void rosenbrockHessianIsExact() throws Exception {
        double[] x = {0.3, -1.2, 0.8, 1.5, -0.4};
        double[][] hessian = invokeHessian("rosenbrock", (Object) x);
        double[][] expected = new double[5][5];
        for (int i = 0; i < 4; i++) {
            expected[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            expected[i][i + 1] += -400 * x[i];
            expected[i + 1][i] += -400 * x[i];
            expected[i + 1][i + 1] += 200;
        }
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(expected[i][j], hessian[i][j], 1e-12 * Math.max(1, Math.abs(expected[i][j])), i + "," + j);
            }
        }
    }

    @Test
    void hessianOfAMixedMethodMatchesDifferencesOfItsGradient() throws Exception {
        double x = 0.7;
        double[] w = {0.3, -0.5, 0.9};
        double[][] m = {{0.2, -0.1, 0.4}, {1.1, 0.3, -0.6}, {0.05, 0.7, 0.2}};
        double[][] hessian = invokeHessian("mixed", x, w, m, 2);
        int size = 1 + 3 + 9;
        assertEquals(size, hessian.length);
        ArrayChecker checker = new ArrayChecker(COMPILED, "p.Second");
        for (int k = 0; k < size; k++) {
            double h = 1e-5;
            double[] plus = gradientAt(checker, x, w, m, k, h);
            double[] minus = gradientAt(checker, x, w, m, k, -h);
            for (int j = 0; j < size; j++) {
                double difference = (plus[j] - minus[j]) / (2 * h);
                assertEquals(difference, hessian[k][j], 1e-6 * Math.max(1, Math.abs(difference)), k + "," + j);
                assertEquals(hessian[j][k], hessian[k][j], 1e-12 * Math.max(1, Math.abs(hessian[k][j])), "symmetry");
            }
        }
    }

    /** The reverse-mode gradient with flattened input {@code k} moved by {@code h}. */
    private static double[] gradientAt(ArrayChecker checker, double x, double[] w, double[][] m, int k, double h) {
        double x2 = x;
        double[] w2 = w.clone();
        double[][] m2 = {m[0].clone(), m[1].clone(), m[2].clone()};
        if (k == 0) {
            x2 += h;
        } else if (k < 4) {
            w2[k - 1] += h;
        } else {
            m2[(k - 4) / 3][(k - 4) % 3] += h;
        }
        double[] reverse = checker.reverse("mixed", x2, w2, m2, 2);
        return Arrays.copyOfRange(reverse, 1, reverse.length);
    }

    @Test
    void hessianVectorProductIsTheHessianTimesTheVector() throws Exception {
        double[] x = {0.3, -1.2, 0.8, 1.5};
        double[] v = {1.0, -2.0, 0.5, 0.25};
        double[][] hessian = invokeHessian("rosenbrock", (Object) x);
        Method hv = COMPILED.gradClassFor("p.Second").getMethod("rosenbrockHessianVector", double[].class, double[].class);
        double[] product = (double[]) hv.invoke(null, x, v);
        for (int i = 0; i < 4; i++) {
            double expected = 0;
            for (int j = 0; j < 4; j++) {
                expected += hessian[i][j] * v[j];
            }
            assertEquals(expected, product[i], 1e-12 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void secondOrderIsGeneratedOnlyWhereAskedForOrNeeded() {
        java.util.Set<String> methods = new java.util.TreeSet<>();
        for (Method m : COMPILED.gradClassFor("p.Second").getDeclaredMethods()) {
            methods.add(m.getName());
        }
        org.junit.jupiter.api.Assertions.assertTrue(methods.containsAll(java.util.List.of("mixedHessian",
                "rosenbrockHessian", "rosenbrockTangentGradient", "partlyHessianVector")), methods.toString());
        Compiled plain = compileStrict("""
                package p;

                import dev.adjoint.Differentiable;

                public class Plain {
                    @Differentiable
                    public static double square(double x) {
                        return x * x;
                    }

                    @Differentiable(hessian = true)
                    public static double usesSquare(double x) {
                        return square(Math.sin(x));
                    }

                    @Differentiable
                    public static double alone(double x) {
                        return Math.exp(x);
                    }
                }
                """);
        java.util.Set<String> generated = new java.util.TreeSet<>();
        for (Method m : plain.gradClassFor("p.Plain").getDeclaredMethods()) {
            generated.add(m.getName());
        }
        // square is needed by usesSquare's second order: tangent, but no Hessian methods of its own; and by
        // usesSquare's reverse mode, which calls its core
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("aloneForward", "aloneForwardSweep",
                "aloneGradient", "squareForward", "squareForwardSweep", "squareGradient", "squareGradientOnto",
                "squareTangent", "squareTangentGradient", "usesSquareForward", "usesSquareForwardSweep",
                "usesSquareGradient",
                "usesSquareTangent", "usesSquareTangentGradient", "usesSquareHessian", "usesSquareHessianVector"),
                generated);
    }

    @Test
    void hessianThroughAReturnInsideALoop() throws Exception {
        ArrayChecker checker = new ArrayChecker(COMPILED, "p.Second");
        for (double[] p : new double[][] {{0.4, 1.2}, {0.9, 1.6}, {-0.3, 0.8}}) {
            double[][] hessian = invokeHessian("earlyExit", p[0], p[1]);
            double h = 1e-5;
            for (int k = 0; k < 2; k++) {
                double[] plus = p.clone();
                double[] minus = p.clone();
                plus[k] += h;
                minus[k] -= h;
                double[] gPlus = checker.reverse("earlyExit", plus[0], plus[1]);
                double[] gMinus = checker.reverse("earlyExit", minus[0], minus[1]);
                for (int j = 0; j < 2; j++) {
                    double difference = (gPlus[j + 1] - gMinus[j + 1]) / (2 * h);
                    assertEquals(difference, hessian[k][j], 1e-6 * Math.max(1, Math.abs(difference)), k + "," + j);
                }
            }
        }
    }

    @Test
    void hessianOverTheWrtParametersOnly() throws Exception {
        double x = 0.4;
        double y = -0.9;
        double[][] hessian = invokeHessian("partly", x, y);
        // f = y e^{xy}: d2f/dy2 = 2x e^{xy} + x^2 y e^{xy}
        assertEquals(1, hessian.length);
        assertEquals(Math.exp(x * y) * (2 * x + x * x * y), hessian[0][0], 1e-14);
    }
}
