package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/**
 * Reverse mode saves the value an overwrite destroys only when an adjoint between the previous write
 * and this one reads it (OverwriteSaves): an accumulator summed in a loop is not taped per addition,
 * while a read on one branch, after a break, before a continue, across a loop that may not run, or by
 * the overwrite's own adjoint still saves it. Both modes must agree with finite differences.
 */
class OverwriteSavesTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Saves {
                @Differentiable
                public static double rnn(double[][] w, double[][] u, double[] bias, double[][] inputs) {
                    int hidden = bias.length;
                    double[][] hs = new double[inputs.length + 1][hidden];
                    for (int t = 0; t < inputs.length; t++) {
                        for (int i = 0; i < hidden; i++) {
                            double a = bias[i];
                            for (int j = 0; j < hidden; j++) {
                                a += w[i][j] * hs[t][j];
                            }
                            for (int j = 0; j < inputs[t].length; j++) {
                                a += u[i][j] * inputs[t][j];
                            }
                            hs[t + 1][i] = Math.tanh(a);
                        }
                    }
                    double loss = 0;
                    for (int i = 0; i < hidden; i++) {
                        loss += hs[inputs.length][i] * hs[inputs.length][i];
                    }
                    return loss;
                }

                @Differentiable
                public static double oneBranch(double[] c, double x) {
                    double y = 0;
                    double s = x;
                    for (int i = 0; i < c.length; i++) {
                        if (c[i] > 0) {
                            y += Math.sin(s) * c[i];
                        } else {
                            y += c[i] * x;
                        }
                        s = c[i] * x + 1;
                    }
                    return y + s;
                }

                @Differentiable
                public static double zeroTrips(double x, int n, int m) {
                    double y = 0;
                    double s = x;
                    for (int t = 0; t < m; t++) {
                        y += Math.exp(s);
                        for (int j = 0; j < n; j++) {
                            s = x * j;
                        }
                        s = Math.cos(x) * t;
                    }
                    return y + s;
                }

                @Differentiable
                public static double ownReads(double x, double[] f) {
                    double s = x;
                    for (int i = 0; i < f.length; i++) {
                        s = s * f[i];
                        s = Math.sin(s);
                    }
                    return s;
                }

                @Differentiable
                public static double readAfterInner(double[] w, double x) {
                    double y = 0;
                    double a = x;
                    for (int t = 0; t < 3; t++) {
                        a = x * t;
                        for (int j = 0; j < w.length; j++) {
                            a += w[j] * x;
                        }
                        y += Math.sin(a);
                        a = y * 0.5;
                        y += a * a;
                    }
                    return y;
                }

                @Differentiable
                public static double breakRead(double[] c, double x) {
                    double y = 0;
                    double s = x;
                    for (int i = 0; i < c.length; i++) {
                        s = c[i] * x;
                        if (c[i] > 1) {
                            y += Math.sin(s);
                            break;
                        }
                        y += s;
                    }
                    s = x * x;
                    return y + s;
                }

                @Differentiable
                public static double breakReadInOuterLoop(double[] c, double x) {
                    double y = 0;
                    double s = x;
                    for (int t = 0; t < 2; t++) {
                        for (int i = 0; i < c.length; i++) {
                            s = c[i] * x + t;
                            if (c[i] > 1) {
                                y += Math.sin(s);
                                break;
                            }
                            y += s;
                        }
                        s = x * x;
                        y += s;
                    }
                    return y;
                }

                @Differentiable
                public static double continueRead(double[] c, double x) {
                    double y = 0;
                    double s = x;
                    for (int i = 0; i < c.length; i++) {
                        s = c[i] * x;
                        if (c[i] < 0) {
                            y += s * s;
                            continue;
                        }
                        y += s;
                    }
                    return y;
                }

