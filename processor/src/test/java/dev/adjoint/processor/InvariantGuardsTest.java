package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An innermost reversed loop whose strong-zero guard {@code if (aAdj != 0.0)} tests an adjoint the loop
 * never writes is split in two under one test of it (InvariantGuards): the loop that sends the adjoint
 * on, and the loop that only restores its indices. A zero adjoint still contributes exactly 0, also
 * against an infinite input, and the gradients agree with forward mode and finite differences. Which
 * guards may leave a loop: reverse.InvariantGuardsUnitTest.
 */
class InvariantGuardsTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Cells {
                /** A gated recurrent cell: a step whose gate is 0 sends a zero adjoint into its sums. */
                @Differentiable
                public static double gated(double[] w, double[] u, double[][] xs, double[] gates, double h0) {
                    double h = h0;
                    for (int t = 0; t < xs.length; t++) {
                        double a = 0;
                        for (int j = 0; j < w.length; j++) {
                            a += w[j] * h;
                        }
                        for (int j = 0; j < u.length; j++) {
                            a += u[j] * xs[t][j];
                        }
                        h = Math.tanh(a) * gates[t];
                    }
                    return h;
                }

            }
            """);

    private static final ArrayChecker ARRAYS = new ArrayChecker(COMPILED, "p.Cells");

    @Test
    void theGuardOfASumsAdjointIsTestedOnceOutsideTheLoop() {
        String code = COMPILED.generatedMethod("p.CellsGrad", "gatedGradientIntoZeroed");
        assertEquals(2, TapedCode.occurrences(code, "if (aAdj != 0.0) {\n"), code);
        assertTrue(code.matches("(?s).*if \\(aAdj != 0\\.0\\) \\{\\s*while \\(.*"), code);
        assertTrue(!code.matches("(?s).*while \\(trips2? > 0\\) \\{[^}]*if \\(aAdj != 0\\.0\\).*"), code);
        double[] w = {0.4, -0.3};
        double[] u = {0.2, 0.5, -0.1};
        double[][] xs = {{0.3, -0.8, 0.5}, {1.1, 0.2, -0.4}, {-0.6, 0.9, 0.1}};
        ARRAYS.check("gated", 1e-7, w, u, xs, new double[] {1.0, 0.8, 1.2}, 0.3);
        ARRAYS.check("gated", 1e-7, w, u, xs, new double[] {1.0, 0.0, 1.2}, 0.3);
        ARRAYS.check("gated", 1e-7, w, u, new double[0][], new double[0], 0.3);
    }

    /**
     * A gate of 0 makes its step's adjoint exactly zero: an infinite input of that step contributes
     * nothing, as a finite one does, where multiplying the zero by it would give NaN.
     */
    @Test
    void aZeroAdjointSkipsItsSumAgainstAnInfiniteInput() {
        double[] w = {0.4, -0.3};
        double[] u = {0.2, 0.5, -0.1};
        double[] gates = {1.0, 0.0, 1.2};
        double[][] infinite = {{0.3, -0.8, 0.5}, {Double.POSITIVE_INFINITY, 0.2, -0.4}, {-0.6, 0.9, 0.1}};
        double[][] finite = {{0.3, -0.8, 0.5}, {0.0, 0.2, -0.4}, {-0.6, 0.9, 0.1}};
        double[] withInfinity = ARRAYS.reverse("gated", w, u, infinite, gates, 0.3);
        double[] withZero = ARRAYS.reverse("gated", w, u, finite, gates, 0.3);
        assertTrue(Arrays.stream(withInfinity).allMatch(Double::isFinite), Arrays.toString(withInfinity));
        // value, w, u, xs: the infinity changes none of them (d/dxs[1][0] = u[0] tanh'(a) 0 = 0); the
        // gates' partials (15..17) read tanh(a) of their step, which it does change.
        assertEquals(Arrays.toString(Arrays.copyOf(withZero, 15)), Arrays.toString(Arrays.copyOf(withInfinity, 15)));
    }
}
