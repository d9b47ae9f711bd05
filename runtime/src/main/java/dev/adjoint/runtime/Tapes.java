package dev.adjoint.runtime;

/**
 * The calling thread's tapes, all four together. Generated reverse sweeps record what loops need on
 * per-thread primitive stacks ({@link DoubleStack}, {@link IntStack}, {@link LongStack},
 * {@link BooleanStack}) that grow to the largest gradient the thread has taken and keep that
 * capacity, so that later calls allocate nothing. A thread that once took a very large gradient (a
 * pool thread of a server, say) therefore keeps that memory until it ends, or until it calls
 * {@link #release()}.
 */
public final class Tapes {

    private Tapes() {
    }

    /** The bytes the calling thread's tapes hold, used or not (a few hundred for a thread that took no large gradient). */
    public static long retainedBytes() {
        return DoubleStack.forThisThread().capacityBytes() + IntStack.forThisThread().capacityBytes()
                + LongStack.forThisThread().capacityBytes() + BooleanStack.forThisThread().capacityBytes();
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
    }
}
