package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.DoubleStack;
import dev.adjoint.runtime.IntStack;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * A loop that calls nothing that could use the thread's tapes reads and writes their arrays through an
 * index of its own ({@code doubles[doublesTaped] = x;}) instead of calling push and pop; a loop that
 * calls a method of the user's, or another gradient, keeps push and pop. Either way the gradients are
 * right and every gradient leaves the tapes as it found them, values of an enclosing computation included.
 */
class TapeCursorsTest {

    private static final Compiled COMPILED = compile("""
            package p;

            import dev.adjoint.Differentiable;

            public class Cursors {
                /** Its tape grows far past its first 16 entries through the loop's own index. */
                @Differentiable
                public static double logistic(double r, double x, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = r * x * (1 - x);
                    }
                    return x;
                }

                /** Nested loops: the inner loop's trip counts go on the int tape, the values on the double tape. */
                @Differentiable
                public static double nested(double x, double[] w, int rounds) {
                    double s = x;
                    for (int k = 0; k < rounds; k++) {
                        for (int i = 0; i < w.length; i++) {
                            if (w[i] < 0) {
                                break;
                            }
                            s = Math.sin(s * w[i]) + 0.5 * s;
                        }
                    }
                    return s;
                }

                @Differentiable
                public static double damped(double x, double c) {
                    return Math.sin(x) * c;
                }

                /** Calls a method whose partials come back on the double tape. */
                @Differentiable
                public static double callsGradient(double x, double c, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = damped(x, c) + 0.1 * x;
                    }
                    return x;
                }

                /** Called by callsFourSteps: its sweeps live in fourStepsGradientOnto, given the caller's tape. */
                @Differentiable
                public static double fourSteps(double x) {
                    double y = x;
                    for (int k = 0; k < 4; k++) {
                        y = Math.sin(y) * x + 0.1 * y;
                    }
                    return y;
                }

                @Differentiable
                public static double callsFourSteps(double x, double c) {
                    return c * fourSteps(x) + fourSteps(c * x);
                }

                static int limit(int n) {
                    return n;
                }

                /**
                 * The outer loop's condition calls a method of the user's; its body, a block for the continue,
                 * holds the inner loop and a break of the outer loop.
                 */
                @Differentiable
                public static double escapes(double x, double[] w, int n) {
                    double s = x;
                    for (int k = 0; k < limit(n); k++) {
                        if (s < -50) {
                            continue;
                        }
                        for (int i = 0; i < w.length; i++) {
                            s = s * w[i] + 0.1;
                        }
                        if (s > 10) {
                            break;
                        }
                    }
                    return s;
                }

                static int twice(int n) {
                    return 2 * n;
                }

                /** Calls a helper of the user's, which could take a gradient of its own. */
                @Differentiable
                public static double callsHelper(double x, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x) * twice(k % 3) + 0.1 * x;
                    }
                    return x;
                }
            }
            """);

    private static final GradientChecker CHECKER = COMPILED.checker("p.Cursors");
    private static final ArrayChecker ARRAYS = new ArrayChecker(COMPILED, "p.Cursors");

    @Test
    void aLoopCallingNothingUsesTheTapesArray() {
        String logistic = COMPILED.generatedMethod("p.CursorsGrad", "logisticGradient");
        assertTrue(logistic.contains("doubles[doublesTaped] = x;"), logistic);
        assertTrue(logistic.contains("x = doubles[doublesTaped];"), logistic);
        assertFalse(logistic.contains("doubleTape.push("), logistic);
        assertFalse(logistic.contains("doubleTape.pop()"), logistic);
        for (int steps : new int[] {0, 1, 5, 17, 3000}) {
            CHECKER.check("logistic", 2.5, 0.3, steps);
            assertEquals(0, DoubleStack.forThisThread().size());
        }
        String nested = COMPILED.generatedMethod("p.CursorsGrad", "nestedGradientIntoZeroed");
        assertTrue(nested.contains("ints[intsTaped] = trips;"), nested);
        assertFalse(nested.contains("intTape.push("), nested);
        for (int rounds : new int[] {0, 1, 4, 40}) {
            ARRAYS.check("nested", 1e-7, 0.7, new double[] {0.9, 1.1, -0.2, 0.8}, rounds);
            ARRAYS.check("nested", 1e-7, 0.7, new double[] {0.9, 1.1, 0.2}, rounds);
            ARRAYS.check("nested", 1e-7, 0.7, new double[] {}, rounds);
        }
    }

