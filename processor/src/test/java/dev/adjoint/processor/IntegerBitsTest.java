package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Dual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bitwise and shift operators on {@code int} and {@code long} ({@code & | ^ ~ << >> >>>} and their
 * compound assignments), and {@code & | ^} on booleans. Integers are never differentiated: their
 * values must be exactly Java's, in Java's order, in both modes, and steer the doubles as in the
 * primal.
 */
class IntegerBitsTest {

    private static final String BITS = """
            package p;

            import dev.adjoint.Differentiable;

            public class Bits {
                /** x^n by squaring: the bits of the exponent decide which squares enter the product. */
                @Differentiable(hessian = true)
                public static double powBySquaring(double x, int n) {
                    double result = 1;
                    double base = x;
                    int k = n;
                    while (k != 0) {
                        if ((k & 1) != 0) {
                            result *= base;
                        }
                        base *= base;
                        k >>>= 1;
                    }
                    return result;
                }

                /** Weights picked by an xorshift generator: every index is an exact integer. */
                @Differentiable
                public static double hashedWeights(double x, double[] w, int seed) {
                    int h = seed;
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        h ^= h << 13;
                        h ^= h >>> 17;
                        h ^= h << 5;
                        int j = (h & 0x7fffffff) % w.length;
                        s += w[j] * Math.sin(x * (h >>> 28)) + (h & 3) * w[i];
                    }
                    return s;
                }

                /** long masks, ~, int << long and shift distances beyond the width, as Java computes them. */
                @Differentiable
                public static double longBits(double x, long m, int n) {
                    long a = m << n;
                    a |= 1L << 40;
                    a ^= ~m;
                    a >>>= 7;
                    int b = n << 33L;
                    b >>= 1;
                    long c = (a & 0xffffL) + (b | 0x10) - (m >> 60);
                    return x * c + x * x * (~n & 5);
                }

                /** & | ^ on booleans evaluate both operands; their compound assignments too. */
                @Differentiable
                public static double eagerLogic(double x, double y, int n) {
                    boolean big = x > 1 | y > 1;
                    boolean both = x > 0 & y > 0;
                    boolean one = x > 0 ^ y > 0;
                    big &= n > 0;
                    one |= n == 3;
                    both ^= n < 0;
                    double r = big ? x * y : x + y;
                    if (both & !one) {
                        r *= Math.exp(-x);
                    }
                    return one | both ? r * y : r;
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(BITS);
    private static final GradientChecker CHECKER = COMPILED.checker("p.Bits");

    @ParameterizedTest
    @CsvSource({"1.3, 13", "0.7, 0", "-1.1, 6", "1.01, 100"})
    void theExponentsBitsSteerTheProductsInBothModes(double x, int n) {
        CHECKER.check("powBySquaring", x, n);
        double[] reverse = CHECKER.reverse("powBySquaring", x, n);
        assertEquals(Math.pow(x, n), reverse[0], 1e-12 * Math.abs(reverse[0]));
        double expected = n == 0 ? 0 : n * Math.pow(x, n - 1);
        assertEquals(expected, reverse[1], 1e-12 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void theSecondOrderCodeComputesTheSameBits() {
        double x = 1.3;
        int n = 13;
        double[][] hessian = (double[][]) invoke(COMPILED.gradClassFor("p.Bits"), "powBySquaringHessian", x, n);
        double expected = n * (n - 1) * Math.pow(x, n - 2);
        assertEquals(expected, hessian[0][0], 1e-12 * expected);
    }

    /** With {@code >>>=} a negative exponent is read unsigned: -3 is 2^32 - 3, as in the primal. */
    @Test
    void anUnsignedShiftReadsANegativeExponentAsJavaDoes() {
        double x = 1.000000001;
        CHECKER.checkAd("powBySquaring", x, -3);
        double unsigned = Integer.toUnsignedLong(-3);
        double[] reverse = CHECKER.reverse("powBySquaring", x, -3);
        assertEquals(Math.pow(x, unsigned), reverse[0], 1e-5 * reverse[0]);
        assertEquals(unsigned * Math.pow(x, unsigned - 1), reverse[1], 1e-5 * reverse[1]);
    }

    @Test
    void xorshiftIndicesAreJavasInBothModes() {
        ArrayChecker checker = new ArrayChecker(COMPILED, "p.Bits");
        for (int seed : new int[] {1, 12345, -987654321, Integer.MIN_VALUE}) {
            double[] w = {0.3, -1.2, 0.7, 2.5, -0.4};
            checker.check("hashedWeights", 1e-7, 0.7, w, seed);
            Dual forward = (Dual) invoke(COMPILED.gradClassFor("p.Bits"), "hashedWeightsForward",
                    Dual.variable(0.7), dev.adjoint.runtime.DualArrays.constant(w), seed);
            assertEquals(checker.value("hashedWeights", 0.7, w, seed), forward.value(), 0.0);
        }
    }

    @ParameterizedTest
    @CsvSource({"1.5, 123456789012, 3", "-0.25, -1, 70", "2.0, -9223372036854775808, -5", "0.5, 0, 0"})
    void longMasksAndShiftsKeepJavasValues(double x, long m, int n) {
        CHECKER.check("longBits", x, m, n);
        long a = m << n;
        a |= 1L << 40;
        a ^= ~m;
        a >>>= 7;
        int b = n << 33L;
        b >>= 1;
        long c = (a & 0xffffL) + (b | 0x10) - (m >> 60);
        double[] reverse = CHECKER.reverse("longBits", x, m, n);
        assertEquals(c + 2 * x * (~n & 5), reverse[1], 0.0);
        assertEquals(c + 2 * x * (~n & 5), CHECKER.forward("longBits", Dual.variable(x), m, n).tangent(), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"1.5, 0.5, 1", "1.5, 0.5, -1", "-0.5, 2.0, 3", "0.5, -0.75, 0", "0.25, 0.5, 3", "-1.5, -2.5, 2"})
    void booleanAndOrXorDifferentiateTheBranchTheyChoose(double x, double y, int n) {
        CHECKER.check("eagerLogic", x, y, n);
    }

    @Test
    void theGeneratedCodeWritesTheOperatorsAsJavaDoes() {
        String reverse = COMPILED.generatedMethod("p.BitsGrad", "longBitsGradient");
        for (String line : new String[] {"a ^= ~m;", "a >>>= 7;", "int b = n << 33L;",
                "long c = (a & 0xffffL) + (b | 16) - (m >> 60);"}) {
            assertTrue(reverse.contains(line), line + " in\n" + reverse);
        }
        String forward = COMPILED.generatedMethod("p.BitsGrad", "eagerLogicForwardSweep");
        assertTrue(forward.contains("boolean one = x.value() > 0 ^ y.value() > 0;"), forward);
        assertTrue(forward.contains("if (both & !one)"), forward);
    }

    private static Object invoke(Class<?> owner, String name, Object... arguments) {
        for (java.lang.reflect.Method m : owner.getMethods()) {
            if (m.getName().equals(name)) {
                try {
                    return m.invoke(null, arguments);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError(owner + " has no " + name);
    }
}
