package dev.adjoint.samples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated gradients under concurrency: many threads at once, each on its own tapes, give the results
 * of one thread bit for bit. The taped loop's step counts range over four orders of magnitude, so
 * tapes grow, are held softly once over 1 MiB, and are grown into again, on every thread.
 */
class UnderLoadTest {

    private static final int CASES = 48;
    private static long[][] reference;

    /** The inputs of case {@code k}: step counts from 1 to 150 000 (a 1.2 MB double tape). */
    private static int steps(int k) {
        return k % 4 == 3 ? 150_000 : 1 + (k * 977) % 5_000;
    }

    private static double[] vector(int k, double shift) {
        double[] v = new double[50 + k];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i * 0.37 + k) + shift;
        }
        return v;
    }

    /** Every number case {@code k} computes, as raw bits: values and partials of both kernels. */
    private static long[] compute(int k) {
        KernelsGrad.DampedGradient taped = KernelsGrad.dampedGradient(0.1 + k * 0.01, 1.3, 0.4, steps(k));
        KernelsGrad.WeightedSquaresGradient fused = KernelsGrad.weightedSquaresGradient(vector(k, 0.5), vector(k, 0));
        List<Double> all = new ArrayList<>(List.of(taped.value(), taped.dX(), taped.dA(), taped.dB(), fused.value()));
        for (double d : fused.dW()) {
            all.add(d);
        }
        for (double d : fused.dX()) {
            all.add(d);
        }
        return all.stream().mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @BeforeAll
    static void singleThreadedReference() {
        reference = new long[CASES][];
        for (int k = 0; k < CASES; k++) {
            reference[k] = compute(k);
        }
    }

    private static void assertAllMatch(List<Future<Integer>> results) throws Exception {
        int checked = 0;
        for (Future<Integer> result : results) {
            checked += result.get(5, TimeUnit.MINUTES);
        }
        assertEquals(results.size(), checked);
    }

    /** A task that computes case {@code k} and compares it with the reference bit for bit. */
    private static Callable<Integer> check(int k) {
        return () -> {
            long[] bits = compute(k);
            if (!Arrays.equals(reference[k], bits)) {
                throw new AssertionError("case " + k + " differs from the single-threaded reference on "
                        + Thread.currentThread());
            }
            return 1;
        };
    }

    @Test
    void sixteenPlatformThreadsAgreeWithOneThreadBitForBit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int k = 0; k < CASES; k++) {
                    // each round in another order, so every thread sees tapes of every size
                    results.add(pool.submit(check((k * 7 + round * 13) % CASES)));
                }
            }
            assertAllMatch(results);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tenThousandVirtualThreadsAgreeWithOneThreadBitForBit() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 10_000; t++) {
                // the cheap cases: ten thousand threads, each with fresh tapes of its own
                int k = t % CASES;
                results.add(virtual.submit(check(steps(k) > 10_000 ? (k + 1) % CASES : k)));
            }
            assertAllMatch(results);
        } finally {
            virtual.shutdownNow();
        }
    }
}
