package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.ParityCheck;
import dev.adjoint.processor.testing.StaticCalls;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Local arrays declared inside loops (issue 13): a fresh array each iteration, possibly of another
 * length, also written out ({@code double[] p = {x * i, y};}) or passed as a value. Reverse mode
 * records the array each declaration replaces on the primitive tapes and rebuilds it when it reverses
 * that declaration (reverse/LoopArrays); forward mode creates the arrays as the primal does.
 */
class LoopArraysTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Loops {
                /** A fresh array per iteration, one longer each time, read after its elements are written. */
                @Differentiable
                public static double growing(double x, double[] w) {
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        double[] tmp = new double[i + 1];
                        for (int j = 0; j <= i; j++) {
                            tmp[j] = w[j] * x + j;
                        }
                        double p = 1;
                        for (int j = 0; j < tmp.length; j++) {
                            p += tmp[j] * tmp[j];
                        }
                        s += Math.sin(p) * tmp[tmp.length - 1];
                    }
                    return s;
                }

                /** An initializer per iteration, elements overwritten after being read. */
                @Differentiable
                public static double written(double x, double y, int n) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        double[] p = {x * i, y};
                        s += p[0] * p[1] + Math.exp(0.1 * p[1]);
                        p[0] = Math.sin(p[0]) * y;
                        s += p[0] * p[0] * x;
                        p[1] = p[0] / (1 + p[1] * p[1]);
                        s += Math.log(2 + p[1]);
                    }
                    return s;
                }

                /** continue and break between the array's writes and reads. */
                @Differentiable
                public static double jumps(double x, double[] w) {
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        double[] t = new double[2];
                        t[0] = w[i] * x;
                        if (t[0] < 0) {
                            continue;
                        }
                        t[1] = t[0] * t[0];
                        if (t[1] > 10) {
                            break;
                        }
                        s += t[1] * Math.cos(t[0]);
                    }
                    return s;
                }

                /** An array of the outer loop read in the inner one, an array of the inner loop, a branch's array. */
                @Differentiable
                public static double nested(double x, double[] w, int n) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        double[] outer = {x + i, x * w[i % w.length]};
                        for (int j = 0; j < w.length; j++) {
                            double[] inner = new double[j + 2];
                            inner[j + 1] = outer[j % 2] * w[j];
                            inner[0] = Math.sqrt(1 + inner[j + 1] * inner[j + 1]);
                            s += inner[0] * outer[1];
                            outer[0] = outer[0] * 0.5 + inner[0];
                        }
                        if (s > 3) {
                            double[] damp = new double[1];
                            damp[0] = s * 0.1;
                            s = s - damp[0] * damp[0];
                        }
                    }
                    return s;
                }

                /** Index arrays per iteration: the reverse sweep indexes with the values the forward sweep used. */
                @Differentiable
                public static double indices(double x, double[] w) {
                    double s = 0;
                    int n = w.length;
                    for (int i = 0; i < n; i++) {
                        int[] idx = {i, n - 1 - i};
                        boolean[] flip = {w[idx[0]] < w[idx[1]]};
                        idx[0] = flip[0] ? idx[1] : idx[0];
                        s += w[idx[0]] * w[idx[1]] * x;
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

                /** Initializers used as values inside a loop: a fresh array per evaluation. */
                @Differentiable
                public static double values(double x, double y, int n) {
                    double s = 0;
                    int k = 0;
                    while (k < n) {
                        s += dot(new double[] {x, k}, new double[] {y * s, 1}) + new double[] {x * y, s}[k % 2];
                        k++;
                    }
                    return s;
                }

                /** A do/while loop whose array is created only on some iterations, and is never read back. */
                @Differentiable
                public static double sometimes(double x, int n) {
                    double s = x;
                    int i = 0;
                    do {
                        if (i % 3 != 1) {
                            double[] a = new double[i % 4 + 1];
                            a[0] = s * x;
                            s += a[0];
                        }
                        i++;
                    } while (i < n);
                    return s;
                }

                /** A guard inside the loop: a throw out of it leaves the tapes fit for the next gradient. */
                @Differentiable
                public static double guarded(double x, double[] w) {
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        double[] t = {w[i], x * w[i]};
                        if (t[0] < 0) {
                            throw new IllegalArgumentException("negative weight at " + i);
                        }
                        s += Math.sin(t[1]) * t[0];
                    }
                    return s;
                }

                /** A local array given a new array in a loop, one longer each time ({@code v = new double[n]}). */
                @Differentiable
                public static double renewed(double x, double[] w) {
                    double[] v = {x, x * x};
                    double s = v[0] * v[1];
                    for (int i = 0; i < w.length; i++) {
                        s += v[v.length - 1] * w[i];
                        v = new double[i + 1];
                        for (int j = 0; j < v.length; j++) {
                            v[j] = Math.sin(w[j] * x + s * 0.1);
                        }
                        s += v[0] * v[i];
                    }
                    return s + v[0];
                }

                /** Given a new array written out, whose elements read the array it replaces (Java reads them first). */
                @Differentiable
                public static double rotated(double x, double y, int n) {
                    double[] p = {x, y};
                    for (int i = 0; i < n; i++) {
                        p = new double[] {p[1] * 0.9, Math.sin(p[0]) + p[1]};
                        if (p[0] > 5) {
                            break;
                        }
                    }
                    return p[0] * p[1];
                }

                /** Outside loops, and an int[] given a new array. */
                @Differentiable
                public static double outside(double x, double[] w) {
                    double[] v = new double[w.length];
                    for (int i = 0; i < w.length; i++) {
                        v[i] = w[i] * x;
                    }
                    double s = v[0] * v[v.length - 1];
                    v = new double[3];
                    v[1] = s * s;
                    int[] k = {0, 1};
                    s += w[k[1] % w.length] * v[1];
                    k = new int[] {w.length - 1, 0};
                    if (x > 0) {
                        v = new double[] {s, x};
                    }
                    return s + w[k[0]] * x * v[1];
                }

                /** A vector-valued method returning the array of the iteration it stops at, or one given anew. */
                @Differentiable
                public static double[] settle(double x, double y, int n) {
                    double[] last = {x, y};
                    for (int i = 0; i < n; i++) {
                        double[] next = {Math.cos(last[1]) * x, last[0] * 0.5 + y};
                        if (Math.abs(next[0] - last[0]) < 1e-3) {
                            return next;
                        }
                        last = new double[] {next[0], next[1] * last[0]};
                    }
                    return last;
                }

                /** A guard after the array was given a new one: the tapes stay fit for the next gradient. */
                @Differentiable
                public static double renewedGuard(double x, double[] w) {
                    double[] v = {x};
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        v = new double[] {v[0] * w[i], x + i};
                        if (v[0] > 100) {
                            throw new ArithmeticException("overflow at " + i);
                        }
                        s += Math.sin(v[0]) * v[1];
                    }
                    return s;
                }

                /** Second order through arrays given new arrays in a loop. */
                @Differentiable(hessian = true)
                public static double renewedCurved(double[] x) {
                    double[] d = {x[0]};
                    double s = 0;
                    for (int i = 0; i + 1 < x.length; i++) {
                        d = new double[] {x[i + 1] - d[0] * d[0], 1 - x[i]};
                        s += d[0] * d[0] + d[1] * d[1];
                    }
                    return s;
                }

                /** Matrices made in a loop, of a shape that changes, and given new matrices; rows read through a second name. */
                @Differentiable
                public static double matrices(double x, double[] w) {
                    double s = 0;
                    double[][] carry = {{x}};
                    for (int i = 0; i < w.length; i++) {
                        double[][] m = new double[i + 1][2];
                        for (int r = 0; r <= i; r++) {
                            m[r][0] = w[r] * x + carry[0][0];
                            m[r][1] = Math.sin(m[r][0]) * w[i];
                        }
                        double[] last = m[i];
                        s += last[0] * last[1] + m[0][1];
                        carry = new double[][] {{s * 0.1, last[1]}};
                        if (s > 4) {
                            carry = new double[2][3];
                            carry[0][0] = Math.sqrt(s);
                        }
                    }
                    return s + carry[0][0] * x;
                }

                /** Second order through arrays made in a loop. */
                @Differentiable(hessian = true)
                public static double curved(double[] x) {
                    double s = 0;
                    for (int i = 0; i + 1 < x.length; i++) {
                        double[] d = {x[i + 1] - x[i] * x[i], 1 - x[i]};
                        s += 100 * d[0] * d[0] + d[1] * d[1];
                    }
                    return s;
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE);

    private static ArrayChecker checker() {
        return new ArrayChecker(COMPILED, "p.Loops");
    }

    @Test
    void arraysOfGrowingLengthMatchForwardAndDifferences() {
        checker().check("growing", 1e-7, 0.7, new double[] {0.3, -1.2, 0.8, 0.5});
        checker().check("growing", 1e-7, -0.4, new double[] {1.3});
        checker().check("growing", 1e-7, 0.2, new double[] {});
    }

    @Test
    void initializersWrittenAgainMatchForwardAndDifferences() {
        COMPILED.checker("p.Loops").check("written", 0.6, 1.3, 4);
        COMPILED.checker("p.Loops").check("written", -0.9, 0.4, 1);
        COMPILED.checker("p.Loops").check("written", 0.6, 1.3, 0);
    }

    @Test
    void breakAndContinueReverseOnlyTheIterationsThatRan() {
        checker().check("jumps", 1e-7, 0.8, new double[] {0.5, -1.0, 1.5, 0.9, 2.5, 0.1});
        checker().check("jumps", 1e-7, 0.3, new double[] {0.5, 1.0, 1.5});
    }

    @Test
    void nestedLoopsAndBranchesMatchForwardAndDifferences() {
        checker().check("nested", 1e-7, 0.35, new double[] {0.4, -0.3, 0.7}, 3);
        checker().check("nested", 1e-7, 1.1, new double[] {0.9, 1.2}, 4);
    }

    @Test
    void indexArraysMadeInALoopIndexTheReverseSweep() {
        checker().check("indices", 1e-7, 0.9, new double[] {0.4, -0.3, 0.7, 1.6, -2.0});
    }

    @Test
    void initializersUsedAsValuesInALoop() {
        COMPILED.checker("p.Loops").check("values", 0.45, -0.8, 5);
    }

    @Test
    void anArrayMadeOnSomeIterationsOnly() {
        COMPILED.checker("p.Loops").check("sometimes", 0.45, 9);
        COMPILED.checker("p.Loops").check("sometimes", 1.2, 1);
    }

    @Test
    void everyGeneratedMethodEndsAsThePrimalEnds() {
        ParityCheck parity = new ParityCheck(COMPILED, "p.Loops");
        assertEquals(List.of(), parity.mismatches("growing", 0.7, new double[] {0.3, -1.2, 0.8}));
        assertEquals(List.of(), parity.mismatches("nested", 0.35, new double[] {0.4, -0.3, 0.7}, 3));
        assertEquals(List.of(), parity.mismatches("guarded", 0.35, new double[] {0.4, -0.3, 0.7}));
        assertEquals(List.of(), parity.mismatches("curved", (Object) new double[] {0.4, -0.3, 0.7}));
    }

    @Test
    void aThrowOutOfTheLoopLeavesTheNextGradientRight() throws Exception {
        double[] good = {0.3, 1.2, 0.7, 0.9};
        double[] before = checker().reverse("guarded", 0.4, good);
        for (int attempt = 0; attempt < 3; attempt++) {
            Throwable t = StaticCalls.thrown(COMPILED.gradClassFor("p.Loops"), "guardedGradient", 0.4,
                    new double[] {0.3, 1.2, -0.7, 0.5});
            assertEquals("negative weight at 2", t.getMessage());
        }
        assertArrayEquals(before, checker().reverse("guarded", 0.4, good), 0.0);
        checker().check("guarded", 1e-7, 0.4, good);
    }

    @Test
    void hessianThroughArraysMadeInALoop() throws Exception {
        double[] x = {0.3, -1.2, 0.8, 1.5};
        Method hessianMethod = Arrays.stream(COMPILED.gradClassFor("p.Loops").getMethods())
                .filter(m -> m.getName().equals("curvedHessian")).findFirst().orElseThrow();
        double[][] hessian = (double[][]) hessianMethod.invoke(null, (Object) x);
        double[][] expected = new double[4][4];
        for (int i = 0; i < 3; i++) {
            expected[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            expected[i][i + 1] += -400 * x[i];
            expected[i + 1][i] += -400 * x[i];
            expected[i + 1][i + 1] += 200;
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[i][j], hessian[i][j], 1e-12 * Math.max(1, Math.abs(expected[i][j])), i + "," + j);
            }
        }
        checker().check("curved", 1e-7, (Object) x);
    }

    @Test
    void arraysGivenNewArraysMatchForwardAndDifferences() {
        checker().check("renewed", 1e-7, 0.7, new double[] {0.3, -1.2, 0.8, 0.5});
        checker().check("renewed", 1e-7, -0.3, new double[] {});
        COMPILED.checker("p.Loops").check("rotated", 0.6, 1.3, 5);
        COMPILED.checker("p.Loops").check("rotated", 2.0, 3.0, 6);
        checker().check("outside", 1e-7, 0.7, new double[] {0.3, -1.2, 0.8});
        checker().check("outside", 1e-7, -0.7, new double[] {0.3, -1.2, 0.8});
        ParityCheck parity = new ParityCheck(COMPILED, "p.Loops");
        assertEquals(List.of(), parity.mismatches("renewed", 0.7, new double[] {0.3, -1.2, 0.8}));
        assertEquals(List.of(), parity.mismatches("rotated", 0.6, 1.3, 5));
        assertEquals(List.of(), parity.mismatches("outside", 0.7, new double[] {0.3, -1.2, 0.8}));
        assertEquals(List.of(), parity.mismatches("renewedCurved", (Object) new double[] {0.3, -1.2, 0.8}));
    }

    @Test
    void hessianThroughArraysGivenNewArrays() throws Exception {
        double[] x = {0.3, -1.2, 0.8, 0.5};
        Method hessianMethod = Arrays.stream(COMPILED.gradClassFor("p.Loops").getMethods())
                .filter(m -> m.getName().equals("renewedCurvedHessian")).findFirst().orElseThrow();
        double[][] hessian = (double[][]) hessianMethod.invoke(null, (Object) x);
        double h = 1e-5;
        for (int k = 0; k < x.length; k++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[k] += h;
            minus[k] -= h;
            double[] gPlus = checker().reverse("renewedCurved", (Object) plus);
            double[] gMinus = checker().reverse("renewedCurved", (Object) minus);
            for (int j = 0; j < x.length; j++) {
                double difference = (gPlus[j + 1] - gMinus[j + 1]) / (2 * h);
                assertEquals(difference, hessian[k][j], 1e-6 * Math.max(1, Math.abs(difference)), k + "," + j);
            }
        }
        checker().check("renewedCurved", 1e-7, (Object) x);
    }

    @Test
    void aVectorValuedMethodReturnsTheArrayOfItsIteration() throws Exception {
        Class<?> grad = COMPILED.gradClassFor("p.Loops");
        Method primal = StaticCalls.method(COMPILED.load("p.Loops"), "settle");
        Method jacobianMethod = Arrays.stream(grad.getMethods()).filter(m -> m.getName().equals("settleJacobian"))
                .findFirst().orElseThrow();
        for (Object[] point : new Object[][] {{0.6, 0.3, 6}, {0.2, 0.1, 40}, {0.9, -0.4, 1}}) {
            double[][] jacobian = (double[][]) jacobianMethod.invoke(null, point);
            assertArrayEquals((double[]) primal.invoke(null, point), (double[]) primal.invoke(null, point), 0.0);
            for (int column = 0; column < 2; column++) {
                double h = 1e-6;
                Object[] plus = point.clone();
                Object[] minus = point.clone();
                plus[column] = (double) point[column] + h;
                minus[column] = (double) point[column] - h;
                double[] fPlus = (double[]) primal.invoke(null, plus);
                double[] fMinus = (double[]) primal.invoke(null, minus);
                for (int i = 0; i < fPlus.length; i++) {
                    double difference = (fPlus[i] - fMinus[i]) / (2 * h);
                    assertEquals(difference, jacobian[i][column], 1e-6 * Math.max(1, Math.abs(difference)),
                            Arrays.toString(point) + " [" + i + "][" + column + "]");
                }
            }
        }
        assertEquals(List.of(), new ParityCheck(COMPILED, "p.Loops").mismatches("settle", 0.6, 0.3, 6));
        assertEquals(List.of(), new ParityCheck(COMPILED, "p.Loops").mismatches("settle", 0.2, 0.1, 40));
    }

    @Test
    void aThrowAfterANewArrayLeavesTheNextGradientRight() throws Exception {
        double[] good = {0.3, 1.2, 0.7};
        double[] before = checker().reverse("renewedGuard", 0.4, good);
        for (int attempt = 0; attempt < 3; attempt++) {
            Throwable t = StaticCalls.thrown(COMPILED.gradClassFor("p.Loops"), "renewedGuardGradient", 500.0, good);
            assertEquals("overflow at 0", t.getMessage());
        }
        assertArrayEquals(before, checker().reverse("renewedGuard", 0.4, good), 0.0);
        checker().check("renewedGuard", 1e-7, 0.4, good);
        assertEquals(List.of(), new ParityCheck(COMPILED, "p.Loops").mismatches("renewedGuard", 500.0, good));
    }

    @Test
    void matricesMadeInALoopAndGivenNewOnes() {
        checker().check("matrices", 1e-7, 0.7, new double[] {0.3, -1.2, 0.8, 0.5});
        checker().check("matrices", 1e-7, 1.9, new double[] {1.3, 1.1, 0.9, 1.7, 1.2});
        assertEquals(List.of(), new ParityCheck(COMPILED, "p.Loops").mismatches("matrices", 0.7, new double[] {0.3, -1.2, 0.8}));
    }

    @Test
    void theReverseSweepRecordsOnlyWhatItReadsBack() {
        // sometimes() never reads its array back in the adjoint sweep: only lengths are taped, no elements.
        String sometimes = COMPILED.generatedMethod("p.LoopsGrad", "sometimesGradient");
        assertEquals(1, TapedCode.pushes(sometimes, "int", "a == null ? -1 : a.length"), sometimes);
        assertEquals(0, TapedCode.pushesStartingWith(sometimes, "a["), sometimes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a matrix without rows in a loop | @Differentiable public static double f(double x) { double s = 0; for (int i = 0; i < 2; i++) { double[][] m = new double[2][]; s += m.length * x; } return s; } | local array 'm' of two dimensions must be created with both lengths (new double[n][m]) or written out | double[][] m = new double[2][]
            given a matrix without rows  | @Differentiable public static double f(double x) { double[][] m = new double[1][1]; m = new double[2][]; return m.length * x; } | local array 'm' of two dimensions must be created with both lengths | m = new double[2][]
            an initializer in a condition | @Differentiable public static double f(double x) { double s = x; while (g(new double[] {s, 1}) < 9) { s *= 2; } return s; } @Differentiable public static double g(double[] a) { return a[0] * a[1]; } | an array initializer in a loop's condition or update is not supported | while (g(new double
            an initializer in an update | @Differentiable public static double f(double x) { double s = x; for (int i = 0; i < 3; s += g(new double[] {x, i})) { i++; } return s; } @Differentiable public static double g(double[] a) { return a[0] * a[1]; } | an array initializer in a loop's condition or update is not supported | s += g(new double
            a row given a new array      | @Differentiable public static double f(double x) { double[][] m = new double[2][2]; m[0] = new double[3]; m[0][1] = x; return m[0][1]; } | array variable 'm[0]' cannot be assigned again | m[0] = new double[3]
            renewed under a row's name   | @Differentiable public static double f(double x) { double[][] m = {{x, x}}; double[] r = m[0]; m = new double[3][3]; return r[0] + m[0][0]; } | array variable 'm' cannot be given a new array while 'r', a second name for it, is in scope | m = new double[3][3]
            a parameter given a new array | @Differentiable public static double f(double x, double[] w) { w = new double[3]; w[0] = x; return w[0]; } | array variable 'w' cannot be assigned again | w = new double[3]
            given another array          | @Differentiable public static double f(double x) { double[] a = {x}; double[] b = {2 * x}; a = b; return a[0]; } | array variable 'a' cannot be assigned again | a = b
            renewed under a second name  | @Differentiable public static double f(double x) { double[] v = {x, x}; double[] r = v; v = new double[3]; return r[0] + v[0]; } | array variable 'v' cannot be given a new array while 'r', a second name for it, is in scope | v = new double[3]
            renewed while iterated       | @Differentiable public static double f(double x) { double[] v = {x, x}; double s = 0; for (double e : v) { s += e; v = new double[3]; } return s; } | array variable 'v' cannot be given a new array inside an enhanced for loop over it | v = new double[3]
            renewed in an update         | @Differentiable public static double f(double x) { double[] v = {x}; double s = 0; for (int i = 0; i < 2; i++, v = new double[2]) { s += v[0]; } return s; } | local array 'v' cannot be created in a loop's condition or update | i++, v = new double[2]
            swapped                     | @Differentiable public static double f(double x) { double[] a = {x}; double[] b = {2 * x}; for (int i = 0; i < 2; i++) { double[] t = a; a = b; b = t; } return a[0]; } | array variable 'a' cannot be assigned again | a = b
            """)
    void whatStaysRefusedIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    "
                + member.replace("} @Differentiable", "}\n    @Differentiable") + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
