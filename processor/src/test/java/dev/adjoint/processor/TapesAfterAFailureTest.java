package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.BooleanStack;
import dev.adjoint.runtime.DoubleStack;
import dev.adjoint.runtime.IntStack;
import dev.adjoint.runtime.LongStack;
import dev.adjoint.runtime.Tapes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gradient that fails part way (a throw guard of the user's, an index out of bounds, a callee's guard)
 * leaves the thread's tapes as it found them: what it had recorded is dropped with the exception, so a
 * caller that catches the failure and carries on (an optimiser's line search stepping out of a domain, a
 * server's request) does not keep those entries, and the memory they hold, for every failure until
 * {@link Tapes#release()}. Each case fails with a marker of another computation's on every tape, which
 * must be there, and on top, afterwards.
 */
class TapesAfterAFailureTest {

    private static final Compiled COMPILED = compile("""
            package p;

            import dev.adjoint.Differentiable;

            public class Failing {
                /** The loop's records are on the tape (its index handed back) when the guard after it fires. */
                @Differentiable
                public static double guardAfterLoop(double x, double r, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = r * x * (1 - x);
                    }
                    if (r > 3.5) {
                        throw new IllegalArgumentException("r past 3.5, where the map is chaotic: " + r);
                    }
                    return x * x;
                }

                @Differentiable
                public static double damped(double x, double c) {
                    if (c < 0) {
                        throw new IllegalArgumentException("c must not be negative: " + c);
                    }
                    return Math.sin(x) * c;
                }

                /** Pushes as it goes (it calls a gradient): the guard fires after some trips. */
                @Differentiable
                public static double guardInLoop(double x, double c, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = damped(x, c) + 0.1 * x;
                        if (k == 5 && c > 0.5) {
                            throw new IllegalStateException("c over 0.5 after " + k + " steps");
                        }
                    }
                    return x;
                }

                /** The callee's guard fires inside the callee's gradient, after some trips of the caller's loop. */
                @Differentiable
                public static double calleeFails(double x, double c, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = damped(x, c - k) + 0.1 * x;
                    }
                    return x;
                }

                /** The double, int and boolean tapes in use when an element past the array's end is read. */
                @Differentiable
                public static double outOfBounds(double x, double[] w, int rounds, int n) {
                    double s = x;
                    for (int k = 0; k < rounds; k++) {
                        for (int i = 0; i < n; i++) {
                            if (s > 10) {
                                break;
                            }
                            s = Math.sin(s * w[i]) + 0.5 * s;
                        }
                    }
                    return s;
                }

                /** Second order: the tangent's gradient records values and tangents. */
                @Differentiable(hessian = true)
                public static double curved(double x, double y, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x * y) + 0.5 * x;
                    }
                    if (y < -0.5) {
                        throw new IllegalArgumentException("y below -0.5: " + y);
                    }
                    return x * y;
                }

                /** A checkpointed loop: its checkpoints are on the tapes too when the guard fires. */
                @Differentiable(checkpoint = true)
                public static double checkpointed(double x, double r, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = r * x * (1 - x);
                    }
                    if (r > 3.5) {
                        throw new IllegalArgumentException("r past 3.5: " + r);
                    }
                    return x;
                }

                /** Recursion through a loop that records: deep enough, the stack overflows. */
                @Differentiable
                public static double deep(double x, int n) {
                    if (n <= 0) {
                        return x;
                    }
                    double s = x;
                    for (int k = 0; k < 2; k++) {
                        s = Math.sin(s) + 0.5 * s;
                    }
                    return 1.01 * deep(s, n - 1);
                }

                /** A vector-valued method: its pullback's loop. */
                @Differentiable
                public static double[] trajectory(double x, double r, int steps) {
                    double[] out = new double[2];
                    for (int k = 0; k < steps; k++) {
                        x = r * x * (1 - x);
                    }
                    out[0] = x;
                    out[1] = 1 / (x - 0.5);
                    if (r > 3.5) {
                        throw new IllegalArgumentException("r past 3.5: " + r);
                    }
                    return out;
                }
            }
            """);

    private static final GradientChecker CHECKER = COMPILED.checker("p.Failing");
    private static final ArrayChecker ARRAYS = new ArrayChecker(COMPILED, "p.Failing");

    @AfterEach
    void resetBudget() {
        Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
    }

    @Test
    void aGuardAfterALoopDropsTheLoopsRecords() throws ReflectiveOperationException {
        assertFailureLeavesTheTapes(IllegalArgumentException.class, "guardAfterLoopGradient", 0.5, 3.9, 40);
        CHECKER.check("guardAfterLoop", 0.5, 2.5, 40);
    }

    @Test
    void aGuardInALoopThatPushesDropsWhatItPushed() throws ReflectiveOperationException {
        assertFailureLeavesTheTapes(IllegalStateException.class, "guardInLoopGradient", 0.5, 0.9, 100);
        CHECKER.check("guardInLoop", 0.5, 0.9, 3);
    }

    @Test
    void aCalleesGuardDropsTheCallersRecordsToo() throws ReflectiveOperationException {
        assertFailureLeavesTheTapes(IllegalArgumentException.class, "calleeFailsGradient", 0.5, 3.0, 10);
        CHECKER.check("calleeFails", 0.5, 3.0, 3);
    }

    @Test
    void anIndexOutOfBoundsDropsTheRecordsOfEveryTape() throws ReflectiveOperationException {
        double[] w = {0.9, 1.1, 0.8};
        assertFailureLeavesTheTapes(ArrayIndexOutOfBoundsException.class, "outOfBoundsGradient", 0.7, w, 3, 4);
        assertFailureLeavesTheTapes(ArrayIndexOutOfBoundsException.class, "outOfBoundsGradientInto", 0.7, w, 3,
                4, new double[3], new double[1]);
        ARRAYS.check("outOfBounds", 1e-7, 0.7, w, 3, 3);
    }

    @Test
    void secondOrderMethodsDropTheirRecords() throws ReflectiveOperationException {
        assertFailureLeavesTheTapes(IllegalArgumentException.class, "curvedGradient", 2.0, -1.0, 6);
        assertFailureLeavesTheTapes(IllegalArgumentException.class, "curvedTangentGradient", 2.0, -1.0, 6, 1.0,
                0.5);
        assertFailureLeavesTheTapes(IllegalArgumentException.class, "curvedHessian", 2.0, -1.0, 6);
        assertFailureLeavesTheTapes(IllegalArgumentException.class, "curvedHessianVector", 2.0, -1.0, 6, 1.0,
                0.5);
        CHECKER.check("curved", 0.3, 0.8, 6);
    }

    @Test
    void aCheckpointedLoopDropsItsCheckpoints() throws ReflectiveOperationException {
        for (long budget : new long[] {0, 24, Tapes.DEFAULT_LOOP_BUDGET_BYTES}) {
            Tapes.setLoopBudget(budget);
            assertFailureLeavesTheTapes(IllegalArgumentException.class, "checkpointedGradient", 0.5, 3.9, 40);
            CHECKER.check("checkpointed", 0.5, 2.5, 40);
        }
    }

    @Test
    void aPullbackDropsItsRecords() throws ReflectiveOperationException {
        assertFailureLeavesTheTapes(IllegalArgumentException.class, "trajectoryPullback", 0.5, 3.9, 40,
                new double[] {1.0, 0.5});
    }

    /**
     * A stack overflow in a deep recursion: each level's catch may overflow again itself, but some level
     * near the bottom of the stack has room, and it takes back all the levels above it recorded.
     */
    @Test
    void aStackOverflowInARecursionDropsEveryLevelsRecords() throws Throwable {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                assertFailureLeavesTheTapes(StackOverflowError.class, "deepGradient", 0.5, 10_000_000);
                CHECKER.check("deep", 0.5, 20);
                assertEquals(0, DoubleStack.forThisThread().size());
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "small stack", 1 << 20);
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Failures caught and repeated do not grow the thread's tapes. */
    @Test
    void repeatedFailuresDoNotAccumulate() throws ReflectiveOperationException {
        Method gradient = method("guardInLoopGradient");
        for (int i = 0; i < 2000; i++) {
            assertThrows(InvocationTargetException.class, () -> gradient.invoke(null, 0.5, 0.9, 100));
        }
        assertEquals(0, DoubleStack.forThisThread().size());
        assertTrue(Tapes.retainedBytes() < 1 << 16, "retained " + Tapes.retainedBytes() + " bytes");
    }

    /**
     * Calls {@code name} with a marker on each of the thread's tapes, expects {@code expected} from it,
     * and demands every tape back at its marker.
     */
    private static void assertFailureLeavesTheTapes(Class<? extends Throwable> expected, String name,
            Object... arguments) throws ReflectiveOperationException {
        Method gradient = method(name);
        DoubleStack doubles = DoubleStack.forThisThread();
        IntStack ints = IntStack.forThisThread();
        LongStack longs = LongStack.forThisThread();
        BooleanStack booleans = BooleanStack.forThisThread();
        doubles.push(-7.25);
        ints.push(-7);
        longs.push(-7L);
        booleans.push(true);
        try {
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> gradient.invoke(null, arguments), name + Arrays.deepToString(arguments));
            assertInstanceOf(expected, thrown.getCause());
            String tapes = name + ": double " + doubles.size() + ", int " + ints.size() + ", long "
                    + longs.size() + ", boolean " + booleans.size() + " entries after the failure";
            assertEquals(1, doubles.size(), tapes);
            assertEquals(1, ints.size(), tapes);
            assertEquals(1, longs.size(), tapes);
            assertEquals(1, booleans.size(), tapes);
            assertEquals(-7.25, doubles.pop());
            assertEquals(-7, ints.pop());
            assertEquals(-7L, longs.pop());
            assertTrue(booleans.pop());
        } finally {
            doubles.setSize(0);
            ints.setSize(0);
            longs.setSize(0);
            booleans.setSize(0);
        }
    }

    private static Method method(String name) {
        return Arrays.stream(COMPILED.gradClassFor("p.Failing").getMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
    }
}
