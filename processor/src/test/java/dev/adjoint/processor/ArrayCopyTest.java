package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayArguments;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.StaticCalls;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code System.arraycopy} between local and parameter arrays: each destination element takes its
 * source element's value and derivative; a copy within one array behaves as if through a temporary;
 * where Java throws, both modes throw the same exception, before copying anything.
 */
class ArrayCopyTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Copies {
                @Differentiable(hessian = true)
                public static double fromParameter(double[] w, int at) {
                    double[] c = new double[w.length + 2];
                    System.arraycopy(w, 0, c, at, w.length);
                    double s = 0;
                    for (int i = 0; i < c.length; i++) {
                        s += (i + 1) * c[i] * c[i];
                    }
                    return s;
                }

                /** A copy within one array, both ways: s = sum (i + 1) c[i] after the shifts. */
                @Differentiable
                public static double shifted(double[] w, int from, int to, int count) {
                    double[] c = new double[w.length];
                    for (int i = 0; i < w.length; i++) {
                        c[i] = w[i] * w[i];
                    }
                    System.arraycopy(c, from, c, to, count);
                    double s = 0;
                    for (int i = 0; i < c.length; i++) {
                        s += (i + 1) * c[i];
                    }
                    return s;
                }

                /** A shift register: each round shifts, then writes a new head from what was shifted. */
                @Differentiable
                public static double register(double[] w, double x, int rounds) {
                    double[] h = new double[w.length];
                    System.arraycopy(w, 0, h, 0, w.length);
                    for (int r = 0; r < rounds; r++) {
                        System.arraycopy(h, 0, h, 1, h.length - 1);
                        h[0] = Math.sin(h[1] * x) + h[h.length - 1];
                    }
                    double s = 0;
                    for (double v : h) {
                        s += v * v;
                    }
                    return s;
                }

                @Differentiable
                public static double indexCopy(double[] x, int[] idx) {
                    int[] j = new int[3];
                    System.arraycopy(idx, 1, j, 0, 3);
                    boolean[] on = {true, false, true, true};
                    boolean[] mask = new boolean[2];
                    System.arraycopy(on, 2, mask, 0, 2);
                    double s = 0;
                    for (int k = 0; k < j.length; k++) {
                        s += x[j[k]] * x[j[k]] * (mask[k % 2] ? 1 : 0);
                    }
                    return s;
                }

