package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/**
 * Corners of the supported language where AD implementations typically slip: untaken branches that
 * would produce NaN, self-referencing assignments, implicit conversions, argument order, the many
 * ways of naming a Math function.
 */
class EdgeCasesTest {

    @Test
    void untakenBranchesDoNotLeakNaN() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Guards {
                    @Differentiable
                    public static double ternary(double x) {
                        return x > 0 ? Math.sqrt(x) * Math.log(x) : -x;
                    }

                    @Differentiable
                    public static double ifElse(double x) {
                        double r;
                        if (x > 0) {
                            r = Math.log(x) + Math.sqrt(x);
                        } else {
                            r = x * 3;
                        }
                        return r;
                    }

                    @Differentiable
                    public static double shortCircuit(double x) {
                        if (x > 0 && Math.log(x) > 1) {
                            return Math.log(x);
                        }
                        return x;
                    }

                    @Differentiable
                    public static double asinGuard(double x) {
                        return Math.abs(x) < 1 ? Math.asin(x) : Math.signum(x) * Math.PI / 2;
                    }
                }
                """).checker("p.Guards");
        k.check("ternary", -1.0).assertDerivativesExactly(-1.0);
        k.check("ternary", 2.0).assertDerivatives(1e-15, Math.log(2) / (2 * Math.sqrt(2)) + Math.sqrt(2) / 2);
        k.check("ifElse", -1.0).assertDerivativesExactly(3.0);
        k.checkAd("ifElse", 0.0).assertDerivativesExactly(3.0);
        k.check("ifElse", 2.0);
        k.check("shortCircuit", -1.0).assertDerivativesExactly(1.0);
        k.check("shortCircuit", 1.5).assertDerivativesExactly(1.0);
        k.check("shortCircuit", 5.0).assertDerivatives(1e-15, 0.2);
        k.check("asinGuard", 1.5).assertDerivativesExactly(0.0);
        k.check("asinGuard", -2.5).assertDerivativesExactly(0.0);
        k.check("asinGuard", 0.5);
    }

    @Test
    void assignmentsThatReadTheirOwnTarget() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class SelfRef {
                    @Differentiable
                    public static double f(double x, double y) {
                        double a = x;
                        a *= a;             // x^2
                        a -= a * 0.5;       // x^2 / 2
                        a /= a + 1;         // (x^2/2) / (x^2/2 + 1)
                        a += a * y;
                        x = x - x * x;
                        x = x;
                        y = y * y * y;
                        y += y;
                        return a * x + y;
                    }
                }
                """).checker("p.SelfRef");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}, {0.0, 0.0}}) {
            k.check("f", p[0], p[1]);
        }
        // at x = 0: a = 0, da/dx = 0; x' = x - x^2, dx'/dx = 1; f = a (1 + y) x' + 2 y^3
        k.check("f", 0.0, 0.5).assertDerivativesExactly(0.0, 1.5);
    }

    @Test
    void manyVariablesAndFanOut() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class FanOut {
                    @Differentiable
                    public static double f(double x) {
                        double a = x * x;
                        double b = a * x + a;
                        double c = a * b * x + b / a + Math.sin(a) * Math.cos(b);
                        double d = c * a + c * b + c * x + c;
                        return d * d + a * b * c * d * x;
                    }
                }
                """).checker("p.FanOut");
        for (double x : new double[] {-1.2, 0.3, 0.9}) {
            k.check("f", x);
        }
    }

    @Test
    void intCompoundAssignmentWithDoubleRightHandSideTruncates() {
        // m *= x is m = (int) (m * x): piecewise constant, derivative 0
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Narrowing {
                    @Differentiable
                    public static double f(double x, int n) {
                        int m = n;
                        m *= x;
                        m += 0.7 * x;
                        int q = n;
                        q /= x;
                        return m * x + q;
                    }
                }
                """).checker("p.Narrowing");
        // n = 7, x = 1.3: m = (int) 9.1 = 9, m = (int) (9 + 0.91) = 9; q = (int) (7 / 1.3) = 5
        k.check("f", 1.3, 7).assertDerivativesExactly(9.0).assertValue(9 * 1.3 + 5, 1e-15);
        k.check("f", -2.6, 3);
    }

    @Test
    void promotionOrderOfMixedIntDoubleArithmetic() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Promotion {
                    @Differentiable
                    public static double f(double x, int n) {
                        return x * n / 2 + n / 2 * x + (n / 2) * x + 1 / 2 * x + 1.0 / 2 * x + n / 2.0 * x;
                    }

                    @Differentiable
                    public static double products(double x, int n, int m, long l) {
                        return x * n * m + x * l * l + x * n * m / 7;
                    }

                    @Differentiable
                    public static double threeHalves(double x) {
                        return 3 * x / 2;
                    }

                    @Differentiable
                    public static double halfTimesN(double x, int n) {
                        return n * (x / 2);
                    }

                    @Differentiable
                    public static double viaLocal(double x, int n) {
                        double y = x * 3;
                        return y / 2 * n;
                    }
                }
                """).checker("p.Promotion");
        // products of a double with several ints are double products: no int or long overflow
        k.check("products", 0.3, 100_000, 100_000, 10_000_000_000L).assertDerivatives(1e-15, 1e10 + 1e20 + 1e10 / 7);
        // the double product divided by an int is a double division: d/dx (3x / 2) = 1.5, not 3 / 2 = 1
        k.check("threeHalves", 0.3).assertDerivativesExactly(1.5);
        k.check("halfTimesN", 0.3, 5).assertDerivativesExactly(2.5);
        k.check("viaLocal", 0.3, 5).assertDerivativesExactly(7.5);
        // n = 5: 2.5 + 2 + 2 + 0 + 0.5 + 2.5
        k.check("f", 0.3, 5).assertDerivativesExactly(9.5);
        k.check("f", 0.3, -5).assertDerivativesExactly(-2.5 - 2 - 2 + 0 + 0.5 - 2.5);
    }

    @Test
    void parameterOrderIsPreservedWithInterleavedPassThroughParameters() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Interleaved {
                    @Differentiable
                    public static double f(int i, double a, boolean z, double b, long l, double c, int j, double d) {
                        double s = z ? 1 : -1;
                        return s * (1 * a + 2 * b * b + 3 * c * c * c + 4 * d * d * d * d) * i + l * j * a * b * c * d;
                    }
                }
                """).checker("p.Interleaved");
        double a = 0.3, b = -0.7, c = 1.1, d = 0.6;
        // i = 2, z = true, l = 0
        k.check("f", 2, a, true, b, 0L, c, 5, d).assertDerivatives(1e-14,
                2 * 1, 2 * 4 * b, 2 * 9 * c * c, 2 * 16 * d * d * d);
        k.check("f", -1, a, false, b, 3L, c, 2, d);
    }

    @Test
    void intArgumentsToDoubleParametersOfCalledMethods() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Widen {
                    @Differentiable
                    public static double h(double u, double v) {
                        return u * v * v;
                    }

                    @Differentiable
                    public static double f(double x, int n) {
                        return h(x, n) + h(n, x) + h(2, 3) + h(x, 2) + h(x * n, n + 1);
                    }
                }
                """).checker("p.Widen");
        // n = 3: d/dx [9x + 3x^2 + 12 + 4x + 16 * 3x] = 9 + 6x + 4 + 48
        k.check("f", 0.5, 3).assertDerivatives(1e-15, 9 + 3 + 4 + 48).assertValue(4.5 + 0.75 + 18 + 2 + 24, 1e-15);
        k.check("f", -1.3, -2);
    }

    @Test
    void mathFunctionsByStaticImportAndFullyQualifiedName() {
        GradientChecker k = compile("""
                package p;

                import static java.lang.Math.PI;
                import static java.lang.Math.exp;
                import static java.lang.Math.sin;

                import dev.adjoint.Differentiable;

                public class Imports {
                    @Differentiable
                    public static double f(double x) {
                        return sin(x) * exp(x) + java.lang.Math.cos(x) + java.lang.StrictMath.sqrt(x) + PI * x;
                    }
                }
                """).checker("p.Imports");
        double x = 0.3;
        k.check("f", x).assertDerivatives(1e-15,
                Math.cos(x) * Math.exp(x) + Math.sin(x) * Math.exp(x) - Math.sin(x) + 0.5 / Math.sqrt(x) + Math.PI);
        k.check("f", 2.2);
    }

    @Test
    void literalFormsAndUnaryPlus() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Literals {
                    @Differentiable
                    public static double f(double x) {
                        return 1. * x + .5 * x + 1e-3 * x + 0x1p3 * x + 2d * x + +x + -(-x) + 1E2;
                    }
                }
                """).checker("p.Literals");
        k.check("f", 0.3).assertDerivatives(1e-15, 1 + 0.5 + 1e-3 + 8 + 2 + 1 + 1);
    }

    @Test
    void constantsOfEveryKind() {
        String other = """
                package q;

                public interface Settings {
                    double GAIN = 0.75;
                    int SHIFT = 2;
                    boolean ENABLED = true;
                    long BIG = 10L;
                }
                """;
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;
                import q.Settings;

                public class Constants {
                    static final boolean SQUARE = false;
                    static final int HALF = 7 / 2;
                    static final double NEG = -1.5;

                    @Differentiable
                    public static double f(double x) {
                        double r = SQUARE ? x * x : x * NEG;
                        if (Settings.ENABLED) {
                            r += Settings.GAIN * x * Settings.SHIFT;
                        }
                        return r * HALF + Settings.BIG * x + Double.MAX_VALUE * 0 + Integer.MAX_VALUE / 1e9 * x;
                    }
                }
                """, other).checker("p.Constants");
        k.check("f", 0.3).assertDerivatives(1e-15, (-1.5 + 1.5) * 3 + 10 + Integer.MAX_VALUE / 1e9);
    }

    @Test
    void recursionWithAnIntCounter() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Recursive {
                    @Differentiable
                    public static double iterate(double x, int n) {
                        if (n <= 0) {
                            return x;
                        }
                        return Math.sin(iterate(x, n - 1)) + 0.5 * x;
                    }
                }
                """).checker("p.Recursive");
        k.check("iterate", 0.3, 0).assertDerivativesExactly(1.0);
        k.check("iterate", 0.3, 1).assertDerivatives(1e-15, Math.cos(0.3) + 0.5);
        k.check("iterate", 0.3, 5);
        k.check("iterate", -1.1, 8);
    }

    @Test
    void sameMethodNameInTwoClassesAndCallsBetweenThem() {
        String a = """
                package p;

                import dev.adjoint.Differentiable;

                public class First {
                    @Differentiable
                    public static double f(double x) {
                        return Second.f(x) * 2 + x;
                    }
                }
                """;
        String b = """
                package p;

                import dev.adjoint.Differentiable;

                public class Second {
                    @Differentiable
                    public static double f(double x) {
                        return x * x * x;
                    }

                    @Differentiable
                    public static double f(double x, double y) {
                        return First.f(x) * y;
                    }
                }
                """;
        Compiled c = compile(a, b);
        c.checker("p.First").check("f", 0.5).assertDerivatives(1e-15, 6 * 0.25 + 1);
        c.checker("p.Second").check("f", 0.5).assertDerivatives(1e-15, 0.75);
        c.checker("p.Second").check("f", 0.5, 2.0).assertDerivatives(1e-15, 2 * 2.5, 0.25 + 0.5);
    }

    @Test
    void valuesKeepJavaEvaluationOrderBitForBit() {
        // the checker compares every generated value with the original bit for bit; these sums and
        // products give different bits if re-associated
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Order {
                    @Differentiable
                    public static double f(double x, double y) {
                        double a = x * 0.1 * 3;
                        double b = 0.1 * 3 * x;
                        double c = x + 0.1 + 0.2;
                        double d = 0.1 + 0.2 + x;
                        double e = x / 3 * 3 + y * 1.1 * 1.1;
                        double g = Math.PI * x / 180 - x * (Math.PI / 180);
                        return a + b + c + d + e + g + (x - y) * (x + y) / 7;
                    }
                }
                """).checker("p.Order");
        for (double[] p : new double[][] {{0.3, 1.7}, {0.7, -0.1}, {1.1, 2.9}, {-123.456, 7.89}}) {
            k.check("f", p[0], p[1]);
        }
    }

    @Test
    void scopesShadowingAndWideningConversions() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Scopes {
                    static final double A = 100;
                    static final double ROOT2 = Math.sqrt(2.0);

                    @Differentiable
                    public static double shadow(double A, double x) {
                        return A * x + Scopes.A;
                    }

                    @Differentiable
                    public static double siblings(double x, boolean flag) {
                        double r;
                        if (flag) {
                            double t = x * x;
                            r = t * 2;
                        } else {
                            double t = Math.sin(x);
                            r = t * 3;
                        }
                        {
                            double t = r + x;
                            r = t * t;
                        }
                        return r;
                    }

                    @Differentiable
                    public static double widening(double x, int n) {
                        double y = n;
                        y = y * x;
                        double z = x > 0 ? 1 : x;
                        if (n < x) {
                            return n;
                        }
                        return y + z * ROOT2;
                    }
                }
                """).checker("p.Scopes");
        k.check("shadow", 0.3, 1.7).assertDerivatives(1e-15, 1.7, 0.3).assertValue(0.51 + 100, 1e-15);
        for (double x : new double[] {-0.7, 0.4, 1.3}) {
            k.check("siblings", x, true);
            k.check("siblings", x, false);
        }
        k.check("widening", 2.5, 2).assertDerivativesExactly(0.0).assertValue(2.0, 0);
        k.check("widening", 2.5, 4).assertDerivatives(1e-15, 4.0);
        k.check("widening", -2.5, 4).assertDerivatives(1e-15, 4.0 + Math.sqrt(2.0));
    }

    @Test
    void branchConditionsWhoseVariablesTheBranchOverwrites() {
        // the adjoint sweep must follow the branch the forward sweep took, not re-evaluate the condition
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Flip {
                    @Differentiable
                    public static double f(double x, double y) {
                        double a = x * y;
                        double r = x;
                        if (a > 1) {
                            a = a - 5;          // now a < 1
                            r = a * x;
                        } else {
                            a = a + 5;          // now a > 1
                            r = a * y;
                        }
                        if (r > 0) {
                            r = -r * x;
                            x = -x;
                        }
                        boolean big = y > 1;
                        y = y - 10;
                        return big ? r * y + x : r + y * x;
                    }
                }
                """).checker("p.Flip");
        for (double[] p : new double[][] {{2.0, 1.5}, {0.3, 1.7}, {-1.2, -2.4}, {0.9, -0.6}, {-0.5, 0.8}}) {
            k.check("f", p[0], p[1]);
        }
    }

    @Test
    void sameSimpleClassNameInTwoPackagesCallingEachOther() {
        String a = """
                package a;

                import dev.adjoint.Differentiable;

                public class Util {
                    @Differentiable
                    public static double f(double x) {
                        return b.Util.g(x) * x;
                    }
                }
                """;
        String b = """
                package b;

                import dev.adjoint.Differentiable;

                public class Util {
                    @Differentiable
                    public static double g(double x) {
                        return Math.exp(x);
                    }
                }
                """;
        Compiled c = compile(a, b);
        c.checker("a.Util").check("f", 0.3).assertDerivatives(1e-15, Math.exp(0.3) * 1.3);
        c.checker("b.Util").check("g", 0.3).assertDerivatives(1e-15, Math.exp(0.3));
    }

    @Test
    void classInTheDefaultPackage() {
        Compiled c = compile("""
                import dev.adjoint.Differentiable;

                public class NoPackage {
                    @Differentiable
                    public static double f(double x) {
                        return x * x * x;
                    }
                }
                """);
        c.checker("NoPackage").check("f", 0.5).assertDerivatives(1e-15, 0.75);
    }

    @Test
    void methodNamesNeedingCapitalisation() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Caps {
                    @Differentiable
                    public static double logLikelihood(double mu, double sigma) {
                        return -Math.log(sigma) - mu * mu / (2 * sigma * sigma);
                    }

                    @Differentiable
                    public static double value(double x) {
                        return x * 2;
                    }

                    @Differentiable
                    public static double f_1(double x) {
                        return x * 3;
                    }
                }
                """).checker("p.Caps");
        k.check("logLikelihood", 0.3, 1.7);
        k.check("value", 0.3).assertDerivativesExactly(2.0);
        k.check("f_1", 0.3).assertDerivativesExactly(3.0);
    }

    @Test
    void staticMethodsOfInterfacesRecordsAndEnums() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public interface Shapes {
                    @Differentiable
                    static double area(double r) {
                        return Math.PI * r * r;
                    }
                }
                """, """
                package p;

                import dev.adjoint.Differentiable;

                public record Point(double x, double y) {
                    @Differentiable
                    public static double norm(double x, double y) {
                        return Math.sqrt(x * x + y * y);
                    }
                }
                """, """
                package p;

                import dev.adjoint.Differentiable;

                public enum Activation {
                    RELU, TANH;

                    @Differentiable
                    public static double softsign(double x) {
                        return x / (1 + Math.abs(x));
                    }
                }
                """);
        c.checker("p.Shapes").check("area", 1.5).assertDerivatives(1e-15, 3 * Math.PI);
        c.checker("p.Point").check("norm", 3.0, 4.0).assertDerivatives(1e-15, 0.6, 0.8);
        c.checker("p.Activation").check("softsign", 0.5).assertDerivatives(1e-15, 1 / 2.25);
    }
}
