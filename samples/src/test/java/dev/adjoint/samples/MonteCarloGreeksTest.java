package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.Tapes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The checkpointed Monte Carlo Greeks: close to Black-Scholes, the same for any budget, the tape bounded. */
class MonteCarloGreeksTest {

    @AfterEach
    void defaultBudget() {
        Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
    }

    @Test
    @DisplayName("price, delta, vega and rho within 1 % of the closed forms, from a gradient that allocated under 8 MB")
    void greeksAgreeWithBlackScholes() {
        MonteCarloGreeks.Estimate mc = MonteCarloGreeks.estimate();
        double[] exact = MonteCarloGreeks.closedForm();
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], mc.values()[i], 0.01 * Math.abs(exact[i]), "value " + i);
        }
        // The tape alone would be 80 MB; a 1 MiB budget, grown to by doubling, allocates a few MB.
        assertTrue(mc.allocatedBytes() < 8_000_000, mc.allocatedBytes() + " B");
        assertTrue(MonteCarloGreeks.run());
    }

    @Test
    @DisplayName("the budget changes what is recorded, not the gradient: bit for bit the same")
    void theBudgetDoesNotChangeTheGradient() {
        double[] z = MonteCarloGreeks.normals(300 * 20, 5);
        double[][] gradients = new double[3][];
        long[] budgets = {0, 4096, Tapes.DEFAULT_LOOP_BUDGET_BYTES};
        for (int b = 0; b < budgets.length; b++) {
            Tapes.setLoopBudget(budgets[b]);
            MonteCarloGreeksGrad.CallPriceGradient g = MonteCarloGreeksGrad.callPriceGradient(100, 0.03, 0.2, 105, 1.0,
                    z, 300, 20);
            gradients[b] = new double[] {g.value(), g.dSpot(), g.dRate(), g.dSigma()};
        }
        assertArrayEquals(gradients[2], gradients[0]);
        assertArrayEquals(gradients[2], gradients[1]);
    }
}
