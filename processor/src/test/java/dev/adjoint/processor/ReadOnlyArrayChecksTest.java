package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.StaticCalls;
import dev.adjoint.runtime.DualArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Argument checks that take the arrays themselves ({@code checkEqualLength(p1, p2);}), as library code
 * writes them: allowed when the check is compiled with the method and provably only reads the arrays
 * (lengths, elements, null comparisons, passing them on to such checks or to an {@code Object}
 * parameter); anything that could write into them or let them escape stays an error on the call's line.
 */
class ReadOnlyArrayChecksTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;
            import java.util.Objects;

            public class Distances {
                public static void checkEqualLength(double[] a, double[] b) {
                    checkEqualLength(a, b, true);
                }

                public static boolean checkEqualLength(double[] a, double[] b, boolean abort) {
                    if (a.length == b.length) {
                        return true;
                    }
                    if (abort) {
                        throw new IllegalArgumentException(a.length + " != " + b.length);
                    }
                    return false;
                }

                /** The same name for int arrays: overloads are told apart by the array's type. */
                public static boolean checkEqualLength(int[] a, int[] b, boolean abort) {
                    a[0] = b[0];
                    return true;
                }

                static void checkFinite(double[] v) {
                    Objects.requireNonNull(v, "no data");
                    checkFiniteFrom(v, 0);
                }

                static void checkFiniteFrom(double[] v, int from) {
                    if (v != null && from < v.length) {
                        if (!Double.isFinite((v[from]))) {
                            throw new IllegalArgumentException("element " + from + " is " + v[from]);
                        }
                        checkFiniteFrom(v, from + 1); // a check calling itself proves itself
                    }
                }

                @Differentiable
                public static double distance(double[] p1, double[] p2) {
                    checkEqualLength(p1, p2);
                    Checks.positiveLength(p1);
                    double sum = 0;
                    for (int i = 0; i < p1.length; i++) {
                        double d = p1[i] - p2[i];
                        sum += d * d;
                    }
                    return Math.sqrt(sum);
                }

                @Differentiable
                public static double norm(double[] v) {
                    checkFinite(v);
                    double s = 0;
                    for (double x : v) {
                        s += x * x;
                    }
                    return s;
                }
            }
            """;

    private static final String CHECKS = """
            package p;

            class Checks {
                static void positiveLength(double[] v) {
                    if (v.length == 0) {
                        throw new IllegalArgumentException("empty");
                    }
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE, CHECKS);

    @Test
    void checksThatOnlyReadTheArraysAreCalledAndTheGradientIsRight() {
        new ArrayChecker(COMPILED, "p.Distances").check("distance", 1e-7,
                new double[] {0.5, -1.5, 2.5}, new double[] {1.0, 0.25, -0.75});
        new ArrayChecker(COMPILED, "p.Distances").check("norm", 1e-7, new double[] {0.5, -1.5, 2.5});
    }

    @Test
    void bothModesThrowWhereTheChecksThrow() {
        Class<?> user = COMPILED.load("p.Distances");
        Class<?> grad = COMPILED.gradClassFor("p.Distances");
        double[] three = {1, 2, 3};
        double[] two = {1, 2};
        for (Throwable t : List.of(StaticCalls.thrown(user, "distance", three, two),
                StaticCalls.thrown(grad, "distanceGradient", three, two),
                StaticCalls.thrown(grad, "distanceForward", DualArrays.constant(three), DualArrays.constant(two)))) {
            assertEquals(IllegalArgumentException.class, t.getClass());
            assertEquals("3 != 2", t.getMessage());
        }
        double[] bad = {1, Double.NaN};
        for (Throwable t : List.of(StaticCalls.thrown(user, "norm", (Object) bad),
                StaticCalls.thrown(grad, "normGradient", (Object) bad))) {
            assertEquals("element 1 is NaN", t.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            writes an element          | static void check(double[] a) { a[0] = 0; }
            compound-assigns           | static void check(double[] a) { a[0] += 1; }
            increments an element      | static void check(double[] a) { a[0]++; }
            keeps the array            | static double[] kept; static void check(double[] a) { kept = a; }
            aliases it                 | static void check(double[] a) { double[] b = a; b[0] = 1; }
            hands it to a compiled one | static void check(double[] a) { java.util.Arrays.sort(a); }
            hands it to a writer       | static void check(double[] a) { fill(a); } static void fill(double[] a) { a[0] = 1; }
            captures it in a lambda    | static void check(double[] a) { Runnable r = () -> { }; r.run(); }
            returns it                 | static double[] check(double[] a) { return a; }
            writes it through Object   | static void check(double[] a) { java.lang.reflect.Array.setDouble(a, 0, 1.0); }
            takes it as Object, writes | static void check(Object a) { ((double[]) a)[0] = 1; }
            casts it to keep it        | static double[] kept; static void check(Object a) { kept = (double[]) a; }
            is a 2-D array's row       | static void check(double[] a) { double[][] m = {a}; }
            """)
    void aCheckThatMayWriteOrKeepTheArrayIsStillAnError(String name, String check) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    " + check
                + "\n    @Differentiable public static double f(double[] w) {\n        check(w);\n        return w[0];\n    }\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining("passing an array to 'check', which may write into it")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("check(w);");
    }

    /**
     * Checks calling each other are assumed read-only while their proof runs; when the proof fails, what
     * was proven under that assumption must not be kept: {@code second} only calls {@code first}, which
     * writes.
     */
    @Test
    void aProofThatRestedOnARefutedAssumptionIsNotKept() {
        String source = """
                package p;

                import dev.adjoint.Differentiable;

                public class Mutual {
                    static void first(double[] a) {
                        second(a);
                        a[0] = 1;
                    }

                    static void second(double[] a) {
                        if (a.length > 100) {
                            first(a);
                        }
                    }

                    @Differentiable public static double f(double[] w) {
                        first(w);
                        second(w);
                        return w[0] * w[0];
                    }
                }
                """;
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining("passing an array to 'first', which may write into it")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("first(w);");
        assertThat(compilation).hadErrorContaining("passing an array to 'second', which may write into it")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("second(w);");
    }

    @Test
    void aCompiledMethodTakingTheArrayAsAnObjectIsAnErrorUnlessItIsAKnownNullCheck() {
        String source = """
                package p;

                import dev.adjoint.Differentiable;
                import java.util.Objects;

                public class AsObject {
                    @Differentiable public static double ok(double[] w) {
                        Objects.requireNonNull(w);
                        return w[0] * w[0];
                    }

                    @Differentiable public static double bad(double[] w) {
                        java.lang.reflect.Array.setDouble(w, 0, 2.0);
                        return w[0] * w[0];
                    }
                }
                """;
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining("passing an array to 'setDouble', which may write into it")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("Array.setDouble");
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
    }

    @Test
    void aCheckFromACompiledClassIsStillAnError() {
        String source = """
                package p;

                import dev.adjoint.Differentiable;

                public class FromJar {
                    @Differentiable public static double f(double[] w) {
                        java.util.Arrays.fill(w, 0.0);
                        return w[0];
                    }
                }
                """;
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining("passing an array to 'fill', which may write into it")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("Arrays.fill");
    }
}
