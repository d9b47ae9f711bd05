package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static java.util.stream.Collectors.joining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Loop fusion in reverse mode: a last loop that only accumulates sums, followed by a result linear
 * in them, is reversed one iteration at a time, right after each iteration, in one pass and with no
 * tape. Fused or not, every gradient must match forward mode and finite differences; these tests
 * also pin which shapes fuse and which must not (carried state, a result or an earlier adjoint that
 * needs what the loop computes, such as {@code s * sin(c)} whose partial in {@code c} reads the sum,
 * jumps, a sum read by the loop, an array written by the loop that outlives it).
 */
class LoopFusionTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Fusion {
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
                public static double logistic(double[] w, double[][] xs, double[] y) {
                    double sum = 0;
                    for (int i = 0; i < xs.length; i++) {
                        double z = 0;
                        for (int j = 0; j < w.length; j++) {
                            z += xs[i][j] * w[j];
                        }
                        sum += Math.log1p(Math.exp(z)) - y[i] * z;
                    }
                    double mean = sum / xs.length;
                    return mean;
                }

                @Differentiable
                public static double twoSums(double[] x, double c) {
                    double s = c * c;
                    double q = 0;
                    for (double v : x) {
                        double e = Math.exp(v * c);
                        if (v > 0) {
                            s += e;
                        } else {
                            q -= e * v;
                        }
                        double u = Math.sin(v);
                        u = u * u + c;
                        s += u;
                    }
                    return (s - 2 * q) / x.length;
                }

