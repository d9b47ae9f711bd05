package dev.adjoint.processor.testing;

import java.lang.management.ManagementFactory;

/** What a piece of generated code allocates per call, from the thread's allocation counter. */
public final class Allocations {

    private Allocations() {
    }

    /**
     * The bytes the current thread allocates in one run of {@code r}, after enough runs to grow the
     * thread's tapes, load every class and let the JIT compile: a property of the code, not a timing.
     * The least of five runs: what the JVM itself allocates now and then on the thread only ever adds.
     */
    public static long perRunOnceWarm(Runnable r) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 2_000; i++) {
            r.run();
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = threads.getThreadAllocatedBytes(id);
            r.run();
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }
}
