package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Arrays as people write them (issue 13): local arrays declared in a branch, array initializers
 * returned or passed to a @Differentiable method, and second names for an array that exists
 * ({@code double[] v = w;}, the row alias {@code double[] row = m[i];}).
 */
class ArrayLocalsTest {

    private static final Compiled COMPILED = AdjointCompiler.compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Locals {
                /** A local array in each branch, of the same name. */
                @Differentiable
                public static double branches(double x, double[] w) {
                    double s = 0;
                    if (x > 0) {
                        double[] t = new double[2];
                        t[0] = x * w[0];
                        t[1] = t[0] * t[0];
                        s = t[1] + t[0];
                    } else {
                        double[] t = {x, x * x};
                        t[0] = t[1] * w[1];
                        s = t[0] * t[1];
                    }
                    return s;
                }

                @Differentiable
                public static double dot(double[] a, double[] b) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += a[i] * b[i];
                    }
                    return s;
                }

                /** Initializers as arguments, also in a branch of ?: (created only when Java evaluates it). */
                @Differentiable
                public static double arguments(double x, double y) {
                    double first = dot(new double[] {x, y}, new double[] {y * y, 2});
                    return x > 0 ? first * dot(new double[] {y}, new double[] {x}) : first + new double[] {x, y}[1];
                }

                /** Initializers returned, from a branch and at the end. */
                @Differentiable
                public static double[] polar(double r, double t) {
                    if (r < 0) {
                        return new double[] {-r * Math.cos(t), -r * Math.sin(t)};
                    }
                    return new double[] {r * Math.cos(t), r * Math.sin(t)};
                }

                /** Row aliases read and written, a whole-array alias of a parameter, and one in a branch. */
                @Differentiable
                public static double rows(double[][] a, double[] x) {
                    double[][] m = new double[a.length][x.length];
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        double[] row = a[i];
                        double[] out = m[i];
                        double[] v = x;
                        for (int j = 0; j < row.length; j++) {
                            out[j] = row[j] * v[j];
                            s += out[j] * out[j];
                        }
                    }
                    if (s > 1) {
                        double[] last = m[m.length - 1];
                        double[] t = {s, last[0]};
                        s = t[0] * t[1] + dot(last, x);
                    }
                    return s;
                }

                /** An alias of a local array, written through and returned. */
                @Differentiable
                public static double[] scaled(double[] x, double k) {
                    double[] r = new double[x.length];
                    double[] same = r;
                    for (int i = 0; i < x.length; i++) {
                        same[i] = k * x[i];
                    }
                    return same;
                }
            }
            """);

    private static final double[] W = {0.3, -1.1};
    private static final double[][] A = {{0.3, -0.4, 0.7}, {0.9, 1.2, -0.5}};

    @Test
    void arraysInBranchesBothModes() {
        ArrayChecker checker = new ArrayChecker(COMPILED, "p.Locals");
        for (double x : new double[] {-0.7, 0.4, 1.9}) {
            checker.check("branches", 1e-6, x, W);
        }
    }

    @Test
    void initializersAsArgumentsBothModes() {
        for (double x : new double[] {-0.7, 0.4, 1.9}) {
            COMPILED.checker("p.Locals").check("arguments", x, 1.3 - x);
        }
    }

    @Test
    void knownValueOfArguments() throws Exception {
        Object gradient = COMPILED.gradClassFor("p.Locals").getMethod("argumentsGradient", double.class, double.class)
                .invoke(null, -2.0, 3.0);
        // x <= 0: f = x y^2 + 2y + y, df/dx = y^2, df/dy = 2xy + 3
        assertEquals(9.0, (double) gradient.getClass().getMethod("dX").invoke(gradient));
        assertEquals(-9.0, (double) gradient.getClass().getMethod("dY").invoke(gradient));
    }

    @Test
    void rowAliasesBothModes() {
        ArrayChecker checker = new ArrayChecker(COMPILED, "p.Locals");
        checker.check("rows", 1e-6, A, new double[] {0.5, -1.1, 0.8});
        checker.check("rows", 1e-6, new double[][] {{0.1, 0.2}}, new double[] {0.5, 0.4});
    }

    private static Method method(String name) {
        return Arrays.stream(COMPILED.gradClassFor("p.Locals").getMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void returnedInitializersBothModes() throws Exception {
        Method primal = COMPILED.load("p.Locals").getMethod("polar", double.class, double.class);
        for (double r : new double[] {1.7, -0.8}) {
            double t = 0.6;
            double sign = Math.signum(r);
            double[] value = (double[]) primal.invoke(null, r, t);
            // reverse sweeps: rows of the Jacobian, with the value bit for bit
            for (int i = 0; i < 2; i++) {
                double[] seed = new double[2];
                seed[i] = 1;
                Object pullback = method("polarPullback").invoke(null, r, t, seed);
                var components = pullback.getClass().getRecordComponents();
                assertArrayEquals(value, (double[]) components[0].getAccessor().invoke(pullback));
                double dR = (double) components[1].getAccessor().invoke(pullback);
                double dT = (double) components[2].getAccessor().invoke(pullback);
                assertEquals(sign * (i == 0 ? Math.cos(t) : Math.sin(t)), dR, 1e-15);
                assertEquals(sign * r * (i == 0 ? -Math.sin(t) : Math.cos(t)), dT, 1e-15);
            }
            // forward sweeps: columns, with the value bit for bit
            Dual[] alongT = (Dual[]) method("polarForward").invoke(null, Dual.constant(r), Dual.variable(t));
            Dual[] alongR = (Dual[]) method("polarForward").invoke(null, Dual.variable(r), Dual.constant(t));
            for (int i = 0; i < 2; i++) {
                assertEquals(value[i], alongT[i].value());
                assertEquals(value[i], alongR[i].value());
            }
            assertEquals(sign * r * -Math.sin(t), alongT[0].tangent(), 1e-15);
            assertEquals(sign * r * Math.cos(t), alongT[1].tangent(), 1e-15);
            assertEquals(sign * Math.cos(t), alongR[0].tangent(), 1e-15);
            assertEquals(sign * Math.sin(t), alongR[1].tangent(), 1e-15);
            double h = 1e-6;
            double[] up = (double[]) primal.invoke(null, r, t + h);
            double[] down = (double[]) primal.invoke(null, r, t - h);
            assertEquals((up[1] - down[1]) / (2 * h), alongT[1].tangent(), 1e-8);
        }
    }

    @Test
    void aliasOfALocalArrayReturned() throws Exception {
        double[] x = {0.5, -2, 3};
        Object pullback = method("scaledPullback").invoke(null, x, 1.5, new double[] {1, 2, -1});
        var components = pullback.getClass().getRecordComponents();
        assertArrayEquals(new double[] {0.75, -3, 4.5}, (double[]) components[0].getAccessor().invoke(pullback));
        assertArrayEquals(new double[] {1.5, 3, -1.5}, (double[]) components[1].getAccessor().invoke(pullback));
        assertEquals(0.5 - 4 - 3, (double) components[2].getAccessor().invoke(pullback));
        Dual[] forward = (Dual[]) method("scaledForward").invoke(null,
                dev.adjoint.runtime.DualArrays.constant(x), Dual.variable(1.5));
        assertEquals(-2, forward[1].tangent());
        assertEquals(-3, forward[1].value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            alias of a choice         | @Differentiable public static double f(double[] w, double[] u) { double[] v = w[0] > 0 ? w : u; return v[0]; } | local array 'v' must be created here with new double[...] | double[] v =
            alias assigned again      | @Differentiable public static double f(double[] w, double[] u) { double[] v = w; v = u; return v[0]; } | array variable 'v' cannot be assigned again | v = u
            write through an alias    | @Differentiable public static double f(double[] w) { double[] v = w; v[0] = 2; return v[0]; } | writing into parameter array 'w' would change the caller's array | v[0] = 2
            row alias of a parameter written | @Differentiable public static double f(double[][] m) { double[] row = m[0]; row[1] = 2; return row[1]; } | writing into parameter array 'm' would change the caller's array | row[1] = 2
            alias returned            | @Differentiable public static double[] f(double[] w) { double[] v = w; return v; } | a vector-valued @Differentiable method returns one of its local arrays | return v
            initializer in a loop condition | @Differentiable public static double f(double x) { double s = x; while (g(new double[] {s, 1}) < 9) { s *= 2; } return s; } @Differentiable public static double g(double[] a) { return a[0] * a[1]; } | an array initializer in a loop's condition or update is not supported | while (g(new double
            effect in an initializer  | @Differentiable public static double f(double x) { int k = 0; return g(new double[] {x, k++}); } @Differentiable public static double g(double[] a) { return a[0] * a[1]; } | assignment inside an expression in an array initializer is not supported | return g(new double
            initializer in a check    | @Differentiable public static double f(double x) { java.util.Objects.requireNonNull(new double[] {x}); return x; } | an array initializer here is not supported | requireNonNull(new double
            """)
    void whatStaysRefusedIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    "
                + member.replace("} @Differentiable", "}\n    @Differentiable") + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
