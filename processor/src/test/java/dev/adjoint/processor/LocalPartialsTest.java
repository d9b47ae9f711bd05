package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/**
 * An assignment {@code x = f(x)} in a loop, whose only active operand is {@code x} and whose old value
 * no adjoint but its own reads, tapes its partial derivative ({@code 1.5 * Math.cos(x) + 0.1}) in the
 * forward sweep instead of the old {@code x} (LocalPartial). Where another adjoint reads the old value
 * (before it in the iteration, after it around the back edge, before the loop), or the value has a second
 * active operand, the old value is saved as before. Both modes agree with finite differences either way.
 */
class LocalPartialsTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Partials {
                @Differentiable
                public static double map(double x, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x) * 1.5 + 0.1 * x;
                    }
                    return x;
                }

                /** Not an accumulation (the addend reads x): the partial is 1 + x's partial of the addend. */
                @Differentiable
                public static double selfAdding(double x, int steps) {
                    double s = x;
                    for (int k = 0; k < steps; k++) {
                        s += 0.3 * Math.sin(s) - Math.exp(-s * s);
                    }
                    return s;
                }

                /** Each branch tapes its own partial; the adjoint sweep reads the one its branch pushed. */
                @Differentiable
                public static double branches(double x, int steps) {
                    for (int k = 0; k < steps; k++) {
                        if (x > 0.5) {
                            x = Math.cos(x) * x;
                        } else {
                            x = Math.exp(0.5 * x) - 0.4;
                        }
                    }
                    return x;
                }

                /** A passive operand that changes each iteration is read where the partial is computed. */
                @Differentiable
                public static double scaled(double x, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = Math.tanh(x * (k % 3 - 1.5)) + x / (k + 1);
                    }
                    return x;
                }

                /** y's adjoint reads x before the overwrite in the same iteration: x is saved. */
                @Differentiable
                public static double readBefore(double x, int steps) {
                    double y = 0;
                    for (int k = 0; k < steps; k++) {
                        y += x * x;
                        x = Math.sin(x);
                    }
                    return x + y;
                }

                /** y's adjoint reads the new x, which the next iteration's overwrite destroys: x is saved. */
                @Differentiable
                public static double readAfter(double x, int steps) {
                    double y = 0;
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x);
                        y += Math.exp(x);
                    }
                    return x + y;
                }

                /** The adjoint of y, before the loop, reads x as the loop found it: x is saved. */
                @Differentiable
                public static double readBeforeTheLoop(double x, int steps) {
                    double y = x * x;
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x);
                    }
                    return x + y;
                }

                /** A second active operand: two partials would go on the tape for one value; x is saved. */
                @Differentiable
                public static double twoOperands(double x, double a, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x) * a;
                    }
                    return x;
                }

                /** sqrt's partial is infinite at 0: a zero adjoint still contributes exactly 0. */
                @Differentiable
                public static double singular(double x, int steps) {
                    double s = x;
                    for (int k = 0; k < steps; k++) {
                        s = Math.sqrt(s);
                    }
                    return 0.0 * s + x;
                }
            }
            """);

    private static final GradientChecker CHECKER = COMPILED.checker("p.Partials");

    private static String adjointCode(String method) {
        return COMPILED.generatedMethod("p.PartialsGrad", method + "Gradient");
    }

    @Test
    void aSelfMapTapesItsPartialInsteadOfTheOldValue() {
        String code = adjointCode("map");
        assertEquals(0, TapedCode.pushes(code, "x"), code);
        assertEquals(1, TapedCode.pushes(code, "1.5 * Math.cos(x) + 0.1"), code);
        assertEquals(0, TapedCode.pops(code, "x"), code);
        assertEquals(1, TapedCode.occurrences(code, "Math.cos("), code);
        for (int steps : new int[] {0, 1, 7, 40}) {
            CHECKER.check("map", 0.3, steps);
            CHECKER.check("map", -2.1, steps);
        }
    }

    @Test
    void aSelfAdditionTapesOnePlusTheAddendsPartial() {
        String code = adjointCode("selfAdding");
        assertEquals(0, TapedCode.pushes(code, "s"), code);
        assertEquals(1, TapedCode.pushesStartingWith(code, "1.0 + "), code);
        for (int steps : new int[] {0, 1, 5}) {
            CHECKER.check("selfAdding", 0.4, steps);
            CHECKER.check("selfAdding", -1.3, steps);
        }
    }

    @Test
    void eachBranchTapesItsOwnPartial() {
        String code = adjointCode("branches");
        assertEquals(0, TapedCode.pushes(code, "x"), code);
        for (int steps : new int[] {0, 1, 6, 25}) {
            CHECKER.check("branches", 0.9, steps);
            CHECKER.check("branches", -0.7, steps);
        }
    }

    @Test
    void aPassiveOperandIsReadWhereThePartialIsComputed() {
        String code = adjointCode("scaled");
        assertEquals(0, TapedCode.pushes(code, "x"), code);
        for (int steps : new int[] {0, 1, 4, 9}) {
            CHECKER.check("scaled", 0.6, steps);
            CHECKER.check("scaled", -0.2, steps);
        }
    }

    @Test
    void anotherAdjointReadingTheOldValueKeepsItsSave() {
        for (String method : new String[] {"readBefore", "readAfter", "readBeforeTheLoop"}) {
            String code = adjointCode(method);
            assertEquals(1, TapedCode.pushes(code, "x"), code);
            assertEquals(0, TapedCode.pushesStartingWith(code, "Math.cos(x)"), code);
            for (int steps : new int[] {0, 1, 4}) {
                CHECKER.check(method, 0.8, steps);
                CHECKER.check(method, -0.35, steps);
            }
        }
    }

    @Test
    void aSecondActiveOperandKeepsTheSave() {
        String code = adjointCode("twoOperands");
        assertEquals(1, TapedCode.pushes(code, "x"), code);
        for (int steps : new int[] {0, 1, 6}) {
            CHECKER.check("twoOperands", 0.5, 0.9, steps);
        }
    }

    @Test
    void aZeroAdjointThroughAnInfinitePartialContributesExactlyZero() {
        String code = adjointCode("singular");
        assertEquals(0, TapedCode.pushes(code, "s"), code);
        assertTrue(code.contains("== 0.0 ? 0.0 :"), code);
        // s = 0 makes every sqrt's partial infinite; the only path from the result is through x directly.
        double[] gradient = CHECKER.reverse("singular", 0.0, 3);
        assertEquals(1.0, gradient[1], code);
        CHECKER.check("singular", 0.7, 3);
    }
}
