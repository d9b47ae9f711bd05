package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import java.io.File;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * The FastMath classes of Apache Commons Math 3 and Hipparchus are read with the Math table: the
 * generated code calls the same class, so values are the user's bit for bit, and both modes agree
 * with finite differences. The libraries are on the classpath as a user's build has them.
 */
class LibraryMathTest {

    private static final String COMMONS = """
            package p;

            import dev.adjoint.Differentiable;
            import org.apache.commons.math3.util.FastMath;

            public class Commons {
                @Differentiable
                public static double f(double x, double y, int n) {
                    double r = FastMath.hypot(x, y) + FastMath.pow(x, n) + FastMath.pow(y, 2.5);
                    double s = FastMath.exp(-x * x) * FastMath.sin(y) + FastMath.log1p(FastMath.abs(x));
                    return r * FastMath.tanh(s) + FastMath.atan2(y, x) + FastMath.floor(x) * FastMath.cbrt(y);
                }

                @Differentiable
                public static double hyperbolic(double x) {
                    return FastMath.asinh(x) + FastMath.acosh(1 + x * x) + FastMath.atanh(x / 2);
                }
            }
            """;

    private static final String HIPPARCHUS = """
            package p;

            import dev.adjoint.Differentiable;
            import org.hipparchus.util.FastMath;

            public class Hipparchus {
                @Differentiable
                public static double f(double x, double y) {
                    return FastMath.sqrt(x * x + y) * FastMath.cos(x) + FastMath.max(x, y) * FastMath.expm1(y)
                            + FastMath.asinh(x * y);
                }
            }
            """;


    private static final File COMMONS_MATH = AdjointCompiler.jarOf("org.apache.commons.math3.util.FastMath");
    private static final File HIPPARCHUS_CORE = AdjointCompiler.jarOf("org.hipparchus.util.FastMath");

    @Test
    void commonsMathFastMathDifferentiatesInBothModes() {
        Compiled c = AdjointCompiler.compileAgainst(List.of(COMMONS_MATH), COMMONS);
        for (double[] point : new double[][] {{0.7, 1.3}, {-0.4, 2.2}, {1.9, 0.6}}) {
            for (int n : new int[] {1, 2, 3}) {
                c.checker("p.Commons").check("f", point[0], point[1], n);
            }
        }
        for (double x : new double[] {-1.5, -0.3, 0.4, 1.2}) {
            c.checker("p.Commons").check("hyperbolic", x);
        }
        String reverse = c.generatedMethod("p.CommonsGrad", "fGradient");
        assertTrue(reverse.contains("FastMath.pow(x, n)") && reverse.contains("FastMath.hypot(x, y)"), reverse);
        assertTrue(!reverse.contains("Math.exp(") || reverse.contains("FastMath.exp("), reverse);
        assertTrue(c.generatedSource("p.CommonsGrad").contains("import org.apache.commons.math3.util.FastMath;"));
    }

    @Test
    void hipparchusFastMathDifferentiatesInBothModes() {
        Compiled c = AdjointCompiler.compileAgainst(List.of(HIPPARCHUS_CORE), HIPPARCHUS);
        for (double[] point : new double[][] {{0.7, 1.3}, {-0.4, 2.2}, {1.9, 0.6}}) {
            c.checker("p.Hipparchus").check("f", point[0], point[1]);
        }
        assertTrue(c.generatedMethod("p.HipparchusGrad", "fForwardSweep").contains("FastMath.sin(x.value())"),
                c.generatedMethod("p.HipparchusGrad", "fForwardSweep"));
    }

    @Test
    void aFunctionOutsideTheTableIsNamedWithItsClass() {
        String source = """
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.util.FastMath;

                public class Unknown {
                    @Differentiable
                    public static double f(double x) {
                        return FastMath.log(2.0, x);
                    }
                }
                """;
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), List.of(COMMONS_MATH), source);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        Diagnostic<?> error = compilation.errors().get(0);
        assertEquals("no derivative is known for 'FastMath.log', called with a differentiable argument; annotate it"
                + " with @Differentiable (static, returning double) so Adjoint can differentiate it",
                error.getMessage(Locale.ROOT));
        assertEquals(9, error.getLineNumber());
    }
}
