package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Index and flag arrays: {@code int[]}, {@code long[]} and {@code boolean[]} parameters and locals,
 * never differentiated, that choose which doubles are read and how often. Both modes against finite
 * differences and closed forms; the reverse sweep must index with the values the forward sweep used,
 * also when an index array is overwritten after it was read.
 */
class IndexArraysTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Index {
                @Differentiable(hessian = true)
                public static double gather(double[] x, int[] idx) {
                    double s = 0;
                    for (int k = 0; k < idx.length; k++) {
                        s += x[idx[k]] * x[idx[(k + 1) % idx.length]];
                    }
                    return s;
                }

                @Differentiable
                public static double histogram(double[] x, int bins) {
                    int[] counts = new int[bins];
                    for (int i = 0; i < x.length; i++) {
                        int b = (int) Math.floor(Math.abs(x[i]) * bins) % bins;
                        counts[b]++;
                        counts[b] += 2;
                    }
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        s += counts[(int) Math.floor(Math.abs(x[i]) * bins) % bins] * x[i] * x[i];
                    }
                    return s;
                }

                @Differentiable
                public static double masked(double[] x, boolean[] mask, long[] weights) {
                    if (mask == null || weights == null) {
                        return x[0];
                    }
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        if (mask[i] && weights[i] != 0L) {
                            s += Math.sin(x[i]) * weights[i];
                        }
                    }
                    return s;
                }

                /** Rotates a permutation in place each round: the reverse sweep needs every old value. */
                @Differentiable
                public static double rotating(double[] x, int rounds) {
                    int n = x.length;
                    int[] perm = new int[n];
                    boolean[] seen = new boolean[n];
                    long[] stamps = new long[n];
                    for (int i = 0; i < n; i++) {
                        perm[i] = n - 1 - i;
                    }
                    double s = 0;
                    for (int r = 0; r < rounds; r++) {
                        int first = perm[0];
                        for (int k = 0; k < n - 1; k++) {
                            perm[k] = perm[k + 1];
                        }
                        perm[n - 1] = first;
                        s = s * 0.5 + x[perm[0]] * Math.exp(0.1 * x[perm[n - 1]]);
                        seen[perm[0]] = !seen[perm[0]];
                        stamps[perm[0]] += r + 1L;
                    }
                    for (int i = 0; i < n; i++) {
                        if (seen[i]) {
                            s += x[i] * stamps[i];
                        }
                    }
                    return s;
                }

                /** An element of an index array overwritten outside loops, after the read it steered. */
                @Differentiable
                public static double overwrittenOnce(double[] x) {
                    int[] j = new int[2];
                    j[0] = 1;
                    double a = x[j[0]] * x[j[0]];
                    j[0] = 0;
                    double b = Math.sin(x[j[0]]) * a;
                    return b + a;
                }

                @Differentiable
                public static double pick(double[] x, int[] idx, int k) {
                    return x[idx[k]] * x[idx[k]];
                }

                @Differentiable
                public static double callsWithIndexArrays(double[] x, int[] idx) {
                    int[] reversed = new int[idx.length];
                    for (int k = 0; k < idx.length; k++) {
                        reversed[k] = idx[idx.length - 1 - k];
                    }
                    double s = 0;
                    for (int k = 0; k < idx.length; k++) {
                        s += pick(x, idx, k) * Math.cos(pick(x, reversed, k));
                    }
                    return s;
                }

                /** The call's gradient is taken in the adjoint sweep, after the loop changed the index array it read. */
                @Differentiable
                public static double callThenOverwrite(double[] x, int rounds) {
                    int[] idx = new int[2];
                    idx[1] = 1;
                    double s = 1;
                    for (int r = 0; r < rounds; r++) {
                        s = Math.sin(s * pick(x, idx, r % 2));
                        idx[r % 2] = (idx[r % 2] + r + 1) % x.length;
                    }
                    return s;
                }

                @Differentiable
                public static double writtenOut(double[] x) {
                    int[] order = {2, 0, 1};
                    long[] weights = {3, 1L << 2, -1};
                    boolean[] on = {true, x[0] > 0, false};
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        if (on[k]) {
                            s += weights[k] * x[order[k]] * x[order[k]];
                        }
                    }
                    return s;
                }

                @Differentiable
                public static double[] permuted(double[] x, int[] order) {
                    double[] y = new double[order.length];
                    for (int k = 0; k < order.length; k++) {
                        y[k] = x[order[k]] * x[order[k]];
                    }
                    return y;
                }

                @Differentiable
                public static double enhancedFor(double[] x, int[] idx, boolean[] mask) {
                    double s = 0;
                    for (int k : idx) {
                        s += x[k] * x[k];
                    }
                    int on = 0;
                    for (boolean b : mask) {
                        on += b ? 1 : 0;
                    }
                    for (double v : idx) {
                        s += v * x[0];
                    }
                    return s * on;
                }
            }
            """);

    private static final ArrayChecker INDEX = new ArrayChecker(COMPILED, "p.Index");

    @Test
    void gatherAddsTheProductsOfTheElementsItPicks() {
        double[] x = {0.3, -1.2, 0.8, 1.5};
        int[] idx = {2, 0, 2, 3, 1};
        double[] gradient = INDEX.check("gather", 1e-7, x, idx);
        double[] expected = new double[4];
        for (int k = 0; k < idx.length; k++) {
            int a = idx[k];
            int b = idx[(k + 1) % idx.length];
            expected[a] += x[b];
            expected[b] += x[a];
        }
        assertArrayEquals(expected, gradient, 1e-15);
        assertArrayEquals(idx, new int[] {2, 0, 2, 3, 1}, "the caller's index array is unchanged");
    }

    @Test
    void gatherHessianCountsThePairs() throws Exception {
        double[] x = {0.3, -1.2, 0.8, 1.5};
        int[] idx = {2, 0, 2, 3, 1};
        Method hessian = Arrays.stream(COMPILED.gradClassFor("p.Index").getMethods())
                .filter(m -> m.getName().equals("gatherHessian")).findFirst().orElseThrow();
        double[][] h = (double[][]) hessian.invoke(null, x, idx);
        double[][] expected = new double[4][4];
        for (int k = 0; k < idx.length; k++) {
            int a = idx[k];
            int b = idx[(k + 1) % idx.length];
            expected[a][b] += 1;
            expected[b][a] += 1;
        }
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], h[i], 1e-15, "row " + i);
        }
    }

    @Test
    void histogramCountsWeighTheSquares() {
        double[] x = {0.13, -0.52, 0.41, 0.77, -0.18, 0.56};
        double[] gradient = INDEX.check("histogram", 1e-7, x, 4);
        int[] counts = new int[4];
        for (double v : x) {
            counts[(int) Math.floor(Math.abs(v) * 4) % 4] += 3;
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(2 * counts[(int) Math.floor(Math.abs(x[i]) * 4) % 4] * x[i], gradient[i], 1e-15);
        }
    }

    @Test
    void masksAndLongWeightsAndNullChecks() {
        double[] x = {0.3, -1.2, 0.8, 1.5};
        boolean[] mask = {true, false, true, true};
        long[] weights = {3, 5, 0, -2};
        double[] gradient = INDEX.check("masked", 1e-7, x, mask, weights);
        assertArrayEquals(new double[] {3 * Math.cos(0.3), 0, 0, -2 * Math.cos(1.5)}, gradient, 1e-15);
        assertArrayEquals(new double[] {1, 0, 0, 0}, INDEX.check("masked", 1e-7, x, null, weights), 0.0);
    }

    @Test
    void indexArraysOverwrittenInLoopsAreTaped() {
        for (int rounds : new int[] {0, 1, 3, 7}) {
            INDEX.check("rotating", 1e-6, new double[] {0.3, -1.2, 0.8, 1.5, 0.2}, rounds);
        }
        double[] gradient = INDEX.check("overwrittenOnce", 1e-7, (Object) new double[] {0.4, 0.7});
        double a = 0.7 * 0.7;
        assertArrayEquals(new double[] {Math.cos(0.4) * a, (Math.sin(0.4) + 1) * 2 * 0.7}, gradient, 1e-15);
    }

    @Test
    void indexArraysPassedToDifferentiableMethods() {
        INDEX.check("callsWithIndexArrays", 1e-7, new double[] {0.3, -1.2, 0.8, 1.5}, new int[] {3, 1, 1, 0});
        for (int rounds : new int[] {0, 1, 2, 5}) {
            INDEX.check("callThenOverwrite", 1e-6, new double[] {0.3, -1.2, 0.8}, rounds);
        }
        INDEX.check("pick", 1e-7, new double[] {0.3, -1.2}, new int[] {1, 0}, 0);
    }

    @Test
    void indexArraysWrittenOut() {
        double[] gradient = INDEX.check("writtenOut", 1e-7, (Object) new double[] {0.5, -0.3, 0.9});
        assertArrayEquals(new double[] {4 * 2 * 0.5, 0, 3 * 2 * 0.9}, gradient, 1e-15);
        gradient = INDEX.check("writtenOut", 1e-7, (Object) new double[] {-0.5, -0.3, 0.9});
        assertArrayEquals(new double[] {0, 0, 3 * 2 * 0.9}, gradient, 1e-15);
    }

    @Test
    void aVectorValuedGatherHasTheJacobianOfThePermutation() throws Exception {
        double[] x = {0.5, -0.3, 0.9};
        int[] order = {2, 0, 2, 1};
        Method jacobian = Arrays.stream(COMPILED.gradClassFor("p.Index").getMethods())
                .filter(m -> m.getName().equals("permutedJacobian")).findFirst().orElseThrow();
        double[][] j = (double[][]) jacobian.invoke(null, x, order);
        for (int k = 0; k < order.length; k++) {
            double[] expected = new double[3];
            expected[order[k]] = 2 * x[order[k]];
            assertArrayEquals(expected, j[k], 0.0, "row " + k);
        }
    }

    @Test
    void enhancedForOverIndexAndFlagArrays() {
        double[] x = {0.3, -1.2, 0.8};
        double[] gradient = INDEX.check("enhancedFor", 1e-7, x, new int[] {2, 0, 2}, new boolean[] {true, false, true});
        assertArrayEquals(new double[] {2 * (2 * 0.3 + 4), 0, 2 * 2 * 2 * 0.8}, gradient, 1e-14);
    }
}
