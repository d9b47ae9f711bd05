package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logistic regression trained on the generated {@code lossGradient}. */
class LogisticRegressionTrainingTest {

    private static final LogisticRegressionTraining.DataSet DATA =
            LogisticRegressionTraining.blobs(LogisticRegressionTraining.POINTS, LogisticRegressionTraining.SEED);

    @Test
    @DisplayName("the data: 200 points, two features, half of each class, the same every run")
    void data() {
        assertEquals(200, DATA.labels().length);
        assertEquals(2, DATA.features()[0].length);
        assertEquals(100, java.util.Arrays.stream(DATA.labels()).sum());
        LogisticRegressionTraining.DataSet again =
                LogisticRegressionTraining.blobs(LogisticRegressionTraining.POINTS, LogisticRegressionTraining.SEED);
        assertTrue(java.util.Arrays.deepEquals(DATA.features(), again.features()));
    }

    @Test
    @DisplayName("reverse mode agrees with forward mode on all 603 partials at the initial weights")
    void reverseAgreesWithForward() {
        double difference = LogisticRegressionTraining.maxForwardReverseDifference(
                LogisticRegressionTraining.INITIAL_WEIGHTS, LogisticRegressionTraining.INITIAL_BIAS, DATA);
        assertTrue(difference <= 1e-14, "max |reverse - forward| = " + difference);
    }

    @Test
    @DisplayName("dW and dB are the textbook mean of (p - y) x and of (p - y)")
    void gradientIsTheTextbookOne() {
        double[] w = LogisticRegressionTraining.INITIAL_WEIGHTS;
        double b = LogisticRegressionTraining.INITIAL_BIAS;
        double[] dW = new double[2];
        double dB = 0;
        int n = DATA.labels().length;
        for (int i = 0; i < n; i++) {
            double[] x = DATA.features()[i];
            double p = 1 / (1 + Math.exp(-(b + w[0] * x[0] + w[1] * x[1])));
            dW[0] += (p - DATA.labels()[i]) * x[0] / n;
            dW[1] += (p - DATA.labels()[i]) * x[1] / n;
            dB += (p - DATA.labels()[i]) / n;
        }
        LogisticRegressionTrainingGrad.LossGradient g =
                LogisticRegressionTrainingGrad.lossGradient(w, b, DATA.features(), DATA.labels());
        assertEquals(dW[0], g.dW()[0], 1e-14);
        assertEquals(dW[1], g.dW()[1], 1e-14);
        assertEquals(dB, g.dB(), 1e-14);
        assertEquals(LogisticRegressionTraining.loss(w, b, DATA.features(), DATA.labels()), g.value(), 0.0);
    }

    @Test
    @DisplayName("the loss falls at every one of the first 50 epochs and overall; final accuracy > 0.9")
    void training() {
        LogisticRegressionTraining.Result result = LogisticRegressionTraining.train(
                DATA, LogisticRegressionTraining.EPOCHS, LogisticRegressionTraining.LEARNING_RATE);
        double[] losses = result.losses();
        assertEquals(LogisticRegressionTraining.EPOCHS + 1, losses.length);
        for (int epoch = 1; epoch <= 50; epoch++) {
            assertTrue(losses[epoch] < losses[epoch - 1],
                    "epoch " + epoch + ": " + losses[epoch] + " after " + losses[epoch - 1]);
        }
        assertTrue(result.finalLoss() < 0.2 * losses[0], "final loss " + result.finalLoss());
        assertEquals(0.871299, losses[0], 1e-6, "the loss printed for epoch 0");
        assertEquals(0.142927, result.finalLoss(), 1e-6, "the loss printed for epoch 200");
        assertTrue(result.accuracy() > 0.9, "accuracy " + result.accuracy());
        assertEquals(0.96, result.accuracy(), 1e-12, "192 of 200 points, as printed");
    }

    @Test
    @DisplayName("run() reports success and writes logistic-loss.png")
    void runWritesTheChart(@TempDir Path charts) throws Exception {
        Charts.headless();
        assertTrue(LogisticRegressionTraining.run(charts));
        Path png = charts.resolve("logistic-loss.png");
        assertTrue(Files.size(png) > 10_000, "a PNG of some size");
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }
}
