package dev.adjoint.benchmarks;

import dev.adjoint.runtime.Dual;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * How deep a recursive {@code @Differentiable} method can go on a thread's default stack, in the
 * primal and in both generated modes: cold (the first probes of a fresh JVM) and warm (after the JIT
 * compiled all three). Each probe runs on a new thread with the default stack size, so the figures
 * are what a user's thread gets without {@code -Xss}.
 *
 * <p>The cold probes run while the JIT is still at work, so their frames are a mix of interpreted,
 * C1- and C2-compiled ones and the cold row varies from run to run. Each kind of frame alone, every
 * row then the same: {@code -Xint} (interpreted), {@code -XX:TieredStopAtLevel=3} (C1 with
 * profiling, the tier a method runs in between the interpreter and C2); the JVM's flags are printed
 * under the table.
 *
 * <pre>java -cp target/benchmarks.jar dev.adjoint.benchmarks.StackDepth</pre>
 */
public final class StackDepth {

    private StackDepth() {
    }

    private static boolean completes(IntPredicate call, int depth) {
        boolean[] ok = {false};
        Thread probe = new Thread(null, () -> {
            try {
                ok[0] = call.test(depth);
            } catch (StackOverflowError e) {
                ok[0] = false;
            }
        }, "depth-probe", 0);
        probe.start();
        try {
            probe.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ok[0];
    }

    /** The deepest recursion that completes: doubling, then bisection. */
    static int deepest(IntPredicate call) {
        int good = 0;
        int bad = 1_000;
        while (completes(call, bad)) {
            good = bad;
            bad *= 2;
        }
        while (bad - good > Math.max(1, good / 1000)) {
            int middle = good + (bad - good) / 2;
            if (completes(call, middle)) {
                good = middle;
            } else {
                bad = middle;
            }
        }
        return good;
    }

    private static final IntPredicate PRIMAL = n -> !Double.isNaN(Recursion.iterate(0.3, n));
    private static final IntPredicate FORWARD = n -> !Double.isNaN(RecursionGrad.iterateForward(Dual.variable(0.3), n).tangent());
    private static final IntPredicate REVERSE = n -> !Double.isNaN(RecursionGrad.iterateGradient(0.3, n).dX());

    public static void main(String[] args) {
        int[] cold = {deepest(PRIMAL), deepest(FORWARD), deepest(REVERSE)};
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += Recursion.iterate(0.3, 200) + RecursionGrad.iterateForward(Dual.variable(0.3), 200).tangent()
                    + RecursionGrad.iterateGradient(0.3, 200).dX();
        }
        int[] warm = {deepest(PRIMAL), deepest(FORWARD), deepest(REVERSE)};
        System.out.println("| | primal | forward (fForward) | reverse (fGradient) |");
        System.out.println("| --- | ---: | ---: | ---: |");
        System.out.printf(Locale.ROOT, "| cold (first probes) | %d | %d (%.0f %%) | %d (%.0f %%) |%n", cold[0], cold[1],
                100.0 * cold[1] / cold[0], cold[2], 100.0 * cold[2] / cold[0]);
        System.out.printf(Locale.ROOT, "| warm (after 20 000 calls) | %d | %d (%.0f %%) | %d (%.0f %%) |%n", warm[0], warm[1],
                100.0 * warm[1] / warm[0], warm[2], 100.0 * warm[2] / warm[0]);
        System.out.println(sink == 42 ? "" : "(" + Runtime.version() + ", default thread stack, JVM flags "
                + ManagementFactory.getRuntimeMXBean().getInputArguments() + ")");
    }
}
