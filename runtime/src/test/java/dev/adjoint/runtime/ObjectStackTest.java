package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The object tape as methods split into parts use it: frames reserved, nested, given back and cleared. */
class ObjectStackTest {

    @Test
    void aFrameReservedAboveAnotherIsGivenBackClearedAndTheOneBelowKept() {
        ObjectStack tape = new ObjectStack();
        double[] outerArray = {1.0};
        int outer = tape.size();
        Object[] values = tape.room(tape.values(), outer, 2);
        tape.setSize(outer + 2);
        values[outer] = outerArray;
        values[outer + 1] = "kept";

        // a callee split into parts reserves more than the array holds: the tape moves to a larger one
        int inner = tape.size();
        Object[] grown = tape.room(tape.values(), inner, 40);
        assertNotSame(values, grown);
        assertSame(grown, tape.values());
        tape.setSize(inner + 40);
        grown[inner + 39] = new double[3];
        tape.remove(inner, 40);
        assertEquals(inner, tape.size());
        assertNull(tape.values()[inner + 39], "an entry given back keeps nothing alive");

        assertSame(outerArray, tape.values()[outer]);
        assertEquals("kept", tape.values()[outer + 1]);
        tape.remove(outer, 2);
        assertEquals(0, tape.size());
        assertArrayEquals(new Object[2], new Object[] {tape.values()[0], tape.values()[1]});
    }

    @Test
    void aFailedGradientsSizeSetBackClearsItsEntries() {
        ObjectStack tape = new ObjectStack();
        tape.setSize(tape.size() + 3);
        tape.values()[2] = new double[1];
        tape.setSize(0);
        assertNull(tape.values()[2]);
    }

    @Test
    void roomThatFitsKeepsTheArray() {
        ObjectStack tape = new ObjectStack();
        Object[] values = tape.values();
        assertSame(values, tape.room(values, 0, 16));
    }
}
