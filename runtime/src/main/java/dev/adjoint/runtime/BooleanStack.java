package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * A growable stack of {@code boolean} values without boxing: the tape on which a generated reverse sweep
 * finds, in reverse order, what its forward sweep recorded inside loops.
 */
public final class BooleanStack {

    private boolean[] values = new boolean[16];
    private int size;

    /** Records a value. */
    public void push(boolean value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /** Takes back the most recently recorded value. */
    public boolean pop() {
        if (size == 0) {
            throw new IllegalStateException("pop from an empty tape: the reverse sweep does not mirror the forward sweep");
        }
        return values[--size];
    }

    /** How many values are recorded. */
    public int size() {
        return size;
    }
}
