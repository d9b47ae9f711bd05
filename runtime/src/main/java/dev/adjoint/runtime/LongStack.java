package dev.adjoint.runtime;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A growable stack of {@code long} values without boxing: the tape on which a generated reverse sweep
 * finds, in reverse order, what its forward sweep recorded inside loops.
 */
public final class LongStack {

    private static final ThreadLocal<LongStack> SHARED = ThreadLocal.withInitial(LongStack::new);
    private static final int INITIAL_CAPACITY = 16;
    /** Above this many entries (1 MiB), an emptied tape holds its array only softly (see {@link Tapes}). */
    private static final int STRONGLY_KEPT = (1 << 20) / Long.BYTES;

    /** The array an empty tape starts on, kept so that switching back to it allocates nothing. */
    private final long[] small = new long[INITIAL_CAPACITY];
    private long[] values = small;
    private int size;
    /**
     * The large array, held softly: given up when the tape emptied and taken back by the next growth,
     * unless collected. The reference is kept while the array is in use, so that giving it up again
     * allocates nothing: a steady stream of large gradients allocates no reference per call.
     */
    private SoftReference<long[]> spare;

    /**
     * The calling thread's tape, shared by every generated method running on it: each call pops
     * exactly what it pushed, so calls nest, and the array is sized once and reused instead of being
     * allocated per call.
     */
    public static LongStack forThisThread() {
        return SHARED.get();
    }

    /** Records a value. */
    public void push(long value) {
        if (size == values.length) {
            grow();
        }
        values[size++] = value;
    }

    /** Takes back the most recently recorded value. */
    public long pop() {
        if (size <= 1) {
            return popLast();
        }
        return values[--size];
    }

    /** How many values are recorded. */
    public int size() {
        return size;
    }

    private void grow() {
        long[] kept = spare == null ? null : spare.get();
        if (kept != null && kept != values && kept.length > size) {
            System.arraycopy(values, 0, kept, 0, size);
            values = kept;
        } else {
            values = Arrays.copyOf(values, size * 2);
            spare = null; // collected, too small, or the array just outgrown
        }
    }

    /** The last value of the tape: once a gradient is done, a large array becomes softly held. */
    private long popLast() {
        if (size == 0) {
            throw new IllegalStateException("pop from an empty tape: the reverse sweep does not mirror the forward sweep");
        }
        size = 0;
        long value = values[0];
        emptied();
        return value;
    }

    /**
     * Drops the values recorded after the first {@code size}: a gradient that fails takes back what it
     * recorded.
     */
    public void setSize(int size) {
        this.size = size;
        if (size == 0) {
            emptied();
        }
    }

    /** Once a gradient is done with it, a large array becomes softly held. */
    private void emptied() {
        if (values.length > STRONGLY_KEPT) {
            if (spare == null || spare.get() != values) {
                spare = new SoftReference<>(values);
            }
            values = small;
        }
    }

    /** The bytes this tape's array holds strongly, used or not. */
    long capacityBytes() {
        return (long) values.length * Long.BYTES;
    }

    /** Whether a large array given up when the tape emptied is still there to grow into. */
    boolean holdsSpare() {
        long[] kept = spare == null ? null : spare.get();
        return kept != null && kept != values;
    }

    /** Forgets the calling thread's tape (see {@link Tapes#release()}). */
    static void releaseThisThread() {
        SHARED.remove();
    }
}
