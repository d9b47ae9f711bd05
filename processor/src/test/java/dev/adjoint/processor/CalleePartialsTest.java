package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.DoubleStack;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scalar {@code @Differentiable} method called by another of its class hands back its partials on the
 * thread's double tape: its reverse mode lives in a private core {@code fGradientOnto}, which the
 * caller calls and pops right after; {@code fGradient} wraps the core. The values and partials are those
 * of the record each call gave before, bit for bit, and every gradient leaves the tape as it found it.
 */
class CalleePartialsTest {

    /** The benchmark's chain blackScholes -> normCdf -> erfc, all three in one class. */
    private static final String CHAIN = """
            package p;

            import dev.adjoint.Differentiable;

            public class Chain {
                @Differentiable
                public static double erfc(double x) {
                    double z = Math.abs(x);
                    double t = 1 / (1 + 0.5 * z);
                    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
                            + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
                            + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
                    return x >= 0 ? ans : 2 - ans;
                }

                @Differentiable
                public static double normCdf(double x) {
                    return 0.5 * erfc(-x * 0.7071067811865476);
                }

                @Differentiable
                public static double blackScholes(double s, double k, double t, double r, double sigma) {
                    double sqrtT = Math.sqrt(t);
                    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
                    double d2 = d1 - sigma * sqrtT;
                    return s * normCdf(d1) - k * Math.exp(-r * t) * normCdf(d2);
                }
            }
            """;

    /**
     * The same chain with each method in a class of its own: calls across classes still receive the
     * partials in the callee's record, the translation every call had before.
     */
    private static final String[] CHAIN_ACROSS_CLASSES = {"""
            package q;

            import dev.adjoint.Differentiable;

            public class Erfc {
                @Differentiable
                public static double erfc(double x) {
                    double z = Math.abs(x);
                    double t = 1 / (1 + 0.5 * z);
                    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
                            + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
                            + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
                    return x >= 0 ? ans : 2 - ans;
                }
            }
            """, """
            package q;

            import dev.adjoint.Differentiable;

            public class Normal {
                @Differentiable
                public static double normCdf(double x) {
                    return 0.5 * Erfc.erfc(-x * 0.7071067811865476);
                }
            }
            """, """
            package q;

            import dev.adjoint.Differentiable;

            public class Option {
                @Differentiable
                public static double blackScholes(double s, double k, double t, double r, double sigma) {
                    double sqrtT = Math.sqrt(t);
                    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
                    double d2 = d1 - sigma * sqrtT;
                    return s * Normal.normCdf(d1) - k * Math.exp(-r * t) * Normal.normCdf(d2);
                }
            }
            """};

    private static final double[][] OPTIONS = {
        {100, 95, 0.5, 0.03, 0.2}, {42, 40, 0.25, 0.01, 0.35}, {1.5, 2.5, 3.0, -0.01, 0.8}, {80, 120, 0.1, 0.05, 0.15}};

    @Test
    void theChainGivesTheRecordTranslationsValuesAndPartialsBitForBit() {
        Compiled sameClass = compile(CHAIN);
        Compiled acrossClasses = compile(CHAIN_ACROSS_CLASSES);
        GradientChecker chain = sameClass.checker("p.Chain");
        GradientChecker option = acrossClasses.checker("q.Option");
        GradientChecker normal = acrossClasses.checker("q.Normal");
        for (double[] p : OPTIONS) {
            Object[] args = Arrays.stream(p).boxed().toArray();
            assertBitForBit(option.reverse("blackScholes", args), reverseOnCleanTape(chain, "blackScholes", args));
            chain.check("blackScholes", args);
        }
        for (double x : new double[] {-3.2, -0.7, 0.05, 0.4, 1.9, 6.5}) {
            assertBitForBit(normal.reverse("normCdf", x), reverseOnCleanTape(chain, "normCdf", x));
            chain.check("normCdf", x);
            chain.check("erfc", x);
        }
    }

