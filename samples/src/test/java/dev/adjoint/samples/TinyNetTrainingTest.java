package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The two-layer network whose parameters are a record: its generated gradient, and training on it. */
class TinyNetTrainingTest {

    private static final double H = 1e-6;

    @Test
    @DisplayName("dNet() is a Net of partials: each one matches central differences and forward mode")
    void gradientIsARecordOfPartials() {
        double[][] data = TinyNetTraining.sineData();
        TinyNetTraining.Net net = TinyNetTraining.random(new Random(3), 0.7);
        TinyNetTraining.Net dNet = TinyNetTrainingGrad.lossGradient(net, data[0], data[1]).dNet();
        for (int k = 0; k < 3 * TinyNetTraining.HIDDEN + 1; k++) {
            TinyNetTraining.Net unit = unit(k);
            double along = TinyNetTraining.dot(dNet, unit);
            double difference = (TinyNetTraining.loss(TinyNetTraining.step(net, unit, -H), data[0], data[1])
                    - TinyNetTraining.loss(TinyNetTraining.step(net, unit, H), data[0], data[1])) / (2 * H);
            assertEquals(difference, along, 1e-7, "parameter " + k);
            assertEquals(along, TinyNetTrainingGrad.lossForward(net, unit, data[0], data[1]).tangent(), 1e-14,
                    "forward mode along parameter " + k);
        }
    }

    /** The direction of parameter {@code k}: hidden weights, hidden biases, output weights, output bias. */
    private static TinyNetTraining.Net unit(int k) {
        int n = TinyNetTraining.HIDDEN;
        double[][] hidden = new double[n][2];
        double[] output = new double[n];
        double outBias = 0;
        if (k < 2 * n) {
            hidden[k / 2][k % 2] = 1;
        } else if (k < 3 * n) {
            output[k - 2 * n] = 1;
        } else {
            outBias = 1;
        }
        return new TinyNetTraining.Net(hidden, output, outBias);
    }

    @Test
    @DisplayName("the predict call inside loss is differentiated through: reverse and forward agree along a random Net")
    void forwardAndReverseAgree() {
        double[][] data = TinyNetTraining.sineData();
        Random random = new Random(11);
        TinyNetTraining.Net net = TinyNetTraining.random(random, 0.5);
        assertTrue(TinyNetTraining.forwardReverseDifference(net, data[0], data[1], random) < 1e-12);
    }

    @Test
    @DisplayName("gradient descent on lossGradient fits sin x: the loss falls below 1e-3 and never rises")
    void training() {
        double[] losses = TinyNetTraining.train();
        assertTrue(losses[TinyNetTraining.EPOCHS] < 1e-3, "final loss " + losses[TinyNetTraining.EPOCHS]);
        assertTrue(losses[0] > 0.1, "start loss " + losses[0]);
        for (int epoch = 1; epoch <= TinyNetTraining.EPOCHS; epoch++) {
            assertTrue(losses[epoch] <= losses[epoch - 1] + 1e-12, "loss rose at epoch " + epoch);
        }
    }
}
