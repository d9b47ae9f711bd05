package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/** Calls from one @Differentiable method to another, in the same class and across classes. */
class CallsTest {

    @Test
    void callInSameClass() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Same {
                    @Differentiable
                    public static double sq(double x) {
                        return x * x;
                    }

                    @Differentiable
                    public static double f(double x, double y) {
                        double a = sq(x) + Same.sq(y);
                        return sq(a) * sq(x - y) + sq(Math.sin(a));
                    }
                }
                """).checker("p.Same");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            k.check("f", p[0], p[1]);
        }
        // f(x, 0) = x^4 * x^2 + sin(x^2)^2
        double x = 0.7;
        k.check("f", x, 0.0).assertDerivatives(1e-14,
                6 * Math.pow(x, 5) + 2 * Math.sin(x * x) * Math.cos(x * x) * 2 * x,
                -2 * Math.pow(x, 5));
    }

    @Test
    void callChainAToBToC() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Chain {
                    @Differentiable
                    public static double a(double x, double y) {
                        return b(x * y, y) + x;
                    }

                    @Differentiable
                    public static double b(double u, double v) {
                        double w = c(u) * v;
                        return w + c(w);
                    }

                    @Differentiable
                    public static double c(double t) {
                        return Math.exp(t) * Math.sin(t);
                    }
                }
                """).checker("p.Chain");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            k.check("a", p[0], p[1]);
            k.check("b", p[0], p[1]);
            k.check("c", p[0]);
        }
    }

    @Test
    void callsWithIntAndBooleanArgumentsAndInBranches() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Mixed {
                    @Differentiable
                    public static double scaled(double x, int n, boolean neg) {
                        double r = n * x * x;
                        return neg ? -r : r;
                    }

                    @Differentiable
                    public static double f(double x, double y, int n) {
                        double r = 0;
                        if (scaled(x, n, false) > y) {
                            r = scaled(y, n + 1, true) * x;
                        } else {
                            return scaled(x + y, 2 * n, y > 0) / 3;
                        }
                        r = r + scaled(r, n, x < 0);
                        return r;
                    }
                }
                """).checker("p.Mixed");
        for (double[] p : new double[][] {{0.3, 1.7}, {1.7, 0.3}, {-1.2, 0.4}, {0.9, -0.6}}) {
            for (int n : new int[] {1, 2, -1}) {
                k.check("f", p[0], p[1], n);
            }
        }
    }

    @Test
    void callsAcrossTwoClassesCompiledTogether() {
        String lib = """
                package lib;

                import dev.adjoint.Differentiable;

                public final class Kernels {
                    private Kernels() {}

                    @Differentiable
                    public static double gauss(double x, double s) {
                        return Math.exp(-x * x / (2 * s * s));
                    }

                    @Differentiable
                    public static double softplus(double x) {
                        return Math.log1p(Math.exp(x));
                    }
                }
                """;
        String app = """
                package app;

                import dev.adjoint.Differentiable;
                import lib.Kernels;

                public class Model {
                    @Differentiable
                    public static double loss(double x, double s, double w) {
                        double g = Kernels.gauss(x, s);
                        return w * g + Kernels.softplus(w * x - g) + lib.Kernels.softplus(s);
                    }
                }
                """;
        Compiled c = compile(app, lib);
        GradientChecker model = c.checker("app.Model");
        GradientChecker kernels = c.checker("lib.Kernels");
        for (double[] p : new double[][] {{0.3, 1.7, 0.5}, {-1.2, 0.4, -2.0}, {0.9, -0.6, 1.1}}) {
            model.check("loss", p[0], p[1], p[2]);
            kernels.check("gauss", p[0], p[1]);
            kernels.check("softplus", p[2]);
        }
        // the same two classes, given in the other order
        compile(lib, app).checker("app.Model").check("loss", 0.3, 1.7, 0.5);
    }

    @Test
    void callChainAcrossThreeClasses() {
        String a = """
                package p;

                import dev.adjoint.Differentiable;

                public class A {
                    @Differentiable
                    public static double a(double x) {
                        return B.b(x, 2 * x) * x;
                    }
                }
                """;
        String b = """
                package p;

                import dev.adjoint.Differentiable;

                public class B {
                    @Differentiable
                    public static double b(double x, double y) {
                        return q.C.c(x * y) + y;
                    }
                }
                """;
        String cSrc = """
                package q;

                import dev.adjoint.Differentiable;

                public class C {
                    @Differentiable
                    public static double c(double t) {
                        return Math.sin(t) / (1 + t * t);
                    }
                }
                """;
        Compiled c = compile(a, b, cSrc);
        // a(x) = (c(2x^2) + 2x) * x, c(t) = sin t / (1 + t^2)
        double x = 0.4;
        double t = 2 * x * x;
        double ct = Math.sin(t) / (1 + t * t);
        double dct = (Math.cos(t) * (1 + t * t) - Math.sin(t) * 2 * t) / ((1 + t * t) * (1 + t * t));
        double expected = (dct * 4 * x + 2) * x + (ct + 2 * x);
        c.checker("p.A").check("a", x).assertDerivatives(1e-14, expected);
        for (double p : new double[] {-1.1, 0.3, 2.2}) {
            c.checker("p.A").check("a", p);
        }
        c.checker("p.B").check("b", 0.3, -0.8);
        c.checker("q.C").check("c", 0.3);
    }
}
