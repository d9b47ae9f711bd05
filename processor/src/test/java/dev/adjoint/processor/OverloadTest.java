package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import java.util.Arrays;
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
}
