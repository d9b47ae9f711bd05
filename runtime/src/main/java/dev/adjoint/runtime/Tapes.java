package dev.adjoint.runtime;

/**
 * The calling thread's tapes, all together. Generated reverse sweeps record what loops need on
 * per-thread primitive stacks ({@link DoubleStack}, {@link IntStack}, {@link LongStack},
 * {@link BooleanStack}; methods split into parts keep objects on an {@link ObjectStack}) that grow to the largest gradient the thread has taken and keep that
 * capacity, so that later calls allocate nothing. A tape over 1 MiB is held only through a
 * {@link java.lang.ref.SoftReference} once it is empty again (the gradient that grew it is done): the
 * next large gradient on the thread grows straight into it, unless the garbage collector needed the
 * memory and took it. So a pool thread of a server that once took a very large gradient does not keep
 * that memory for good, with no code of its own; {@link #release()} drops a thread's tapes at once.
 * A gradient that fails takes back what it recorded, so failures caught and repeated leave nothing.
 *
 * <p>The loops of a method with {@code @Differentiable(checkpoint = true)} do not grow the tapes
 * without bound: once a stretch of such a loop has recorded {@link #loopBudget()} entries on a tape,
 * they are dropped for the loop's state where the next stretch starts (a checkpoint), and the adjoint
 * sweep runs each earlier stretch again from its checkpoint before reversing it (README, "Tape
 * memory: long loops").
 */
public final class Tapes {

    /** The system property that sets {@link #loopBudget()} at start-up, in bytes. */
    public static final String LOOP_BUDGET_PROPERTY = "adjoint.loopTapeBytes";
    /** 8 MiB: the default of {@link #setLoopBudget}. */
    public static final long DEFAULT_LOOP_BUDGET_BYTES = 8L << 20;

    private static volatile int loopBudget = entries(Long.getLong(LOOP_BUDGET_PROPERTY, DEFAULT_LOOP_BUDGET_BYTES));

    private Tapes() {
    }

    /**
     * The most entries one stretch of a checkpointed loop records on each of the thread's tapes before
     * the loop takes a checkpoint and drops them: {@link #setLoopBudget}'s bytes over 8, the size of a
     * tape's largest entry. Generated code reads it when a loop starts.
     */
    public static int loopBudget() {
        return loopBudget;
    }

    /**
     * Bounds what a long loop keeps on each of the thread's tapes to about {@code bytes}, for the
     * gradients started after this call, on every thread. The gradient is the same for any budget; a
     * smaller one runs the loop's forward sweep once more for all but its last stretch, where a loop
     * records more than the budget. Default {@value #DEFAULT_LOOP_BUDGET_BYTES} bytes, or the system
     * property {@value #LOOP_BUDGET_PROPERTY} at start-up.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static void setLoopBudget(long bytes) {
        loopBudget = entries(bytes);
    }

    private static int entries(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a tape budget of " + bytes + " bytes (Tapes.setLoopBudget, -D"
                    + LOOP_BUDGET_PROPERTY + "): it must be 0 or more");
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes / Double.BYTES);
    }

    /**
     * The bytes the calling thread's tapes hold strongly, used or not: a few hundred for a thread that
     * took no large gradient or whose large tapes are held softly.
     */
    public static long retainedBytes() {
        return DoubleStack.forThisThread().capacityBytes() + IntStack.forThisThread().capacityBytes()
                + LongStack.forThisThread().capacityBytes() + BooleanStack.forThisThread().capacityBytes()
                + ObjectStack.forThisThread().capacityBytes();
    }

    /**
     * Drops the calling thread's tapes, so that their memory can be collected: the next gradient on
     * this thread starts with small tapes and grows them again. Safe at any time, since a gradient
     * holds on to the tapes it started with until it returns.
     */
    public static void release() {
        DoubleStack.releaseThisThread();
        IntStack.releaseThisThread();
        LongStack.releaseThisThread();
        BooleanStack.releaseThisThread();
        ObjectStack.releaseThisThread();
    }
}
