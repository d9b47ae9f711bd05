package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code switch} on an {@code int}, read as an {@code if} chain: both modes against finite
 * differences in every case, through fall-through, {@code default} anywhere, breaks inside ifs,
 * returns, throws and continues in cases, loops around and inside; switch expressions as a
 * declaration's initializer, an assignment's right side and the returned value.
 */
class SwitchTest {

    private static final String STATEMENTS = """
            package p;

            import dev.adjoint.Differentiable;

            public class Switches {
                static final int THREE = 3;

                /** GeographicLib's atan2d: the quadrant q picks how the reduced angle maps back. */
                @Differentiable
                public static double atan2d(double y, double x) {
                    int q = 0;
                    if (Math.abs(y) > Math.abs(x)) { double t; t = x; x = y; y = t; q = 2; }
                    if (x < 0) { x = -x; ++q; }
                    double ang = Math.toDegrees(Math.atan2(y, x));
                    switch (q) {
                    case 1: ang = Math.copySign(180.0, y) - ang; break;
                    case 2: ang =                90       - ang; break;
                    case 3: ang =               -90       + ang; break;
                    default: break;
                    }
                    return ang;
                }

                /** Fall-through between non-empty cases, grouped labels, default in the middle. */
                @Differentiable
                public static double fallThrough(double x, int k) {
                    double r = x;
                    switch (k) {
                        case 0:
                            r = r * x;
                        case 1:
                        case 2:
                            r = r + Math.sin(x);
                        default:
                            r = r * 3;
                        case THREE:
                            r = r - x * x * x;
                            break;
                        case 4:
                            r = Math.exp(x);
                    }
                    return r;
                }

                /** A break inside an if leaves the switch; the rest of the case runs on the other path. */
                @Differentiable
                public static double breakInIf(double x, double y, int k) {
                    double r = 0;
                    switch (k) {
                        case 0:
                            r = x * y;
                            if (x > 1) {
                                r = r + 1;
                                break;
                            } else if (y > 2) {
                                r = r * y;
                                if (x < -1) break;
                            }
                            r = r + Math.sin(x);
                        case 1:
                            double t = x + y;
                            r = r + t * t;
                            break;
                        default:
                            r = y;
                    }
                    return r * x;
                }

                /** Returns and throws inside cases; a switch with no default that may complete normally. */
                @Differentiable
                public static double returns(double x, int k) {
                    switch (k) {
                        case 0: return x * x;
                        case 1: if (x > 0) return Math.log(x); else break;
                        case 2: throw new IllegalArgumentException("k = 2");
                    }
                    return Math.cos(x) * k;
                }

                /** Arrow cases: an expression statement, a block with several labels, a throw, default. */
                @Differentiable
                public static double arrows(double x, double y, int k) {
                    double r = y;
                    switch (k) {
                        case 0 -> r = x * y;
                        case 1, 2 -> {
                            double s = Math.sin(x);
                            if (s > 0.5) {
                                r = s * y;
                                break;
                            }
                            r = s + y;
                        }
                        case 5 -> throw new IllegalStateException("five");
                        default -> r = r * r;
                    }
                    return r + x;
                }

                /** A switch in a loop: break leaves the switch, continue the loop, a loop inside a case has its own break. */
                @Differentiable
                public static double inLoops(double x, int n) {
                    double r = x;
                    for (int i = 0; i < n; i++) {
                        switch (i % 4) {
                            case 0:
                                r = r * Math.cos(r);
                                break;
                            case 1:
                                if (r > 10) continue;
                                r = r + x;
                                break;
                            case 2:
                                for (int j = 0; j < 5; j++) {
                                    if (j == 2) break;
                                    r = r + 0.1 * Math.sin(r * j);
                                }
                            default:
                                r = 0.5 * r + x * x;
                        }
                        r = r + 0.01 * i;
                    }
                    return r;
                }

                /** A switch on an expression (evaluated once), nested in another switch's case. */
                @Differentiable
                public static double nested(double x, int a, int b) {
                    double r = x;
                    switch (a + b) {
                        case 0:
                            switch (b) {
                                case 0: r = r * x; break;
                                default: r = r + x;
                            }
                            r = r * 2;
                            break;
                        default:
                            r = Math.sqrt(x * x + 1);
                    }
                    return r;
                }
            }
            """;

