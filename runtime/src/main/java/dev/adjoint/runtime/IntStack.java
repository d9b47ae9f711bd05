package dev.adjoint.runtime;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A growable stack of {@code int} values without boxing: the tape on which a generated reverse sweep
 * finds, in reverse order, what its forward sweep recorded inside loops.
 */
public final class IntStack {

    private static final ThreadLocal<IntStack> SHARED = ThreadLocal.withInitial(IntStack::new);
    private static final int INITIAL_CAPACITY = 16;
    /** Above this many entries (1 MiB), an emptied tape holds its array only softly (see {@link Tapes}). */
    private static final int STRONGLY_KEPT = (1 << 20) / Integer.BYTES;

    private int[] values = new int[INITIAL_CAPACITY];
    private int size;
    /** A large array given up when the tape emptied: taken back by the next growth, unless collected. */
    private SoftReference<int[]> spare;

    /**
     * The calling thread's tape, shared by every generated method running on it: each call pops
     * exactly what it pushed, so calls nest, and the array is sized once and reused instead of being
     * allocated per call.
     */
    public static IntStack forThisThread() {
        return SHARED.get();
    }

    /** Records a value. */
    public void push(int value) {
        if (size == values.length) {
            grow();
        }
        values[size++] = value;
    }

    /** Takes back the most recently recorded value. */
    public int pop() {
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
        int[] kept = spare == null ? null : spare.get();
        spare = null;
        if (kept != null && kept.length > size) {
            System.arraycopy(values, 0, kept, 0, size);
            values = kept;
        } else {
            values = Arrays.copyOf(values, size * 2);
        }
    }

    /** The last value of the tape: once a gradient is done, a large array becomes softly held. */
    private int popLast() {
        if (size == 0) {
            throw new IllegalStateException("pop from an empty tape: the reverse sweep does not mirror the forward sweep");
        }
        size = 0;
        int value = values[0];
        if (values.length > STRONGLY_KEPT) {
            spare = new SoftReference<>(values);
            values = new int[INITIAL_CAPACITY];
        }
        return value;
    }

    /** The bytes this tape's array holds strongly, used or not. */
    long capacityBytes() {
        return (long) values.length * Integer.BYTES;
    }

    /** Whether a large array given up when the tape emptied is still there to grow into. */
    boolean holdsSpare() {
        return spare != null && spare.get() != null;
    }

    /** Forgets the calling thread's tape (see {@link Tapes#release()}). */
    static void releaseThisThread() {
        SHARED.remove();
    }
}
