package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * {@code @DerivativeOf} rules for methods of objects: the rule takes the object first. The objects of
 * such a class are then values in a {@code @Differentiable} method (parameters, locals, static fields,
 * {@code new}), and calls of the ruled methods are differentiated with respect to their arguments.
 */
class ObjectRulesTest {

    /** A function object as a library ships it: no Adjoint in sight. */
    private static final String SOFTPLUS = """
            package lib;

            public final class Softplus {
                private final double scale;

                public Softplus(double scale) {
                    this.scale = scale;
                }

                public double scale() {
                    return scale;
                }

                public double value(double x) {
                    return scale * Math.log1p(Math.exp(x / scale));
                }

                public double blend(double a, double b) {
                    return value(a) * b;
                }
            }
            """;

    private static final String USER = """
            package p;

            import dev.adjoint.DerivativeOf;
            import dev.adjoint.Differentiable;
            import lib.Softplus;

            public class Model {
                static final Softplus SOFT = new Softplus(2);

                @DerivativeOf(value = "value", owner = Softplus.class)
                static double softplusSlope(Softplus self, double x) {
                    return 1 / (1 + Math.exp(-x / self.scale()));
                }

                @DerivativeOf(value = "blend", wrt = "a", owner = Softplus.class)
                static double blendDa(Softplus self, double a, double b) {
                    return softplusSlope(self, a) * b;
                }

                @DerivativeOf(value = "blend", wrt = "b", owner = Softplus.class)
                static double blendDb(Softplus self, double a, double b) {
                    return self.value(a);
                }

                @Differentiable
                public static double loss(Softplus s, double x, double y) {
                    return s.value(x * y) + SOFT.value(x) - new Softplus(0.5).blend(y, x) + x * s.scale();
                }
            }
            """;

    @Test
    void aRuleForAMethodOfObjectsDifferentiatesItsCallsInBothModes() {
        Compiled c = AdjointCompiler.compile(SOFTPLUS, USER);
        GradientChecker checker = c.checker("p.Model");
        Object softplus = newSoftplus(c, 1.5);
        for (double[] point : new double[][] {{0.3, 0.8}, {-1.2, 0.4}, {2.0, -1.1}}) {
            checker.check("loss", softplus, point[0], point[1]);
        }
    }

    @Test
    void aMethodOfObjectsWithoutARuleForADifferentiableArgumentIsAnError() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), SOFTPLUS, """
                package p;

                import dev.adjoint.DerivativeOf;
                import dev.adjoint.Differentiable;
                import lib.Softplus;

                public class Partial {
                    @DerivativeOf(value = "value", owner = Softplus.class)
                    static double slope(Softplus self, double x) {
                        return 1 / (1 + Math.exp(-x / self.scale()));
                    }

                    @Differentiable
                    public static double f(Softplus s, double x) {
                        return s.value(x) + s.blend(x, 1.0);
                    }
                }
                """);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        Diagnostic<?> error = compilation.errors().get(0);
        assertEquals("no derivative is known for 'Softplus.blend', called with a differentiable argument; annotate"
                + " it with @Differentiable (static, returning double) so Adjoint can differentiate it",
                error.getMessage(Locale.ROOT));
        assertEquals(15, error.getLineNumber());
    }

    @Test
    void aRuleWhoseFirstParameterIsNotTheObjectMatchesNothing() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), SOFTPLUS, """
                package p;

                import dev.adjoint.DerivativeOf;
                import lib.Softplus;

                public class Wrong {
                    @DerivativeOf(value = "value", owner = Softplus.class)
                    static double slope(double x) {
                        return 1;
                    }
                }
                """);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        Diagnostic<?> error = compilation.errors().get(0);
        assertEquals("@DerivativeOf rule 'slope' must have the parameter list of the function it differentiates:"
                + " lib.Softplus has no overload 'value(double)'", error.getMessage(Locale.ROOT));
        assertEquals(8, error.getLineNumber());
    }

    private static Object newSoftplus(Compiled c, double scale) {
        try {
            return c.load("lib.Softplus").getConstructor(double.class).newInstance(scale);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
