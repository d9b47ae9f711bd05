package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.ArrayChecker;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arrays: double[] and double[][] parameters, local arrays written and read back, enhanced for,
 * and calls with array arguments, in both modes against finite differences and closed forms.
 */
class ArraysTest {

    private static final ArrayChecker ARRAYS = new ArrayChecker(compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Arrays {
                @Differentiable
                public static double rosenbrock(double[] x) {
                    double sum = 0;
                    for (int i = 0; i < x.length - 1; i++) {
                        double a = x[i + 1] - x[i] * x[i];
                        double b = 1 - x[i];
                        sum += 100 * a * a + b * b;
                    }
                    return sum;
                }

                @Differentiable
                public static double logisticLoss(double[] w, double bias, double[][] features, double[] labels) {
                    double loss = 0;
                    for (int i = 0; i < labels.length; i++) {
                        double z = bias;
                        for (int j = 0; j < w.length; j++) {
                            z += w[j] * features[i][j];
                        }
                        double p = 1 / (1 + Math.exp(-z));
                        loss -= labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p);
                    }
                    return loss / labels.length;
                }

                @Differentiable
                public static double horner(double[] c, double x) {
                    double p = 0;
                    for (int i = c.length - 1; i >= 0; i--) {
                        p = p * x + c[i];
                    }
                    return p;
                }

                @Differentiable
                public static double logSumExp(double[] x) {
                    double m = x[0];
                    for (int i = 1; i < x.length; i++) {
                        if (x[i] > m) {
                            m = x[i];
                        }
                    }
                    double s = 0;
                    for (double v : x) {
                        s += Math.exp(v - m);
                    }
                    return m + Math.log(s);
                }

                @Differentiable
                public static double quadraticForm(double[][] a, double[] x) {
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        for (int j = 0; j < x.length; j++) {
                            s += x[i] * a[i][j] * x[j];
                        }
                    }
                    return s;
                }

                @Differentiable
                public static double localArrays(double[] w, double t) {
                    double[] h = new double[w.length];
                    double[][] m = new double[2][w.length];
                    for (int i = 0; i < w.length; i++) {
                        h[i] = Math.tanh(w[i] * t);
                        m[i % 2][i] = h[i] * t;
                    }
                    for (int k = 0; k < 3; k++) {
                        for (int i = 1; i < h.length; i++) {
                            h[i] += h[i - 1] * 0.5 + m[1][i];
                            h[i - 1] *= Math.cos(h[i]);
                        }
                    }
                    double s = 0;
                    for (double v : h) {
                        s += v * v;
                    }
                    return s + rosenbrock(h) * 1e-3 + m[0][0];
                }

                @Differentiable
                public static double selfIndexed(double[] w) {
                    double[] c = new double[w.length];
                    // the index reads c[0] before the write changes it (found by the fuzzer, seed 12295)
                    c[((int) (3.0 * Math.atan(c[0]))) % c.length] = Math.sinh(w[0]);
                    return c[0] * c[0] + c[1];
                }

                @Differentiable
                public static double selfIndexedInLoop(double[] w) {
                    double[] c = new double[3];
                    for (int k = 0; k < w.length; k++) {
                        c[((int) Math.abs(c[0] * 10)) % 3] += w[k] * w[k];
                    }
                    return c[0] + 2 * c[1] + 3 * c[2];
                }

                @Differentiable
                public static double selfIndexedRow(double[] w) {
                    double[][] m = new double[2][2];
                    m[(int) m[0][0]][(int) m[0][0]] = w[0] * 3;
                    m[(int) m[0][0] % 2][1] += w[1];
                    return m[0][0] * m[0][0] + m[1][1] + 5 * m[0][1] + 7 * m[1][1];
                }

