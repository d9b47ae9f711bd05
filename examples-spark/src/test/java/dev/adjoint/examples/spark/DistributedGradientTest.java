package dev.adjoint.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The logistic loss's generated gradient on Spark in {@code local[*]} mode: per partition, summed by
 * {@code treeAggregate}, against the same generated gradient over all points on one machine.
 */
class DistributedGradientTest {

    private static final List<LabeledPoint> DATA = SparkGradientDescent.blobs(10_000, SparkGradientDescent.SEED);

    private static JavaSparkContext sc;
    private static JavaRDD<LabeledPoint> points;

    @BeforeAll
    static void startSpark() {
        sc = new JavaSparkContext(SparkGradientDescent.localConf("local[*]"));
        points = sc.parallelize(DATA, 8).cache();
    }

    @AfterAll
    static void stopSpark() {
        if (sc != null) {
            sc.close();
        }
    }

    /** {@code |actual - expected| <= 1e-12 |expected|}, component by component. */
    private static void assertRelativelyClose(GradientSum expected, GradientSum actual) {
        assertEquals(expected.count(), actual.count());
        assertClose(expected.loss(), actual.loss(), "loss");
        for (int j = 0; j < expected.dW().length; j++) {
            assertClose(expected.dW()[j], actual.dW()[j], "dW[" + j + "]");
        }
        assertClose(expected.dB(), actual.dB(), "dB");
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual
                        + " (relative " + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }

    @Test
    @DisplayName("8 partitions, at the initial and at 20 random weights: Spark's sum equals one machine's to 1e-12")
    void distributedEqualsSingleMachine() {
        assertEquals(8, points.getNumPartitions());
        GradientSum atStart = DistributedGradient.at(points, SparkGradientDescent.INITIAL_WEIGHTS, SparkGradientDescent.INITIAL_BIAS);
        assertRelativelyClose(DistributedGradient.onOneMachine(DATA, SparkGradientDescent.INITIAL_WEIGHTS,
                SparkGradientDescent.INITIAL_BIAS), atStart);
        assertEquals(10_000, atStart.count());

        Random random = new Random(7);
        for (int k = 0; k < 20; k++) {
            double[] w = {2 * random.nextGaussian(), 2 * random.nextGaussian()};
            double b = random.nextGaussian();
            assertRelativelyClose(DistributedGradient.onOneMachine(DATA, w, b), DistributedGradient.at(points, w, b));
        }
    }

    @Test
    @DisplayName("the sum does not depend on the partitioning: 1, 3 and 17 partitions, one of them nearly empty")
    void anyPartitioning() {
        double[] w = {1.25, -0.5};
        double b = 0.1;
        GradientSum expected = DistributedGradient.onOneMachine(DATA, w, b);
        for (int slices : new int[] {1, 3, 17}) {
            assertRelativelyClose(expected, DistributedGradient.at(sc.parallelize(DATA, slices), w, b));
        }
        // 10 000 points in 9 999 partitions would be slow; 3 points in 5 partitions leaves two empty.
        List<LabeledPoint> three = DATA.subList(0, 3);
        assertRelativelyClose(DistributedGradient.onOneMachine(three, w, b),
                DistributedGradient.at(sc.parallelize(three, 5), w, b));
    }

    @Test
    @DisplayName("the gradient is the textbook sum of (p - y) x and of (p - y)")
    void textbookGradient() {
        double[] w = SparkGradientDescent.INITIAL_WEIGHTS;
        double b = SparkGradientDescent.INITIAL_BIAS;
        double loss = 0;
        double[] dW = new double[2];
        double dB = 0;
        for (LabeledPoint p : DATA) {
            double[] x = p.features();
            double s = 1 / (1 + Math.exp(-(b + w[0] * x[0] + w[1] * x[1])));
            loss -= p.label() * Math.log(s) + (1 - p.label()) * Math.log(1 - s);
            dW[0] += (s - p.label()) * x[0];
            dW[1] += (s - p.label()) * x[1];
            dB += s - p.label();
        }
        assertRelativelyClose(new GradientSum(DATA.size(), loss, dW, dB), DistributedGradient.at(points, w, b));
    }

    @Test
    @DisplayName("50 epochs of descent on Spark follow the one-machine descent step for step, to 1e-12")
    void descentOnSparkFollowsOneMachine() {
        SparkGradientDescent.Training spark = SparkGradientDescent.onSpark(points, 50, SparkGradientDescent.LEARNING_RATE);
        SparkGradientDescent.Training local = SparkGradientDescent.onOneMachine(DATA, 50, SparkGradientDescent.LEARNING_RATE);
        for (int epoch = 0; epoch <= 50; epoch++) {
            assertClose(local.losses()[epoch], spark.losses()[epoch], "loss at epoch " + epoch);
        }
        assertClose(local.weights()[0], spark.weights()[0], "w0");
        assertClose(local.weights()[1], spark.weights()[1], "w1");
        assertClose(local.bias(), spark.bias(), "b");

        assertTrue(spark.finalLoss() < 0.2 && spark.losses()[0] > 0.5,
                "loss " + spark.losses()[0] + " -> " + spark.finalLoss());
        assertTrue(SparkGradientDescent.accuracy(DATA, spark.weights(), spark.bias()) > 0.9);
    }
}
