package dev.adjoint.runtime;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A growable stack of {@code double} values without boxing: the tape on which a generated reverse sweep
 * finds, in reverse order, what its forward sweep recorded inside loops.
 */
public final class DoubleStack {

    private static final ThreadLocal<DoubleStack> SHARED = ThreadLocal.withInitial(DoubleStack::new);
    private static final int INITIAL_CAPACITY = 16;
    /** Above this many entries (1 MiB), an emptied tape holds its array only softly (see {@link Tapes}). */
    private static final int STRONGLY_KEPT = (1 << 20) / Double.BYTES;

    /** The array an empty tape starts on, kept so that switching back to it allocates nothing. */
    private final double[] small = new double[INITIAL_CAPACITY];
    private double[] values = small;
    private int size;
    /**
     * The large array, held softly: given up when the tape emptied and taken back by the next growth,
     * unless collected. The reference is kept while the array is in use, so that giving it up again
     * allocates nothing: a steady stream of large gradients allocates no reference per call.
     */
    private SoftReference<double[]> spare;

    /**
     * The calling thread's tape, shared by every generated method running on it: each call pops
     * exactly what it pushed, so calls nest, and the array is sized once and reused instead of being
     * allocated per call.
     */
    public static DoubleStack forThisThread() {
        return SHARED.get();
    }

    /** Records a value. */
    public void push(double value) {
        if (size == values.length) {
            grow(size + 1);
        }
        values[size++] = value;
    }

    /** Takes back the most recently recorded value. */
    public double pop() {
        if (size <= 1) {
            return popLast();
        }
        return values[--size];
    }

    /** How many values are recorded. */
    public int size() {
        return size;
    }

    /**
     * The array the tape records in, for a loop that records or takes back values itself, through an
     * index of its own, instead of calling {@link #push} and {@link #pop} each time (generated loops that
     * call nothing else using the tape): its first {@link #size()} entries are the recorded values, the
     * most recent last. The loop asks for {@link #room} before it writes and ends with {@link #setSize}.
     */
    public double[] values() {
        return values;
    }

    /**
     * {@code values} (the array from {@link #values()} or the last {@code room}) when it has room for
     * {@code count} more values after the first {@code size}; else the larger array the tape moves those
     * {@code size} values to, which the loop writes from then on.
     */
    public double[] room(double[] values, int size, int count) {
        return size + count <= values.length ? values : grow(size, size + count);
    }

    /**
     * Sets how many values are recorded, when a loop that recorded or took back values through
     * {@link #values()} ends ({@code size} is its index), and when a gradient that failed takes back
     * what it recorded.
     */
    public void setSize(int size) {
        this.size = size;
        if (size == 0) {
            emptied();
        }
    }

    /**
     * Takes out the {@code count} values recorded from position {@code from} on, moving those recorded
     * after them down: how a generated method split into parts gives back the entries it kept its values
     * in while the parts ran, keeping the partial derivatives its last part recorded for its caller.
     */
    public void remove(int from, int count) {
        int after = from + count;
        System.arraycopy(values, after, values, from, size - after);
        setSize(size - count);
    }

    /** Moves the first {@code size} values to an array of at least {@code needed} entries. */
    private double[] grow(int size, int needed) {
        this.size = size;
        return grow(needed);
    }

    private double[] grow(int needed) {
        double[] kept = spare == null ? null : spare.get();
        if (kept != null && kept != values && kept.length >= needed) {
            System.arraycopy(values, 0, kept, 0, size);
            values = kept;
        } else {
            values = Arrays.copyOf(values, Math.max(needed, values.length * 2));
            spare = null; // collected, too small, or the array just outgrown
        }
        return values;
    }

    /** The last value of the tape: once a gradient is done, a large array becomes softly held. */
    private double popLast() {
        if (size == 0) {
            throw new IllegalStateException("pop from an empty tape: the reverse sweep does not mirror the forward sweep");
        }
        size = 0;
        double value = values[0];
        emptied();
        return value;
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
        return (long) values.length * Double.BYTES;
    }

    /** Whether a large array given up when the tape emptied is still there to grow into. */
    boolean holdsSpare() {
        double[] kept = spare == null ? null : spare.get();
        return kept != null && kept != values;
    }

    /** Forgets the calling thread's tape (see {@link Tapes#release()}). */
    static void releaseThisThread() {
        SHARED.remove();
    }
}
