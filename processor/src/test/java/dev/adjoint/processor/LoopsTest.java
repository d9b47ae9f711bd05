package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Tapes;
import org.junit.jupiter.api.Test;

/**
 * Scalar loops: while, do/while and for, nested, with break and continue and data-dependent trip
 * counts. Reverse mode records overwritten values, branch decisions, trip counts and how each
 * iteration ended on primitive tapes; both modes must agree with finite differences.
 */
class LoopsTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Loops {
                @Differentiable
                public static double iterated(double x, int n) {
                    for (int k = 0; k < n; k++) {
                        x = Math.sin(x) * 1.5 + 0.1 * x;
                    }
                    return x;
                }

                @Differentiable
                public static double newtonSqrt(double a) {
                    double x = a;
                    double err = 1;
                    int it = 0;
                    while (err > 1e-15 && it < 100) {
                        double next = 0.5 * (x + a / x);
                        err = Math.abs(next - x);
                        x = next;
                        it++;
                    }
                    return x;
                }

                @Differentiable
                public static double power(double x, int n) {
                    double p = 1;
                    int i = 0;
                    while (i < n) {
                        p *= x;
                        i++;
                    }
                    return p;
                }

                @Differentiable
                public static double jumps(double x, double y, int n) {
                    double s = 0;
                    int i = 0;
                    do {
                        i++;
                        if (i % 3 == 0) continue;
                        double t = Math.sin(x * i) + y;
                        if (t > 1.7) break;
                        s += t * t;
                        for (int j = 0; j < i; j++) {
                            if (j == 2) continue;
                            s = s * 0.9 + Math.cos(y * j) * x;
                            if (s > 50) break;
                        }
                    } while (i < n);
                    return s;
                }