    @Test
    void aLoopCallingAnotherGradientOrAUsersMethodKeepsPushAndPop() {
        String callsGradient = COMPILED.generatedMethod("p.CursorsGrad", "callsGradientGradient");
        assertTrue(callsGradient.contains("dampedGradientOnto("), callsGradient);
        assertTrue(callsGradient.contains("doubleTape.push(x);"), callsGradient);
        assertFalse(callsGradient.contains("doublesTaped"), callsGradient);
        String callsHelper = COMPILED.generatedMethod("p.CursorsGrad", "callsHelperGradient");
        assertTrue(callsHelper.contains("doubleTape.push(x);"), callsHelper);
        assertFalse(callsHelper.contains("doublesTaped"), callsHelper);
        for (int steps : new int[] {0, 1, 30}) {
            CHECKER.check("callsGradient", 0.4, 0.9, steps);
            CHECKER.check("callsHelper", 0.4, steps);
        }
    }

    /**
     * A callee's core, which pushes its partials on the tape it is given, uses the tape's array in its
     * loop and hands the tape back sized for the partials it pushes after the loop.
     */
    @Test
    void aCalleesCoreUsesTheTapesArrayInItsLoop() {
        String core = COMPILED.generatedMethod("p.CursorsGrad", "fourStepsGradientOnto");
        assertTrue(core.contains("doubles[doublesTaped] = y;"), core);
        assertTrue(core.contains("doubleTape.push(xAdj);"), core);
        for (double[] p : new double[][] {{0.7, 1.3}, {-0.4, 0.9}, {1.1, -2.0}}) {
            CHECKER.check("fourSteps", p[0]);
            CHECKER.check("callsFourSteps", p[0], p[1]);
            assertEquals(0, DoubleStack.forThisThread().size());
        }
    }

    /** A statement that a break or continue leaves for a loop outside it keeps push and pop. */
    @Test
    void aJumpOutOfTheStatementKeepsPushAndPop() {
        String escapes = COMPILED.generatedMethod("p.CursorsGrad", "escapesGradientIntoZeroed");
        for (int n : new int[] {0, 1, 3, 8}) {
            ARRAYS.check("escapes", 1e-7, 0.7, new double[] {1.5, 0.9, 1.2}, n);
            ARRAYS.check("escapes", 1e-7, 0.7, new double[] {1.1, -0.8}, n);
            ARRAYS.check("escapes", 1e-7, -0.4, new double[] {}, n);
            assertEquals(0, DoubleStack.forThisThread().size(), escapes);
            assertEquals(0, IntStack.forThisThread().size(), escapes);
        }
    }

    /** A gradient taken while the thread's tapes hold another computation's values writes above them. */
    @Test
    void theTapesValuesBelowTheGradientsAreLeftAsTheyWere() throws ReflectiveOperationException {
        Method logistic = COMPILED.gradClassFor("p.Cursors").getMethod("logisticGradient", double.class,
                double.class, int.class);
        Method nested = COMPILED.gradClassFor("p.Cursors").getMethod("nestedGradient", double.class,
                double[].class, int.class);
        DoubleStack doubles = DoubleStack.forThisThread();
        IntStack ints = IntStack.forThisThread();
        for (int i = 0; i < 20; i++) {
            doubles.push(i + 0.5);
            ints.push(-i);
        }
        Object alone = logistic.invoke(null, 2.5, 0.3, 3000);
        Object above = logistic.invoke(null, 2.5, 0.3, 3000);
        assertEquals(alone, above);
        nested.invoke(null, 0.7, new double[] {0.9, 1.1, -0.2, 0.8}, 40);
        assertEquals(20, doubles.size());
        assertEquals(20, ints.size());
        for (int i = 19; i >= 0; i--) {
            assertEquals(i + 0.5, doubles.pop());
            assertEquals(-i, ints.pop());
        }
    }
}
