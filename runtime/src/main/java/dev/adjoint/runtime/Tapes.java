package dev.adjoint.runtime;

/**
 * The calling thread's tapes, all four together. Generated reverse sweeps record what loops need on
 * per-thread primitive stacks ({@link DoubleStack}, {@link IntStack}, {@link LongStack},
 * {@link BooleanStack}) that grow to the largest gradient the thread has taken and keep that
 * capacity, so that later calls allocate nothing. A tape over 1 MiB is held only through a
 * {@link java.lang.ref.SoftReference} once it is empty again (the gradient that grew it is done): the
 * next large gradient on the thread grows straight into it, unless the garbage collector needed the
 * memory and took it. So a pool thread of a server that once took a very large gradient does not keep
 * that memory for good, with no code of its own; {@link #release()} drops a thread's tapes at once.
 */
public final class Tapes {

    private Tapes() {
    }

    /**
     * The bytes the calling thread's tapes hold strongly, used or not: a few hundred for a thread that
     * took no large gradient or whose large tapes are held softly.
     */
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
