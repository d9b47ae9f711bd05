package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.StaticCalls;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statements that call a static method for its effect (argument checks): both modes make the call,
 * with the primal's values, and so throw where the primal throws; derivatives are the primal's.
 */
class EffectCallsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Checked {
                static int calls;

                static void checkRange(double x, double lo, double hi) {
                    calls++;
                    if (x < lo || x > hi) {
                        throw new IllegalArgumentException(x + " is outside [" + lo + ", " + hi + "]");
                    }
                }

                static void checkNotNull(Object o) {
                    if (o == null) {
                        throw new NullPointerException("no data");
                    }
                }

                @Differentiable
                public static double logit(double x, double lo, double hi) {
                    checkRange(x, lo, hi);
                    return Math.log((x - lo) / (hi - x));
                }

                @Differentiable
                public static double weighted(double[] w, double x) {
                    checkNotNull(w);
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        checkRange(w[i], -10, 10);
                        s += w[i] * Math.sin(x * i);
                    }
                    return s;
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE);

    @Test
    void derivativesAreThePrimalsAndTheCallIsMadeOncePerCallOfTheMethod() throws Exception {
        COMPILED.checker("p.Checked").check("logit", 0.3, -1.0, 2.0);
        COMPILED.checker("p.Checked").check("logit", 1.9, 0.5, 2.0);
        new ArrayChecker(COMPILED, "p.Checked").check("weighted", 1e-7, new double[] {0.5, -1.5, 2.5}, 0.7);

        Class<?> user = COMPILED.load("p.Checked");
        var calls = user.getDeclaredField("calls");
        calls.setAccessible(true);
        calls.setInt(null, 0);
        StaticCalls.call(COMPILED.gradClassFor("p.Checked"), "weightedGradient", new double[] {0.5, -1.5, 2.5}, 0.7);
        assertEquals(3, calls.getInt(null), "reverse mode checks each element once, in the forward sweep");
        calls.setInt(null, 0);
        StaticCalls.call(COMPILED.gradClassFor("p.Checked"), "weightedForward", DualArrays.constant(new double[] {0.5, -1.5, 2.5}),
                Dual.variable(0.7));
        assertEquals(3, calls.getInt(null), "forward mode too");
    }

    @Test
    void whereTheCheckThrowsBothModesThrowTheSame() {
        Class<?> grad = COMPILED.gradClassFor("p.Checked");
        Throwable primal = StaticCalls.thrown(COMPILED.load("p.Checked"), "logit", 2.5, -1.0, 2.0);
        Throwable reverse = StaticCalls.thrown(grad, "logitGradient", 2.5, -1.0, 2.0);
        Throwable forward = StaticCalls.thrown(grad, "logitForward", Dual.variable(2.5), Dual.constant(-1.0), Dual.constant(2.0));
        for (Throwable t : List.of(primal, reverse, forward)) {
            assertEquals(IllegalArgumentException.class, t.getClass());
            assertEquals("2.5 is outside [-1.0, 2.0]", t.getMessage());
        }
        Throwable nullPrimal = StaticCalls.thrown(COMPILED.load("p.Checked"), "weighted", null, 0.7);
        Throwable nullReverse = StaticCalls.thrown(grad, "weightedGradient", null, 0.7);
        Throwable nullForward = StaticCalls.thrown(grad, "weightedForward", null, Dual.variable(0.7));
        for (Throwable t : List.of(nullPrimal, nullReverse, nullForward)) {
            assertEquals(NullPointerException.class, t.getClass());
            assertEquals("no data", t.getMessage());
        }
        String reverseCode = COMPILED.generatedMethod("p.CheckedGrad", "logitGradient");
        assertTrue(reverseCode.contains("Checked.checkRange(x, lo, hi);"), reverseCode);
    }

    @Test
    void aCheckGivenAnArrayAsAnObjectSeesTheMethodsValuesInForwardModeToo() {
        Compiled compiled = AdjointCompiler.compileStrict("""
                package p;

                import dev.adjoint.Differentiable;

                public class Clean {
                    static void checkNoNaN(Object data) {
                        if (data instanceof double[]) {
                            for (double v : (double[]) data) {
                                if (Double.isNaN(v)) {
                                    throw new IllegalArgumentException("NaN in the data");
                                }
                            }
                        }
                    }

                    @Differentiable
                    public static double total(double[] w) {
                        checkNoNaN(w);
                        double s = 0;
                        for (double v : w) {
                            s += v * v;
                        }
                        return s;
                    }
                }
                """);
        double[] bad = {1, Double.NaN};
        Class<?> grad = compiled.gradClassFor("p.Clean");
        for (Throwable t : List.of(StaticCalls.thrown(compiled.load("p.Clean"), "total", (Object) bad),
                StaticCalls.thrown(grad, "totalGradient", (Object) bad),
                StaticCalls.thrown(grad, "totalForward", (Object) DualArrays.constant(bad)))) {
            assertEquals(IllegalArgumentException.class, t.getClass());
            assertEquals("NaN in the data", t.getMessage());
        }
        new ArrayChecker(compiled, "p.Clean").check("total", 1e-7, new double[] {0.5, -1.5});
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            an array as an array | static void fill(double[] a) { a[0] = 1; } @Differentiable public static double f(double[] w) { fill(w); return w[0]; } | passing an array to 'fill', which may write into it is not supported | fill(w)
            a private method     | private static void check(double x) { } @Differentiable public static double f(double x) { check(x); return x; } | method 'check' is private | check(x)
            """)
    void whatCannotBeCalledSafelyIsAnErrorOnItsLine(String name, String members, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    " + members + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