    @Test
    void callersCallTheCoreAndPopThePartialsRightAfterIt() {
        Compiled compiled = compile(CHAIN);
        String normCdf = compiled.generatedMethod("p.ChainGrad", "normCdfGradientOnto");
        assertTrue(normCdf.contains("double erfcValue = ChainGrad.erfcGradientOnto(tmp1, doubleTape);\n"
                + "        double erfcDX = doubleTape.pop();"), normCdf);
        assertFalse(normCdf.contains("ErfcGradient"), normCdf);
        String blackScholes = compiled.generatedMethod("p.ChainGrad", "blackScholesGradient");
        assertTrue(blackScholes.contains("DoubleStack doubleTape = DoubleStack.forThisThread();"), blackScholes);
        assertFalse(blackScholes.contains("NormCdfGradient normCdf"), blackScholes);
        // fGradient is the thin wrapper: the sweeps are written once, in the core
        String erfc = compiled.generatedMethod("p.ChainGrad", "erfcGradient");
        assertTrue(erfc.contains("double value = ChainGrad.erfcGradientOnto(x, doubleTape);\n"
                + "        double dX = doubleTape.pop();\n"
                + "        return new ErfcGradient(value, dX);"), erfc);
        assertTrue(compiled.generatedSource("p.ChainGrad").contains(
                "private static double erfcGradientOnto(double x, DoubleStack doubleTape) {"));
        // A method nobody in the class calls keeps its adjoint code in fGradient, and no core
        assertFalse(compiled.generatedSource("p.ChainGrad").contains("blackScholesGradientOnto"));
    }

