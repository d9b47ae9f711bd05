package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/** User names that could collide with names the generated code uses. */
class NamingTest {

    @Test
    void localsAndParametersNamedLikeGeneratedVariables() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Names {
                    @Differentiable
                    public static double f(double value, double xAdj, int exit) {
                        double t = value * xAdj;
                        double t1 = Math.sin(t);
                        double tangent = t1 * value;
                        double valueAdj = tangent + xAdj;
                        double body = valueAdj * valueAdj;
                        double result = body - t;
                        double adj = result * 2;
                        double d = adj + exit;
                        double v = d / (1 + value * value);
                        if (v > 100) {
                            return v;
                        }
                        double x = v * t;
                        double dX = x + v;
                        double Dual = dX * 2;
                        return Dual + x;
                    }

                    @Differentiable
                    public static double g(double x, double dX) {
                        return f(x, dX, 1) * x;
                    }
                }
                """).checker("p.Names");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            k.check("f", p[0], p[1], 2);
            k.check("g", p[0], p[1]);
        }
    }

    @Test
    void parameterNamedLikeAPackageOfACalledClass() {
        String lib = """
                package q;

                import dev.adjoint.Differentiable;

                public class Lib {
                    public static final double K = 1.25;

                    @Differentiable
                    public static double g(double t) {
                        return t * t * K;
                    }
                }
                """;
        String user = """
                package p;

                import dev.adjoint.Differentiable;
                import q.Lib;

                public class User {
                    @Differentiable
                    public static double f(double q, double p) {
                        return Lib.g(q) * p + Lib.K * q;
                    }
                }
                """;
        Compiled c = compile(user, lib);
        c.checker("p.User").check("f", 0.3, 1.7).assertDerivatives(1e-15, 2 * 0.3 * 1.25 * 1.7 + 1.25, 0.09 * 1.25);
    }

    @Test
    void userClassNamedDual() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Dual {
                    @Differentiable
                    public static double f(double x) {
                        return x * x;
                    }
                }
                """);
        c.checker("p.Dual").check("f", 0.3).assertDerivatives(1e-15, 0.6);
    }

    @Test
    void localsNamedLikeMethods() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Clash {
                    @Differentiable
                    public static double sq(double x) {
                        return x * x;
                    }

                    @Differentiable
                    public static double f(double x) {
                        double sq = sq(x);
                        double sqForward = sq * 2;
                        double sqGradient = sqForward + sq(sq);
                        return sqGradient;
                    }
                }
                """).checker("p.Clash");
        // f = 2 x^2 + x^4
        k.check("f", 0.5).assertDerivatives(1e-15, 4 * 0.5 + 4 * 0.125);
    }

    @Test
    void temporariesNeverTakeNorResembleTheUsersNames() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Temps {
                    @Differentiable
                    public static double f(double x, double y) {
                        double expY = x * 2;
                        double tmp1 = y * 3;
                        return expY * Math.exp(y) + tmp1 * Math.sin(x);
                    }
                }
                """);
        String gradient = c.generatedMethod("p.TempsGrad", "fGradient");
        // The user's names stay; exp(y), which would be "expY", and sin(x) get the next free numbers.
        assertTrue(gradient.contains("double expY = x * 2;"), gradient);
        assertTrue(gradient.contains("double tmp1 = y * 3;"), gradient);
        assertTrue(gradient.contains("double tmp2 = Math.exp(y);"), gradient);
        assertTrue(gradient.contains("double sinX = Math.sin(x);"), gradient);
        assertFalse(gradient.contains("expY2"), gradient);
        double x = 0.4;
        double y = -0.7;
        c.checker("p.Temps").check("f", x, y).assertDerivatives(1e-15,
                2 * Math.exp(y) + 3 * y * Math.cos(x), 2 * x * Math.exp(y) + 3 * Math.sin(x));
    }

    @Test
    void namesBuiltFromAnotherFollowItsName() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Second {
                    @Differentiable(hessian = true)
                    public static double f(double x, double y) {
                        return Math.exp(x * y + 1) * x;
                    }
                }
                """);
        // fTangent names exp(x * y + 1) tmp1; its reverse mode calls the adjoint tmp1Adj, not tmpAdj.
        String reversed = c.generatedMethod("p.SecondGrad", "fTangentGradient");
        assertTrue(reversed.contains("double tmp1 = Math.exp(x * y + 1);"), reversed);
        assertTrue(reversed.contains("double tmp1Adj = x * tmp2;"), reversed);
        assertFalse(reversed.contains("tmpAdj"), reversed);
    }

    @Test
    void localsInSeparateScopesKeepTheirNames() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Scoped {
                    @Differentiable
                    public static double f(double x, double y, int n) {
                        double s = x;
                        for (int i = 0; i < n; i++, s = s * y) {
                            s = s * x;
                        }
                        double total = 0;
                        for (int i = 0; i < n; i++) {
                            double t = s * i;
                            total += t;
                        }
                        if (total > 0) {
                            double t = total * y;
                            total = t;
                        } else {
                            double t = total * x;
                            total = t;
                        }
                        return total;
                    }
                }
                """);
        String forward = c.generatedMethod("p.ScopedGrad", "fForwardSweep");
        // Two loops' i, two branches' t; but a loop's update prints in its body, so sNext2 there.
        assertFalse(forward.contains("i2"), forward);
        assertFalse(forward.contains("double t2"), forward);
        assertTrue(forward.contains("double sNext2 = s * y.value();"), forward);
        assertTrue(forward.contains("for (int i = 0; i < n; i++) {"), forward);
        GradientChecker k = c.checker("p.Scoped");
        for (double[] p : new double[][] {{0.7, 1.3}, {-0.4, 0.9}}) {
            k.check("f", p[0], p[1], 3);
        }
    }
}