                @Differentiable
                public static double callsWithArrays(double[] x, int reps) {
                    double s = 0;
                    for (int r = 0; r < reps; r++) {
                        s += Math.sqrt(rosenbrock(x) + r) * horner(x, 0.5 + r);
                    }
                    return s;
                }
            }
            """), "p.Arrays");

    private static double[] random(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        return x;
    }

    private static double[] rosenbrockGradient(double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length - 1; i++) {
            g[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
            g[i + 1] += 200 * (x[i + 1] - x[i] * x[i]);
        }
        return g;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10})
    void rosenbrockSmall(int n) {
        double[] x = random(n, n);
        double[] gradient = ARRAYS.check("rosenbrock", 1e-6, (Object) x);
        assertArrayEquals(rosenbrockGradient(x), gradient, 1e-10);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 100_000})
    void rosenbrockLarge(int n) {
        double[] x = random(n, n);
        double[] reverse = ARRAYS.reverse("rosenbrock", (Object) x);
        double[] expected = rosenbrockGradient(x);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], reverse[i + 1], 1e-10, "component " + i);
        }
    }

    @Test
    void logisticRegressionLossInWeightsBiasFeaturesAndLabels() {
        double[][] features = {{0.5, -1.2, 0.3}, {1.5, 0.2, -0.7}, {-0.4, 0.9, 1.1}, {0.1, 0.1, -0.2}};
        double[] labels = {1, 0, 1, 0.3};
        double[] w = {0.2, -0.4, 0.7};
        double[] gradient = ARRAYS.check("logisticLoss", 1e-6, w, 0.1, features, labels);
        // d/dw_j = mean over samples of (p_i - y_i) x_ij
        for (int j = 0; j < 3; j++) {
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                double z = 0.1;
                for (int k = 0; k < 3; k++) {
                    z += w[k] * features[i][k];
                }
                expected += (1 / (1 + Math.exp(-z)) - labels[i]) * features[i][j] / 4;
            }
            assertEquals(expected, gradient[j], 1e-14);
        }
    }

    @Test
    void hornerInTheVariableAndTheCoefficients() {
        double[] c = {1.5, -2, 0.25, 3};
        double x = 0.7;
        double[] gradient = ARRAYS.check("horner", 1e-7, c, x);
        for (int i = 0; i < c.length; i++) {
            assertEquals(Math.pow(x, i), gradient[i], 1e-15);
        }
        assertEquals(-2 + 2 * 0.25 * x + 3 * 3 * x * x, gradient[4], 1e-14);
    }

    @Test
    void logSumExpGradientIsSoftmaxAlsoWithTiedMaxima() {
        for (double[] x : new double[][] {{0.3, -1.2, 2.5, 0.7}, {1.0, 2.0, 2.0, -3.0}, {4, 4, 4}}) {
            double[] reverse = ARRAYS.reverse("logSumExp", (Object) x);
            double[] forward = ARRAYS.forward("logSumExp", (Object) x);
            double total = 0;
            for (double v : x) {
                total += Math.exp(v);
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(Math.exp(x[i]) / total, reverse[i + 1], 1e-15);
                assertEquals(reverse[i + 1], forward[i], 1e-15);
            }
        }
    }

    @Test
    void quadraticFormGradients() {
        double[][] a = {{2, -1, 0.5}, {0.3, 1, 0}, {-0.7, 0.2, 3}};
        double[] x = {0.4, -1.1, 0.8};
        double[] gradient = ARRAYS.check("quadraticForm", 1e-7, a, x);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(x[i] * x[j], gradient[3 * i + j], 1e-15);
            }
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                expected += (a[i][j] + a[j][i]) * x[j];
            }
            assertEquals(expected, gradient[9 + i], 1e-14);
        }
    }

    @Test
    void localArraysWrittenOverwrittenAndReadBack() {
        ARRAYS.check("localArrays", 1e-6, new double[] {0.3, -0.8, 0.5, 1.2, -0.1}, 0.9);
        ARRAYS.check("localArrays", 1e-6, new double[] {0.7}, -0.4);
    }

    /**
     * A write whose index reads the array it writes ({@code c[(int) c[0]] = v}): the index is the one
     * Java computed before the write, in both modes and when the reverse sweep undoes the write.
     */
    @Test
    void writesIndexedByTheArrayTheyWrite() {
        double w0 = 0.5; // sinh(0.5) = 0.52: computed again after the write, the index would be 1
        double[] gradient = ARRAYS.check("selfIndexed", 1e-7, (Object) new double[] {w0, -0.3});
        assertArrayEquals(new double[] {2 * Math.sinh(w0) * Math.cosh(w0), 0}, gradient, 1e-12);
        ARRAYS.check("selfIndexedInLoop", 1e-6, (Object) new double[] {0.2, 0.5, -0.45, 0.3});
        ARRAYS.check("selfIndexedInLoop", 1e-6, (Object) new double[] {0.05, 0.1, 0.2});
        // 3 w0 = 1.5: m[0][0] is written first; the second write's row is (int) 1.5 % 2 = 1
        gradient = ARRAYS.check("selfIndexedRow", 1e-7, (Object) new double[] {0.5, 0.9});
        assertArrayEquals(new double[] {18 * 0.5, 8}, gradient, 1e-12);
    }

    @Test
    void callsWithArrayArgumentsInsideLoops() {
        for (int reps : new int[] {0, 1, 3}) {
            ARRAYS.check("callsWithArrays", 1e-6, new double[] {0.3, -0.8, 0.5}, reps);
        }
    }
}
