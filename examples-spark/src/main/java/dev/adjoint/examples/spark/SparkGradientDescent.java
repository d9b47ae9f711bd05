package dev.adjoint.examples.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Full-batch gradient descent on the logistic loss, each step's gradient computed data-parallel by
 * {@link DistributedGradient} on Spark, and the same descent on one machine for comparison.
 *
 * <p>{@link #main} runs both on {@value #POINTS} points in {@value #PARTITIONS} partitions, in local
 * mode ({@code local[*]}) unless the system property {@code spark.master} names another master, and
 * prints the losses side by side.
 */
public final class SparkGradientDescent {

    /** Points of the main program's data set. */
    public static final int POINTS = 20_000;
    /** Partitions the main program splits them into. */
    public static final int PARTITIONS = 8;
    /** The seed of the data. */
    public static final long SEED = 42L;
    /** The step size (on the mean loss). */
    public static final double LEARNING_RATE = 0.5;
    /** The initial weights: those of the samples' LogisticRegressionTraining. */
    static final double[] INITIAL_WEIGHTS = {0.5, -0.8};
    /** The initial bias. */
    static final double INITIAL_BIAS = 0.3;

    private SparkGradientDescent() {
    }

    /** Where a step's gradient comes from: Spark, or one machine. */
    @FunctionalInterface
    public interface GradientSource {
        /** The summed loss and its gradient at {@code (w, b)}. */
        GradientSum at(double[] w, double b);
    }

    /**
     * What descent gave.
     *
     * @param weights the final weights
     * @param bias the final bias
     * @param losses the mean loss before each step, and after the last: {@code epochs + 1} values
     */
    public record Training(double[] weights, double bias, double[] losses) {

        /** The mean loss after training. */
        public double finalLoss() {
            return losses[losses.length - 1];
        }
    }

    /** {@code epochs} steps of {@code w = w - step * grad(mean loss)} from the initial weights. */
    public static Training descend(GradientSource gradient, int epochs, double learningRate) {
        double[] w = INITIAL_WEIGHTS.clone();
        double b = INITIAL_BIAS;
        double[] losses = new double[epochs + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            GradientSum g = gradient.at(w, b);
            losses[epoch] = g.meanLoss();
            double[] dW = g.meanDW();
            for (int j = 0; j < w.length; j++) {
                w[j] -= learningRate * dW[j];
            }
            b -= learningRate * g.meanDB();
        }
        losses[epochs] = gradient.at(w, b).meanLoss();
        return new Training(w, b, losses);
    }

    /** Descent with each step's gradient from Spark, over {@code points}. */
    public static Training onSpark(JavaRDD<LabeledPoint> points, int epochs, double learningRate) {
        return descend((w, b) -> DistributedGradient.at(points, w, b), epochs, learningRate);
    }

    /** The same descent on one machine. */
    public static Training onOneMachine(List<LabeledPoint> points, int epochs, double learningRate) {
        return descend((w, b) -> DistributedGradient.onOneMachine(points, w, b), epochs, learningRate);
    }

    /**
     * {@code n} points in the plane from two unit-variance Gaussian blobs, alternating class 0 (around
     * {@code (-1, -1)}) and class 1 (around {@code (1.5, 1)}), as in the samples.
     */
    public static List<LabeledPoint> blobs(int n, long seed) {
        Random random = new Random(seed);
        List<LabeledPoint> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean positive = i % 2 == 1;
            double x0 = (positive ? 1.5 : -1.0) + random.nextGaussian();
            double x1 = (positive ? 1.0 : -1.0) + random.nextGaussian();
            points.add(new LabeledPoint(new double[] {x0, x1}, positive ? 1 : 0));
        }
        return points;
    }

    /** Fraction of points on the right side of {@code w . x + b = 0}. */
    public static double accuracy(List<LabeledPoint> points, double[] w, double b) {
        int correct = 0;
        for (LabeledPoint p : points) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += w[j] * p.features()[j];
            }
            if ((z >= 0) == (p.label() >= 0.5)) {
                correct++;
            }
        }
        return (double) correct / points.size();
    }

    /**
     * A Spark configuration for {@code master} that stays on this machine's loopback and starts no
     * web UI: what a test or a laptop wants, on any host name.
     */
    public static SparkConf localConf(String master) {
        return new SparkConf()
                .setAppName("adjoint-logistic-regression")
                .setMaster(master)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
    }

    /** Trains on Spark and on one machine and prints both; exits with status 1 if they disagree. */
    public static void main(String[] args) {
        int epochs = 100;
        List<LabeledPoint> data = blobs(POINTS, SEED);
        Training spark;
        int partitions;
        try (JavaSparkContext sc = new JavaSparkContext(localConf(System.getProperty("spark.master", "local[*]")))) {
            sc.setLogLevel("WARN");
            JavaRDD<LabeledPoint> points = sc.parallelize(data, PARTITIONS).cache();
            partitions = points.getNumPartitions();
            spark = onSpark(points, epochs, LEARNING_RATE);
        }
        Training local = onOneMachine(data, epochs, LEARNING_RATE);

        System.out.printf(Locale.ROOT, "Logistic regression, %d points in %d partitions; full-batch gradient descent,"
                + " step %s; each step's gradient is LogisticLossGrad.totalLossGradient per partition, summed by"
                + " treeAggregate%n%n", POINTS, partitions, LEARNING_RATE);
        System.out.printf(Locale.ROOT, "%6s  %20s  %20s  %9s%n", "epoch", "loss (Spark)", "loss (one machine)", "rel diff");
        double worst = 0;
        for (int epoch = 0; epoch <= epochs; epoch++) {
            double difference = Math.abs(spark.losses()[epoch] - local.losses()[epoch]) / Math.abs(local.losses()[epoch]);
            worst = Math.max(worst, difference);
            if (epoch % 10 == 0) {
                System.out.printf(Locale.ROOT, "%6d  %20.15f  %20.15f  %9.1e%n",
                        epoch, spark.losses()[epoch], local.losses()[epoch], difference);
            }
        }
        System.out.printf(Locale.ROOT, "Spark: w = (%.10f, %.10f), b = %.10f, accuracy %.2f%%%n",
                spark.weights()[0], spark.weights()[1], spark.bias(), 100 * accuracy(data, spark.weights(), spark.bias()));
        System.out.printf(Locale.ROOT, "Largest relative difference of the losses: %.1e%n", worst);
        if (worst > 1e-12) {
            System.out.println("FAILED: Spark and one machine disagree");
            System.exit(1);
        }
    }
}
