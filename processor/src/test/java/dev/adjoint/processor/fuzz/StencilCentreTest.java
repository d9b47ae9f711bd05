package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.fuzz.FuzzHarness.Outcome;
import dev.adjoint.processor.fuzz.FuzzHarness.Point;
import dev.adjoint.processor.testing.Ridders;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Whether a stencil of central differences describes the function at the centre it surrounds. */
class StencilCentreTest {

    /**
     * Fuzz seed 1640001 (reduction tails), f2, d/dw[0]. The value ends in four terms
     * {@code (w[0] + x) / (1 + (tanh(u_i) + x)^2)} with {@code x = 57.29}, where {@code u_i} is
     * {@code f0(X_i, 60.29, w, i % 3) + w[0]}, about {@code -120 sin(w[0] X_i)} plus a constant, and
     * {@code X_2 = (1 + x^2)^2 = 1.08e7}: the third tanh flips between -1 and +1 every 2.9e-7 in w[0]
     * (no branch: the trace hash cannot see it), each flip moving the value by 1.83e-3 and the slope
     * of the smooth part by 3.2e-5 (1.5 times 1/(1 + 56.29^2) - 1/(1 + 58.29^2)). The true derivative
     * at the program's own intermediates (40-digit arithmetic) is -0.0018610383871075428 at the first
     * point, -0.0018929458132762896 at the second: both modes' values, also what one-sided
     * differences on the centre's side give (step 1e-5). The harness's smallest step is 2.5e-6, and
     * all 24 stencil points of step factor 1e-4 happened to see the other sign of that tanh, so the
     * central differences (which never read the centre) agreed on the other slope, -0.0018291 ± 2.5e-12
     * and -0.0018610 ± 9.1e-13: the second point's differences are the first point's derivative
     * because its stencil sees the first point's signs.
     */
    @Test
    void seed1640001IsNotAMismatch() {
        FuzzHarness harness = FuzzHarness.compile(ProgramGenerator.withReductionTails(1640001).generate());
        Point first = new Point(0.6108211101697965, -0.08547568564729957,
                new double[] {0.05083644959775446, 1.4502216452863448}, 3);
        Point second = new Point(0.8298257036472334, -0.6701107562605353,
                new double[] {0.9897369966530727, -1.470453822026358}, 3);
        for (Point point : new Point[] {first, second}) {
            Outcome outcome = harness.check("f2", point, true);
            assertNull(outcome.failure(), point.toString());
            assertTrue(outcome.fdSkipped() >= 1, "d/dw[0] is skipped: " + outcome);
        }
    }

    /** The means {@code (f(v + h) + f(v - h)) / 2} at Ridders' steps from {@code h0}. */
    private static double[] means(DoubleUnaryOperator f, double v, double h0) {
        double[] steps = Ridders.steps(h0);
        double[] means = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            means[i] = (f.applyAsDouble(v + steps[i]) + f.applyAsDouble(v - steps[i])) / 2;
        }
        return means;
    }

    @Test
    void aSmoothCurvedFunctionPassesThroughItsCentre() {
        DoubleUnaryOperator f = u -> Math.exp(3 * u) + Math.sin(5 * u);
        for (double h0 : new double[] {1e-2, 1e-3, 1e-4}) {
            double smallest = Ridders.steps(h0)[Ridders.STEPS - 1];
            double tolerance = 1e-7 * 3 * Math.exp(2.1);
            assertTrue(StepEstimates.centreOnStencil(f.applyAsDouble(0.7), means(f, 0.7, h0), smallest, tolerance, 0x1p-53 * 10),
                    "step " + h0);
        }
    }

    /**
     * A steep but smooth step near the centre, narrower than the smallest step: every stencil point
     * is on the far side of it, the centre on the near side.
     */
    @Test
    void aCentreOnAnotherRegimeThanItsStencilIsSeen() {
        DoubleUnaryOperator f = u -> 0.5 * u + 1e-3 * Math.tanh((Math.abs(u - 0.7) - 1e-7) * 1e10);
        double h0 = 1e-4;
        double smallest = Ridders.steps(h0)[Ridders.STEPS - 1];
        assertFalse(StepEstimates.centreOnStencil(f.applyAsDouble(0.7), means(f, 0.7, h0), smallest, 1e-7 * 0.5,
                0x1p-53 * 2));
    }
}
