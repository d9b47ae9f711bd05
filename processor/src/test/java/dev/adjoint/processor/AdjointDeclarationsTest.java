package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Reverse mode declares the adjoint of an intermediate value where it is first written
 * ({@code double aAdj = e;}), the adjoints it returns as zeros it adds to; the gradient is the
 * same bit for bit, a zero's sign included.
 */
class AdjointDeclarationsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Chain {
                @Differentiable
                public static double f(double x, double y) {
                    double a = x * y;
                    double b = Math.sin(a) - x;
                    return a * b * y;
                }
            }
            """;

    @Test
    void intermediateAdjointsAreDeclaredAtTheirFirstWrite() {
        Compiled c = compile(SOURCE);
        String gradient = c.generatedMethod("p.ChainGrad", "fGradient");
        assertFalse(gradient.contains("double aAdj = 0.0;"), gradient);
        assertFalse(gradient.contains("double bAdj = 0.0;"), gradient);
        assertTrue(gradient.contains("double bAdj = "), gradient);
        assertTrue(gradient.contains("double aAdj = "), gradient);
        // The partials returned start as zeros and only add.
        assertTrue(gradient.contains("double xAdj = 0.0;"), gradient);
        assertTrue(gradient.contains("double yAdj = 0.0;"), gradient);
        c.checker("p.Chain").check("f", 0.3, 1.7).assertDerivatives(1e-15,
                1.7 * 1.7 * (Math.sin(0.51) - 0.3) + 0.51 * 1.7 * (Math.cos(0.51) * 1.7 - 1),
                2 * 0.3 * 1.7 * (Math.sin(0.51) - 0.3) + 0.51 * 1.7 * Math.cos(0.51) * 0.3);
    }

    @Test
    void aNegativeZeroAdjointLeavesTheGradientAsZerosStartedWithZeroGiveIt() throws Exception {
        Compiled c = compile(SOURCE);
        Method gradient = c.gradClassFor("p.Chain").getMethod("fGradient", double.class, double.class);
        for (double x : new double[] {0.0, -0.0, 0.3, -2.5}) {
            for (double y : new double[] {0.0, -0.0, 1.7, -1.1}) {
                Object record = gradient.invoke(null, x, y);
                double dX = (double) record.getClass().getMethod("dX").invoke(record);
                double dY = (double) record.getClass().getMethod("dY").invoke(record);
                // What the sweep with every adjoint starting at +0.0 gives, written out.
                double a = x * y;
                double sinA = Math.sin(a);
                double b = sinA - x;
                double aTimesB = a * b;
                double xAdj = 0.0;
                double yAdj = 0.0;
                double aAdj = 0.0;
                double bAdj = 0.0;
                double aTimesBAdj = 0.0;
                aTimesBAdj += y;
                yAdj += aTimesB;
                aAdj += aTimesBAdj * b;
                bAdj += aTimesBAdj * a;
                aAdj += bAdj * Math.cos(a);
                xAdj -= bAdj;
                xAdj += aAdj * y;
                yAdj += aAdj * x;
                assertEquals(Double.doubleToRawLongBits(xAdj), Double.doubleToRawLongBits(dX), "dX at " + x + ", " + y);
                assertEquals(Double.doubleToRawLongBits(yAdj), Double.doubleToRawLongBits(dY), "dY at " + x + ", " + y);
            }
        }
    }

    private static final String LOOPS = """
            package p;

            import dev.adjoint.Differentiable;

            public class Sums {
                @Differentiable
                public static double squares(double[] x, double c) {
                    double sum = 0;
                    for (int i = 0; i < x.length - 1; i++) {
                        double a = x[i + 1] - c * x[i];
                        sum += a * a;
                    }
                    return sum;
                }

                @Differentiable
                public static double skipping(double[] x, double c) {
                    double sum = 0;
                    for (int i = 0; i < x.length - 1; i++) {
                        double a = x[i + 1] - c * x[i];
                        if (a > 10) {
                            continue;
                        }
                        sum += a * a;
                    }
                    return sum;
                }
            }
            """;

    /**
     * In a loop reversed iteration by iteration, an intermediate's adjoint is zero when each iteration
     * starts (reset at its end): its first write assigns, {@code aAdj = e}, not {@code aAdj += e}, whose
     * {@code 0.0 + e} the JIT must compute; read nowhere after the loop, it is declared there
     * ({@code double aAdj = e;}) and not reset. Not where a jump could skip the reset.
     */
    @Test
    void aLoopAssignsTheAdjointItResetsEveryIteration() {
        Compiled c = compile(LOOPS);
        String squares = c.generatedMethod("p.SumsGrad", "squaresGradientIntoZeroed");
        // read nowhere after the loop: a local of the iteration, declared at its first write, no reset
        assertTrue(squares.contains("double aAdj = 2.0 * (sumAdj * a);"), squares);
        assertFalse(squares.contains("aAdj += "), squares);
        assertFalse(squares.contains("aAdj = 0.0;"), squares);
        String skipping = c.generatedMethod("p.SumsGrad", "skippingGradientIntoZeroed");
        assertFalse(skipping.contains("aAdj = 2.0"), skipping);
        dev.adjoint.processor.testing.ArrayChecker checker = new dev.adjoint.processor.testing.ArrayChecker(c, "p.Sums");
        for (double[] x : new double[][] {{0.5, -1.0, 2.0, 0.25}, {3.0, 40.0, -2.0, 1.5}}) {
            checker.check("squares", 1e-7, x, 0.7);
            checker.check("skipping", 1e-7, x, 0.7);
        }
    }
}
