package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.StaticCalls;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A local array declared with a call of a vector-valued {@code @Differentiable} method: forward mode
 * through the callee's {@code fForward}, reverse mode through its {@code fPullback} seeded with the
 * array's adjoint.
 */
class VectorCallsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Shapes {
                @Differentiable
                public static double[] polar(double r, double t) {
                    double[] p = new double[2];
                    p[0] = r * Math.cos(t);
                    p[1] = r * Math.sin(t);
                    return p;
                }

                @Differentiable
                public static double[] scaled(double[] x, double k) {
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        y[i] = k * x[i] * x[i];
                    }
                    return y;
                }

                @Differentiable
                public static double distance(double r, double t) {
                    double[] p = polar(r * r, t + 1);
                    double[] q = polar(2.0, t);
                    return Math.hypot(p[0] - q[0], p[1] - q[1]);
                }

                @Differentiable
                public static double energy(double[] x, double k) {
                    double[] y = scaled(x, k * k);
                    double s = 0;
                    for (int i = 0; i < y.length; i++) {
                        y[i] = y[i] * x[i];
                        s += y[i] * y[i];
                    }
                    return s;
                }

                /** The call carries no derivative, the array gets one afterwards (found by the fuzzer). */
                @Differentiable
                public static double later(double r, double t) {
                    double[] p = polar(2.0, 0.5);
                    p[0] = p[0] * r;
                    return p[0] + p[1] * t;
                }

                @Differentiable
                public static double[] chained(double r, double t) {
                    double[] p = polar(r, t);
                    double[] q = new double[2];
                    q[0] = p[0] * p[1];
                    q[1] = p[0] + r;
                    return q;
                }
            }
            """;

    @Test
    void scalarArgumentsDifferentiateThroughTheCalleesPullback() {
        Compiled c = AdjointCompiler.compile(SOURCE);
        GradientChecker checker = c.checker("p.Shapes");
        for (double[] point : new double[][] {{0.7, 0.3}, {1.4, -2.1}, {-0.8, 2.6}}) {
            checker.check("distance", point[0], point[1]);
        }
        checker.check("later", 0.7, -1.2);
        String reverse = c.generatedMethod("p.ShapesGrad", "distanceGradient");
        assertTrue(reverse.contains("ShapesGrad.polarPullback("), reverse);
        String forward = c.generatedMethod("p.ShapesGrad", "distanceForwardSweep");
        assertTrue(forward.contains("ShapesGrad.polarForwardSweep("), forward);
    }

    @Test
    void arrayArgumentsDifferentiateThroughTheCalleesPullback() {
        Compiled c = AdjointCompiler.compile(SOURCE);
        ArrayChecker checker = new ArrayChecker(c, "p.Shapes");
        checker.check("energy", 1e-6, new double[] {0.5, -1.2, 2.0}, 0.8);
        checker.check("energy", 1e-6, new double[] {1.5}, -0.3);
    }

    @Test
    void aVectorValuedMethodMayCallAnother() {
        Compiled c = AdjointCompiler.compile(SOURCE);
        double r = 0.9;
        double t = 0.4;
        double[][] jacobian = (double[][]) StaticCalls.call(c.load("p.ShapesGrad"), "chainedJacobian", r, t);
        double x = r * Math.cos(t);
        double y = r * Math.sin(t);
        // q0 = x y = r² cos t sin t; q1 = x + r
        assertEquals(2 * r * Math.cos(t) * Math.sin(t), jacobian[0][0], 1e-14);
        assertEquals(r * r * Math.cos(2 * t), jacobian[0][1], 1e-14);
        assertEquals(Math.cos(t) + 1, jacobian[1][0], 1e-14);
        assertEquals(-y, jacobian[1][1], 1e-14);
        assertEquals(x * y, ((double[]) StaticCalls.call(c.load("p.Shapes"), "chained", r, t))[0], 0);
    }

    @Test
    void aVectorCallAnywhereElseIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    @Differentiable
                    public static double[] polar(double r, double t) {
                        double[] p = new double[2];
                        p[0] = r * Math.cos(t);
                        return p;
                    }

                    @Differentiable
                    public static double first(double r, double t) {
                        return polar(r, t)[0] * r;
                    }
                }
                """);
        assertEquals("using the array 'polar' returns is not supported in a @Differentiable method; declare a local"
                + " array with it (double[] p = polar(...);) when 'polar' is @Differentiable, or write the loop here",
                error.getMessage(Locale.ROOT));
        assertEquals(15, error.getLineNumber());
    }

    @Test
    void aVectorCallInALoopIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    @Differentiable
                    public static double[] polar(double r, double t) {
                        double[] p = new double[2];
                        p[0] = r * Math.cos(t);
                        return p;
                    }

                    @Differentiable
                    public static double sum(double r, double t) {
                        double s = 0;
                        for (int i = 0; i < 3; i++) {
                            double[] p = polar(r, t * i);
                            s += p[0];
                        }
                        return s;
                    }
                }
                """);
        assertEquals("local array 'p' takes the array a vector-valued method returns inside a loop, which is not"
                + " supported; call the method before the loop, or compute the elements here", error.getMessage(Locale.ROOT));
        assertEquals(17, error.getLineNumber());
    }

    @Test
    void aHessianThroughAVectorCallIsRefused() {
        Diagnostic<?> error = onlyError("""
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    @Differentiable
                    public static double[] polar(double r, double t) {
                        double[] p = new double[2];
                        p[0] = r * Math.cos(t);
                        return p;
                    }

                    @Differentiable(hessian = true)
                    public static double first(double r, double t) {
                        double[] p = polar(r, t);
                        return p[0] * r;
                    }
                }
                """);
        assertEquals("cannot generate fHessian for 'first': it calls 'polar', which returns double[]: second order"
                + " does not go through vector-valued methods; write the elements it needs as scalar methods",
                error.getMessage(Locale.ROOT));
    }

    private static Diagnostic<?> onlyError(String source) {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        assertEquals(1, compilation.errors().size(), () -> compilation.errors().toString());
        return compilation.errors().get(0);
    }
}
