package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.StaticCalls;
import dev.adjoint.runtime.Dual;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code switch} on a {@code char}, a {@code String} and an enum, and the {@code char}, {@code String}
 * and enum parameters and locals they switch on: both modes against finite differences in every case,
 * old and arrow forms, fall-through, switch expressions; a null selector throws
 * NullPointerException in both modes as in the method; what is still refused is an error on its line.
 */
class SwitchSelectorsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Selectors {
                public enum Side { CALL, PUT, STRADDLE }

                static final String FORWARD = "forward";

                /** A String selector, old form, a throw in default. */
                @Differentiable
                public static double payoff(double s, double k, String kind) {
                    switch (kind) {
                        case "call": return Math.max(s - k, 0);
                        case "put": return Math.max(k - s, 0);
                        case FORWARD: return s - k;
                        default: throw new IllegalArgumentException(kind);
                    }
                }

                /** An enum selector, a switch expression with arrow cases, returned. */
                @Differentiable
                public static double price(double s, Side side) {
                    return switch (side) {
                        case CALL -> s * s;
                        case PUT -> -s;
                        case STRADDLE -> Math.abs(s) + Math.sin(s);
                    };
                }

                /** A char parameter, old form with fall-through and grouped labels. */
                @Differentiable
                public static double scaled(double x, char c) {
                    double r = x;
                    switch (c) {
                        case 'a':
                            r = r * x;
                        case 'b':
                        case 'c':
                            r = r + Math.exp(x);
                            break;
                        case '\\n':
                            r = -r;
                            break;
                        default:
                            r = r * 3;
                    }
                    return r;
                }

                /** char, String and enum locals, chosen with ?:, compared with == and <, switched on in a loop. */
                @Differentiable
                public static double locals(double x, int n, Side side) {
                    char c = n % 2 == 0 ? 'e' : 'o';
                    String mode = x > 0 ? "up" : "down";
                    Side other = side == Side.CALL ? Side.PUT : Side.CALL;
                    double r = x;
                    for (int i = 0; i < n; i++) {
                        switch (mode) {
                            case "up" -> r = r + Math.sin(r * x);
                            default -> r = r * 0.5 + x;
                        }
                        switch (c) {
                            case 'e': r = r * 1.1; break;
                            default: if (c < 'z') r = r - 0.1 * x;
                        }
                        r = (other != Side.PUT ? 2 : 1) * r;
                    }
                    double y = switch (other) { case CALL -> r * x; default -> { if (c == 'o') yield r; yield r + x; } };
                    return y;
                }

