package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import org.junit.jupiter.api.Test;

/**
 * A rule written with its result (tanh, exp, sqrt, a quotient) reads the variable that holds the
 * result, not its argument: in loops reversed after the forward sweep, that argument is then saved only
 * for the adjoints that do read it, and the result's own later overwrites are saved instead. Both modes
 * must agree with finite differences wherever a save is left out.
 */
class ResultReadsTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Results {
                @Differentiable
                public static double recurrence(double[] w, double[] xs, double h0) {
                    double h = h0;
                    for (int t = 0; t < xs.length; t++) {
                        double a = 0;
                        for (int j = 0; j < w.length; j++) {
                            a += w[j] * h;
                        }
                        a += xs[t];
                        h = Math.tanh(a);
                    }
                    return h;
                }

                @Differentiable
                public static double argumentReadElsewhere(double[] c, double x) {
                    double y = 0;
                    double a = x;
                    for (int i = 0; i < c.length; i++) {
                        double h = Math.exp(a);
                        y += h + a * c[i];
                        a = c[i] * x + y * 0.1;
                    }
                    return y;
                }

                @Differentiable
                public static double readsItself(double[] c, double x) {
                    double h = x;
                    double y = 0;
                    for (int i = 0; i < c.length; i++) {
                        h = Math.tanh(h + c[i]);
                        y += h;
                        h = h * 0.5 + c[i];
                    }
                    return y;
                }

                @Differentiable
                public static double resultOverwrittenLater(double[] c, double x) {
                    double y = 0;
                    double h = x;
                    for (int i = 0; i < c.length; i++) {
                        double a = c[i] * x;
                        h = Math.exp(a);
                        y += h;
                        h = a * 0.5;
                        y += h;
                        a = 3.0;
                        y += a;
                    }
                    return y + h;
                }

                @Differentiable
                public static double quotient(double[] c, double d) {
                    double y = 0;
                    double s = d;
                    for (int i = 0; i < c.length; i++) {
                        double n = c[i] * d;
                        double q = n / s;
                        n = 2.0;
                        y += Math.sqrt(q * q + 1) + n;
                        s = s * 0.5 + q;
                    }
                    return y;
                }

                @Differentiable
                public static double power(double[] c, double x) {
                    double y = 0;
                    double s = x;
                    for (int i = 0; i < c.length; i++) {
                        double a = c[i] * s;
                        double p = Math.pow(a, 3.0);
                        a = 0;
                        y += p + a;
                        s = s * 0.5 + p;
                    }
                    return y;
                }

                @Differentiable
                public static double branchesAndJumps(double[] c, double x) {
                    double y = 0;
                    double h = x;
                    for (int i = 0; i < c.length; i++) {
                        double a = c[i] * x;
                        if (c[i] > 0) {
                            h = Math.tanh(a);
                        } else {
                            h = a * a;
                        }
                        a = h * 2;
                        if (c[i] > 2) {
                            y += h;
                            break;
                        }
                        if (c[i] < -2) {
                            continue;
                        }
                        h = Math.exp(a);
                        y += h;
                    }
                    return y + h;
                }

