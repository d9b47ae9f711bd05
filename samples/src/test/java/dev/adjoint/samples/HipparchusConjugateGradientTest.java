package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hipparchus' conjugate gradient on the generated gradients, against plain descent on the same ones. */
class HipparchusConjugateGradientTest {

    @Test
    @DisplayName("Rosenbrock: the optimiser reaches (1, 1) to 1e-6 in 306 calls; descent needs 34 375")
    void rosenbrock() {
        List<HipparchusConjugateGradient.Result> both = HipparchusConjugateGradient.rosenbrockBoth();
        HipparchusConjugateGradient.Result descent = both.get(0);
        HipparchusConjugateGradient.Result cg = both.get(1);

        assertArrayEquals(new double[] {1, 1}, cg.point(), 1e-6);
        assertTrue(HipparchusConjugateGradient.distanceToOnes(cg.point()) < 1e-9);
        assertEquals(0.0, cg.value(), 1e-18);
        assertEquals(20, cg.iterations());
        assertEquals(286, cg.valueCalls());
        assertEquals(20, cg.gradientCalls());

        // Descent on the same generated gradient, the same start and the same step as RosenbrockDescent.
        assertTrue(HipparchusConjugateGradient.distanceToOnes(descent.point()) < 1e-6);
        assertEquals(34_374, descent.iterations());
        assertEquals(34_375, descent.sweeps());
        assertTrue(cg.sweeps() * 100 < descent.sweeps(), cg.sweeps() + " vs " + descent.sweeps());
    }

    @Test
    @DisplayName("logistic loss: both reach the same minimum; the optimiser in 125 calls, descent in 2 205")
    void logisticLoss() {
        List<HipparchusConjugateGradient.Result> both = HipparchusConjugateGradient.logisticBoth();
        HipparchusConjugateGradient.Result descent = both.get(0);
        HipparchusConjugateGradient.Result cg = both.get(1);

        assertTrue(cg.gradientNorm() < 1e-8, "|grad| " + cg.gradientNorm());
        assertTrue(descent.gradientNorm() < 1e-8, "|grad| " + descent.gradientNorm());
        assertEquals(0.142262665793239, cg.value(), 1e-14);
        assertEquals(cg.value(), descent.value(), 1e-14);
        assertArrayEquals(new double[] {2.7167488, 1.8723983, -1.1128522}, cg.point(), 1e-6);
        assertArrayEquals(cg.point(), descent.point(), 1e-6);
        // Below the 200 epochs' loss that LogisticRegressionTraining prints (0.142927).
        assertTrue(cg.value() < LogisticRegressionTraining.train(
                LogisticRegressionTraining.blobs(LogisticRegressionTraining.POINTS, LogisticRegressionTraining.SEED),
                LogisticRegressionTraining.EPOCHS, LogisticRegressionTraining.LEARNING_RATE).finalLoss() - 6e-4);

        assertEquals(11, cg.iterations());
        assertEquals(125, cg.sweeps());
        assertEquals(2204, descent.iterations());
        assertEquals(2205, descent.sweeps());
    }

    @Test
    @DisplayName("the objective and its gradient are the generated value and partials, at any point")
    void objectiveIsTheGeneratedOne() {
        double[] p = {-1.2, 1};
        HipparchusConjugateGradient.ValueAndGradient g = HipparchusConjugateGradient.rosenbrock(p);
        assertEquals(24.2, g.value(), 1e-13);
        assertArrayEquals(new double[] {-215.6, -88}, g.gradient(), 1e-12);

        HipparchusConjugateGradient.CountedObjective counted =
                new HipparchusConjugateGradient.CountedObjective(HipparchusConjugateGradient::rosenbrock);
        assertEquals(24.2, counted.value().getObjectiveFunction().value(p), 1e-13);
        assertArrayEquals(new double[] {-215.6, -88}, counted.gradient().getObjectiveFunctionGradient().value(p), 1e-12);
    }

    @Test
    @DisplayName("run() prints both tables and reports success")
    void run() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean ok;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ok = HipparchusConjugateGradient.run();
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        assertTrue(out.contains("Hipparchus conjugate gradient            20        286         20        306"), out);
        assertTrue(out.contains("gradient descent, step 0.001          34374          0      34375      34375"), out);
        assertTrue(out.contains("112x fewer calls of the generated gradient on Rosenbrock, 18x fewer on the logistic loss"), out);
    }
}
