package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * A growable stack of references: where a generated method split into parts (so that the JIT compiles
 * it) keeps the objects one part leaves for a later one, an array the method made, its adjoint, a
 * callee's gradient record, as it keeps numbers on the {@link DoubleStack}. The method reserves its
 * entries before the first part and gives them back after the last; an entry given back is cleared, so
 * the tape never keeps an object alive after the gradient that made it returned or failed.
 */
public final class ObjectStack {

    private static final ThreadLocal<ObjectStack> SHARED = ThreadLocal.withInitial(ObjectStack::new);
    private static final int INITIAL_CAPACITY = 16;

    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    /**
     * The calling thread's tape, shared by every generated method running on it: a method's entries lie
     * above those of the method that called it, and each gives back exactly what it reserved.
     */
    public static ObjectStack forThisThread() {
        return SHARED.get();
    }

    /** How many entries are reserved. */
    public int size() {
        return size;
    }

    /** The array holding the entries: the first {@link #size()} are in use. */
    public Object[] values() {
        return values;
    }

    /**
     * {@code values} (the array from {@link #values()} or the last {@code room}) when it has room for
     * {@code count} more entries after the first {@code size}; else the larger array the tape moves those
     * {@code size} entries to.
     */
    public Object[] room(Object[] values, int size, int count) {
        if (size + count <= values.length) {
            return values;
        }
        this.size = size;
        this.values = Arrays.copyOf(this.values, Math.max(size + count, this.values.length * 2));
        return this.values;
    }

    /** Sets how many entries are in use, clearing those given back. */
    public void setSize(int size) {
        if (size < this.size) {
            Arrays.fill(values, size, this.size, null);
        }
        this.size = size;
    }

    /**
     * Takes out the {@code count} entries from position {@code from} on, moving those after them down:
     * the same call as {@link DoubleStack#remove}, for a method that gives back its entries the same way.
     */
    public void remove(int from, int count) {
        int after = from + count;
        System.arraycopy(values, after, values, from, size - after);
        setSize(size - count);
    }

    /** The bytes this tape's array holds, used or not, counting a reference as eight. */
    long capacityBytes() {
        return (long) values.length * Long.BYTES;
    }

    /** Forgets the calling thread's tape (see {@link Tapes#release()}). */
    static void releaseThisThread() {
        SHARED.remove();
    }
}
