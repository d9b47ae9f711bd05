package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import org.junit.jupiter.api.Test;

/**
 * Reverse mode keeps a negated seed declared in a loop positive and lets its uses carry the sign
 * ({@code y -= e * c} instead of {@code double t = -e; y += t * c;}): the returned partials are the
 * same numbers, a zero's sign included where they start at {@code +0.0}. Straight-line code keeps its
 * negated temporaries.
 */
class NegatedSeedsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Rosen {
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
            }
            """;

    @Test
    void rosenbrocksLoopSubtractsInsteadOfStoringNegations() {
        Compiled c = compile(SOURCE);
        String loop = c.generatedMethod("p.RosenGrad", "rosenbrockGradientIntoZeroed");
        assertTrue(loop.replaceAll("\\s+", " ").contains("xAdj[i + 1] += aAdj; xAdj[i] -= bAdj + 2.0 * (aAdj * xI);"),
                loop);
        assertFalse(loop.contains("= -"), loop);
        ArrayChecker checker = new ArrayChecker(c, "p.Rosen");
        for (double[] x : new double[][] {{0.5, -1.0, 2.0, 0.25}, {1.0, 1.0, 1.0}, {-1.2, 1.0, 0.3, 0.0, 2.5}}) {
            checker.check("rosenbrock", 1e-7, x);
        }
    }

    @Test
    void thePartialsAreThoseOfTheSweepThatStoredTheNegations() {
        Compiled c = compile(SOURCE);
        ArrayChecker checker = new ArrayChecker(c, "p.Rosen");
        // x = 1 everywhere: a minimum, where every term of every partial is a zero.
        for (double[] x : new double[][] {{1.0, 1.0, 1.0}, {-0.0, 0.0, -0.0}, {0.5, -1.0, 2.0, 0.25}, {1.0, 1.0, -1.0}}) {
            // The value, then the partials.
            double[] gradient = checker.reverse("rosenbrock", (Object) x.clone());
            // The loop as generated before, with the negations in temporaries.
            double[] xAdj = new double[x.length];
            for (int i = 0; i < x.length - 1; i++) {
                double xI = x[i];
                double a = x[i + 1] - xI * xI;
                double b = 1 - x[i];
                double tmp1 = 100 * a;
                double aAdj = 2.0 * (1.0 * tmp1);
                double bAdj = 2.0 * (1.0 * b);
                double xAdjSum = -bAdj;
                xAdj[i + 1] += aAdj;
                double xISquaredAdj = -aAdj;
                xAdj[i] += xAdjSum + 2.0 * (xISquaredAdj * xI);
            }
            for (int k = 0; k < x.length; k++) {
                assertEquals(Double.doubleToRawLongBits(xAdj[k]), Double.doubleToRawLongBits(gradient[k + 1]),
                        "d/dx[" + k + "] at " + java.util.Arrays.toString(x));
            }
        }
    }

    private static final String KEPT = """
            package p;

            import dev.adjoint.Differentiable;

            public class Kept {
                @Differentiable
                public static double f(double x, double y, int n) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        double a = x * y;
                        double b = a - Math.sqrt(y) * Math.sqrt(x);
                        s += b * b;
                    }
                    return s;
                }

                @Differentiable
                public static double g(double x, double y, double c, int n) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        double a = x * y;
                        double b = a - c * (x + y);
                        s += b * b;
                    }
                    return s;
                }
            }
            """;

    /**
     * A negated seed read where the sign cannot be carried out (a strong zero's {@code ?:}, into which
     * {@code sqrt}'s adjoint goes) keeps its temporary; one whose uses all carry it goes, through the
     * product that passes it on ({@code double cAdj = adj * (x + y)} would hold a negation).
     */
    @Test
    void aSeedWhoseUseCannotCarryTheSignKeepsItsTemporary() {
        Compiled c = compile(KEPT);
        String f = c.generatedMethod("p.KeptGrad", "fGradient");
        assertTrue(f.contains(" = -bAdj;"), f);
        String g = c.generatedMethod("p.KeptGrad", "gGradient");
        assertFalse(g.contains("= -"), g);
        c.checker("p.Kept").check("f", 0.3, 1.7, 3);
        c.checker("p.Kept").check("g", 0.3, 1.7, -0.6, 3).assertDerivatives(1e-13,
                6 * (0.3 * 1.7 + 0.6 * 2.0) * (1.7 + 0.6), 6 * (0.3 * 1.7 + 0.6 * 2.0) * (0.3 + 0.6),
                -6 * (0.3 * 1.7 + 0.6 * 2.0) * 2.0);
    }

    private static final String CALL = """
            package p;

            import dev.adjoint.Differentiable;

            public class Scaled {
                @Differentiable
                public static double h(double v, double[] w) {
                    return v * w[0] * w[1];
                }

                @Differentiable
                public static double f(double[] w, double y, int n) {
                    double z = y * y;
                    for (int i = 0; i < n; i++) {
                        z -= 2.0 * w[0] - h(w[0], w);
                    }
                    return z * w[1];
                }
            }
            """;

    /**
     * A temporary the folding leaves a copy of another ({@code double adj2 = -adj1;} once adj1 holds
     * its negation) and that a generated call reads ({@code AdjointArrays.addScaled(wAdj, adj2, ...)})
     * is read there too after the copy goes, or kept.
     */
    @Test
    void aCopyReadByAnArrayCallersAccumulationCompilesAndIsRight() {
        Compiled c = compile(CALL);
        String f = c.generatedMethod("p.ScaledGrad", "fGradientIntoZeroed");
        assertTrue(f.contains("AdjointArrays.addScaled(wAdj, adj1, "), f);
        assertTrue(f.contains("double adj1 = zAdj;"), f);
        ArrayChecker checker = new ArrayChecker(c, "p.Scaled");
        checker.check("f", 1e-7, new double[] {0.5, -1.5}, 0.7, 2);
        checker.check("f", 1e-7, new double[] {2.0, 0.25}, -0.4, 3);
    }

    private static final String LINE_AND_LOOP = """
            package p;

            import dev.adjoint.Differentiable;

            public class Both {
                @Differentiable
                public static double line(double x0, double x1) {
                    double a = x1 - x0 * x0;
                    double b = 1 - x0;
                    return 100 * a * a + b * b;
                }

                @Differentiable
                public static double loop(double[] x) {
                    double sum = 0;
                    for (int i = 0; i < x.length - 1; i++) {
                        double a = x[i + 1] - x[i] * x[i];
                        double b = 1 - x[i];
                        sum += 100 * a * a + b * b;
                    }
                    return sum;
                }
            }
            """;

    /**
     * The same statements fold in a loop and keep their negated temporary in straight-line code:
     * folding there too made Black-Scholes' loop-free reverse mode a quarter slower (JMH), so it stays
     * as it was.
     */
    @Test
    void straightLineCodeKeepsItsNegatedTemporaryWhereALoopFoldsIt() {
        Compiled c = compile(LINE_AND_LOOP);
        String line = c.generatedMethod("p.BothGrad", "lineGradient").replaceAll("\\s+", " ");
        assertTrue(line.contains("double x0SquaredAdj = -aAdj; x0Adj += 2.0 * (x0SquaredAdj * x0);"), line);
        String loop = c.generatedMethod("p.BothGrad", "loopGradientIntoZeroed").replaceAll("\\s+", " ");
        assertTrue(loop.contains("xAdj[i] -= bAdj + 2.0 * (aAdj * xI);"), loop);
        assertFalse(loop.contains("= -"), loop);
        c.checker("p.Both").check("line", 0.5, -1.0);
        new ArrayChecker(c, "p.Both").check("loop", 1e-7, (Object) new double[] {0.5, -1.0, 2.0});
    }
}