                @Differentiable
                public static double rows(double[] w, double[][] a, int p, int q) {
                    double[][] m = new double[3][3];
                    System.arraycopy(w, 0, m[1], 0, 3);
                    System.arraycopy(a[0], 1, m[0], 0, 2);
                    System.arraycopy(m[1], 0, m[2], 1, 2);
                    System.arraycopy(m[p], 0, m[q], 1, 2);
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            s += (i + 2 * j + 1) * Math.sin(m[i][j]);
                        }
                    }
                    return s;
                }

                @Differentiable
                public static double guarded(double[] w, double[] v, int from, int count) {
                    double[] c = new double[3];
                    c[0] = w[0];
                    System.arraycopy(v, from, c, 1, count);
                    return c[0] * c[1];
                }
            }
            """);

    private static final ArrayChecker COPIES = new ArrayChecker(COMPILED, "p.Copies");

    @Test
    void copiedElementsCarryTheirDerivatives() throws Exception {
        double[] w = {0.3, -1.2, 0.8};
        for (int at = 0; at < 3; at++) {
            double[] gradient = COPIES.check("fromParameter", 1e-7, w, at);
            for (int i = 0; i < 3; i++) {
                assertEquals(2 * (i + at + 1) * w[i], gradient[i], 1e-15);
            }
        }
        Method hessian = Arrays.stream(COMPILED.gradClassFor("p.Copies").getMethods())
                .filter(m -> m.getName().equals("fromParameterHessian")).findFirst().orElseThrow();
        double[][] h = (double[][]) hessian.invoke(null, w, 1);
        for (int i = 0; i < 3; i++) {
            double[] row = new double[3];
            row[i] = 2 * (i + 2);
            assertArrayEquals(row, h[i], 1e-15);
        }
    }

    /** Java copies within one array as if through a temporary, whichever way the ranges overlap. */
    @ParameterizedTest
    @CsvSource({"0, 1, 4", "1, 0, 4", "0, 2, 3", "2, 0, 3", "1, 1, 4", "0, 0, 0", "4, 0, 1"})
    void copiesWithinOneArrayAsIfThroughATemporary(int from, int to, int count) {
        double[] w = {0.3, -1.2, 0.8, 1.5, -0.4};
        double[] gradient = COPIES.check("shifted", 1e-7, w, from, to, count);
        int[] source = {0, 1, 2, 3, 4};
        int[] after = source.clone();
        System.arraycopy(after, from, after, to, count);
        double[] expected = new double[5];
        for (int i = 0; i < 5; i++) {
            expected[after[i]] += (i + 1) * 2 * w[after[i]];
        }
        assertArrayEquals(expected, gradient, 1e-15);
    }

    @Test
    void aShiftRegisterInALoop() {
        for (int rounds : new int[] {0, 1, 2, 6}) {
            COPIES.check("register", 1e-6, new double[] {0.3, -1.2, 0.8, 0.5}, 0.7, rounds);
        }
    }

    @Test
    void indexAndFlagArraysAreCopiedToo() {
        double[] x = {0.3, -1.2, 0.8, 1.5};
        double[] gradient = COPIES.check("indexCopy", 1e-7, x, new int[] {9, 3, 0, 3});
        // j = {3, 0, 3}; mask = {true, true}
        assertArrayEquals(new double[] {2 * 0.3, 0, 0, 4 * 1.5}, gradient, 1e-15);
    }

    @Test
    void rowsOfMatricesAreCopiedAlsoOntoThemselves() {
        double[][] a = {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}};
        for (int[] pq : new int[][] {{0, 2}, {1, 1}, {2, 2}, {2, 0}}) {
            COPIES.check("rows", 1e-7, new double[] {0.3, -1.2, 0.8}, a, pq[0], pq[1]);
        }
    }

    /** Where the primal's arraycopy throws, both modes throw the same exception with the same message. */
    @ParameterizedTest
    @CsvSource({"-1, 1", "0, 3", "3, 1", "0, -1", "5, 0"})
    void whereJavaThrowsBothModesThrowTheSameBeforeCopying(int from, int count) {
        Object[] arguments = {new double[] {0.5}, new double[] {1, 2, 3}, from, count};
        assertSameThrow(arguments);
        assertSameThrow(new Object[] {new double[] {0.5}, null, 0, 1});
        assertEquals(0.5 * 2, COPIES.reverse("guarded", new double[] {0.5}, new double[] {1, 2, 3}, 1, 1)[0]);
    }

    private static void assertSameThrow(Object[] arguments) {
        Class<?> grad = COMPILED.gradClassFor("p.Copies");
        Throwable primal = StaticCalls.thrown(COMPILED.load("p.Copies"), "guarded", arguments);
        Throwable reverse = StaticCalls.thrown(grad, "guardedGradient", ArrayArguments.deepCopy(arguments));
        Throwable forward = StaticCalls.thrown(grad, "guardedForward",
                ArrayArguments.seed(arguments[0], 0, new int[1]), ArrayArguments.seed(arguments[1], 0, new int[1]),
                arguments[2], arguments[3]);
        for (Throwable t : List.of(reverse, forward)) {
            assertEquals(primal.getClass(), t.getClass());
            assertEquals(primal.getMessage(), t.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            into a parameter    | @Differentiable public static double a(double[] w, double[] v) { System.arraycopy(w, 0, v, 0, 1); return w[0]; } | writing into parameter array 'v' would change the caller's array | System.arraycopy(w, 0, v, 0, 1)
            different types     | @Differentiable public static double b(double[] w, int[] k) { int[] j = new int[1]; System.arraycopy(w, 0, j, 0, 1); return w[0] * j[0]; } | System.arraycopy from double[] into int[] is not supported | System.arraycopy(w, 0, j, 0, 1)
            a whole matrix      | @Differentiable public static double c(double[][] w) { double[][] m = new double[2][2]; System.arraycopy(w, 0, m, 0, 2); return m[0][0]; } | copying from double[][] here is not supported | System.arraycopy(w, 0, m, 0, 2)
            """)
    void whatCannotBeCopiedIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    " + member + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
