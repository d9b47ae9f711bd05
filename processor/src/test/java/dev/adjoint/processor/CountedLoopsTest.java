package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import org.junit.jupiter.api.Test;

/**
 * An inner {@code for} loop whose counter is declared with sums and products of constants and variables
 * it does not change, stepped by a constant and left by its condition only, has its counter set from its trip count before the adjoint sweep runs its
 * iterations backwards ({@code j = trips;}, {@code j = 1 + trips * 2}); the forward sweep then saves
 * no value of the counter when the outer loop runs the declaration again. Every other loop keeps the
 * save and the restore. Each method's counter indexes arrays in the adjoint sweep, so a counter off by
 * one step reads the wrong elements or none.
 */
class CountedLoopsTest {

    private static final Compiled COMPILED = compile("""
            package p;

            import dev.adjoint.Differentiable;

            public class Counted {
                @Differentiable
                public static double rows(double[][] a, double[] x) {
                    double s = 0.5;
                    for (int i = 0; i < a.length; i++) {
                        for (int j = 0; j < a[i].length; j++) {
                            s = Math.sin(s + a[i][j] * x[j]);
                        }
                    }
                    return s;
                }

                /** Starts at 1, steps by 2: the last value is 1 + 2 trips, past the end for an even length. */
                @Differentiable
                public static double oddElements(double[] w, double x, int n) {
                    for (int k = 0; k < n; k++) {
                        for (int j = 1; j < w.length; j += 2) {
                            x = Math.sin(x * w[j]) + w[j - 1];
                        }
                    }
                    return x;
                }

                /** Counts down from 3 to 1. */
                @Differentiable
                public static double downwards(double[] w, double x, int n) {
                    for (int k = 0; k < n; k++) {
                        for (int j = 3; j > 0; j--) {
                            x = Math.cos(x) * w[j] + 0.5 * x * w[j - 1];
                        }
                    }
                    return x;
                }

                /** The inner loop runs no iteration when m <= 2: its counter stays 2. */
                @Differentiable
                public static double fromTwo(double[] w, double x, int m, int n) {
                    for (int k = 0; k < n; k++) {
                        for (int j = 2; j < m; j++) {
                            x = Math.sin(x) * w[j] + w[j - 2] * x;
                        }
                        x = x * w[0];
                    }
                    return x;
                }

                /** Three levels: the middle and the inner counters are both counted. */
                @Differentiable
                public static double cube(double[][] a, double x, int n) {
                    for (int k = 0; k < n; k++) {
                        for (int i = 0; i < a.length; i++) {
                            for (int j = 0; j < a[i].length; j++) {
                                x = Math.sin(x * a[i][j]) + 0.1 * i;
                            }
                        }
                    }
                    return x;
                }

                /** Pairs: the inner loop starts after the outer counter, which it does not change. */
                @Differentiable
                public static double pairs(double[] p, double x, int n) {
                    for (int k = 0; k < n; k++) {
                        for (int i = 0; i < p.length; i++) {
                            for (int j = i + 1; j < p.length; j++) {
                                x = Math.sin(x + p[i] * p[j]) + 0.1 * p[j - i];
                            }
                        }
                    }
                    return x;
                }

                /** A start read from a variable of the outer loop that a later statement of it changes. */
                @Differentiable
                public static double shifted(double[] p, double x, int n) {
                    int lo = 0;
                    for (int k = 0; k < n; k++) {
                        for (int j = lo * 2 - lo + 1; j < p.length; j++) {
                            x = Math.cos(x * p[j]) + p[j - lo];
                        }
                        lo = (lo + 1) % 2;
                    }
                    return x;
                }

                /** A continue goes on to the update: still counted. */
                @Differentiable
                public static double skipsNegatives(double[] w, double x, int n) {
                    for (int k = 0; k < n; k++) {
                        for (int j = 0; j < w.length; j++) {
                            if (w[j] < 0) {
                                continue;
                            }
                            x = Math.sin(x * w[j]);
                        }
                    }
                    return x;
                }

                /** Not counted: a break, a counter written in the body, a start that is no sum or product, one of two variables. */
                @Differentiable
                public static double uncounted(double[] w, double x, int n) {
                    for (int k = 0; k < n; k++) {
                        for (int j = 0; j < w.length; j++) {
                            if (x > 5) {
                                break;
                            }
                            x = x * w[j] + 0.1;
                        }
                        for (int j = 0; j < w.length; j++) {
                            x = Math.cos(x) + w[j];
                            if (w[j] > 1.5) {
                                j++;
                            }
                        }
                        for (int j = k % 2; j < w.length; j++) {
                            x = 0.5 * x + Math.sin(w[j] * x);
                        }
                        for (int j = k - k + n * 0; j < w.length; j++) {
                            x = 0.5 * x + 0.1 * w[j];
                        }
                    }
                    return x;
                }
            }
            """);

