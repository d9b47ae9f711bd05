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

    /**
     * An adjoint first written on both ways of an {@code if} (the adjoint of a {@code ?:}) is declared
     * without a value and assigned in each branch, as a person would write it; one branch that only reads it
     * keeps the zero it adds to.
     */
    @Test
    void anAdjointFirstWrittenOnBothWaysIsAssignedInEach() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Ways {
                    @Differentiable
                    public static double both(double x, double y) {
                        double t = x * y;
                        return x > 0 ? t * t : 2 - t;
                    }

                    @Differentiable
                    public static double one(double x, double y) {
                        double t = x * y;
                        double u = Math.sin(y);
                        if (x > 0) {
                            u = u * t;
                        }
                        return u;
                    }
                }
                """);
        String both = c.generatedMethod("p.WaysGrad", "bothGradient");
        assertTrue(both.contains("double tAdj;"), both);
        assertTrue(both.contains("tAdj = "), both);
        assertFalse(both.contains("tAdj += "), both);
        String one = c.generatedMethod("p.WaysGrad", "oneGradient");
        assertFalse(one.contains("double tAdj;"), one);
        for (double x : new double[] {0.7, -0.4}) {
            c.checker("p.Ways").check("both", x, 1.3);
            c.checker("p.Ways").check("one", x, 1.3);
        }
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

    private static final String OVERWRITES = """
            package p;

            import dev.adjoint.Differentiable;

            public class Paths {
                @Differentiable
                public static double path(double spot, double drift, double[] z, double strike) {
                    double s = spot;
                    for (int k = 0; k < z.length; k++) {
                        s = s * (1 + drift * z[k]);
                    }
                    return Math.max(s - strike, 0.0);
                }

                @Differentiable
                public static double paths(double spot, double drift, double[] z, int steps, double strike) {
                    double sum = 0;
                    for (int p = 0; p < z.length / steps; p++) {
                        double s = spot;
                        for (int k = 0; k < steps; k++) {
                            s = s * (1 + drift * z[p * steps + k]);
                        }
                        sum += Math.max(s - strike, 0.0);
                    }
                    return sum;
                }

                @Differentiable
                public static double copied(double s0, double c, double w, int steps) {
                    double s = s0;
                    double y = 0;
                    for (int k = 0; k < steps; k++) {
                        double sNext = Math.max(s, 0.5) * c;
                        y += Math.max(sNext, 0.5) * w;
                        s = sNext;
                    }
                    return y + s;
                }

                @Differentiable
                public static double local(double x0, int steps) {
                    double x = x0;
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x) * 1.5 + 0.1 * x;
                    }
                    return x;
                }

                @Differentiable
                public static double scaled(double x, double c) {
                    x = x * c;
                    return x;
                }

                @Differentiable
                public static double parameter(double x, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x) * 1.5 + 0.1 * x;
                    }
                    return x;
                }
            }
            """;

    /**
     * A returned adjoint assigned its first contribution may end as -0.0 where adding to +0.0 gives
     * +0.0 (x * c with c = -0.0: its partial in x is 1.0 * -0.0); adding 0.0 at the end gives +0.0.
     */
    @Test
    void aReturnedAdjointAssignedItsFirstContributionEndsAsTheZeroAddingGives() throws Exception {
        Compiled c = compile(OVERWRITES);
        String scaled = c.generatedMethod("p.PathsGrad", "scaledGradient");
        assertTrue(scaled.contains("xAdj += 0.0;"), scaled);
        Method gradient = c.gradClassFor("p.Paths").getMethod("scaledGradient", double.class, double.class);
        for (double x : new double[] {1.0, -1.0, 0.0, -0.0}) {
            for (double factor : new double[] {-0.0, 0.0, 2.0}) {
                Object record = gradient.invoke(null, x, factor);
                double dX = (double) record.getClass().getMethod("dX").invoke(record);
                double dC = (double) record.getClass().getMethod("dC").invoke(record);
                double xAdj = 0.0;
                xAdj += 1.0 * factor;
                double cAdj = 0.0;
                cAdj += 1.0 * x;
                assertEquals(Double.doubleToRawLongBits(xAdj), Double.doubleToRawLongBits(dX), x + ", " + factor);
                assertEquals(Double.doubleToRawLongBits(cAdj), Double.doubleToRawLongBits(dC), x + ", " + factor);
            }
        }
    }

    /**
     * The adjoint of {@code s = s * f} assigns its first contribution ({@code sAdj = sAdjNext * f}), also
     * inside the guard {@code if (sAdjNext != 0.0)}, where a failed guard leaves sAdj the zero it held,
     * instead of resetting sAdj to zero and adding to it: on the chain from one reversed iteration to the
     * next, the JIT must compute {@code 0.0 + e}. So does an adjoint returned, the parameter's, which then
     * gets 0.0 added at the end, for the sign of a zero.
     */
    @Test
    void anOverwritesAdjointIsAssignedItsFirstContribution() throws Exception {
        Compiled c = compile(OVERWRITES);
        String path = c.generatedMethod("p.PathsGrad", "pathGradientIntoZeroed");
        assertTrue(path.contains("sAdj = sAdjNext * tmp1;"), path);
        assertFalse(path.lines().anyMatch(line -> line.trim().equals("sAdj = 0.0;")), path);
        String paths = c.generatedMethod("p.PathsGrad", "pathsGradientIntoZeroed");
        assertTrue(paths.contains("if (sAdjNext != 0.0) {"), paths);
        assertTrue(paths.contains("sAdj = sAdjNext * tmp"), paths);
        assertFalse(paths.lines().anyMatch(line -> line.trim().equals("sAdj = 0.0;")), paths);
        String local = c.generatedMethod("p.PathsGrad", "localGradient");
        assertTrue(local.contains("xAdj = xAdjNext * xPartial;"), local);
        assertFalse(local.lines().anyMatch(line -> line.trim().equals("xAdj = 0.0;")), local);
        String parameter = c.generatedMethod("p.PathsGrad", "parameterGradient");
        assertTrue(parameter.contains("xAdj = xAdjNext * xPartial;"), parameter);
        assertFalse(parameter.lines().anyMatch(line -> line.trim().equals("xAdj = 0.0;")), parameter);
        assertTrue(parameter.contains("xAdj += 0.0;"), parameter);
        dev.adjoint.processor.testing.ArrayChecker checker = new dev.adjoint.processor.testing.ArrayChecker(c, "p.Paths");
        double[] z = {0.3, -1.2, 0.8, 0.1, -0.4, 0.9};
        checker.check("path", 1e-7, 100.0, 0.05, z, 95.0);
        checker.check("path", 1e-7, 100.0, 0.05, new double[] {}, 95.0);
        // Paths in and out of the money: the guard fails on those out of it.
        checker.check("paths", 1e-7, 100.0, 0.05, z, 2, 99.0);
        checker.check("paths", 1e-7, 100.0, 0.05, z, 3, 99.0);
        // All out of the money: the partials are zeros that started as +0.0.
        for (String method : new String[] {"path", "paths"}) {
            double[] out = method.equals("path") ? checker.reverse(method, 100.0, 0.05, z, 150.0)
                    : checker.reverse(method, 100.0, 0.05, z, 2, 150.0);
            for (double partial : out) {
                assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(partial),
                        method + " " + java.util.Arrays.toString(out));
            }
        }
        // sNextAdj gets a contribution between its copy of sAdj and its guard: with w = -1 it cancels to
        // exactly 0 at the last step, the guard fails, and sAdj must be the zero its reset gave, not its
        // old value; so the reset stays.
        String copied = c.generatedMethod("p.PathsGrad", "copiedGradient");
        assertTrue(copied.contains("sAdj = 0.0;"), copied);
        for (double w : new double[] {-1.0, 0.7}) {
            c.checker("p.Paths").check("copied", 0.8, 1.2, w, 3);
            c.checker("p.Paths").check("copied", 0.3, 0.9, w, 1);
        }
        for (int steps : new int[] {0, 1, 7}) {
            c.checker("p.Paths").check("local", 0.4, steps);
            c.checker("p.Paths").check("parameter", 0.4, steps);
            Method l = c.gradClassFor("p.Paths").getMethod("localGradient", double.class, int.class);
            Method q = c.gradClassFor("p.Paths").getMethod("parameterGradient", double.class, int.class);
            Object viaLocal = l.invoke(null, 0.4, steps);
            Object viaParameter = q.invoke(null, 0.4, steps);
            assertEquals(viaParameter.getClass().getMethod("dX").invoke(viaParameter),
                    viaLocal.getClass().getMethod("dX0").invoke(viaLocal), "the same sweep, bit for bit");
        }
    }
}
