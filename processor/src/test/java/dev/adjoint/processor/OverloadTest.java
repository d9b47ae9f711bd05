package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Overloaded @Differentiable methods: Java overloads for the methods, type-named records. */
class OverloadTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Over {
                @Differentiable
                public static double f(double x) {
                    return Math.sin(x) * x;
                }

                @Differentiable
                public static double f(double x, double y) {
                    return f(x) * y + f(y);
                }

                @Differentiable
                public static double f(double x, int n) {
                    return n * f(x, x);
                }

                @Differentiable
                public static double g(double x) {
                    return f(x, 3) + f(x, 2.0);
                }
            }
            """;

    @Test
    void recordsAreNamedFromParameterTypes() {
        Compiled c = compile(SOURCE);
        Class<?> grad = c.gradClassFor("p.Over");
        Set<String> nested = new TreeSet<>();
        for (Class<?> n : grad.getDeclaredClasses()) {
            nested.add(n.getSimpleName());
        }
        assertEquals(new TreeSet<>(Set.of("FDoubleGradient", "FDoubleDoubleGradient", "FDoubleIntGradient", "GGradient")),
                nested, "nested records of " + grad.getName() + "\n" + c.describe());
        for (Class<?> n : grad.getDeclaredClasses()) {
            assertEquals(true, n.isRecord(), n + " should be a record");
        }
        // the forward and gradient methods keep the original name, as Java overloads
        long forwards = Arrays.stream(grad.getDeclaredMethods()).filter(m -> m.getName().equals("fForward")).count();
        long gradients = Arrays.stream(grad.getDeclaredMethods()).filter(m -> m.getName().equals("fGradient")).count();
        assertEquals(3, forwards, "fForward overloads\n" + c.describe());
        assertEquals(3, gradients, "fGradient overloads\n" + c.describe());
    }

    @Test
    void everyOverloadIsDifferentiated() {
        GradientChecker k = compile(SOURCE).checker("p.Over");
        for (double x : new double[] {-1.3, 0.3, 2.1}) {
            k.check("f", x).assertDerivatives(1e-14, Math.cos(x) * x + Math.sin(x));
            k.check("f", x, 0.7);
            k.check("f", x, 4);
            k.check("f", x, -2);
            k.check("g", x);
        }
    }

    @Test
    void longAndBooleanOverloadsAreNamedToo() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Over2 {
                    @Differentiable
                    public static double h(double x, long n) {
                        return x * n;
                    }

                    @Differentiable
                    public static double h(double x, boolean negate) {
                        return negate ? -x : x;
                    }

                    @Differentiable
                    public static double h(int n, double x) {
                        return x * x * n;
                    }
                }
                """).checker("p.Over2");
        // the checker verifies the names HDoubleLongGradient, HDoubleBooleanGradient, HIntDoubleGradient
        k.check("h", 0.3, 4L).assertDerivativesExactly(4.0);
        k.check("h", 0.3, true).assertDerivativesExactly(-1.0);
        k.check("h", 3, 0.5).assertDerivatives(1e-15, 3.0);
    }

    /**
     * s(double, double) is declared first and takes (double, int) as exactly as s(double, long) does
     * (one exact parameter each); javac calls the most specific, s(double, long), and so must the
     * derivatives.
     */
    @Test
    void theMostSpecificOverloadIsCalledAsJavacCallsIt() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Tie {
                    @Differentiable
                    public static double s(double x, double y) {
                        return x * y;
                    }

                    @Differentiable
                    public static double s(double x, long n) {
                        return x * x * n;
                    }

                    @Differentiable
                    public static double use(double x, int n) {
                        return s(x, n);
                    }
                }
                """).checker("p.Tie");
        k.check("use", 0.5, 3).assertDerivatives(1e-15, 3.0);
        assertEquals(0.75, k.original("use", 0.5, 3));
    }

    @Test
    void aCallNoOverloadIsMostSpecificForIsAnErrorOnItsLine() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), """
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    static double g(int a, double b) { return b; }
                    static double g(double a, int b) { return a; }

                    @Differentiable
                    public static double f(double x, int n) {
                        return x * g(n, n);
                    }
                }
                """);
        assertThat(compilation).hadErrorContaining("an ambiguous call of 'g' is not supported")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("return x * g(n, n)");
    }
}
