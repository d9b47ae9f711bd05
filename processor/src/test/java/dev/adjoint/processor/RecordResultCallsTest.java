package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.StaticCalls;
import dev.adjoint.runtime.Dual;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A local record declared with a call of a {@code @Differentiable} method returning a record of doubles
 * ({@code Point p = polar(r, t);}), read through its components: forward mode through the callee's
 * {@code fForward} (its value and tangent records), reverse mode calling the callee itself in the
 * forward sweep and its {@code fPullback} with a seed record built from the components' adjoints.
 */
class RecordResultCallsTest {

    private static final String OTHER = """
            package p;

            import dev.adjoint.Differentiable;

            public class Other {
                @Differentiable
                public static Shapes.Point swirl(double r, double t, int turns) {
                    return new Shapes.Point(r * Math.cos(t * turns), r * Math.sin(t) + t);
                }
            }
            """;

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Shapes {
                public record Point(double x, double y) {
                    @Differentiable
                    public double along(double a) {
                        return x * Math.cos(a) + y * Math.sin(a);
                    }
                }

                public record Segment(Point from, Point to, double weight) {}

                @Differentiable
                public static Point polar(double r, double t) {
                    return new Point(r * Math.cos(t), r * Math.sin(t));
                }

                @Differentiable
                public static Segment segment(double a, double b) {
                    return new Segment(new Point(a * b, a), new Point(Math.exp(b), b * b), a - b);
                }

                @Differentiable
                public static double norm2(Point p, double k) {
                    return k * (p.x() * p.x() + p.y() * p.y());
                }

                @Differentiable
                public static double distance(double r, double t) {
                    Point p = polar(r * r, t + 1);
                    Point q = polar(2.0, t);
                    return Math.hypot(p.x() - q.x(), p.y() - q.y());
                }

                @Differentiable
                public static double nested(double a, double b) {
                    Segment s = segment(a, b * a);
                    return s.from().x() * s.to().y() + Math.sin(s.weight()) * s.to().x();
                }

                @Differentiable
                public static double passedOn(double r, double t) {
                    var p = polar(r, t);
                    return norm2(p, t) + p.along(r * t) * p.x();
                }

                /** The call carries no derivative; its components are multiplied by ones that do. */
                @Differentiable
                public static double constantCall(double r, double t) {
                    Point p = polar(2.0, 0.5);
                    return p.x() * r + p.y() * t;
                }

                /** A call in a branch, a callee of another class with an int argument. */
                @Differentiable
                public static double branches(double r, double t) {
                    double s = r;
                    if (r > 0) {
                        Point p = Other.swirl(r, t, 3);
                        s = p.x() * p.y();
                    } else {
                        Point p = polar(t, r);
                        s = p.y() - s;
                    }
                    return s * t;
                }

                /** Uses in a loop after a call before it. */
                @Differentiable
                public static double looped(double r, double t, int n) {
                    Point p = polar(r, t);
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += p.x() * i + s * p.y();
                    }
                    return s;
                }

                /**
                 * Records read straight off their calls: components (a nested one too, one in a branch of ?:),
                 * a record passed whole and one called on.
                 */
                @Differentiable
                public static double offCalls(double r, double t) {
                    double s = polar(r, t).x() * segment(t, r).to().y();
                    return s + norm2(polar(t, r * r), r) + polar(r, t + 1).along(t)
                            + (r > 0 ? polar(t, r).y() : segment(r, t).weight());
                }

                /** r² cos t sin t, each factor read off a call of its own. */
                @Differentiable
                public static double product(double r, double t) {
                    return polar(r, t).x() * (polar(r, t).y());
                }

                @Differentiable
                public static Point rotated(double r, double t, double a) {
                    Point p = polar(r, t);
                    return new Point(p.x() * Math.cos(a) - p.y() * Math.sin(a), p.x() * Math.sin(a) + p.y() * Math.cos(a));
                }

