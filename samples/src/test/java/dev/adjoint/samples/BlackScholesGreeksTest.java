package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.Dual;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The differentiable normal CDF against 40-digit reference values (computed with mpmath), and the
 * Greeks from one reverse sweep against their closed forms and against 40-digit reference Greeks.
 */
class BlackScholesGreeksTest {

    /** The Greeks from the reverse sweep match the closed forms to this relative error. */
    private static final double GREEKS_RELATIVE = 1e-14;

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double error = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(error <= tolerance,
                () -> what + ": expected " + expected + " but was " + actual + " (relative error " + error + ")");
    }

    /** {x, erf(x), erfc(x)} to 17 digits. */
    private static final double[][] ERF = {
        {0.0001, 0.00011283791633342487, 0.99988716208366658},
        {0.1, 0.1124629160182849, 0.8875370839817151},
        {0.5, 0.52049987781304654, 0.47950012218695346},
        {1, 0.84270079294971487, 0.15729920705028513},
        {1.5, 0.96610514647531073, 0.033894853524689273},
        {1.999, 0.99530155665137051, 0.0046984433486294877},
        {2, 0.99532226501895273, 0.0046777349810472658},
        {2.5, 0.99959304798255504, 0.00040695201744495894},
        {3, 0.99997790950300141, 2.2090496998585441e-5},
        {4, 0.9999999845827421, 1.5417257900280019e-8},
        {5, 0.99999999999846254, 1.5374597944280349e-12},
        {6, 0.99999999999999998, 2.1519736712498913e-17},
        {10, 1.0, 2.0884875837625448e-45},
    };

    @Test
    @DisplayName("erf and erfc to 1e-15 relative, N(x) too (up to the rounding of x/sqrt(2) far out)")
    void errorFunction() {
        for (double[] row : ERF) {
            double x = row[0];
            assertEquals(row[1], BlackScholesGreeks.erf(x), 2.5e-16 * row[1], "erf(" + x + ")");
            assertEquals(-row[1], BlackScholesGreeks.erf(-x), 2.5e-16 * row[1], "erf(-" + x + ")");
            assertRelative(row[2], BlackScholesGreeks.erfc(x), 1e-15, "erfc(" + x + ")");
            assertRelative(2 - row[2], BlackScholesGreeks.erfc(-x), 1e-15, "erfc(-" + x + ")");
        }
        assertEquals(0.0, BlackScholesGreeks.erf(0.0), 0.0);
        // x/sqrt(2) is rounded: a relative 1e-16 in the argument is 64 times that in N(-8)
        assertRelative(6.2209605742717841e-16, BlackScholesGreeks.normalCdf(-8), 1e-14, "N(-8)");
        assertRelative(0.0013498980316300945, BlackScholesGreeks.normalCdf(-3), 1e-15, "N(-3)");
        assertRelative(0.024997895148220436, BlackScholesGreeks.normalCdf(-1.96), 1e-15, "N(-1.96)");
        assertEquals(0.5, BlackScholesGreeks.normalCdf(0), 0.0, "N(0)");
        assertRelative(0.97500210485177956, BlackScholesGreeks.normalCdf(1.96), 1e-15, "N(1.96)");
    }

    @Test
    @DisplayName("Adjoint's derivative of the CDF code is the normal density, in both modes, across the series/fraction switch")
    void derivativeOfTheCdfIsTheDensity() {
        for (double x = -8; x <= 8; x += 1.0 / 64) {
            double pdf = BlackScholesGreeks.normalPdf(x);
            // up to |x| = 8 the rounding of x/sqrt(2) alone costs x*x*1e-16 = 6e-15
            assertRelative(pdf, BlackScholesGreeksGrad.normalCdfGradient(x).dX(), 2e-14, "reverse N'(" + x + ")");
            assertRelative(pdf, BlackScholesGreeksGrad.normalCdfForward(Dual.variable(x)).tangent(), 2e-14,
                    "forward N'(" + x + ")");
        }
        double x = BlackScholesGreeks.SERIES_LIMIT;
        for (double at : new double[] {Math.nextDown(x), x, Math.nextUp(x)}) {
            double density = BlackScholesGreeks.TWO_OVER_SQRT_PI * Math.exp(-at * at);
            assertRelative(density, BlackScholesGreeksGrad.erfGradient(at).dX(), 1e-14, "erf'(" + at + ")");
            assertRelative(-density, BlackScholesGreeksGrad.erfcGradient(at).dX(), 1e-14, "erfc'(" + at + ")");
        }
    }

    @Test
    @DisplayName("each Greek of the example equals its closed form to 1e-14 relative")
    void greeksMatchTheClosedForms() {
        BlackScholesGreeks.Greeks ad = BlackScholesGreeks.adjoint(BlackScholesGreeks.EXAMPLE);
        BlackScholesGreeks.Greeks exact = BlackScholesGreeks.closedForm(BlackScholesGreeks.EXAMPLE);
        assertRelative(exact.price(), ad.price(), GREEKS_RELATIVE, "price");
        assertRelative(exact.delta(), ad.delta(), GREEKS_RELATIVE, "delta");
        assertRelative(exact.vega(), ad.vega(), GREEKS_RELATIVE, "vega");
        assertRelative(exact.rho(), ad.rho(), GREEKS_RELATIVE, "rho");
        assertRelative(exact.theta(), ad.theta(), GREEKS_RELATIVE, "theta");
        assertRelative(exact.dStrike(), ad.dStrike(), GREEKS_RELATIVE, "dC/dK");
        assertTrue(BlackScholesGreeks.run(), "run() reports agreement");
    }

    /** Market, then price, delta, vega, rho, theta (= -dC/dT), dC/dK to 17 digits (mpmath, 40 digits). */
    private static final double[][] REFERENCE = {
        {100, 95, 0.05, 0.2, 0.75,
            11.703320053534133, 0.72549719579905311, 28.871063115529751, 45.634799644778383,
            -6.8917950583891927, -0.64048841606706502},
        // Hull's example 15.6: S = 42, K = 40, r = 10%, sigma = 20%, six months: c = 4.76
        {42, 40, 0.1, 0.2, 0.5,
            4.7594223928715334, 0.77913129094266894, 8.8134150596028514, 13.982045913360281,
            -4.5590921945926267, -0.69910229566801405},
        // far out of the money, five weeks: N(d2) ~ 1.5e-7, the continued fraction's side
        {100, 150, 0.03, 0.25, 0.1,
            3.1613758667204242e-7, 2.1940982560541915e-7, 3.6330147591299968e-5, 2.1624844973869874e-6,
            -4.6061429838341053e-5, -1.4416563315913249e-7},
    };

    @Test
    @DisplayName("price and Greeks against 40-digit references, in the money and far out of it")
    void greeksMatchHighPrecisionReferences() {
        String[] names = {"price", "delta", "vega", "rho", "theta", "dC/dK"};
        for (double[] row : REFERENCE) {
            BlackScholesGreeks.Market m = new BlackScholesGreeks.Market(row[0], row[1], row[2], row[3], row[4]);
            double[] ad = BlackScholesGreeks.adjoint(m).values();
            for (int i = 0; i < names.length; i++) {
                // the deep out-of-the-money price is a difference of two numbers 70 times larger
                double tolerance = row[5] < 1e-3 && i == 0 ? 1e-12 : 1e-13;
                assertRelative(row[5 + i], ad[i], tolerance, names[i] + " at " + m);
            }
            assertTrue(BlackScholesGreeks.maxRelativeDifference(BlackScholesGreeks.adjoint(m),
                    BlackScholesGreeks.closedForm(m)) <= 1e-13, "closed forms at " + m);
        }
    }
}
