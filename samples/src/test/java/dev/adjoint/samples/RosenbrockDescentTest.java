package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.DualArrays;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gradient descent on Rosenbrock with the generated {@code rosenbrockGradient}. */
class RosenbrockDescentTest {

    @Test
    @DisplayName("the gradient at (-1.2, 1) is (-215.6, -88) and 0 at the minimum (1, 1)")
    void gradient() {
        RosenbrockDescentGrad.RosenbrockGradient start =
                RosenbrockDescentGrad.rosenbrockGradient(new double[] {-1.2, 1});
        assertEquals(24.2, start.value(), 1e-13);
        assertArrayEquals(new double[] {-215.6, -88}, start.dP(), 1e-12);
        RosenbrockDescentGrad.RosenbrockGradient minimum =
                RosenbrockDescentGrad.rosenbrockGradient(new double[] {1, 1});
        assertEquals(0.0, minimum.value(), 0.0);
        assertArrayEquals(new double[] {0, 0}, minimum.dP(), 0.0);
    }

    @Test
    @DisplayName("in 5 dimensions reverse mode matches the closed form and forward mode")
    void gradientInFiveDimensions() {
        double[] p = {-1.2, 1, 0.3, -0.5, 2};
        double[] dP = RosenbrockDescentGrad.rosenbrockGradient(p).dP();
        for (int i = 0; i < p.length; i++) {
            double expected = 0;
            if (i + 1 < p.length) {
                expected += -2 * (1 - p[i]) - 400 * p[i] * (p[i + 1] - p[i] * p[i]);
            }
            if (i > 0) {
                expected += 200 * (p[i] - p[i - 1] * p[i - 1]);
            }
            assertEquals(expected, dP[i], 1e-12, "d/dp" + i);
            assertEquals(dP[i], RosenbrockDescentGrad.rosenbrockForward(DualArrays.variable(p, i)).tangent(), 1e-12);
        }
    }

    @Test
    @DisplayName("momentum reaches (1, 1) to 1e-6 in 3241 steps; plain descent only decreases, and stops short")
    void descent() {
        RosenbrockDescent.Run heavy = RosenbrockDescent.momentum();
        assertTrue(heavy.converged());
        assertEquals(3241, heavy.steps());
        assertTrue(heavy.finalDistance() < 1e-6);
        assertTrue(heavy.values()[heavy.steps()] < 1e-12);

        RosenbrockDescent.Run plain = RosenbrockDescent.plain();
        assertFalse(plain.converged());
        assertEquals(RosenbrockDescent.MAX_ITERATIONS, plain.steps());
        for (int k = 1; k <= plain.steps(); k++) {
            assertTrue(plain.values()[k] < plain.values()[k - 1], "plain descent went up at step " + k);
        }
        assertEquals(3.761e-3, plain.values()[plain.steps()], 1e-6);
    }

    @Test
    @DisplayName("run() reports success and writes rosenbrock-descent.png")
    void runWritesTheChart(@TempDir Path charts) throws Exception {
        Charts.headless();
        assertTrue(RosenbrockDescent.run(charts));
        assertTrue(Files.size(charts.resolve("rosenbrock-descent.png")) > 10_000);
    }
}