                @Differentiable
                public static double reassignedLocal(double[] x, double c) {
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        double p = x[i] * c;
                        double q = Math.sin(p) + x[i];
                        p = p * q;
                        s += p + q * q;
                    }
                    return s;
                }

                @Differentiable
                public static double arrayOutside(double[] x) {
                    double[] acc = new double[2];
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        acc[i % 2] += x[i] * x[i];
                        s += acc[i % 2];
                    }
                    return s;
                }

                /** The counter is stepped in the body, which an iteration's adjoint undoes to read x[i]. */
                @Differentiable
                public static double counterInBody(double[] x, double c) {
                    double s = 0;
                    int i = 0;
                    while (i < x.length) {
                        s += x[i] * c;
                        i++;
                    }
                    return s;
                }

                @Differentiable
                public static double innerBreak(double[] x) {
                    double s = 0;
                    for (double v : x) {
                        double t = v;
                        int k = 0;
                        while (k < 5) {
                            t = Math.sin(t) + 0.5 * v;
                            if (t > 0.9) {
                                break;
                            }
                            k++;
                        }
                        s += t * v;
                    }
                    return s;
                }

                @Differentiable
                public static double regularised(double[] w, double[][] xs, double[] y) {
                    double loss = 0;
                    for (int i = 0; i < xs.length; i++) {
                        double z = 0;
                        for (int j = 0; j < w.length; j++) {
                            z += xs[i][j] * w[j];
                        }
                        loss += Math.log1p(Math.exp(-y[i] * z));
                    }
                    double penalty = 0;
                    for (double v : w) {
                        penalty += v * v;
                    }
                    return loss / xs.length + 0.05 * penalty;
                }

                @Differentiable
                public static double secondReadsFirst(double[] x) {
                    double s = 0;
                    for (double v : x) {
                        s += Math.sin(v);
                    }
                    double t = 0;
                    for (double v : x) {
                        t += s * v;
                    }
                    return t;
                }

                @Differentiable
                public static double firstReadsSecond(double[] x, double c) {
                    double a = c * c;
                    double s = 0;
                    for (double v : x) {
                        s += a * v;
                    }
                    for (double v : x) {
                        a += Math.cos(v * c);
                    }
                    return s + a;
                }

                @Differentiable
                public static double carried(double[] x) {
                    double h = 0;
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        h = 0.5 * h + x[i];
                        s += h * h;
                    }
                    return s;
                }

                @Differentiable
                public static double squaredSum(double[] x) {
                    double s = 0;
                    for (double v : x) {
                        s += v * v;
                    }
                    return s * s;
                }

                @Differentiable
                public static double resultReadBefore(double[] x, double p) {
                    double s = Math.exp(p);
                    for (double v : x) {
                        s += v * p;
                    }
                    return s;
                }

                @Differentiable
                public static double meanOfPositive(double[] x) {
                    double s = 0;
                    int count = 1;
                    for (double v : x) {
                        if (v > 0) {
                            s += v * v;
                            count++;
                        }
                    }
                    return s / count;
                }

                @Differentiable
                public static double earlyExit(double[] x) {
                    double s = 0;
                    for (double v : x) {
                        if (v > 1.2) {
                            break;
                        }
                        s += Math.sin(v);
                    }
                    return s;
                }

                @Differentiable
                public static double sumInCondition(double[] x) {
                    double s = 0;
                    int i = 0;
                    while (i < x.length && s < 3) {
                        s += x[i] * x[i];
                        i++;
                    }
                    return s;
                }

                @Differentiable
                public static double scaledByParameter(double[] x, double c) {
                    double s = 0;
                    for (double v : x) {
                        s += Math.exp(v * c);
                    }
                    return s * Math.sin(c);
                }

                @Differentiable
                public static double dividedByParameter(double[] x, double p) {
                    double s = 0;
                    for (double v : x) {
                        s += Math.cos(v);
                    }
                    return s / p;
                }
            }
            """);

    private static final ArrayChecker FUSION = new ArrayChecker(COMPILED, "p.Fusion");

    /** The text of one generated method, from its signature to its closing brace. */
    private static String generatedMethod(String name) {
        return COMPILED.generatedMethod("p.FusionGrad", name);
    }

    /**
     * The generated method holding {@code method}'s adjoint code: the core {@code fGradientIntoZeroed} of
     * a method taking arrays, which {@code fGradient} calls, else {@code fGradient}.
     */
    private static String adjointCode(String method) {
        String core = method + "GradientIntoZeroed";
        return COMPILED.generatedSource("p.FusionGrad").contains(" " + core + "(") ? generatedMethod(core)
                : generatedMethod(method + "Gradient");
    }

    private static boolean fused(String method) {
        String text = adjointCode(method);
        return text.contains("each iteration is reversed right after it runs");
    }

    private static double[] randomVector(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = -1.5 + 3 * random.nextDouble();
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7})
    void fusedGradientsMatchForwardModeAndDifferences(int n) {
        Random random = new Random(n);
        double[] x = randomVector(random, n);
        FUSION.check("rosenbrock", 1e-6, (Object) x);
        double[][] xs = new double[n + 2][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = randomVector(random, 3);
        }
        FUSION.check("logistic", 1e-6, randomVector(random, 3), xs, randomVector(random, n + 2));
        FUSION.check("twoSums", 1e-6, x, 0.7);
        FUSION.check("reassignedLocal", 1e-6, x, 0.7);
        FUSION.check("regularised", 1e-6, randomVector(random, 3), xs, randomVector(random, n + 2));
        FUSION.check("secondReadsFirst", 1e-6, (Object) x);
        FUSION.check("firstReadsSecond", 1e-6, x, 0.6);
        FUSION.check("innerBreak", 1e-6, (Object) x);
    }

    @Test
    void sumsOnlyAccumulatedAreReversedInOnePassWithoutATape() {
        for (String method : new String[] {"rosenbrock", "logistic", "twoSums", "reassignedLocal"}) {
            assertTrue(fused(method), method + " is fused:\n" + adjointCode(method));
            String text = adjointCode(method);
            assertFalse(text.contains("Stack"), method + " needs no tape:\n" + text);
        }
        // Two independent loops (a loss and its penalty) are both fused; the comment says "loops".
        assertTrue(adjointCode("regularised").contains("The loops only add"),
                adjointCode("regularised"));
        assertFalse(adjointCode("regularised").contains("Stack"), adjointCode("regularised"));
        // A loop reading what an earlier one wrote: only the later loop is fused.
        assertTrue(adjointCode("secondReadsFirst").contains("The loop only adds"),
                adjointCode("secondReadsFirst"));
        // An inner loop with a break is reversed inside each fused iteration, with its own tape.
        assertTrue(fused("innerBreak"), adjointCode("innerBreak"));
        // Both contributions to xAdj[i] are added up in a local: the element is written once.
        String rosenbrock = adjointCode("rosenbrock");
        assertEquals(1, rosenbrock.split("xAdj\\[i\\] [+-]=", -1).length - 1, rosenbrock);
        // The intermediate exp(z) is named once in the forward code and reused by the adjoint.
        String logistic = adjointCode("logistic");
        String logisticCode = logistic.lines().filter(l -> !l.strip().startsWith("//")).collect(joining("\n"));
        assertEquals(1, logisticCode.split("Math\\.exp\\(", -1).length - 1, logistic);
    }

    @Test
    void loopsOutsideTheShapeAreReversedAfterTheForwardSweep() {
        for (String method : new String[] {"carried", "squaredSum", "resultReadBefore", "meanOfPositive",
                "earlyExit", "sumInCondition", "dividedByParameter", "scaledByParameter", "arrayOutside"}) {
            assertFalse(fused(method), method + " must not be fused:\n" + adjointCode(method));
        }
    }

    /**
     * Fused, the iteration's adjoint would undo {@code i++} (to read {@code x[i]}) and the next
     * iteration would start again from the same {@code i}: the gradient never returned.
     */
    @Test
    void aCounterSteppedInTheBodyIsNotFused() {
        double[] x = {0.5, -1.5, 2.0};
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> FUSION.check("counterInBody", 1e-6, x, 0.7));
        assertFalse(fused("counterInBody"), generatedMethod("counterInBodyGradient"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6})
    void loopsOutsideTheShapeStillDifferentiateCorrectly(int n) {
        Random random = new Random(100 + n);
        double[] x = randomVector(random, n);
        FUSION.check("carried", 1e-6, (Object) x);
        FUSION.check("squaredSum", 1e-6, (Object) x);
        FUSION.check("resultReadBefore", 1e-6, x, 0.3);
        FUSION.check("meanOfPositive", 1e-6, (Object) x);
        FUSION.check("earlyExit", 1e-6, (Object) x);
        FUSION.check("sumInCondition", 1e-6, (Object) x);
        FUSION.check("dividedByParameter", 1e-6, x, 1.7);
        FUSION.check("scaledByParameter", 1e-6, x, 0.4);
        FUSION.check("arrayOutside", 1e-6, (Object) x);
    }
}