    private static final ArrayChecker CHECKER = new ArrayChecker(COMPILED, "p.Counted");

    @Test
    void innerCountersAreSetFromTheirTripCountsNotSaved() {
        String rows = COMPILED.generatedMethod("p.CountedGrad", "rowsGradientIntoZeroed");
        assertTrue(rows.contains("j = trips;"), rows);
        assertFalse(rows.contains("ints[intsTaped] = j;"), rows);
        String odd = COMPILED.generatedMethod("p.CountedGrad", "oddElementsGradientIntoZeroed");
        assertTrue(odd.contains("j = 1 + trips * 2;"), odd);
        assertFalse(odd.contains("ints[intsTaped] = j;"), odd);
        String down = COMPILED.generatedMethod("p.CountedGrad", "downwardsGradientIntoZeroed");
        assertTrue(down.contains("j = 3 - trips;"), down);
        String skips = COMPILED.generatedMethod("p.CountedGrad", "skipsNegativesGradientIntoZeroed");
        assertTrue(skips.contains("j = trips;"), skips);
        assertFalse(skips.contains("ints[intsTaped] = j;"), skips);
        String pairs = COMPILED.generatedMethod("p.CountedGrad", "pairsGradientIntoZeroed");
        assertTrue(pairs.contains("j = i + 1 + trips;"), pairs);
        assertFalse(pairs.contains("ints[intsTaped] = j;"), pairs);
        String shifted = COMPILED.generatedMethod("p.CountedGrad", "shiftedGradientIntoZeroed");
        assertTrue(shifted.contains("j = lo * 2 - lo + 1 + trips;"), shifted);
        String cube = COMPILED.generatedMethod("p.CountedGrad", "cubeGradientIntoZeroed");
        assertFalse(cube.contains("ints[intsTaped] = i;"), cube);
        assertFalse(cube.contains("ints[intsTaped] = j;"), cube);
    }

    @Test
    void loopsThatAreNotCountedKeepTheirCountersSaves() {
        String uncounted = COMPILED.generatedMethod("p.CountedGrad", "uncountedGradientIntoZeroed");
        assertTrue(uncounted.contains("intTape.push(j") || uncounted.contains("ints[intsTaped] = j"), uncounted);
    }

    @Test
    void gradientsAgreeWithForwardModeAndFiniteDifferences() {
        double[][][] matrices = {
            {{0.3, -0.7, 1.1}, {0.9, 0.2, -0.4}},
            {{0.3}, {}, {0.5, -0.2, 0.8, 1.2}},
            {},
        };
        for (double[][] a : matrices) {
            CHECKER.check("rows", 1e-7, a, new double[] {0.4, -1.3, 0.8, 0.6});
            for (int n : new int[] {0, 1, 3}) {
                CHECKER.check("cube", 1e-7, a, 0.7, n);
            }
        }
        for (double[] w : new double[][] {{0.9, 1.2, -0.3, 0.7}, {0.9, 1.2, -0.3, 0.7, 0.4}, {0.8}, {}}) {
            for (int n : new int[] {0, 1, 4}) {
                CHECKER.check("oddElements", 1e-7, w, 0.3, n);
            }
        }
        for (int n : new int[] {0, 1, 5}) {
            CHECKER.check("downwards", 1e-7, new double[] {0.9, -0.6, 0.7, 0.4}, 0.3, n);
            for (int m : new int[] {0, 2, 3, 5}) {
                CHECKER.check("fromTwo", 1e-7, new double[] {0.9, -0.6, 0.7, 0.4, 1.1}, 0.3, m, n);
            }
            CHECKER.check("skipsNegatives", 1e-7, new double[] {0.9, -0.6, 1.7, 0.4}, 0.3, n);
            CHECKER.check("pairs", 1e-7, new double[] {0.9, -0.6, 0.7, 0.4}, 0.3, n);
            CHECKER.check("pairs", 1e-7, new double[] {0.9}, 0.3, n);
            CHECKER.check("shifted", 1e-7, new double[] {0.9, -0.6, 0.7, 0.4}, 0.3, n);
            // Four loops of growing products: finite differences lose digits; forward mode is checked to 1e-12.
            CHECKER.check("uncounted", 1e-5, new double[] {0.9, -0.6, 1.7, 0.4}, 0.3, n);
            CHECKER.check("uncounted", 1e-5, new double[] {2.9, 1.6, 1.7}, 0.3, n);
        }
    }
}