                @Differentiable
                public static double fusedLayer(double[] w, double[] x) {
                    double loss = 0;
                    for (int i = 0; i < 3; i++) {
                        double a = 0.1 * i;
                        for (int j = 0; j < x.length; j++) {
                            a += w[j] * x[j];
                        }
                        loss += Math.sin(a) * a;
                    }
                    return loss;
                }
            }
            """);
    private static final ArrayChecker ARRAYS = new ArrayChecker(COMPILED, "p.Saves");
    private static final GradientChecker SCALARS = COMPILED.checker("p.Saves");

    private static String adjointCode(String method) {
        return COMPILED.generatedMethod("p.SavesGrad", method + "GradientIntoZeroed");
    }

    /**
     * The accumulator is never saved: not in the inner loops, whose adjoints read the weights and the
     * inputs only, nor where it is reset, since tanh's derivative reads its result from the element
     * (ResultReadsTest).
     */
    @Test
    void anAccumulatorIsNotSavedPerAddition() {
        String code = adjointCode("rnn");
        assertEquals(0, TapedCode.pushes(code, "a"), code);
        assertEquals(0, TapedCode.pops(code, "a"), code);
        double[][] w = {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.6}, {-0.3, 0.2, 0.25}};
        double[][] u = {{0.7, -0.1}, {0.2, 0.5}, {-0.4, 0.3}};
        double[] bias = {0.05, -0.1, 0.2};
        ARRAYS.check("rnn", 1e-7, w, u, bias, new double[][] {{0.5, -1.0}, {0.2, 0.8}, {-0.6, 0.1}, {1.1, -0.3}});
        ARRAYS.check("rnn", 1e-7, w, u, bias, new double[][] {{0.5, -1.0}});
        // An input of length zero: the second inner loop runs no times.
        ARRAYS.check("rnn", 1e-7, w, u, bias, new double[][] {{0.5, -1.0}, {}, {0.3, 0.4}});
        ARRAYS.check("rnn", 1e-7, w, u, bias, new double[][] {});
    }

    @Test
    void aReadOnOneBranchSavesTheNextOverwrite() {
        ARRAYS.check("oneBranch", 1e-7, new double[] {0.5, -0.3, 0.8, 1.2}, 0.7);
        ARRAYS.check("oneBranch", 1e-7, new double[] {-0.5, 0.3, -0.8}, -1.1);
        ARRAYS.check("oneBranch", 1e-7, new double[] {}, 0.4);
        assertEquals(1, TapedCode.pushes(adjointCode("oneBranch"), "s"));
    }

    /** The inner loop may not run: the read before it reaches the overwrite after it. */
    @Test
    void aLoopThatRunsNoTimesPassesReadsOn() {
        for (int n : new int[] {0, 1, 3}) {
            for (int m : new int[] {0, 1, 4}) {
                SCALARS.check("zeroTrips", 0.4, n, m);
                SCALARS.check("zeroTrips", -1.3, n, m);
            }
        }
    }

    @Test
    void anOverwriteWhoseOwnAdjointReadsTheOldValueSavesIt() {
        String code = adjointCode("ownReads");
        // s = s * f[i] saves s; s = Math.sin(s), with s its only active operand, tapes its partial instead.
        assertEquals(1, TapedCode.pushes(code, "s"), code);
        assertEquals(1, TapedCode.pushes(code, "Math.cos(s)"), code);
        ARRAYS.check("ownReads", 1e-7, 0.8, new double[] {1.3, -0.7, 2.1});
        ARRAYS.check("ownReads", 1e-7, -0.4, new double[] {});
    }

    @Test
    void aReadInTheOuterLoopAfterTheInnerOneSavesTheOuterOverwrite() {
        String code = adjointCode("readAfterInner");
        assertTrue(TapedCode.pushes(code, "a") == 2, code);
        ARRAYS.check("readAfterInner", 1e-7, new double[] {0.3, -0.2, 0.5}, 0.6);
        ARRAYS.check("readAfterInner", 1e-7, new double[] {}, -0.9);
    }

    @Test
    void aReadBeforeABreakReachesWhatFollowsTheLoop() {
        for (double[] c : new double[][] {{0.5, 1.5, 0.2}, {0.5, 0.2}, {2.0}, {}}) {
            ARRAYS.check("breakRead", 1e-7, c, 0.7);
            ARRAYS.check("breakReadInOuterLoop", 1e-7, c, -0.45);
        }
    }

    @Test
    void aReadBeforeAContinueReachesTheNextIteration() {
        for (double[] c : new double[][] {{0.5, -1.5, 0.2, -0.3}, {-0.5, -0.2}, {0.2}, {}}) {
            ARRAYS.check("continueRead", 1e-7, c, 0.7);
        }
        assertEquals(1, TapedCode.pushes(adjointCode("continueRead"), "s"));
    }

    /** Each iteration of a fused loop is reversed right after it: its inner loop's sum needs no tape either. */
    @Test
    void aFusedLoopsInnerAccumulatorIsNotTaped() {
        String code = COMPILED.generatedMethod("p.SavesGrad", "fusedLayerGradientIntoZeroed");
        assertTrue(code.contains("each iteration is reversed right after it runs"), code);
        assertTrue(!code.contains("doubleTape"), code);
        ARRAYS.check("fusedLayer", 1e-7, new double[] {0.3, -0.2, 0.5}, new double[] {1.1, 0.4, -0.7});
        ARRAYS.check("fusedLayer", 1e-7, new double[] {}, new double[] {});
    }
}