                @Differentiable
                public static double nested(double a, double b, int n) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        double row = a * i;
                        for (int j = 0; j <= i; j++) {
                            row = row * b + Math.exp(-j * a);
                            if (row > 1e6) {
                                row = Math.log(row);
                            }
                        }
                        sum += row * row;
                    }
                    return sum;
                }

                @Differentiable(wrt = {"x", "y"})
                public static double innerLoopReadsOuterElement(double x, double y, double[] w) {
                    for (double e : w) {
                        for (int i = 0; i < 2 && x <= 0.1; i++) {
                            double s = Math.sin(e);
                            y *= s;
                        }
                    }
                    return x + y;
                }

                @Differentiable
                public static double breakContinueBreak(double[] w, double x) {
                    double s = 0;
                    for (double e : w) {
                        if (e > 5) {
                            break;
                        }
                        if (e > 0) {
                            s += e * x;
                            continue;
                        }
                        s += e * e;
                        if (e < -5) {
                            break;
                        }
                    }
                    return s;
                }

                @Differentiable
                public static double returnsFromLoops(double x, double y, int n) {
                    double s = x;
                    for (int i = 0; i < n; i++) {
                        s = s * y + Math.sin(s);
                        if (s > 3) {
                            return s * x;
                        }
                        int j = 0;
                        while (j < i) {
                            s += Math.cos(y * j) * x;
                            if (s < -2) {
                                return s + Math.exp(x);
                            }
                            j++;
                        }
                    }
                    int k = 0;
                    do {
                        s = s * 0.5 + y;
                        if (s * s > 10) {
                            return -s;
                        }
                        k++;
                    } while (s > 1 && k < 20);
                    return s * y;
                }

                @Differentiable
                public static double callsInLoop(double x, int n) {
                    double s = 0;
                    for (int i = 1; i <= n; i++) {
                        s += iterated(x / i, 3) * power(x, i % 4);
                    }
                    return s;
                }
            }
            """);
    private static final GradientChecker LOOPS = COMPILED.checker("p.Loops");

    /** A loop whose body always leaves by a return or a break: its iteration never reaches its end. */
    @Test
    void aLoopBodyThatAlwaysLeavesCompilesAndDifferentiates() {
        Compiled compiled = compileStrict("""
                package p;

                import dev.adjoint.Differentiable;

                public class Leaves {
                    @Differentiable
                    public static double once(double x, int n) {
                        double s = x;
                        while (true) {
                            s = s * x + Math.sin(s);
                            return s;
                        }
                    }

                    @Differentiable
                    public static double firstPass(double x, int n) {
                        double s = x;
                        for (int i = 0; i < n; i++) {
                            s = s * x + 1;
                            break;
                        }
                        return s * s;
                    }
                }
                """);
        GradientChecker leaves = compiled.checker("p.Leaves");
        leaves.check("once", 0.7, 3);
        leaves.check("firstPass", 0.7, 3);
        leaves.check("firstPass", 0.7, 0);
    }

    @Test
    void iteratedMapWithZeroOneAndManyIterations() {
        for (int n : new int[] {0, 1, 2, 10, 200}) {
            LOOPS.check("iterated", 0.4, n);
            LOOPS.check("iterated", -1.3, n);
        }
        assertEquals(1.0, LOOPS.check("iterated", 0.4, 0).reverse()[0]);
    }

    @Test
    void aThreadGivesItsTapesBackAndTheNextGradientIsTheSame() {
        double[] first = LOOPS.reverse("iterated", 0.4, 100_000);
        // one double per step was recorded, and the capacity stays for the next call
        assertTrue(Tapes.retainedBytes() >= 100_000L * Double.BYTES, () -> Tapes.retainedBytes() + " bytes");
        Tapes.release();
        assertTrue(Tapes.retainedBytes() < 1_000, () -> Tapes.retainedBytes() + " bytes");
        double[] again = LOOPS.reverse("iterated", 0.4, 100_000);
        assertEquals(Double.doubleToRawLongBits(first[1]), Double.doubleToRawLongBits(again[1]));
    }

    /**
     * The inner loop's adjoint recomputes {@code s = sin(e)}, so the reversed outer iteration recomputes
     * {@code e = w[eIndex]}, so it must undo {@code eIndex++} although {@code e} itself is inactive
     * (fuzz seeds 13251 and 13623: the index ran past the array, or read the wrong element).
     */
    @Test
    void anInnerLoopsRecomputationReachesTheOuterCounter() {
        double[] w = {1.35, 0.7, -0.4};
        double[] gradient = new ArrayChecker(COMPILED, "p.Loops").wrt(0, 1)
                .check("innerLoopReadsOuterElement", 1e-7, -1.47, 0.139, w);
        double product = 1;
        for (double e : w) {
            product *= Math.sin(e) * Math.sin(e);
        }
        assertEquals(1.0, gradient[0], 0.0);
        assertEquals(product, gradient[1], 1e-15);
    }

    /**
     * A {@code continue} whose id lies between two {@code break}s' (fuzz seed 14517): the reversed
     * iteration must undo the counter after it, where a range test of the break ids took it for a break.
     */
    @Test
    void aContinueBetweenTwoBreaksStillAdvancedTheCounter() {
        ArrayChecker arrays = new ArrayChecker(COMPILED, "p.Loops");
        double[] gradient = arrays.check("breakContinueBreak", 1e-7, new double[] {0.5, 0.7, -0.3}, 1.5);
        assertEquals(java.util.List.of(1.5, 1.5, -0.6, 1.2),
                java.util.Arrays.stream(gradient).boxed().map(g -> Math.round(g * 1e12) / 1e12).toList());
        arrays.check("breakContinueBreak", 1e-7, new double[] {0.5, -6, 0.7}, 1.5);
        arrays.check("breakContinueBreak", 1e-7, new double[] {-0.2, 6, 0.7}, 1.5);
    }

    @Test
    void newtonIterationForSquareRootHasDerivativeOneOverTwoRootA() {
        for (double a : new double[] {0.25, 2, 9, 1e4}) {
            double[] reverse = LOOPS.reverse("newtonSqrt", a);
            assertEquals(1 / (2 * Math.sqrt(a)), reverse[1], 1e-12 / Math.sqrt(a));
            assertEquals(reverse[1], LOOPS.forward("newtonSqrt", dev.adjoint.runtime.Dual.variable(a)).tangent(), 1e-13);
        }
    }

    @Test
    void integerPowerByRepeatedMultiplication() {
        for (int n = 0; n <= 7; n++) {
            LOOPS.check("power", 1.3, n).assertDerivatives(1e-12, n * Math.pow(1.3, Math.max(n - 1, 0)) * (n == 0 ? 0 : 1));
        }
    }

    @Test
    void breakAndContinueInsideDoWhileAndNestedFor() {
        for (int n : new int[] {1, 2, 3, 5, 8}) {
            LOOPS.check("jumps", 0.3, 0.2, n);
            LOOPS.check("jumps", 0.9, 1.1, n);
            LOOPS.check("jumps", 1.4, -0.4, n);
        }
    }

    @Test
    void nestedLoopsWithBranchesInside() {
        for (int n : new int[] {0, 1, 3, 6}) {
            LOOPS.check("nested", 0.3, 0.8, n);
            LOOPS.check("nested", 0.7, 1.9, n);
        }
    }

    @Test
    void returnsFromInsideNestedLoops() {
        for (double[] p : new double[][] {{0.2, 1.3}, {0.9, 1.1}, {1.5, 0.7}, {-1.0, 1.4}, {0.3, -1.7}, {2.5, 2.2}}) {
            for (int n : new int[] {0, 1, 3, 6}) {
                LOOPS.check("returnsFromLoops", p[0], p[1], n);
            }
        }
    }

    @Test
    void differentiableCallsInsideLoops() {
        for (int n : new int[] {0, 1, 4, 9}) {
            LOOPS.check("callsInLoop", 0.6, n);
            LOOPS.check("callsInLoop", -1.1, n);
        }
    }
}
