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
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code char}, {@code String} and enum values passed in calls: to another {@code @Differentiable}
 * method (of the same class, of another class, of a record), to a private helper read as
 * differentiable, to a static method that is not differentiable and is called for its value
 * ({@code table(kind)}) or its effect ({@code requireUnit(unit);}), also in second order. The callee's generated methods take them unchanged. Overloads are resolved as
 * javac resolves them ({@code f(x, 'c')} calls {@code f(double, char)}, not {@code f(double, int)});
 * a char passed as a number is an error on its line.
 */
class ValueArgumentsTest {

    private static final String BOOK = """
            package v;

            import dev.adjoint.Differentiable;

            public class Book {
                public enum Side { CALL, PUT }

                /** Read for its value, not differentiable. */
                static double table(Side side) {
                    return side == Side.CALL ? 1.5 : -0.5;
                }

                static boolean isVowel(char c) {
                    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
                }

                @Differentiable
                public static double leg(double s, Side side) {
                    switch (side) {
                        case CALL: return s * s;
                        default: return Math.sin(s);
                    }
                }

                /** The same class: an enum parameter, an enum constant, and a value-only read in one expression. */
                @Differentiable
                public static double book(double s, double t, Side side) {
                    return leg(s, side) * t + leg(t * s, Side.PUT) + table(side) * s;
                }

                /** Another class: a char and a String, passed from parameters, literals and locals. */
                @Differentiable
                public static double named(double x, char c, String kind) {
                    String other = x > 0 ? "exp" : kind;
                    double r = Letters.scaled(x, c) + Letters.scaled(x * x, 'b') + Letters.byName(x, kind);
                    if (isVowel(c)) {
                        r = r + Letters.byName(r, other);
                    }
                    return r;
                }

                /** Overloads: the char one for a char, the int one for an int, as javac picks them. */
                @Differentiable
                public static double overloads(double x, char c, int n) {
                    return Letters.pick(x, c) + Letters.pick(x, n) + Letters.pick(x, 'z') + Letters.pick(x, 3);
                }

                private static double weigh(double x, Side side, String unit) {
                    double w = side == Side.CALL ? x * x : Math.exp(x);
                    switch (unit) {
                        case "bp": return w * 1e-4;
                        default: return w;
                    }
                }

                static void requireUnit(String unit) {
                    if (unit.isEmpty()) {
                        throw new IllegalArgumentException("no unit");
                    }
                }

                /** A private helper read as differentiable, taking an enum and a String; a check called for its effect. */
                @Differentiable
                public static double weighed(double x, Side side, String unit) {
                    requireUnit(unit);
                    return weigh(x, side, unit) + weigh(2 * x, Side.CALL, "bp") * x;
                }

                /** Second order through calls passing an enum and a char. */
                @Differentiable(hessian = true)
                public static double curved(double x, double y, Side side) {
                    return leg(x * y, side) + Letters.pick(y, 'z');
                }

                /** A record's method taking an enum and a char. */
                @Differentiable
                public static double onRecord(Strike k, double s, Side side, char c) {
                    return k.payoff(s, side, c) + k.payoff(s * s, Side.CALL, 'x');
                }
            }
            """;

    private static final String LETTERS = """
            package v;

            import dev.adjoint.Differentiable;

            public class Letters {
                @Differentiable
                public static double scaled(double x, char c) {
                    return c < 'm' ? Math.exp(x) : x * x * x;
                }

                @Differentiable
                public static double byName(double x, String kind) {
                    switch (kind) {
                        case "exp": return Math.exp(0.5 * x);
                        case "sq": return x * x;
                        default: return Math.cos(x);
                    }
                }

                @Differentiable
                public static double pick(double x, char c) {
                    return c == 'z' ? 10 * x : x;
                }

                @Differentiable
                public static double pick(double x, int n) {
                    return n * x * x;
                }
            }
            """;

