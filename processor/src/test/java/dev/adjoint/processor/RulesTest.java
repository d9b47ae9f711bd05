package dev.adjoint.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Dual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User derivative rules: {@code @DerivativeOf}, in both modes, and every error they can have. */
class RulesTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.DerivativeOf;
            import dev.adjoint.Differentiable;

            public class Pricing {
                /** The normal CDF by Abramowitz and Stegun 26.2.17: code Adjoint is told not to differentiate. */
                public static double phi(double x) {
                    if (x < 0) {
                        return 1 - phi(-x);
                    }
                    double t = 1 / (1 + 0.2316419 * x);
                    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
                    return 1 - Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
                }

                @DerivativeOf("phi")
                static double density(double x) {
                    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
                }

                @Differentiable
                public static double call(double spot, double strike, double rate, double vol, double time) {
                    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * Math.sqrt(time));
                    double d2 = d1 - vol * Math.sqrt(time);
                    return spot * phi(d1) - strike * Math.exp(-rate * time) * phi(d2);
                }

                public static double blend(double a, double b, int n) {
                    return n * a * a * b + Math.sin(b);
                }

                @DerivativeOf(value = "blend", wrt = "a")
                static double blendDa(double a, double b, int n) {
                    return 2 * n * a * b;
                }

                @DerivativeOf(value = "blend", wrt = "b")
                static double blendDb(double a, double b, int n) {
                    return n * a * a + Math.cos(b);
                }

                @DerivativeOf(value = "table", owner = Library.class)
                static double tableSlope(double x) {
                    return 3 * x * x;
                }

                @Differentiable
                public static double uses(double x, double y) {
                    double s = 0;
                    for (int i = 1; i <= 3; i++) {
                        s += blend(x / i, y, i) + Library.table(x * y);
                    }
                    return s;
                }
            }
            """, """
            package p;

            public final class Library {
                private Library() {
                }

                /** A lookup a library might do: x^3, for all Adjoint knows. */
                public static double table(double x) {
                    return x * x * x;
                }
            }
            """, """
            package p;

            import dev.adjoint.Differentiable;

            public class Elsewhere {
                @Differentiable
                public static double twice(double x) {
                    return 2 * Pricing.phi(x) + Pricing.blend(x, x, 2);
                }
            }
            """);

    private static double normalDensity(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    @Test
    void blackScholesGreeksThroughTheRuleForTheNormalCdf() throws Exception {
        double s = 100;
        double k = 95;
        double r = 0.05;
        double v = 0.2;
        double t = 0.75;
        Class<?> pricing = COMPILED.load("p.Pricing");
        java.lang.reflect.Method phi = pricing.getMethod("phi", double.class);
        double d1 = (Math.log(s / k) + (r + 0.5 * v * v) * t) / (v * Math.sqrt(t));
        double d2 = d1 - v * Math.sqrt(t);
        double delta = (double) phi.invoke(null, d1);
        double vega = s * normalDensity(d1) * Math.sqrt(t);
        double rho = k * t * Math.exp(-r * t) * (double) phi.invoke(null, d2);
        double theta = s * normalDensity(d1) * v / (2 * Math.sqrt(t)) + r * k * Math.exp(-r * t) * (double) phi.invoke(null, d2);
        double dStrike = -Math.exp(-r * t) * (double) phi.invoke(null, d2);
        double[] gradient = new ArrayChecker(COMPILED, "p.Pricing").reverse("call", s, k, r, v, t);
        double[] expected = {delta, dStrike, rho, vega, theta};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], gradient[i + 1], 1e-12 * Math.abs(expected[i]), "greek " + i);
        }
        GradientChecker checker = COMPILED.checker("p.Pricing");
        Dual alongSpot = checker.forward("call", Dual.variable(s), Dual.constant(k), Dual.constant(r),
                Dual.constant(v), Dual.constant(t));
        assertEquals(delta, alongSpot.tangent(), 1e-12);
    }

    @Test
    void rulesForSeveralParametersAndForAnotherClassesFunction() {
        GradientChecker checker = COMPILED.checker("p.Pricing");
        checker.check("uses", 0.7, -0.4);
        checker.check("uses", -1.3, 0.9);
    }

    @Test
    void rulesApplyWhereverTheFunctionIsCalled() {
        COMPILED.checker("p.Elsewhere").check("twice", 0.3);
        COMPILED.checker("p.Elsewhere").check("twice", -1.2);
    }

    private static Compilation compileRule(String members) {
        return Compiler.javac().withProcessors(new AdjointProcessor()).compile(JavaFileObjects.forSourceString("p.Rules", """
                package p;

                import dev.adjoint.DerivativeOf;
                import dev.adjoint.Differentiable;

                public class Rules {
                    public static double f(double x, double y) {
                        return x * y;
                    }

                    public static double g(double x) {
                        return x;
                    }

                    @Differentiable
                    public static double h(double x) {
                        return x;
                    }

                """ + members + "\n}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown function    | @DerivativeOf("nope") static double r(double x) { return 1; }                         | @DerivativeOf names 'nope', but p.Rules has no method of that name (static, or public on its objects) | double r(double x)
            wrong parameters    | @DerivativeOf("g") static double r(double x, double y) { return 1; }                  | rule 'r' must have the parameter list of the function it differentiates | double r(double x, double y)
            returns int         | @DerivativeOf("g") static int r(double x) { return 1; }                                | rule 'r' returns int; it must return double | int r(double x)
            not static          | @DerivativeOf("g") double r(double x) { return 1; }                                    | rule 'r' must be static                 | double r(double x)
            private             | @DerivativeOf("g") private static double r(double x) { return 1; }                     | rule 'r' is private                     | double r(double x)
            wrt missing         | @DerivativeOf("f") static double r(double x, double y) { return y; }                   | 'f' has several double parameters       | double r(double x, double y)
            wrt unknown         | @DerivativeOf(value = "f", wrt = "z") static double r(double x, double y) { return y; } | wrt = "z" is not a double parameter of 'f' | double r(double x, double y)
            missing partial     | @DerivativeOf(value = "f", wrt = "x") static double r(double x, double y) { return y; } | 'f' has rules for some of its double parameters but none for 'y' | double r(double x, double y)
            duplicate           | @DerivativeOf("g") static double r(double x) { return 1; } @DerivativeOf("g") static double r2(double x) { return 1; } | a second @DerivativeOf rule for the partial of 'g' | double r2(double x)
            on differentiable   | @DerivativeOf("h") static double r(double x) { return 1; }                             | 'h' is @Differentiable                  | double r(double x)
            array function      | public static double sum(double[] v) { return v[0]; } @DerivativeOf("sum") static double r(double[] v) { return 1; } | 'sum' takes arrays; @DerivativeOf rules are supported | double r(double[] v)
            """)
    void ruleErrorsAreReportedOnTheRule(String name, String members, String message, String line) {
        Compilation c = compileRule(members);
        assertThat(c).hadErrorContaining(message).inFile(c.sourceFiles().get(0)).onLineContaining(line);
    }

    @Test
    void aFunctionWithAFaultyRuleHasNoDerivativeAtItsCalls() {
        Compilation c = compileRule("""
                    @DerivativeOf(value = "f", wrt = "x")
                    static double r(double x, double y) { return y; }

                    @Differentiable
                    public static double caller(double a) {
                        return f(a, 2.0);
                    }
                """);
        assertThat(c).hadErrorContaining("no derivative is known for 'Rules.f'").inFile(c.sourceFiles().get(0))
                .onLineContaining("return f(a, 2.0)");
    }

    @Test
    void validRulesCompileWithoutWarnings() {
        Compilation c = compileRule("""
                    @DerivativeOf("g")
                    static double gSlope(double x) { return 1; }

                    @Differentiable
                    public static double caller(double a) {
                        return g(a * a);
                    }
                """);
        assertThat(c).succeededWithoutWarnings();
        assertThat(c.generatedSourceFiles()).isNotEmpty();
    }
}
