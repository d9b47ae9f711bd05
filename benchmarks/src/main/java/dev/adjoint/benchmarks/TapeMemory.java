package dev.adjoint.benchmarks;

import dev.adjoint.runtime.DoubleStack;
import dev.adjoint.runtime.IntStack;
import dev.adjoint.runtime.Tapes;
import java.lang.management.ManagementFactory;

/**
 * Tape memory of the reverse sweep: for each problem size, on a fresh thread (so the per-thread tapes
 * start empty), the bytes the first gradient call allocates (record + result + tape growth), the bytes
 * the second call allocates (the tape is reused), and what the thread's tapes hold strongly afterwards
 * ({@link Tapes#retainedBytes()}: a tape over 1 MiB is held only softly once the gradient is done).
 * Complements JMH's {@code -prof gc}, which sees only the steady state (the tapes already grown).
 *
 * <pre>java -cp target/benchmarks.jar dev.adjoint.benchmarks.TapeMemory [steps=1000,10000,100000]</pre>
 */
public final class TapeMemory {

    private TapeMemory() {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    interface Call {
        Object run();
    }

    /** first-call bytes, second-call bytes, bytes the tapes hold strongly after the second call. */
    static long[] measure(Call call) throws Exception {
        long[] out = new long[3];
        Exception[] err = new Exception[1];
        Thread t = new Thread(() -> {
            try {
                long id = Thread.currentThread().getId();
                DoubleStack.forThisThread();
                IntStack.forThisThread();
                long a0 = THREADS.getThreadAllocatedBytes(id);
                Object r1 = call.run();
                long a1 = THREADS.getThreadAllocatedBytes(id);
                Object r2 = call.run();
                long a2 = THREADS.getThreadAllocatedBytes(id);
                if (r1 == null || r2 == null) {
                    throw new IllegalStateException();
                }
                out[0] = a1 - a0;
                out[1] = a2 - a1;
                out[2] = Tapes.retainedBytes();
            } catch (Exception e) {
                err[0] = e;
            }
        });
        t.start();
        t.join();
        if (err[0] != null) {
            throw err[0];
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        String[] sizes = (args.length > 0 ? args[0] : "1000,10000,100000,1000000").split(",");
        // warm the allocation paths once so class loading is not counted
        measure(() -> FunctionsGrad.iteratedMapGradient(0.5, 10));
        System.out.println("| problem | N | 1st call on a thread: B allocated | 2nd call: B allocated | tapes hold strongly after, bytes | B allocated per step or sample, 1st call |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (String s : sizes) {
            int steps = Integer.parseInt(s.trim());
            long[] m = measure(() -> FunctionsGrad.iteratedMapGradient(0.5, steps));
            System.out.printf("| iterated map | steps=%d | %d | %d | %d | %.1f |%n",
                    steps, m[0], m[1], m[2], (double) m[0] / steps);
        }
        // the same map with checkpoint = true, under a 64 KiB budget: the tape follows the budget
        Tapes.setLoopBudget(64 << 10);
        for (String s : sizes) {
            int steps = Integer.parseInt(s.trim());
            long[] m = measure(() -> StatefulFunctionsGrad.iteratedMapCheckpointedGradient(0.5, steps));
            System.out.printf("| iterated map, checkpointed, 64 KiB budget | steps=%d | %d | %d | %d | %.1f |%n",
                    steps, m[0], m[1], m[2], (double) m[0] / steps);
        }
        Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
        // logistic loss (wrt w): n samples x d = 50 features
        int d = 50;
        for (int n : new int[] {100, 1000, 10000}) {
            java.util.Random rnd = new java.util.Random(1);
            double[] w = new double[d];
            double[][] xs = new double[n][d];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    xs[i][j] = rnd.nextGaussian();
                }
                y[i] = rnd.nextInt(2);
            }
            long[] m = measure(() -> FunctionsGrad.logisticLossWrtWGradient(w, xs, y));
            System.out.printf("| logistic loss, wrt w | n=%d, d=%d | %d | %d | %d | %.1f |%n",
                    n, d, m[0], m[1], m[2], (double) m[0] / n);
        }
        for (int n : new int[] {1000, 100000}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = -1.5 + 3.0 * i / n;
            }
            long[] m = measure(() -> FunctionsGrad.rosenbrockGradient(x));
            System.out.printf("| Rosenbrock | n=%d | %d | %d | %d | %.1f |%n", n, m[0], m[1], m[2],
                    (double) m[0] / n);
        }
    }
}
