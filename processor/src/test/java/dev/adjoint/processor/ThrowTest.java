package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.StaticCalls;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code throw}: argument guards and a method's last word. Both modes throw the primal's exception,
 * with its message, at the primal's points, and differentiate as the primal elsewhere.
 */
class ThrowTest {

    private static final String GUARDS = """
            package p;

            import dev.adjoint.Differentiable;

            public class Guards {
                enum Kind { NEGATIVE, TOO_LARGE }

                private static final String NO_CONVERGENCE = "no convergence in ";

                static final class DomainException extends RuntimeException {
                    private static final long serialVersionUID = 1L;

                    DomainException(Kind kind, double value) {
                        super(kind + ": " + value);
                    }
                }

                @Differentiable
                public static double logDensity(double x, double mu, double sigma) {
                    if (sigma <= 0) {
                        throw new IllegalArgumentException("sigma must be positive, was " + sigma + " (x = " + x + ")");
                    }
                    double z = (x - mu) / sigma;
                    return -0.5 * z * z - Math.log(sigma);
                }

                @Differentiable
                public static double clampedLog(double x, double limit) {
                    if (x > 0) {
                        if (x > limit) throw new DomainException(Kind.TOO_LARGE, x);
                    } else {
                        throw new DomainException(Kind.NEGATIVE, x);
                    }
                    return Math.log(x) * limit;
                }

                /** A guard inside a loop that carries state: the reverse sweep needs a tape. */
                @Differentiable
                public static double walk(double x, double[] w) {
                    for (int i = 0; i < w.length; i++) {
                        if (w[i] < 0) {
                            throw new IllegalStateException("negative weight " + w[i] + " at " + i);
                        }
                        x = Math.sin(x * w[i]) + x;
                    }
                    return x;
                }

                /** Newton's square root: returns from inside the loop, throws when it does not converge. */
                @Differentiable
                public static double newtonSqrt(double a, int maxIterations) {
                    double x = a;
                    for (int i = 0; i < maxIterations; i++) {
                        double next = 0.5 * (x + a / x);
                        if (Math.abs(next - x) <= 1e-15 * x) {
                            return next;
                        }
                        x = next;
                    }
                    throw new ArithmeticException(NO_CONVERGENCE + maxIterations + " iterations");
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(GUARDS);

    @Test
    void whereThePrimalReturnsBothModesDifferentiateIt() {
        COMPILED.checker("p.Guards").check("logDensity", 0.3, -0.2, 1.7);
        COMPILED.checker("p.Guards").check("clampedLog", 0.8, 2.0);
        COMPILED.checker("p.Guards").check("newtonSqrt", 2.0, 50);
        new ArrayChecker(COMPILED, "p.Guards").check("walk", 1e-7, 0.4, new double[] {0.3, 1.2, 0.7});
        Object gradient = invoke("newtonSqrtGradient", 2.0, 50);
        assertEquals(1 / (2 * Math.sqrt(2)), component(gradient, "dA"), 1e-15);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            logDensity | 0.3, -0.2, 0.0  | java.lang.IllegalArgumentException | sigma must be positive, was 0.0 (x = 0.3)
            logDensity | 0.3, -0.2, -1.5 | java.lang.IllegalArgumentException | sigma must be positive, was -1.5 (x = 0.3)
            clampedLog | 3.5, 2.0        | p.Guards$DomainException          | TOO_LARGE: 3.5
            clampedLog | -0.5, 2.0       | p.Guards$DomainException          | NEGATIVE: -0.5
            newtonSqrt | 2.0, 2          | java.lang.ArithmeticException      | no convergence in 2 iterations
            """)
    void whereThePrimalThrowsBothModesThrowTheSameException(String method, String point, String type, String message)
            throws Exception {
        Object[] arguments = arguments(method, point);
        Throwable primal = StaticCalls.thrown(COMPILED.load("p.Guards"), method, arguments);
        Throwable reverse = StaticCalls.thrown(COMPILED.gradClassFor("p.Guards"), method + "Gradient", arguments);
        Throwable forward = StaticCalls.thrown(COMPILED.gradClassFor("p.Guards"), method + "Forward", dualArguments(arguments));
        for (Throwable t : List.of(primal, reverse, forward)) {
            assertEquals(type, t.getClass().getName());
            assertEquals(message, t.getMessage());
        }
    }

    @Test
    void aThrowInATapedLoopLeavesTheNextGradientRight() throws Exception {
        double[] good = {0.3, 1.2, 0.7, 0.9};
        Object before = invoke("walkGradient", 0.4, good);
        for (int attempt = 0; attempt < 3; attempt++) {
            Throwable t = StaticCalls.thrown(COMPILED.gradClassFor("p.Guards"), "walkGradient", 0.4, new double[] {0.3, 1.2, -0.7});
            assertEquals("negative weight -0.7 at 2", t.getMessage());
        }
        Object after = invoke("walkGradient", 0.4, good);
        assertEquals(component(before, "value"), component(after, "value"), 0.0);
        assertEquals(component(before, "dX"), component(after, "dX"), 0.0);
        assertArrayEquals((double[]) componentObject(before, "dW"), (double[]) componentObject(after, "dW"), 0.0);
    }

    @Test
    void theGeneratedCodeThrowsAsTheUserWroteIt() {
        String reverse = COMPILED.generatedMethod("p.GuardsGrad", "logDensityGradient");
        assertNotNull(reverse);
        assertEquals(1, count(reverse, "throw new IllegalArgumentException(\"sigma must be positive, was \" + sigma"
                + " + \" (x = \" + x + \")\");"), reverse);
        String forward = COMPILED.generatedMethod("p.GuardsGrad", "logDensityForwardSweep");
        assertEquals(1, count(forward, "throw new IllegalArgumentException(\"sigma must be positive, was \" + sigma.value()"
                + " + \" (x = \" + x.value() + \")\");"), forward);
        String clamped = COMPILED.generatedMethod("p.GuardsGrad", "clampedLogGradient");
        assertEquals(1, count(clamped, "throw new Guards.DomainException(Guards.Kind.TOO_LARGE, x);"), clamped);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a checked exception | @Differentiable public static double f(double x) throws Exception { if (x < 0) throw new Exception("negative"); return x; } | throwing the checked exception Exception is not supported in a @Differentiable method; throw an unchecked exception (a RuntimeException) instead | throw new Exception
            not a guard         | @Differentiable public static double f(double x) { while (x > 1) { x = x / 2; throw new IllegalStateException(); } return x; }   | a throw here is not supported in a @Differentiable method; a throw may end an if branch (a guard) or the method; restructure the code around it | throw new IllegalStateException()
            a made exception    | static RuntimeException bad(double x) { return new IllegalStateException("x = " + x); } @Differentiable public static double f(double x) { if (x < 0) throw bad(x); return x; } | throwing 'bad(x)' is not supported in a @Differentiable method; throw a new exception where it is thrown | throw bad(x)
            a private message   | private static final String MESSAGE = String.valueOf(1); @Differentiable public static double f(double x) { if (x < 0) throw new IllegalArgumentException(MESSAGE + x); return x; } | field 'MESSAGE' is private and not a compile-time constant | MESSAGE + x
            """)
    void whatIsNotAGuardIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    " + member + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static Object[] arguments(String method, String point) {
        String[] parts = point.split(",");
        Object[] arguments = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            boolean integer = method.equals("newtonSqrt") && i == 1;
            arguments[i] = integer ? (Object) Integer.parseInt(parts[i].strip()) : (Object) Double.parseDouble(parts[i].strip());
        }
        return arguments;
    }

    private static Object[] dualArguments(Object[] arguments) {
        return Arrays.stream(arguments)
                .map(a -> a instanceof Double d ? Dual.variable(d) : a instanceof double[] w ? DualArrays.constant(w) : a)
                .toArray();
    }

    private static Object invoke(String name, Object... arguments) {
        return StaticCalls.call(COMPILED.gradClassFor("p.Guards"), name, arguments);
    }

    private static Object componentObject(Object record, String name) {
        try {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                if (c.getName().equals(name)) {
                    return c.getAccessor().invoke(record);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(record.getClass() + " has no component " + name);
    }

    private static double component(Object record, String name) {
        return (double) componentObject(record, name);
    }
}