                /** A selector computed once, a String switch whose cases only fall to default. */
                @Differentiable
                public static double computed(double x, int k, String kind) {
                    double r = x;
                    switch (k > 1 ? Side.STRADDLE : Side.CALL) {
                        case STRADDLE: r = r * r; break;
                        case CALL: r = r + 1;
                        default: r = r * x;
                    }
                    switch (kind) {
                        default: r = r + x;
                    }
                    return r;
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compile(SOURCE);

    private static Object side(String name) {
        for (Object constant : COMPILED.load("p.Selectors$Side").getEnumConstants()) {
            if (constant.toString().equals(name)) {
                return constant;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void aStringSelectorPicksTheCaseByText() {
        GradientChecker k = COMPILED.checker("p.Selectors");
        for (String kind : List.of("call", "put", "forward", new String("call".toCharArray()))) {
            k.check("payoff", 1.3, 1.0, kind);
            k.check("payoff", 0.7, 1.0, kind);
        }
        assertEquals(0.3, k.original("payoff", 1.3, 1.0, new String("call".toCharArray())), 1e-15);
        Class<?> grad = COMPILED.gradClassFor("p.Selectors");
        Throwable primal = StaticCalls.thrown(COMPILED.load("p.Selectors"), "payoff", 1.3, 1.0, "digital");
        Throwable reverse = StaticCalls.thrown(grad, "payoffGradient", 1.3, 1.0, "digital");
        Throwable forward = StaticCalls.thrown(grad, "payoffForward", Dual.variable(1.3), Dual.constant(1.0), "digital");
        for (Throwable t : List.of(primal, reverse, forward)) {
            assertEquals(IllegalArgumentException.class, t.getClass());
            assertEquals("digital", t.getMessage());
        }
    }

    @Test
    void anEnumSelectorInASwitchExpression() {
        GradientChecker k = COMPILED.checker("p.Selectors");
        for (String side : List.of("CALL", "PUT", "STRADDLE")) {
            k.check("price", 0.8, side(side));
            k.check("price", -1.7, side(side));
        }
        assertEquals(0.64, k.original("price", 0.8, side("CALL")), 1e-15);
    }

    @Test
    void aCharSelectorFallsThrough() {
        GradientChecker k = COMPILED.checker("p.Selectors");
        for (char c : new char[] {'a', 'b', 'c', '\n', 'z'}) {
            k.check("scaled", 0.6, c);
        }
        assertEquals(0.36 + Math.exp(0.6), k.original("scaled", 0.6, 'a'), 1e-15);
        assertEquals(1.8, k.original("scaled", 0.6, 'z'), 1e-15);
    }

    @Test
    void charStringAndEnumLocals() {
        GradientChecker k = COMPILED.checker("p.Selectors").withInitialStepFactor(1e-4);
        for (int n = 0; n <= 4; n++) {
            for (String side : List.of("CALL", "PUT")) {
                k.check("locals", 0.4, n, side(side));
                k.check("locals", -0.9, n, side(side));
            }
        }
    }

    @Test
    void aComputedSelectorAndADefaultOnlyStringSwitch() {
        GradientChecker k = COMPILED.checker("p.Selectors");
        for (int n = 0; n <= 3; n++) {
            k.check("computed", 0.4, n, "any");
        }
    }

    @Test
    void aNullSelectorThrowsNullPointerExceptionInBothModes() {
        Class<?> user = COMPILED.load("p.Selectors");
        Class<?> grad = COMPILED.gradClassFor("p.Selectors");
        List<Throwable> thrown = List.of(
                StaticCalls.thrown(user, "payoff", 1.3, 1.0, null),
                StaticCalls.thrown(grad, "payoffGradient", 1.3, 1.0, null),
                StaticCalls.thrown(grad, "payoffForward", Dual.variable(1.3), Dual.constant(1.0), null),
                StaticCalls.thrown(user, "price", 0.8, null),
                StaticCalls.thrown(grad, "priceGradient", 0.8, null),
                StaticCalls.thrown(grad, "priceForward", Dual.variable(0.8), null),
                StaticCalls.thrown(user, "computed", 0.4, 1, null),
                StaticCalls.thrown(grad, "computedGradient", 0.4, 1, null),
                StaticCalls.thrown(grad, "computedForward", Dual.variable(0.4), 1, null));
        for (Throwable t : thrown) {
            assertEquals(NullPointerException.class, t.getClass(), String.valueOf(t));
        }
    }

    @Test
    void theGeneratedCodeTakesTheValuesAsTheyAre() {
        String reverse = COMPILED.generatedMethod("p.SelectorsGrad", "payoffGradient");
        assertTrue(reverse.contains("String kind"), reverse);
        assertTrue(reverse.contains("Objects.requireNonNull(kind);"), reverse);
        assertTrue(reverse.contains("Objects.equals(kind, \"call\")"), reverse);
        String scaled = COMPILED.generatedMethod("p.SelectorsGrad", "scaledForwardSweep");
        assertTrue(scaled.contains("char c") && scaled.contains("c == '\\n'"), scaled);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            String ==       | @Differentiable public static double f(double x, String s) { if (s == "a") return x; return 2 * x; } | comparing Strings with == is not supported | if (s == "a")
            String equals   | @Differentiable public static double f(double x, String s) { if (s.equals("a")) return x; return 2 * x; } | calling a method on an object (s.equals("a")) is not supported | if (s.equals("a"))
            char arithmetic | @Differentiable public static double f(double x, char c) { return x * (c - 'a'); } | the operator - on char and char is not supported | return x * (c - 'a')
            enum order      | enum Mode { ONE, TWO } @Differentiable public static double f(double x, Mode m) { return m == Mode.ONE ? x : m.ordinal() * x; } | calling a method on an object (m.ordinal()) is not supported | m.ordinal()
            assigned        | @Differentiable public static double f(double x, char c) { c = 'b'; return x; } | 'c' of type char cannot be assigned | c = 'b'
            in a loop       | @Differentiable public static double f(double x, int n) { double r = x; for (int i = 0; i < n; i++) { String s = i > 1 ? "a" : "b"; r = r * x; } return r; } | local 's' of type java.lang.String must be declared with its value, outside loops | String s = i > 1
            private enum    | private enum Mode { ONE, TWO } @Differentiable public static double f(double x, Mode m) { return x; } | parameter 'm' has type p.Bad.Mode | double f(double x, Mode m)
            String switch value | @Differentiable public static double f(double x, int k) { String s = switch (k) { case 0 -> "a"; default -> "b"; }; return x; } | a switch expression of type String is not supported | String s = switch
            String concatenation | @Differentiable public static double f(double x, String s) { switch (s + "x") { default: return x; } } | the operator + on java.lang.String and java.lang.String is not supported | switch (s + "x")
            """)
    void whatIsRefusedIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    "
                + member.replace("; ", ";\n        ").replace("{ ", "{\n        ") + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