    private static final String EXPRESSIONS = """
            package p;

            import dev.adjoint.Differentiable;

            public class SwitchValues {
                @Differentiable
                public static double declared(double x, double y, int k) {
                    double r = switch (k) {
                        case 0 -> x * y;
                        case 1, 2 -> {
                            double s = Math.sin(x);
                            if (s > 0.5) yield s * y;
                            yield s + y;
                        }
                        default -> k * x;
                    };
                    return r * r;
                }

                @Differentiable
                public static double assigned(double x, int k) {
                    double r = x;
                    r = (switch (k) {
                        case 0: r = r + 1;
                        case 1: yield r * x;
                        default: {
                            if (x > 0) {
                                yield Math.log(x + 1);
                            }
                            yield 2 * x;
                        }
                    });
                    return r;
                }

                @Differentiable
                public static double returned(double x, double y, int k) {
                    return switch (k % 3) {
                        case 0 -> Math.exp(x) * y;
                        case 1 -> switch (k) {
                            case 1 -> x;
                            default -> y * y;
                        };
                        default -> throw new IllegalArgumentException("k = " + k);
                    };
                }

                @Differentiable
                public static double intoAnElement(double x, double[] w, int k) {
                    double[] a = new double[3];
                    int i = k % 3;
                    a[i] = switch (k) {
                        case 0 -> x * w[0];
                        case 1 -> {
                            i = 0;
                            yield x * x;
                        }
                        default -> w[1];
                    };
                    return a[0] + 2 * a[1] + 3 * a[2] + i;
                }

                @Differentiable
                public static double counted(double x, int k) {
                    int n = switch (k) { case 0 -> 1; case 1 -> 3; default -> 5; };
                    double r = 1;
                    for (int i = 0; i < n; i++) {
                        r = r * x;
                    }
                    return r;
                }
            }
            """;