    @Test
    void aCalleeOfSeveralParametersPushesThemLastFirstAndIsPoppedInParameterOrder() {
        String source = """
                package p;

                import dev.adjoint.Differentiable;

                public class Several {
                    @Differentiable
                    public static double g(double a, int n, double b, double c) {
                        return Math.sin(a) * b * b + n * c / (1 + a * a) + Math.exp(c - b);
                    }

                    @Differentiable
                    public static double f(double x, double y) {
                        return g(x * y, 3, y, x - y) * x;
                    }
                }
                """;
        GradientChecker same = compile(source).checker("p.Several");
        GradientChecker across = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Several {
                    @Differentiable
                    public static double f(double x, double y) {
                        return Other.g(x * y, 3, y, x - y) * x;
                    }
                }
                """, """
                package p;

                import dev.adjoint.Differentiable;

                public class Other {
                    @Differentiable
                    public static double g(double a, int n, double b, double c) {
                        return Math.sin(a) * b * b + n * c / (1 + a * a) + Math.exp(c - b);
                    }
                }
                """).checker("p.Several");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            assertBitForBit(across.reverse("f", p[0], p[1]), reverseOnCleanTape(same, "f", p[0], p[1]));
            same.check("f", p[0], p[1]);
            same.check("g", p[0], 2, p[1], p[0] + p[1]);
        }
    }

    @Test
    void callsInBranchesInOneExpressionTwiceNestedAndInLoops() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Shapes {
                    @Differentiable
                    public static double sq(double x) {
                        double r = x * x;
                        return r;
                    }

                    @Differentiable
                    public static double hyp(double x, double y) {
                        return Math.sqrt(sq(x) + sq(y));
                    }

                    @Differentiable
                    public static double inBranch(double x, double y) {
                        double r = x;
                        if (x > y) {
                            r = sq(x - y) * y;
                        } else {
                            r = hyp(x, y) + r;
                        }
                        return r * r;
                    }

                    @Differentiable
                    public static double twoInOneExpression(double x, double y) {
                        return hyp(x, y) * sq(y) - hyp(y, x * y);
                    }

                    @Differentiable
                    public static double nested(double x, double y) {
                        return hyp(sq(x), hyp(x, sq(y)));
                    }

                    @Differentiable
                    public static double inConditional(double x, double y) {
                        return x > 0 ? sq(y) * x : hyp(x, y);
                    }

                    @Differentiable
                    public static double inLoop(double x, double y, int n) {
                        double s = 0;
                        double z = x;
                        for (int i = 0; i < n; i++) {
                            z = hyp(z, y) * 0.5;
                            s += sq(z) + z;
                        }
                        return s;
                    }
                }
                """).checker("p.Shapes");
        for (double[] p : new double[][] {{0.3, 1.7}, {1.7, 0.3}, {-1.2, 0.4}, {0.9, -0.6}}) {
            for (String method : List.of("hyp", "inBranch", "twoInOneExpression", "nested", "inConditional")) {
                reverseOnCleanTape(k, method, p[0], p[1]);
                k.check(method, p[0], p[1]);
            }
            for (int n : new int[] {0, 1, 4}) {
                reverseOnCleanTape(k, "inLoop", p[0], p[1], n);
                k.check("inLoop", p[0], p[1], n);
            }
        }
    }

    @Test
    void recursiveMethodsPopWhatTheyPushed() {
        Compiled compiled = compile("""
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

                    @Differentiable
                    public static double power(double b, int n) {
                        return n == 0 ? 1.0 : b * power(b, n - 1);
                    }

                    @Differentiable
                    public static double even(double v, int n) {
                        return n == 0 ? v : odd(v, n - 1) * v;
                    }

                    @Differentiable
                    public static double odd(double v, int n) {
                        double w = n == 0 ? Math.sin(v) : even(v * v, n - 1);
                        return w + v;
                    }
                }
                """);
        // A call of the method itself keeps the record (a smaller frame: deeper recursion on a stack);
        // calls between two methods go through the tape.
        String generated = compiled.generatedSource("p.RecursiveGrad");
        assertTrue(generated.contains("iterateGradient = RecursiveGrad.iterateGradient(x, "), generated);
        assertFalse(generated.contains("iterateGradientOnto"), generated);
        assertFalse(generated.contains("powerGradientOnto"), generated);
        assertTrue(generated.contains("RecursiveGrad.oddGradientOnto("), generated);
        assertTrue(generated.contains("RecursiveGrad.evenGradientOnto("), generated);
        GradientChecker k = compiled.checker("p.Recursive");
        k.check("iterate", 0.3, 1).assertDerivatives(1e-15, Math.cos(0.3) + 0.5);
        for (double x : new double[] {0.3, -1.1, 0.8}) {
            for (int n : new int[] {0, 1, 5, 9}) {
                for (String method : List.of("iterate", "power", "even", "odd")) {
                    reverseOnCleanTape(k, method, x, n);
                    k.check(method, x, n);
                }
            }
        }
        k.check("power", 1.3, 4).assertDerivatives(1e-14, 4 * Math.pow(1.3, 3));
    }

    @Test
    void aCalleeWithWrtPushesOnlyThePartialsItHas() {
        String callee = """
                    @Differentiable(wrt = {"b", "d"})
                    public static double g(double a, double b, double c, double d) {
                        return Math.sin(a * b) + c * d * d + a * c;
                    }
                """;
        String caller = """
                    @Differentiable
                    public static double f(double x, double y) {
                        return G.g(1.5, x * y, 0.25, y) * x + G.g(-0.5, y, 2.0, x * x);
                    }
                """;
        Compiled sameClass = compile("package p;\nimport dev.adjoint.Differentiable;\npublic class F {\n"
                + callee + caller.replace("G.g", "g") + "}\n");
        String core = sameClass.generatedMethod("p.FGrad", "gGradientOnto");
        assertTrue(core.contains("doubleTape.push(dAdj);\n        doubleTape.push(bAdj);"), core);
        GradientChecker same = sameClass.checker("p.F");
        GradientChecker across = compile("package p;\nimport dev.adjoint.Differentiable;\npublic class F {\n"
                + caller + "}\n", "package p;\nimport dev.adjoint.Differentiable;\npublic class G {\n"
                + callee + "}\n").checker("p.F");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            assertBitForBit(across.reverse("f", p[0], p[1]), reverseOnCleanTape(same, "f", p[0], p[1]));
            same.check("f", p[0], p[1]);
        }
    }

    @Test
    void privateHelpersHandBackTheirPartialsOnTheTapeToo() {
        Compiled compiled = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Helped {
                    @Differentiable
                    public static double f(double x, double y) {
                        return bump(x * y, y) + bump(x, 2.0) * y;
                    }

                    private static double bump(double u, double w) {
                        return Math.exp(-u * u / w);
                    }
                }
                """);
        GradientChecker k = compiled.checker("p.Helped");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, 2.6}}) {
            reverseOnCleanTape(k, "f", p[0], p[1]);
            k.check("f", p[0], p[1]);
        }
        String generated = compiled.generatedSource("p.HelpedGrad");
        assertTrue(generated.contains("private static double Helped$bumpGradientOnto(double u, double w, DoubleStack doubleTape)"),
                generated);
        // Only the core calls reach: the helper's record and fGradient are left out
        assertFalse(generated.contains("Helped$bumpGradient("), generated);
        assertFalse(generated.contains("record Helped$bumpGradient"), generated);
    }

    /**
     * The components of {@code method}'s record, run on an empty tape, which the gradient must leave
     * empty: every call pops what it pushed.
     */
    private static double[] reverseOnCleanTape(GradientChecker checker, String method, Object... args) {
        DoubleStack tape = DoubleStack.forThisThread();
        while (tape.size() > 0) {
            tape.pop();
        }
        double[] components = checker.reverse(method, args);
        assertEquals(0, tape.size(), method + Arrays.toString(args) + " left values on the tape");
        return components;
    }

    private static void assertBitForBit(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "component " + i + ": " + Arrays.toString(expected) + " vs " + Arrays.toString(actual));
        }
    }
}
