package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The fuzzers' findings, minimised, each pinned by its own test. */
class FuzzRegressionTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Found {
                /** An inner loop's counter, set inside the outer loop, must be saved when the inner loop reads it back. */
                @Differentiable(wrt = {"y"})
                public static double nestedEnhancedFor(double x, double y, double[] w, int n) {
                    for (double a : w) {
                        for (double b : w) {
                            y = y * (0.9 + 0.01 * a * b);
                        }
                    }
                    return y * w[0] + x;
                }

                /** The zero-tangent guard must not hide a second derivative: d2/dx2 atan(0.5 + x^2) at 0 is 1.6. */
                @Differentiable(hessian = true)
                public static double atan2AtZero(double x, double y) {
                    return Math.atan2(0.5 + x * x, Math.max(y, 0.0) / y);
                }

                /** A parameter left out by wrt, reassigned with an active value, needs a tangent of its own. */
                @Differentiable(wrt = {"w"})
                public static double reassignedOutsideWrt(double x, double[] w) {
                    x += w[1] / x;
                    return x * w[0];
                }
            }
            """);

    @Test
    void nestedEnhancedForLoopsKeepTheirCounters() {
        new ArrayChecker(COMPILED, "p.Found").wrt(1).check("nestedEnhancedFor", 1e-7, -0.37, 0.15,
                new double[] {0.97, -0.31}, 4);
    }

    @Test
    void hessianAtAPointWhereATangentIsZero() throws Exception {
        Method hessian = Arrays.stream(COMPILED.gradClassFor("p.Found").getMethods())
                .filter(m -> m.getName().equals("atan2AtZeroHessian")).findFirst().orElseThrow();
        double[][] h = (double[][]) hessian.invoke(null, 0.0, 0.556887902617766);
        assertEquals(1.6, h[0][0], 1e-14);
    }

    @Test
    void parameterOutsideWrtReassigned() {
        new ArrayChecker(COMPILED, "p.Found").wrt(1).check("reassignedOutsideWrt", 1e-7, 0.5, new double[] {0.3, 0.7});
    }

    /**
     * Seed 940283: the loop is a fusion candidate (it only adds to {@code s}), but fused, the inner
     * loop's adjoint would set {@code n}, which outlives an iteration; the unfused translation that
     * follows must not declare the inner loop's locals {@code j} and {@code a} a second time at the
     * start of the method. Compiled on its own so that the other findings do not depend on it.
     */
    @Test
    void discardedFusionLeavesNoHoistedLocals() {
        Compiled compiled = compileStrict("""
                package p;

                import dev.adjoint.Differentiable;

                public class FusionTried {
                    @Differentiable
                    public static double innerLoopUndoesACounter(double x, double[] w, int n) {
                        double s = 0;
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                double a = w[j] * x;
                                n -= 1;
                                s += a * n;
                            }
                        }
                        return s;
                    }
                }
                """);
        new ArrayChecker(compiled, "p.FusionTried").check("innerLoopUndoesACounter", 1e-7, 0.7,
                new double[] {0.3, -1.2}, 3);
    }
}