                @Differentiable
                public static double[] corners(double r, double t) {
                    Point p = polar(r, t);
                    double[] c = new double[3];
                    c[0] = p.x();
                    c[1] = p.y() * r;
                    c[2] = p.x() * p.y();
                    return c;
                }
            }
            """;

    private static final Compiled COMPILED = compileStrict(SOURCE, OTHER);

    @Test
    void componentsDifferentiateThroughTheCalleesForwardAndPullback() {
        GradientChecker checker = COMPILED.checker("p.Shapes");
        for (double[] point : new double[][] {{0.7, 0.3}, {1.4, -2.1}, {-0.8, 2.6}}) {
            checker.check("distance", point[0], point[1]);
            checker.check("nested", point[0], point[1]);
            checker.check("passedOn", point[0], point[1]);
            checker.check("constantCall", point[0], point[1]);
            checker.check("branches", point[0], point[1]);
            checker.check("looped", point[0], point[1], 4);
            checker.check("offCalls", point[0], point[1]);
            checker.check("product", point[0], point[1]);
        }
        String reverse = COMPILED.generatedMethod("p.ShapesGrad", "distanceGradient");
        assertTrue(reverse.contains("ShapesGrad.polarPullback("), reverse);
        assertTrue(reverse.contains("Shapes.polar("), reverse);
        String forward = COMPILED.generatedMethod("p.ShapesGrad", "distanceForwardSweep");
        assertTrue(forward.contains("ShapesGrad.polarForwardSweep("), forward);
    }

    @Test
    void knownValues() {
        double r = 0.9;
        double t = 0.4;
        Object gradient = StaticCalls.call(COMPILED.load("p.ShapesGrad"), "passedOnGradient", r, t);
        // passedOn = t r² + (r cos(rt - t)) r cos t: the record's method reads x cos(a) + y sin(a) = r cos(a - t).
        double a = r * t;
        double x = r * Math.cos(t);
        double value = t * r * r + r * Math.cos(a - t) * x;
        assertEquals(value, (double) StaticCalls.call(COMPILED.load("p.Shapes"), "passedOn", r, t), 1e-15);
        double dR = 2 * t * r + Math.cos(a - t) * x - r * Math.sin(a - t) * t * x + r * Math.cos(a - t) * Math.cos(t);
        double dT = r * r - r * Math.sin(a - t) * (r - 1) * x - r * Math.cos(a - t) * r * Math.sin(t);
        assertEquals(dR, component(gradient, "dR"), 1e-13);
        assertEquals(dT, component(gradient, "dT"), 1e-13);
    }

    @Test
    void valuesAreTheMethodsBitForBit() {
        Class<?> user = COMPILED.load("p.Shapes");
        Class<?> grad = COMPILED.load("p.ShapesGrad");
        for (String method : new String[] {"distance", "nested", "passedOn", "branches", "offCalls"}) {
            double expected = (double) StaticCalls.call(user, method, 1.3, -0.7);
            Object gradient = StaticCalls.call(grad, method + "Gradient", 1.3, -0.7);
            assertEquals(expected, component(gradient, "value"), 0, method);
        }
    }

    @Test
    void componentsReadOffCallsHaveKnownDerivatives() {
        double r = 1.7;
        double t = 0.6;
        Object gradient = StaticCalls.call(COMPILED.load("p.ShapesGrad"), "productGradient", r, t);
        assertEquals(r * r * Math.cos(t) * Math.sin(t), component(gradient, "value"), 1e-15);
        assertEquals(2 * r * Math.cos(t) * Math.sin(t), component(gradient, "dR"), 1e-14);
        assertEquals(r * r * Math.cos(2 * t), component(gradient, "dT"), 1e-14);
        Object forward = StaticCalls.call(COMPILED.load("p.ShapesGrad"), "productForward",
                Dual.constant(r), Dual.variable(t));
        assertEquals(r * r * Math.cos(2 * t), ((Dual) forward).tangent(), 1e-14);
    }

    @Test
    void theAdjointOfACallReturningARecordIsHeadedByTheDeclarationAsJavaReadsIt() {
        String reverse = COMPILED.generatedMethod("p.ShapesGrad", "distanceGradient");
        assertTrue(reverse.contains("// grad of: Shapes.Point p = Shapes.polar(r * r, t + 1);"), reverse);
        String nested = COMPILED.generatedMethod("p.ShapesGrad", "nestedGradient");
        assertTrue(nested.contains("// grad of: Shapes.Segment s = Shapes.segment(a, b * a);"), nested);
        String offCall = COMPILED.generatedMethod("p.ShapesGrad", "productGradient");
        assertTrue(offCall.contains("// grad of: Shapes.Point polar = Shapes.polar(r, t);"), offCall);
    }

    private static double component(Object record, String name) {
        try {
            return (double) record.getClass().getMethod(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void vectorAndRecordValuedCallersTakeJacobiansThroughTheCall() {
        // corners: 3 outputs, 2 inputs, forward sweeps; rotated: 2 outputs, 3 inputs, reverse sweeps.
        Class<?> user = COMPILED.load("p.Shapes");
        double[][] corners = (double[][]) StaticCalls.call(COMPILED.load("p.ShapesGrad"), "cornersJacobian", 0.8, -0.4);
        double h = 1e-6;
        double[] point = {0.8, -0.4};
        for (int j = 0; j < 2; j++) {
            double[] plus = point.clone();
            double[] minus = point.clone();
            plus[j] += h;
            minus[j] -= h;
            double[] up = (double[]) StaticCalls.call(user, "corners", plus[0], plus[1]);
            double[] down = (double[]) StaticCalls.call(user, "corners", minus[0], minus[1]);
            for (int i = 0; i < 3; i++) {
                assertEquals((up[i] - down[i]) / (2 * h), corners[i][j], 1e-8, i + "," + j);
            }
        }
        double r = 0.9;
        double t = 0.4;
        double a = -1.1;
        double[][] jacobian = (double[][]) StaticCalls.call(COMPILED.load("p.ShapesGrad"), "rotatedJacobian", r, t, a);
        // rotated is polar(r, t + a)
        double[][] expected = {
            {Math.cos(t + a), -r * Math.sin(t + a), -r * Math.sin(t + a)},
            {Math.sin(t + a), r * Math.cos(t + a), r * Math.cos(t + a)}};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], jacobian[i][j], 1e-14, i + "," + j);
            }
        }
    }

    private static final String BAD = """
            package p;

            import dev.adjoint.Differentiable;

            public class Bad {
                public record Point(double x, double y) {}

                @Differentiable
                public static Point polar(double r, double t) {
                    return new Point(r * Math.cos(t), r * Math.sin(t));
                }

                public static Point plain(double r, double t) {
                    return new Point(r, t);
                }

            %s
            }
            """;

    @Test
    void aRecordCallInALoopIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable
                    public static double sum(double r, double t) {
                        double s = 0;
                        for (int i = 0; i < 3; i++) {
                            Point p = polar(r, t * i);
                            s += p.x();
                        }
                        return s;
                    }
                """);
        assertEquals("local record 'p' takes the record 'polar' returns inside a loop, which is not supported; call the"
                + " method before the loop, or compute the components here", error.getMessage(Locale.ROOT));
        assertEquals(21, error.getLineNumber());
    }

    @Test
    void aComponentReadOffACallInALoopIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable
                    public static double sum(double r, double t) {
                        double s = 0;
                        for (int i = 0; i < 3; i++) {
                            s += polar(r, t * i).x();
                        }
                        return s;
                    }
                """);
        assertEquals("'polar(r, t * i)' returns the record Point inside a loop, where differentiable code reads no such"
                + " call; call 'polar' before the loop into a local record, Point p = polar(...);, or compute the"
                + " components here", error.getMessage(Locale.ROOT));
        assertEquals(21, error.getLineNumber());
    }

    @Test
    void aComponentReadOffACallInALoopConditionIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable
                    public static double sum(double r, double t) {
                        double s = r;
                        while (s < polar(r, t).y()) {
                            s = s * 2;
                        }
                        return s;
                    }
                """);
        assertEquals("'polar(r, t)' returns the record Point inside a loop, where differentiable code reads no such"
                + " call; call 'polar' before the loop into a local record, Point p = polar(...);, or compute the"
                + " components here", error.getMessage(Locale.ROOT));
        assertEquals(20, error.getLineNumber());
    }

    @Test
    void aComponentReadOffACallInAnArrayInitializerIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable
                    public static double first(double r, double t) {
                        double[] v = {r,
                            polar(r, t).x()};
                        return v[0] * v[1];
                    }
                """);
        assertEquals("'polar(r, t)' returns the record Point in an array initializer, where no local record can be"
                + " declared for it; declare one before the statement, Point p = polar(...);, and read p.x() there",
                error.getMessage(Locale.ROOT));
        assertEquals(20, error.getLineNumber());
    }

    @Test
    void aComponentReadOffACallOfAMethodThatIsNotDifferentiableIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable
                    public static double first(double r, double t) {
                        double s = r * t;
                        return s * plain(r, t).x();
                    }
                """);
        assertEquals("'plain' returns the record Point; differentiable code reads such a call as a local record's"
                + " initializer, Point p = plain(...); then p.x(), or straight off the call, plain(...).x() (outside"
                + " loops, and the method @Differentiable)", error.getMessage(Locale.ROOT));
        assertEquals(20, error.getLineNumber());
    }

    @Test
    void aHessianThroughARecordReadOffACallIsRefused() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable(hessian = true)
                    public static double first(double r, double t) {
                        return polar(r, t).x() * r;
                    }
                """);
        assertEquals("cannot generate fHessian for 'first': it calls 'polar', which returns the record Point: second"
                + " order does not go through methods returning records; write the components it needs as scalar methods",
                error.getMessage(Locale.ROOT));
    }

    @Test
    void aHessianThroughARecordCallIsRefused() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable(hessian = true)
                    public static double first(double r, double t) {
                        Point p = polar(r, t);
                        return p.x() * r;
                    }
                """);
        assertEquals("cannot generate fHessian for 'first': it calls 'polar', which returns the record Point: second"
                + " order does not go through methods returning records; write the components it needs as scalar methods",
                error.getMessage(Locale.ROOT));
    }

    @Test
    void aRecordFromAMethodThatIsNotDifferentiableIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable
                    public static double first(double r, double t) {
                        Point p = plain(r, t);
                        return p.x() * r;
                    }
                """);
        assertEquals("'plain' returns the record Point; differentiable code reads such a call as a local record's"
                + " initializer, Point p = plain(...); then p.x(), or straight off the call, plain(...).x() (outside"
                + " loops, and the method @Differentiable)",
                error.getMessage(Locale.ROOT));
        assertEquals(19, error.getLineNumber());
    }

    @Test
    void aLocalRecordUsedAsAWholeIsOneErrorOnItsLine() {
        Diagnostic<?> error = onlyError("""
                    @Differentiable
                    public static double first(double r, double t) {
                        Point p = polar(r, t);
                        Point q = p;
                        return q.x() * r;
                    }
                """);
        assertEquals("the record 'p' is used as a whole; a @Differentiable method reads a record through its components"
                + " (p.x() or p.x), and does not pass it, compare it or store it", error.getMessage(Locale.ROOT));
        assertEquals(20, error.getLineNumber());
    }

    private static Diagnostic<?> onlyError(String methods) {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), BAD.formatted(methods));
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        assertEquals(1, compilation.errors().size(), () -> compilation.errors().toString());
        return compilation.errors().get(0);
    }
}
