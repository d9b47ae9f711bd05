package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TapesTest {

    @Test
    void theLoopBudgetIsBytesOverEightAndNeverNegative() {
        assertEquals(Tapes.DEFAULT_LOOP_BUDGET_BYTES / 8, Tapes.loopBudget());
        try {
            Tapes.setLoopBudget(100);
            assertEquals(12, Tapes.loopBudget());
            Tapes.setLoopBudget(0);
            assertEquals(0, Tapes.loopBudget());
            Tapes.setLoopBudget(Long.MAX_VALUE);
            assertEquals(Integer.MAX_VALUE, Tapes.loopBudget());
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> Tapes.setLoopBudget(-1));
            assertTrue(negative.getMessage().contains("adjoint.loopTapeBytes"), negative.getMessage());
        } finally {
            Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
        }
    }

    /** What a thread's tapes hold before any gradient grew them: 16 entries each (a reference counted as 8 bytes). */
    private static final long FRESH = 16L * (Double.BYTES + Integer.BYTES + Long.BYTES + 1 + Long.BYTES);

    @Test
    void aLargeGradientsCapacityStaysUntilReleased() {
        Tapes.release();
        assertEquals(FRESH, Tapes.retainedBytes());
        DoubleStack tape = DoubleStack.forThisThread();
        for (int i = 0; i < 100_000; i++) {
            tape.push(i);
        }
        for (int i = 99_999; i >= 0; i--) {
            assertEquals(i, tape.pop());
        }
        // 100 000 doubles round up to 131 072: kept, so the next call allocates nothing
        assertEquals(FRESH + (131_072L - 16) * Double.BYTES, Tapes.retainedBytes());
        assertSame(tape, DoubleStack.forThisThread());

        Tapes.release();
        assertEquals(FRESH, Tapes.retainedBytes());
        assertNotSame(tape, DoubleStack.forThisThread());
    }

    @Test
    void releaseIsPerThreadAndARunningGradientKeepsItsTape() throws InterruptedException {
        DoubleStack mine = DoubleStack.forThisThread();
        mine.push(1.5);
        AtomicLong otherThread = new AtomicLong();
        Thread other = new Thread(() -> {
            Tapes.release();
            otherThread.set(Tapes.retainedBytes());
        });
        other.start();
        other.join();
        assertEquals(FRESH, otherThread.get());
        assertSame(mine, DoubleStack.forThisThread());

        Tapes.release();
        // the tape obtained before the release still holds what was pushed on it
        assertEquals(1.5, mine.pop());
        assertEquals(0, DoubleStack.forThisThread().size());
    }

    @Test
    void aTapeOverAMebibyteIsHeldOnlySoftlyOnceTheGradientIsDone() {
        Tapes.release();
        DoubleStack tape = DoubleStack.forThisThread();
        for (int i = 0; i < 1_000_000; i++) {
            tape.push(i);
        }
        long big = 1_048_576L * Double.BYTES;
        assertEquals(FRESH - 16L * Double.BYTES + big, Tapes.retainedBytes());
        for (int i = 999_999; i >= 0; i--) {
            assertEquals(i, tape.pop());
        }
        // nothing large is held strongly: a pool thread gives the memory back when the heap needs it
        assertEquals(FRESH, Tapes.retainedBytes());
        assertTrue(tape.holdsSpare());

        // while the collector has not taken it, the next large gradient grows into the same array
        for (int i = 0; i <= 16; i++) {
            tape.push(i);
        }
        assertFalse(tape.holdsSpare());
        assertEquals(FRESH - 16L * Double.BYTES + big, Tapes.retainedBytes());
        for (int i = 16; i >= 0; i--) {
            assertEquals(i, tape.pop());
        }
        assertEquals(FRESH, Tapes.retainedBytes());
    }

    /**
     * A steady stream of large gradients on one thread (each tape over 1 MiB, given up softly after each:
     * 1 100 000 entries, since a boolean takes one byte)
     * allocates nothing once warm: the soft reference and the small array are kept, not made per call.
     */
    @Test
    void largeGradientsAllocateNothingPerCallOnceWarm() {
        Tapes.release();
        Runnable largeGradient = () -> {
            DoubleStack doubles = DoubleStack.forThisThread();
            IntStack ints = IntStack.forThisThread();
            LongStack longs = LongStack.forThisThread();
            BooleanStack booleans = BooleanStack.forThisThread();
            for (int i = 0; i < 1_100_000; i++) {
                doubles.push(i);
                ints.push(i);
                longs.push(i);
                booleans.push(true);
            }
            for (int i = 0; i < 1_100_000; i++) {
                doubles.pop();
                ints.pop();
                longs.pop();
                booleans.pop();
            }
        };
        long meter = allocatedBy(() -> { });
        assertEquals(0, allocatedBy(largeGradient) - meter);
        assertEquals(FRESH, Tapes.retainedBytes(), "the large arrays are held softly between gradients");
        assertTrue(DoubleStack.forThisThread().holdsSpare() && IntStack.forThisThread().holdsSpare()
                && LongStack.forThisThread().holdsSpare() && BooleanStack.forThisThread().holdsSpare());
    }

    /**
     * The bytes the current thread allocates in one run of {@code r}, after runs that warm it up: the
     * least of five runs, since what the JVM allocates now and then on the thread (the reflective
     * reading's own machinery being compiled, on JDK 25 once 856 bytes) only ever adds. Through
     * reflection: this module does not read java.management (the boxing of each reading is the same for
     * every measurement, and the empty run's measurement is subtracted).
     */
    private static long allocatedBy(Runnable r) {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getThreadAllocatedBytes", long.class);
            Long id = Thread.currentThread().getId();
            for (int i = 0; i < 50; i++) {
                r.run();
            }
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long before = (Long) allocated.invoke(threads, id);
                r.run();
                least = Math.min(least, (Long) allocated.invoke(threads, id) - before);
            }
            return least;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyTapeTypeLetsGoOfItsLargeArray() {
        Tapes.release();
        IntStack ints = IntStack.forThisThread();
        LongStack longs = LongStack.forThisThread();
        BooleanStack booleans = BooleanStack.forThisThread();
        for (int i = 0; i < 2_000_000; i++) {
            ints.push(i);
            longs.push(i);
            booleans.push(i % 3 == 0);
        }
        assertTrue(Tapes.retainedBytes() > 2_000_000L * (Integer.BYTES + Long.BYTES + 1));
        for (int i = 1_999_999; i >= 0; i--) {
            assertEquals(i, ints.pop());
            assertEquals(i, longs.pop());
            assertEquals(i % 3 == 0, booleans.pop());
        }
        assertEquals(FRESH, Tapes.retainedBytes());
    }
}
