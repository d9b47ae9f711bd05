package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * {@code ψ(a) - ψ(a + b)} to within a few units in the last place (2e-15: a sum of up to a hundred
 * positive terms) wherever it is defined, also where the two digammas agree in all but their last
 * digits: against identities that hold exactly.
 */
class SpecialFunctionsTest {

    private static final MathContext PRECISE = new MathContext(40);

    /** ψ(a) - ψ(a + n) = -(1/a + 1/(a + 1) + ... + 1/(a + n - 1)), summed in 40 digits. */
    private static double integerStep(double a, int n) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < n; k++) {
            sum = sum.add(BigDecimal.ONE.divide(new BigDecimal(a).add(BigDecimal.valueOf(k)), PRECISE));
        }
        return -sum.doubleValue();
    }

    private static void assertClose(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual + " (relative " + Math.abs(actual / expected - 1) + ")");
    }

    @Test
    void integerStepsMatchTheirExactSumsAtEverySize() {
        for (double a : new double[] {1e-3, 0.3, 1, 7.5, 99.5, 100, 150.25, 1e4, 4.2e10, 3e15}) {
            for (int n : new int[] {1, 2, 3, 17}) {
                assertClose(integerStep(a, n), SpecialFunctions.digammaDifference(a, n), 2e-15, "a = " + a + ", b = " + n);
            }
        }
    }

    /** Where the digammas of the library agree to 10 digits: log B(a, b)'s partial in b at a = 4.2e10, b = 3. */
    @Test
    void aSmallStepFromALargeArgumentKeepsItsDigits() {
        double exact = integerStep(4.2e10, 3);
        assertClose(exact, SpecialFunctions.digammaDifference(4.2e10, 3), 2e-15, "ψ(4.2e10) - ψ(4.2e10 + 3)");
        // A step far below one: ψ(a) - ψ(a + b) = -b ψ'(a) - b²/2 ψ''(a) - ..., ψ'(a) = 1/a + 1/(2a²) + 1/(6a³)
        // - 1/(30a⁵) + ..., ψ''(a) = -1/a² - 1/a³ - ...
        double a = 250;
        double b = 1e-9;
        double trigamma = 1 / a + 1 / (2 * a * a) + 1 / (6 * a * a * a) - 1 / (30 * Math.pow(a, 5));
        double tetragamma = -1 / (a * a) - 1 / (a * a * a);
        assertClose(-b * trigamma - b * b / 2 * tetragamma, SpecialFunctions.digammaDifference(a, b), 2e-15,
                "a = 250, b = 1e-9");
    }

    @Test
    void halfIntegerValuesMatchTheirClosedForms() {
        // ψ(1/2) = -γ - 2 log 2, ψ(1) = -γ, ψ(3/2) = ψ(1/2) + 2
        assertClose(-2 * Math.log(2), SpecialFunctions.digammaDifference(0.5, 0.5), 2e-15, "ψ(1/2) - ψ(1)");
        assertClose(2 * Math.log(2) - 2, SpecialFunctions.digammaDifference(1, 0.5), 2e-15, "ψ(1) - ψ(3/2)");
        assertClose(-2, SpecialFunctions.digammaDifference(0.5, 1), 2e-15, "ψ(1/2) - ψ(3/2)");
    }

    @Test
    void aLargeStepFromASmallArgumentIsTheDecreaseOverTheWholeRange() {
        // ψ(b) - ψ(a + b) for b far above a is ψ(a) - ψ(a + b) with the roles exchanged: of size log b.
        double a = 2.5;
        double b = 4.2e10;
        double total = SpecialFunctions.digammaDifference(a, b);
        // ψ(a + b) = log(a + b) - 1/(2(a + b)) - ...; ψ(2.5) = -γ - 2 log 2 + 2 + 2/3
        double psiA = -0.5772156649015329 - 2 * Math.log(2) + 2 + 2.0 / 3;
        double psiSum = Math.log(a + b) - 1 / (2 * (a + b));
        assertClose(psiA - psiSum, total, 1e-15, "ψ(2.5) - ψ(2.5 + 4.2e10)");
    }

    @Test
    void outsideItsDomainItIsNaN() {
        for (double[] ab : new double[][] {{0, 1}, {1, 0}, {-1, 2}, {2, -0.5}, {Double.NaN, 1}, {1, Double.NaN},
                {Double.POSITIVE_INFINITY, 1}, {1, Double.POSITIVE_INFINITY}}) {
            assertEquals(Double.NaN, SpecialFunctions.digammaDifference(ab[0], ab[1]), ab[0] + ", " + ab[1]);
        }
        assertEquals(Double.NEGATIVE_INFINITY, SpecialFunctions.digammaDifference(1e-310, 1.0));
    }
}