    private static final String STRIKE = """
            package v;

            import dev.adjoint.Differentiable;

            public record Strike(double k) {
                @Differentiable
                public double payoff(double s, Book.Side side, char c) {
                    double d = side == Book.Side.CALL ? s - k : k - s;
                    return c == 'x' ? d * d : Math.log1p(d * d);
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(BOOK, LETTERS, STRIKE);

    private static Object side(String name) {
        for (Object constant : COMPILED.load("v.Book$Side").getEnumConstants()) {
            if (constant.toString().equals(name)) {
                return constant;
            }
        }
        throw new AssertionError(name);
    }

    private static Object strike(double k) throws ReflectiveOperationException {
        Constructor<?> constructor = COMPILED.load("v.Strike").getDeclaredConstructor(double.class);
        return constructor.newInstance(k);
    }

    @Test
    void anEnumPassedWithinItsClassAndToAMethodReadForItsValue() {
        GradientChecker k = COMPILED.checker("v.Book");
        for (String side : List.of("CALL", "PUT")) {
            k.check("book", 0.7, 1.3, side(side));
            k.check("book", -1.1, 0.4, side(side));
        }
        assertEquals(0.49 * 1.3 + Math.sin(1.3 * 0.7) + 1.5 * 0.7, k.original("book", 0.7, 1.3, side("CALL")), 1e-15);
    }

    @Test
    void aCharAndAStringPassedToAnotherClass() {
        GradientChecker k = COMPILED.checker("v.Book");
        for (char c : new char[] {'a', 'e', 'q', 'z'}) {
            for (String kind : List.of("exp", "sq", "other")) {
                k.check("named", 0.6, c, kind);
                k.check("named", -0.8, c, kind);
            }
        }
    }

    @Test
    void overloadsArePickedAsJavacPicksThem() {
        GradientChecker k = COMPILED.checker("v.Book");
        k.check("overloads", 0.9, 'z', 2);
        k.check("overloads", -0.3, 'a', 5);
        // pick(x, 'z') = 10x and pick(x, 3) = 3x²: the char overload for chars, the int one for ints.
        assertEquals(10 * 0.5 + 2 * 0.25 + 10 * 0.5 + 3 * 0.25, k.original("overloads", 0.5, 'z', 2), 1e-15);
    }

    @Test
    void anEnumAndAStringPassedToAPrivateHelper() {
        GradientChecker k = COMPILED.checker("v.Book");
        for (String side : List.of("CALL", "PUT")) {
            for (String unit : List.of("bp", "abs")) {
                k.check("weighed", 0.45, side(side), unit);
            }
        }
    }

    @Test
    void aCheckCalledForItsEffectThrowsInBothModesAsInTheMethod() {
        Class<?> user = COMPILED.load("v.Book");
        Class<?> grad = COMPILED.gradClassFor("v.Book");
        List<Throwable> thrown = List.of(StaticCalls.thrown(user, "weighed", 0.5, side("PUT"), ""),
                StaticCalls.thrown(grad, "weighedGradient", 0.5, side("PUT"), ""),
                StaticCalls.thrown(grad, "weighedForward", Dual.variable(0.5), side("PUT"), ""));
        for (Throwable t : thrown) {
            assertEquals(IllegalArgumentException.class, t.getClass(), String.valueOf(t));
            assertEquals("no unit", t.getMessage());
        }
    }

    @Test
    void theHessianThroughCallsPassingValues() throws Exception {
        GradientChecker k = COMPILED.checker("v.Book");
        Method hessian = COMPILED.gradClassFor("v.Book").getMethod("curvedHessian", double.class, double.class,
                COMPILED.load("v.Book$Side"));
        double x = 0.6;
        double y = -1.3;
        double s = Math.sin(x * y);
        double c = Math.cos(x * y);
        double[][] call = {{2 * y * y, 4 * x * y}, {4 * x * y, 2 * x * x}};
        double[][] put = {{-s * y * y, -s * x * y + c}, {-s * x * y + c, -s * x * x}};
        for (String name : List.of("CALL", "PUT")) {
            k.check("curved", x, y, side(name));
            double[][] h = (double[][]) hessian.invoke(null, x, y, side(name));
            double[][] expected = name.equals("CALL") ? call : put;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(expected[i][j], h[i][j], 1e-14, name + " H[" + i + "][" + j + "]");
                }
            }
        }
    }

    /** GradientChecker takes no records: both modes against central differences of the method, by hand. */
    @Test
    void anEnumAndACharPassedToARecordsMethod() throws Exception {
        Class<?> user = COMPILED.load("v.Book");
        Class<?> grad = COMPILED.gradClassFor("v.Book");
        Class<?> strike = COMPILED.load("v.Strike");
        Class<?> side = COMPILED.load("v.Book$Side");
        Method primal = user.getMethod("onRecord", strike, double.class, side, char.class);
        Method reverse = grad.getMethod("onRecordGradient", strike, double.class, side, char.class);
        Method forward = grad.getMethod("onRecordForward", strike, strike, Dual.class, side, char.class);
        double h = 1e-6;
        for (String name : List.of("CALL", "PUT")) {
            for (char c : new char[] {'x', 'y'}) {
                for (double[] point : new double[][] {{1.2, 0.7}, {-0.4, 1.9}}) {
                    double k = point[0];
                    double s = point[1];
                    Object gradient = reverse.invoke(null, strike(k), s, side(name), c);
                    double value = (double) gradient.getClass().getMethod("value").invoke(gradient);
                    assertEquals(primal.invoke(null, strike(k), s, side(name), c), value);
                    Object dK = gradient.getClass().getMethod("dK").invoke(gradient);
                    double byK = (double) dK.getClass().getMethod("k").invoke(dK);
                    double byS = (double) gradient.getClass().getMethod("dS").invoke(gradient);
                    double differenceK = ((double) primal.invoke(null, strike(k + h), s, side(name), c)
                            - (double) primal.invoke(null, strike(k - h), s, side(name), c)) / (2 * h);
                    double differenceS = ((double) primal.invoke(null, strike(k), s + h, side(name), c)
                            - (double) primal.invoke(null, strike(k), s - h, side(name), c)) / (2 * h);
                    assertEquals(differenceK, byK, 1e-6 * Math.max(1, Math.abs(byK)), name + c + " d/dk");
                    assertEquals(differenceS, byS, 1e-6 * Math.max(1, Math.abs(byS)), name + c + " d/ds");
                    Dual alongK = (Dual) forward.invoke(null, strike(k), strike(1), Dual.constant(s), side(name), c);
                    Dual alongS = (Dual) forward.invoke(null, strike(k), strike(0), Dual.variable(s), side(name), c);
                    assertEquals(value, alongK.value());
                    assertEquals(byK, alongK.tangent(), 1e-12 * Math.max(1, Math.abs(byK)));
                    assertEquals(byS, alongS.tangent(), 1e-12 * Math.max(1, Math.abs(byS)));
                }
            }
        }
    }

    @Test
    void theGeneratedCallsPassTheValuesUnchanged() {
        String reverse = COMPILED.generatedMethod("v.BookGrad", "bookGradient");
        assertTrue(reverse.contains("Book.table(side)"), reverse);
        assertTrue(reverse.contains("legGradientOnto(") && reverse.contains("Book.Side.PUT"), reverse);
        String forward = COMPILED.generatedMethod("v.BookGrad", "namedForwardSweep");
        assertTrue(forward.contains("scaledForward(") && forward.contains("'b'"), forward);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            char as an int    | static double g(double x, int n) { return n * x; } @Differentiable public static double f(double x, char c) { return g(x, c); } | passing a char to the int parameter 'n' of 'g' is not supported | return g(x, c)
            char as a double  | @Differentiable static double g(double x, double y) { return y * x; } @Differentiable public static double f(double x, char c) { return g(x, c); } | passing a char to the double parameter 'y' of 'g' is not supported | return g(x, c)
            String as Object  | static double g(Object o) { return 1; } @Differentiable public static double f(double x, String s) { return x * g(s); } | a call of 'g' with these argument types is not supported | return x * g(s)
            char to an effect | static void log(int n) { } @Differentiable public static double f(double x, char c) { log(c); return x; } | passing a char to the int parameter 'n' of 'log' is not supported | log(c);
            null for a String | @Differentiable static double g(double x, String s) { return x; } @Differentiable public static double f(double x) { return g(x, null); } | null passed to 'g' where it takes no array | return g(x, null)
            """)
    void whatIsRefusedIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    "
                + member.replace("; ", ";\n        ").replace("{ ", "{\n        ") + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
