package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * A growable stack of {@code double} values without boxing: the tape on which a generated reverse sweep
 * finds, in reverse order, what its forward sweep recorded inside loops.
 */
public final class DoubleStack {

    private static final ThreadLocal<DoubleStack> SHARED = ThreadLocal.withInitial(DoubleStack::new);

    private double[] values = new double[16];
    private int size;

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
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /** Takes back the most recently recorded value. */
    public double pop() {
        if (size == 0) {
            throw new IllegalStateException("pop from an empty tape: the reverse sweep does not mirror the forward sweep");
        }
        return values[--size];
    }

    /** How many values are recorded. */
    public int size() {
        return size;
    }

    /** The bytes this tape's array holds, used or not. */
    long capacityBytes() {
        return (long) values.length * Double.BYTES;
    }

    /** Forgets the calling thread's tape (see {@link Tapes#release()}). */
    static void releaseThisThread() {
        SHARED.remove();
    }
}