    private static final String EDGES = """
            package p;

            import dev.adjoint.Differentiable;

            public class SwitchEdges {
                private static final int HIDDEN = 2;
                static final int ONE = 1;

                /** No cases, only a default, constant labels, a label from a private constant. */
                @Differentiable
                public static double shapes(double x, int k) {
                    double r = x;
                    switch (k) { }
                    switch (k) {
                        default:
                            double t = Math.sin(r);
                            r = r + t;
                    }
                    switch (k * 2) {
                        case -2: r = r * 2; break;
                        case ONE + 1: r = r * r; break;
                        case HIDDEN + 2: r = -r;
                    }
                    switch (3) {
                        case 3: r = r + 1;
                    }
                    return r;
                }

                /** A while loop around a switch whose case leaves on some paths by break, on others by continue. */
                @Differentiable
                public static double loopJumps(double x, int n) {
                    double r = x;
                    int i = 0;
                    while (i < n) {
                        i++;
                        switch (i % 3) {
                            case 0:
                                if (r > 3) {
                                    r = r * 0.5;
                                    continue;
                                } else if (r < -3) {
                                    break;
                                }
                                r = r + Math.cos(r * x);
                            case 1:
                                r = r * 1.1 + x;
                                if (i > 6) {
                                    break;
                                }
                                r = r - 0.2 * x * x;
                                break;
                            default:
                                r = Math.tanh(r) + x;
                        }
                        r = r + 0.01;
                    }
                    return r;
                }

                /** An old-form switch expression falling through, yielding from inside ifs and from a nested switch. */
                @Differentiable
                public static double yields(double x, double y, int k) {
                    double v = switch (k) {
                        case 0:
                            if (x > 0) {
                                yield x * y;
                            }
                            x = x * 2;
                        case 1:
                            if (y > 0) yield switch (k) {
                                case 0 -> x + y;
                                default -> x - y;
                            };
                            else if (y < -1) yield y * y;
                        default:
                            yield Math.exp(x) - y;
                    };
                    return v * x;
                }

                @Differentiable(hessian = true)
                public static double curved(double x, double y, int k) {
                    switch (k) {
                        case 0: return x * x * y;
                        case 1: y = y * y;
                        default: return x * y;
                    }
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compile(STATEMENTS, EXPRESSIONS, EDGES);

    @Test
    void atan2dInEveryQuadrant() {
        GradientChecker k = COMPILED.checker("p.Switches");
        for (double[] p : new double[][] {{0.3, 1.0}, {0.3, -1.0}, {-0.3, -1.0}, {1.0, 0.3}, {-1.0, 0.3}, {1.0, -0.3},
                {-1.0, -0.3}, {-0.2, 0.9}}) {
            k.check("atan2d", p[0], p[1]);
            double r2 = p[0] * p[0] + p[1] * p[1];
            double degrees = 180 / Math.PI;
            k.check("atan2d", p[0], p[1]).assertDerivatives(1e-13, p[1] / r2 * degrees, -p[0] / r2 * degrees);
        }
    }

    @Test
    void fallThroughRunsTheFollowingCases() {
        GradientChecker k = COMPILED.checker("p.Switches");
        for (int c = -1; c <= 5; c++) {
            for (double x : new double[] {0.4, -1.3}) {
                k.check("fallThrough", x, c);
            }
        }
        assertEquals((0.4 * 0.4 + Math.sin(0.4)) * 3 - 0.064, k.original("fallThrough", 0.4, 0), 1e-15);
        assertEquals(0.4 * 3 - 0.064, k.original("fallThrough", 0.4, 7), 1e-15);
        assertEquals(0.4 - 0.064, k.original("fallThrough", 0.4, 3), 1e-15);
    }

    @Test
    void breakInsideAnIfLeavesTheSwitch() {
        GradientChecker k = COMPILED.checker("p.Switches");
        for (int c = 0; c <= 2; c++) {
            for (double[] p : new double[][] {{1.5, 0.5}, {0.5, 2.5}, {-1.5, 2.5}, {0.5, 0.5}, {-0.5, 3.5}}) {
                k.check("breakInIf", p[0], p[1], c);
            }
        }
    }

    @Test
    void returnsAndThrowsInCases() {
        GradientChecker k = COMPILED.checker("p.Switches");
        for (int c : new int[] {0, 1, 3}) {
            k.check("returns", 0.7, c);
            k.check("returns", -0.7, c);
        }
        k.check("returns", 0.7, 1).assertDerivatives(1e-15, 1 / 0.7);
    }

    @Test
    void arrowCases() {
        GradientChecker k = COMPILED.checker("p.Switches");
        for (int c : new int[] {0, 1, 2, 3, -4}) {
            k.check("arrows", 0.3, 1.7, c);
            k.check("arrows", 1.2, -0.4, c);
        }
    }

    @Test
    void switchesInLoopsAndLoopsInCases() {
        // r * cos(r) with r near 20 turns quickly: start the finite differences small
        GradientChecker k = COMPILED.checker("p.Switches").withInitialStepFactor(1e-4);
        for (int n = 0; n <= 9; n++) {
            k.check("inLoops", 0.6, n);
            k.check("inLoops", 3.5, n);
        }
    }

    @Test
    void nestedSwitchOnAnExpression() {
        GradientChecker k = COMPILED.checker("p.Switches");
        for (int[] ab : new int[][] {{0, 0}, {1, -1}, {2, 0}, {-3, 1}}) {
            k.check("nested", 0.8, ab[0], ab[1]);
        }
    }

    @Test
    void switchExpressions() {
        GradientChecker k = COMPILED.checker("p.SwitchValues");
        for (int c = -1; c <= 4; c++) {
            k.check("declared", 0.3, 1.7, c);
            k.check("declared", 1.2, -0.4, c);
            k.check("assigned", 0.9, c);
            k.check("assigned", -0.6, c);
            k.check("counted", 1.3, c);
            if (c % 3 == 0 || c % 3 == 1) {
                k.check("returned", 0.4, -1.1, c);
            }
        }
        k.check("counted", 1.3, 1).assertDerivatives(1e-14, 3 * 1.3 * 1.3);
        ArrayChecker arrays = new ArrayChecker(COMPILED, "p.SwitchValues");
        for (int c = 0; c <= 4; c++) {
            arrays.check("intoAnElement", 1e-7, 0.7, new double[] {0.3, -1.1}, c);
        }
    }

    @Test
    void emptyDefaultOnlyAndConstantSwitches() {
        GradientChecker k = COMPILED.checker("p.SwitchEdges");
        for (int c = -2; c <= 3; c++) {
            k.check("shapes", 0.7, c);
        }
        double x = 0.7 + Math.sin(0.7);
        assertEquals(x * x + 1, k.original("shapes", 0.7, 1), 1e-15);
        assertEquals(2 * x + 1, k.original("shapes", 0.7, -1), 1e-15);
        assertEquals(-x + 1, k.original("shapes", 0.7, 2), 1e-15);
    }

    @Test
    void breakAndContinueOnSomePathsInALoop() {
        GradientChecker k = COMPILED.checker("p.SwitchEdges").withInitialStepFactor(1e-4);
        for (int n = 0; n <= 10; n++) {
            for (double x : new double[] {0.3, 1.7, -2.2}) {
                k.check("loopJumps", x, n);
            }
        }
    }

    @Test
    void yieldsFromIfsAndNestedSwitches() {
        GradientChecker k = COMPILED.checker("p.SwitchEdges");
        for (int c = 0; c <= 2; c++) {
            for (double[] p : new double[][] {{0.5, 0.3}, {-0.5, 0.3}, {-0.5, -1.5}, {-0.5, -0.5}, {0.5, -1.5}}) {
                k.check("yields", p[0], p[1], c);
            }
        }
    }

    @Test
    void secondOrderThroughASwitch() throws Exception {
        COMPILED.checker("p.SwitchEdges").check("curved", 0.4, 1.3, 1);
        double[][] h0 = hessian("curved", 0.4, 1.3, 0);
        assertEquals(2 * 1.3, h0[0][0], 1e-13);
        assertEquals(2 * 0.4, h0[0][1], 1e-13);
        assertEquals(0, h0[1][1], 1e-13);
        double[][] h1 = hessian("curved", 0.4, 1.3, 1);
        assertEquals(0, h1[0][0], 1e-13);
        assertEquals(2 * 1.3, h1[0][1], 1e-13);
        assertEquals(2 * 1.3, h1[1][0], 1e-13);
        assertEquals(2 * 0.4, h1[1][1], 1e-13);
    }

    private static double[][] hessian(String method, Object... args) throws Exception {
        for (var m : COMPILED.gradClassFor("p.SwitchEdges").getMethods()) {
            if (m.getName().equals(method + "Hessian")) {
                return (double[][]) m.invoke(null, args);
            }
        }
        throw new AssertionError("no " + method + "Hessian");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            on a long       | @Differentiable public static double f(double x, long k) { switch (k) { default: return 2 * x; } } | a switch on a long is not supported in a @Differentiable method | switch (k)
            earlier local   | @Differentiable public static double f(double x, int k) { switch (k) { case 0: double t = x; return t; default: t = 2 * x; return t; } } | 't' declared in an earlier case of the switch is not supported | default: t = 2 * x
            yield in a loop | @Differentiable public static double f(double x, int k) { double r = switch (k) { case 0 -> { for (int i = 0; i < 3; i++) { if (i == k) yield x; } yield 0; } default -> x; }; return r; } | a yield inside a loop or a nested switch statement is not supported | if (i == k) yield x;
            inside an expression | @Differentiable public static double f(double x, int k) { return 2 * switch (k) { case 0 -> x; default -> 1; }; } | a switch expression inside another expression is not supported | return 2 * switch
            compound assignment | @Differentiable public static double f(double x, int k) { double r = x; r += switch (k) { case 0 -> x; default -> 1; }; return r; } | a switch expression inside another expression is not supported | r += switch
            throw in a default-only switch | @Differentiable public static double f(double x, int k) { switch (k) { case 1: default: throw new IllegalStateException("k"); } } | a throw here is not supported | throw new IllegalStateException
            throw in a case's own block | @Differentiable public static double f(double x, int k) { switch (k) { case 1: { throw new IllegalStateException("k"); } default: return x; } } | a throw here is not supported | throw new IllegalStateException
            var             | @Differentiable public static double f(double x, int k) { var r = switch (k) { case 0 -> x; default -> 1.0; }; return r; } | a switch expression initializing a var is not supported | var r = switch
            """)
    void whatIsRefusedIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    "
                + member.replace("; ", ";\n        ").replace("{ ", "{\n        ") + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }

    /**
     * A call of a method named like a local an earlier case declared is a call, not a use of the local
     * (found by the fuzzer: {@code float f1} in one case, {@code f1(...)} in a later one was refused).
     */
    @Test
    void aCallNamedLikeAnEarlierCasesLocalIsACall() {
        Compiled c = AdjointCompiler.compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Named {
                    @Differentiable
                    public static double f1(double x) {
                        return x * x;
                    }

                    @Differentiable
                    public static double g(double x, int k) {
                        double r = x;
                        switch (k) {
                            case 0:
                                double f1 = 2.5;
                                r += f1;
                                break;
                            default:
                                r += f1(x);
                                break;
                        }
                        return r;
                    }
                }
                """);
        GradientChecker k = c.checker("p.Named");
        k.check("g", 0.75, 0).assertDerivatives(1e-15, 1.0);
        k.check("g", 0.75, 3).assertDerivatives(1e-15, 1.0 + 2 * 0.75);
    }
}
