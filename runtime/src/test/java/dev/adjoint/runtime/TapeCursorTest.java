package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A loop recording on a tape through {@code values}, {@code room} and {@code setSize}, as generated loops do. */
class TapeCursorTest {

    @Test
    void valuesRecordedThroughTheArrayComeBackByPopAndTheOtherWayRound() {
        Tapes.release();
        DoubleStack tape = DoubleStack.forThisThread();
        tape.push(-1.0);
        double[] doubles = tape.values();
        int taped = tape.size();
        for (int i = 0; i < 30_000; i += 3) {
            doubles = tape.room(doubles, taped, 3);
            doubles[taped] = i;
            doubles[taped + 1] = i + 1;
            doubles[taped + 2] = i + 2;
            taped += 3;
        }
        tape.setSize(taped);
        assertEquals(30_001, tape.size());
        assertSame(doubles, tape.values());
        for (int i = 29_999; i >= 15_000; i--) {
            assertEquals(i, tape.pop());
        }
        doubles = tape.values();
        taped = tape.size();
        for (int i = 14_999; i >= 0; i--) {
            taped--;
            assertEquals(i, doubles[taped]);
        }
        tape.setSize(taped);
        assertEquals(-1.0, tape.pop());
        assertEquals(0, tape.size());
    }

    /** A split method's frame given back under the partials its last part pushed for its caller. */
    @Test
    void removeTakesOutARangeAndMovesWhatWasRecordedAfterItDown() {
        Tapes.release();
        DoubleStack tape = DoubleStack.forThisThread();
        tape.push(1.5);
        int frameStart = tape.size();
        tape.room(tape.values(), frameStart, 40);
        tape.setSize(frameStart + 40);
        tape.values()[frameStart + 39] = 99.0;
        tape.push(-2.0);
        tape.push(-3.0);
        tape.remove(frameStart, 40);
        assertEquals(3, tape.size());
        assertEquals(-3.0, tape.pop());
        assertEquals(-2.0, tape.pop());
        assertEquals(1.5, tape.pop());
        assertEquals(0, tape.size());
        tape.setSize(0);
        tape.room(tape.values(), 0, 5);
        tape.setSize(5);
        tape.remove(0, 5);
        assertEquals(0, tape.size());
    }

    @Test
    void roomKeepsTheArrayWhileItFitsAndMovesTheRecordedValuesWhenItGrows() {
        Tapes.release();
        IntStack tape = IntStack.forThisThread();
        int[] ints = tape.values();
        assertSame(ints, tape.room(ints, 10, 6));
        for (int i = 0; i < 10; i++) {
            ints[i] = 7 * i;
        }
        int[] grown = tape.room(ints, 10, 7);
        assertTrue(grown.length >= 17);
        assertSame(grown, tape.values());
        for (int i = 0; i < 10; i++) {
            assertEquals(7 * i, grown[i]);
        }
        tape.setSize(10);
        assertEquals(63, tape.pop());
        tape.setSize(0);
    }

    @Test
    void aLargeTapeEmptiedThroughTheArrayIsHeldOnlySoftly() {
        Tapes.release();
        long fresh = Tapes.retainedBytes();
        DoubleStack tape = DoubleStack.forThisThread();
        double[] doubles = tape.values();
        int taped = 0;
        for (int i = 0; i < 1_000_000; i++) {
            doubles = tape.room(doubles, taped, 1);
            doubles[taped] = i;
            taped++;
        }
        tape.setSize(taped);
        assertTrue(Tapes.retainedBytes() > fresh + 1_000_000L * Double.BYTES - 1);
        tape.setSize(0);
        assertEquals(fresh, Tapes.retainedBytes());
        assertTrue(tape.holdsSpare());
        Tapes.release();
    }
}