                @Differentiable
                public static double rnn(double[][] w, double[] bias, double[][] inputs) {
                    int hidden = bias.length;
                    double[][] hs = new double[inputs.length + 1][hidden];
                    for (int t = 0; t < inputs.length; t++) {
                        for (int i = 0; i < hidden; i++) {
                            double a = bias[i];
                            for (int j = 0; j < hidden; j++) {
                                a += w[i][j] * hs[t][j];
                            }
                            a += inputs[t][i];
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
                public static double elementOverwrittenLater(double[] c, double x) {
                    double[] z = new double[2];
                    double y = 0;
                    for (int i = 0; i < c.length; i++) {
                        z[i % 2] = Math.exp(c[i] * x);
                        y += z[i % 2] + z[(i + 1) % 2];
                        z[(i + 1) % 2] = x * c[i];
                    }
                    z[1] = x;
                    return y + z[0] + z[1];
                }

                @Differentiable
                public static double elementWrittenTwice(double[] c, double x) {
                    double[] z = new double[c.length];
                    double y = 0;
                    double s = x;
                    for (int i = 0; i < c.length; i++) {
                        z[i] = Math.tanh(c[i] * s);
                        y += z[i];
                        z[i] = Math.exp(z[i]) / (c[i] * c[i] + 1);
                        s = z[i] * 0.5 + s;
                    }
                    return y + s;
                }

                @Differentiable
                public static double elementsOnBranchesAndJumps(double[] c, double x) {
                    double[] z = new double[3];
                    double y = 0;
                    for (int i = 0; i < c.length; i++) {
                        int k = i % 3;
                        if (c[i] > 0) {
                            z[k] = Math.sqrt(c[i] * x + 4);
                        } else {
                            z[k] = x / (c[i] - 1);
                        }
                        if (c[i] > 2) {
                            y += z[k];
                            break;
                        }
                        if (c[i] < -2) {
                            continue;
                        }
                        z[(i + 1) % 3] = Math.exp(z[k]);
                        y += z[k] * 0.5;
                    }
                    z[0] = x * 3;
                    return y + z[0] + z[1] + z[2];
                }

                @Differentiable
                public static double elementReadLater(double[] c, double x) {
                    double[] z = new double[2];
                    double y = 0;
                    for (int i = 0; i < c.length; i++) {
                        z[i % 2] = Math.exp(c[i] * x);
                        y += z[(i + 1) % 2] * c[i];
                        z[(i + 1) % 2] = x * c[i];
                    }
                    z[1] = x;
                    return y + z[0] + z[1];
                }

                @Differentiable
                public static double fusedWithInnerLoop(double[] c, double x) {
                    double loss = 0;
                    for (int i = 0; i < c.length; i++) {
                        double[] t = new double[3];
                        for (int k = 0; k < 3; k++) {
                            t[k] = Math.tanh(c[i] * x + k);
                            loss += t[k] * t[k];
                        }
                        loss += t[0];
                    }
                    return loss;
                }
            }
            """);
    private static final ArrayChecker ARRAYS = new ArrayChecker(COMPILED, "p.Results");

    /** The adjoint code of {@code method}, whose loop is reversed after the forward sweep (not fused). */
    private static String adjointCode(String method) {
        String code = COMPILED.generatedMethod("p.ResultsGrad", method + "GradientIntoZeroed");
        assertTrue(code.contains("while (trips"), code);
        return code;
    }

    /** tanh's derivative reads h, so the accumulator a is never saved: not per addition, nor per reset. */
    @Test
    void anArgumentOnlyTheResultsRuleWouldReadIsNotSaved() {
        String code = adjointCode("recurrence");
        assertEquals(0, TapedCode.pushes(code, "a"), code);
        assertTrue(code.contains("(1.0 - h * h)"), code);
        double[] w = {0.3, -0.5, 0.8};
        ARRAYS.check("recurrence", 1e-7, w, new double[] {0.5, -1.0, 0.7, 0.2}, 0.3);
        ARRAYS.check("recurrence", 1e-7, w, new double[] {0.5}, -0.4);
        ARRAYS.check("recurrence", 1e-7, new double[] {}, new double[] {0.5, 0.1}, 0.9);
        ARRAYS.check("recurrence", 1e-7, w, new double[] {}, 0.2);
    }

    /** The product a * c[i] reads a, so a is saved although exp's rule reads h. */
    @Test
    void anArgumentAnotherAdjointReadsIsStillSaved() {
        String code = adjointCode("argumentReadElsewhere");
        assertEquals(1, TapedCode.pushes(code, "a"), code);
        ARRAYS.check("argumentReadElsewhere", 1e-7, new double[] {0.5, -0.3, 0.8}, 0.4);
        ARRAYS.check("argumentReadElsewhere", 1e-7, new double[] {}, 0.4);
    }

    /**
     * h = tanh(h + c[i]) has no variable holding its result during its adjoint, which computes it again
     * from h's old value: that value is saved, and the next overwrite, whose adjoint reads no h, saves none.
     */
    @Test
    void aRuleWhoseValueReadsItsOwnTargetStillRecomputes() {
        String code = adjointCode("readsItself");
        assertEquals(1, TapedCode.pushes(code, "h"), code);
        assertTrue(code.contains("double tmp1 = Math.tanh(h + c[i]);"), code);
        ARRAYS.check("readsItself", 1e-7, new double[] {0.5, -1.3, 0.8}, 0.4);
        ARRAYS.check("readsItself", 1e-7, new double[] {2.0}, -0.7);
    }

    /**
     * exp's rule reads h, which a later statement of the iteration overwrites: that overwrite saves h
     * (and a, read by nothing after exp's rule stopped reading it, is not saved).
     */
    @Test
    void theResultsLaterOverwriteIsSaved() {
        String code = adjointCode("resultOverwrittenLater");
        assertEquals(1, TapedCode.pushes(code, "h"), code);
        assertEquals(0, TapedCode.pushes(code, "a"), code);
        ARRAYS.check("resultOverwrittenLater", 1e-7, new double[] {0.5, -0.3, 0.8}, 0.6);
        ARRAYS.check("resultOverwrittenLater", 1e-7, new double[] {}, 0.6);
    }

    /** A quotient's rule reads its result and its divisor, not its dividend n, overwritten after it. */
    @Test
    void aQuotientsDividendIsNotSaved() {
        String code = adjointCode("quotient");
        assertEquals(0, TapedCode.pushes(code, "n"), code);
        ARRAYS.check("quotient", 1e-7, new double[] {0.5, -0.3, 0.8}, 1.7);
        ARRAYS.check("quotient", 1e-7, new double[] {1.5}, -0.6);
    }

    /** pow's rule reads its base as well as its result: the base is still saved. */
    @Test
    void aRuleThatAlsoReadsItsArgumentKeepsItSaved() {
        String code = adjointCode("power");
        assertEquals(1, TapedCode.pushes(code, "a"), code);
        ARRAYS.check("power", 1e-7, new double[] {0.5, -0.3, 0.8}, 1.3);
    }

    @Test
    void resultsReadOnBranchesAndAcrossBreakAndContinue() {
        for (double[] c : new double[][] {{0.5, -0.3, 0.8}, {0.5, 2.5, 0.1}, {-0.4, -2.5, 0.3, 0.2}, {3.0}, {}}) {
            ARRAYS.check("branchesAndJumps", 1e-7, c, 0.45);
            ARRAYS.check("branchesAndJumps", 1e-7, c, -0.8);
        }
    }

    /**
     * tanh's derivative reads the element it wrote, taken before the element is restored, instead of
     * computing tanh again from a restored accumulator: a is never saved, and tanh is called once per
     * element, in the forward sweep.
     */
    @Test
    void anElementWritesRuleReadsTheElementBeforeItIsRestored() {
        String code = adjointCode("rnn");
        assertTrue(code.contains("double tanhA = hs[t + 1][i];\n"), code);
        assertEquals(1, TapedCode.occurrences(code, "Math.tanh("), code);
        assertEquals(0, TapedCode.pushes(code, "a"), code);
        int read = code.indexOf("double tanhA = hs[t + 1][i];");
        assertTrue(read < TapedCode.indexOfPop(code, "hs[t + 1][i]", read), code);
        double[][] w = {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.6}, {-0.3, 0.2, 0.25}};
        double[] bias = {0.05, -0.1, 0.2};
        ARRAYS.check("rnn", 1e-7, w, bias, new double[][] {{0.5, -1.0, 0.3}, {0.2, 0.8, -0.4}, {-0.6, 0.1, 0.9}});
        ARRAYS.check("rnn", 1e-7, w, bias, new double[][] {{0.5, -1.0, 0.3}});
        ARRAYS.check("rnn", 1e-7, w, bias, new double[][] {});
    }

    /**
     * No adjoint but exp's would read z: its result is not read from the element, which would make z read
     * and every write of it save; exp is computed again, and z is never saved.
     */
    @Test
    void anArrayNoOtherAdjointReadsKeepsTheRecomputation() {
        String code = adjointCode("elementOverwrittenLater");
        assertEquals(0, TapedCode.pushesStartingWith(code, "z["), code);
        assertEquals(2, TapedCode.occurrences(code, "Math.exp("), code);
        ARRAYS.check("elementOverwrittenLater", 1e-7, new double[] {0.5, -0.3, 0.8, 1.1, -0.2}, 0.6);
        ARRAYS.check("elementOverwrittenLater", 1e-7, new double[] {0.5}, -0.6);
        ARRAYS.check("elementOverwrittenLater", 1e-7, new double[] {}, 0.3);
    }

    /**
     * z is read by a product's adjoint, so its writes save it: exp's rule reads z[i % 2], which the next
     * iteration and the write after the loop overwrite, both saving it.
     */
    @Test
    void anElementsLaterOverwritesSaveIt() {
        String code = adjointCode("elementReadLater");
        assertEquals(2, TapedCode.pushesStartingWith(code, "z["), code);
        assertEquals(1, TapedCode.occurrences(code, "zOld = z[1];"), code);
        assertEquals(1, TapedCode.occurrences(code, "Math.exp("), code);
        ARRAYS.check("elementReadLater", 1e-7, new double[] {0.5, -0.3, 0.8, 1.1, -0.2}, 0.6);
        ARRAYS.check("elementReadLater", 1e-7, new double[] {0.5}, -0.6);
        ARRAYS.check("elementReadLater", 1e-7, new double[] {}, 0.3);
    }

    /** One element written twice in an iteration, the second write reading the first's result. */
    @Test
    void anElementWrittenTwiceInAnIteration() {
        String code = adjointCode("elementWrittenTwice");
        assertEquals(1, TapedCode.occurrences(code, "Math.tanh("), code);
        ARRAYS.check("elementWrittenTwice", 1e-7, new double[] {0.5, -0.3, 0.8}, 0.6);
        ARRAYS.check("elementWrittenTwice", 1e-7, new double[] {1.5}, -0.9);
    }

    /** z is read only by the adjoint of exp(z[k]), whose write reads its result once z counts as read. */
    @Test
    void elementResultsOnBranchesAndAcrossBreakAndContinue() {
        String code = adjointCode("elementsOnBranchesAndJumps");
        assertEquals(1, TapedCode.occurrences(code, "Math.sqrt("), code);
        assertEquals(1, TapedCode.occurrences(code, "Math.exp("), code);
        for (double[] c : new double[][] {{0.5, -0.3, 0.8, 1.2, -0.7}, {0.5, 2.5, 0.1}, {-0.4, -2.5, 0.3, 0.2},
                {3.0}, {-3.0, 0.4}, {}}) {
            ARRAYS.check("elementsOnBranchesAndJumps", 1e-7, c, 0.45);
            ARRAYS.check("elementsOnBranchesAndJumps", 1e-7, c, -0.8);
        }
    }

    /** An inner loop reversed inside a fused one: its element writes read their results too. */
    @Test
    void anInnerLoopOfAFusedLoop() {
        String code = COMPILED.generatedMethod("p.ResultsGrad", "fusedWithInnerLoopGradientIntoZeroed");
        assertTrue(code.contains("each iteration is reversed right after it runs"), code);
        assertEquals(1, TapedCode.occurrences(code, "Math.tanh("), code);
        int read = code.indexOf("double tmp1 = t[k];");
        assertTrue(read >= 0 && read < TapedCode.indexOfPop(code, "t[k]", read), code);
        ARRAYS.check("fusedWithInnerLoop", 1e-7, new double[] {0.5, -0.3, 0.8}, 0.6);
        ARRAYS.check("fusedWithInnerLoop", 1e-7, new double[] {}, 0.6);
    }
}
