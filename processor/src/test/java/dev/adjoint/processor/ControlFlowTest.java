package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;

import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/** Branches, ternaries, comparisons, boolean logic and early returns. */
class ControlFlowTest {

    @Test
    void ifElseIfElseChain() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Piecewise {
                    @Differentiable
                    public static double f(double x) {
                        double y;
                        if (x < -1) {
                            y = -x * x;
                        } else if (x < 0) {
                            y = Math.sin(x);
                        } else if (x <= 1) {
                            y = x * x * x;
                        } else {
                            y = Math.log(x) + 1;
                        }
                        return 2 * y;
                    }

                    @Differentiable
                    public static double noElse(double x, double y) {
                        double r = x * y;
                        if (x > y) {
                            r = r * x;
                        }
                        if (y > 0)
                            r += y * y;
                        else
                            r -= Math.exp(y);
                        return r;
                    }
                }
                """).checker("p.Piecewise");
        k.check("f", -2.0).assertDerivatives(1e-15, 8.0);
        k.check("f", -0.5).assertDerivatives(1e-15, 2 * Math.cos(-0.5));
        k.check("f", 0.5).assertDerivatives(1e-15, 2 * 3 * 0.25);
        k.check("f", 3.0).assertDerivatives(1e-15, 2.0 / 3);
        for (double[] p : new double[][] {{0.3, 1.7}, {1.7, 0.3}, {-1.2, -0.4}, {0.9, -0.6}}) {
            k.check("noElse", p[0], p[1]);
        }
    }

    @Test
    void ternaryIncludingNested() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Ternary {
                    @Differentiable
                    public static double f(double x, double y) {
                        double a = x > y ? x * y : x / y;
                        return a + (a > 1 ? (y < 0 ? -a * y : Math.sqrt(a)) : a * a) * (x >= 0 ? 1 : 2);
                    }
                }
                """).checker("p.Ternary");
        for (double[] p : new double[][] {{0.3, 1.7}, {1.7, 0.3}, {-1.2, -0.4}, {2.5, -0.6}, {3.0, 2.0}, {-3.0, 2.0}}) {
            k.check("f", p[0], p[1]);
        }
    }

    @Test
    void allComparisonsAndBooleanLogic() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Logic {
                    @Differentiable
                    public static double f(double x, double y, int n, boolean flag) {
                        boolean a = x < y;
                        boolean b = x <= 2 * y && n >= 0;
                        boolean c = !(x > 1) || y >= 3;
                        boolean d = n == 2 || n != 3 && x != y;
                        boolean e = (a || flag) && !b;
                        boolean g = x == 0.5;
                        double r = x * y;
                        if (a) r += x;
                        if (b) r *= y;
                        if (c) r -= x * x;
                        if (d) r *= 2;
                        if (e) r += Math.sin(y);
                        if (g || flag && !a) r = r * r;
                        if (n > 1 && n < 5) r += n * x;
                        return r;
                    }
                }
                """).checker("p.Logic");
        double[][] points = {{0.3, 1.7}, {1.7, 0.3}, {-1.2, -0.4}, {2.5, 3.5}, {0.6, 0.2}, {0.4, 2.0}};
        for (double[] p : points) {
            for (int n : new int[] {-1, 2, 3, 4}) {
                k.check("f", p[0], p[1], n, true);
                k.check("f", p[0], p[1], n, false);
            }
        }
        // x == 0.5 takes the squaring branch (exact equality on the primal value); finite-difference steps
        // would leave it, so only forward vs reverse there, plus the derivative worked out by hand:
        // n = 3, flag = false, (0.5, 2.0): a, b, c true; d = (n == 2 || n != 3 && x != y) false; e false;
        // g true; 1 < n < 5. So r = R * R + 3x with R = (x*y + x) * y - x*x
        double x = 0.5, y = 2.0;
        double bigR = (x * y + x) * y - x * x;
        double dfdx = 2 * bigR * ((y + 1) * y - 2 * x) + 3;
        double dfdy = 2 * bigR * (2 * x * y + x);
        k.checkAd("f", x, y, 3, false).assertDerivatives(1e-15, dfdx, dfdy).assertValue(bigR * bigR + 1.5, 1e-15);
    }

    @Test
    void earlyReturnsInNestedBranches() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Early {
                    @Differentiable
                    public static double f(double x, double y, int n) {
                        double acc = x * y;
                        if (x > 0) {
                            acc = acc + x;
                            if (y > 0) {
                                if (n > 2) {
                                    return acc * acc;
                                }
                                acc = acc * y;
                            } else {
                                if (n < 0) {
                                    return Math.exp(acc);
                                } else if (n == 0) {
                                    acc = acc - y;
                                } else {
                                    return acc / (1 + y * y);
                                }
                            }
                            acc = acc + Math.sin(x);
                        } else {
                            if (y < -1) return -acc;
                        }
                        double z = acc * x;
                        if (z > 10) {
                            return z;
                        }
                        return z + acc;
                    }

                    @Differentiable
                    public static double guard(double x) {
                        if (x < 0) return 0;
                        return Math.sqrt(x) * x;
                    }
                }
                """).checker("p.Early");
        double[][] points = {{0.3, 1.7}, {1.7, 0.3}, {-1.2, -0.4}, {-1.2, -1.5}, {0.9, -0.6}, {4.0, 3.0}, {3.5, -0.25}};
        for (double[] p : points) {
            for (int n : new int[] {-1, 0, 1, 3}) {
                k.check("f", p[0], p[1], n);
            }
        }
        k.check("guard", -1.0).assertDerivativesExactly(0.0).assertValue(0.0, 0);
        k.check("guard", 4.0).assertDerivatives(1e-15, 1.5 * 2.0);
    }

    @Test
    void variablesAssignedInBranchesAndOverwrittenValues() {
        // Reverse mode must restore overwritten values: a is read, then overwritten, in one branch only.
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Overwrite {
                    @Differentiable
                    public static double f(double x, double y, boolean flip) {
                        double a = x * x;
                        double b;
                        if (flip) {
                            a = Math.sin(a) * a;
                            b = a * y;
                        } else {
                            b = a / y;
                            a = b * b * a;
                        }
                        if (a > b) {
                            double t = a;
                            a = b;
                            b = t;
                        }
                        a = a * b + (flip ? x : y) * a;
                        return a * x + b;
                    }
                }
                """).checker("p.Overwrite");
        for (double[] p : new double[][] {{0.3, 1.7}, {1.7, 0.3}, {-1.2, -0.4}, {0.9, -0.6}}) {
            k.check("f", p[0], p[1], true);
            k.check("f", p[0], p[1], false);
        }
    }

    @Test
    void booleanParameterAndLocalDriveBranches() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Flags {
                    @Differentiable
                    public static double f(double x, boolean useSin) {
                        boolean negative = x < 0;
                        negative = negative && !useSin;
                        double r = useSin ? Math.sin(x) : Math.cos(x);
                        if (negative) {
                            return -r;
                        }
                        return r;
                    }
                }
                """).checker("p.Flags");
        k.check("f", 0.3, true).assertDerivatives(1e-15, Math.cos(0.3));
        k.check("f", 0.3, false).assertDerivatives(1e-15, -Math.sin(0.3));
        k.check("f", -0.3, false).assertDerivatives(1e-15, Math.sin(-0.3));
        k.check("f", -0.3, true).assertDerivatives(1e-15, Math.cos(-0.3));
    }

    @Test
    void everyPathReturnsInsideIfElseWithNoTrailingReturn() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class AllPaths {
                    @Differentiable
                    public static double f(double x, double y) {
                        double a = x * y;
                        if (x > 0) {
                            a = a * a;
                            if (y > 0) {
                                return a + x;
                            } else {
                                a = a - y;
                                return a * y;
                            }
                        } else if (y > 1) {
                            return Math.exp(a);
                        } else {
                            x = x * 3;
                            return x > -3 ? a * x : a - x;
                        }
                    }
                }
                """).checker("p.AllPaths");
        for (double[] p : new double[][] {{0.3, 1.7}, {0.7, -0.4}, {-1.2, 2.4}, {-0.5, 0.5}, {-2.0, -0.5}}) {
            k.check("f", p[0], p[1]);
        }
        // x > 0, y > 0: f = x^2 y^2 + x
        k.check("f", 0.3, 1.7).assertDerivatives(1e-15, 2 * 0.3 * 1.7 * 1.7 + 1, 2 * 0.09 * 1.7);
    }
}
