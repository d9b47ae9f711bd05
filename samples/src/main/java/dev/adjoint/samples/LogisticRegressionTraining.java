package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Showcase: logistic regression trained by plain gradient descent on the gradient Adjoint generates.
 *
 * <p>The data are {@value #POINTS} points in the plane drawn with a fixed seed from two Gaussian blobs
 * (class 0 around {@code (-1, -1)}, class 1 around {@code (1.5, 1)}, unit variance), so every run
 * prints the same numbers. {@link #loss} is the mean binary cross-entropy of a linear model, written as
 * loops over a {@code double[][]} of features; its generated reverse mode {@code lossGradient} returns
 * the loss and its partials in the weights, the bias, the features and the labels from one sweep. The
 * training loop uses {@code dW} and {@code dB}.
 *
 * <p>Before training, every one of the {@code 2 + 1 + 400 + 200} partials of the reverse sweep is
 * checked against the generated forward mode {@code lossForward} (one forward run per partial,
 * seeded with {@link DualArrays#variable}); the largest difference is printed. Then the loss is printed
 * every {@value #PRINT_EVERY} epochs, the final training accuracy, and the loss curve is written as
 * {@code logistic-loss.png}.
 */
public final class LogisticRegressionTraining {

    /** Number of points, half of each class. */
    public static final int POINTS = 200;
    /** The seed of the data. */
    public static final long SEED = 42L;
    /** Gradient-descent epochs (one step on the full data set each). */
    public static final int EPOCHS = 200;
    /** The step size. */
    public static final double LEARNING_RATE = 0.5;
    /** The loss is printed every this many epochs. */
    public static final int PRINT_EVERY = 20;
    /** The initial weights (not zero, so that the forward/reverse check is not trivial). */
    static final double[] INITIAL_WEIGHTS = {0.5, -0.8};
    /** The initial bias. */
    static final double INITIAL_BIAS = 0.3;

    private LogisticRegressionTraining() {
    }

    /** Features (one row per point) and 0/1 labels. */
    public record DataSet(double[][] features, double[] labels) {
    }

    /**
     * {@code n} points from two unit-variance Gaussian blobs, alternating class 0 (around
     * {@code (-1, -1)}) and class 1 (around {@code (1.5, 1)}).
     */
    public static DataSet blobs(int n, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[n][2];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            boolean positive = i % 2 == 1;
            features[i][0] = (positive ? 1.5 : -1.0) + random.nextGaussian();
            features[i][1] = (positive ? 1.0 : -1.0) + random.nextGaussian();
            labels[i] = positive ? 1 : 0;
        }
        return new DataSet(features, labels);
    }

    /**
     * Mean binary cross-entropy of {@code p = sigmoid(w . x + b)} against the labels {@code y}.
     *
     * @param w the weights, one per feature
     * @param b the bias
     * @param x the features, one row per point
     * @param y the labels, 0 or 1 (any value in [0, 1] works)
     */
    @Differentiable
    public static double loss(double[] w, double b, double[][] x, double[] y) {
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += w[j] * x[i][j];
            }
            double p = 1 / (1 + Math.exp(-z));
            total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
        }
        return total / y.length;
    }

    /**
     * The largest difference between the reverse-mode partials of {@link #loss} (all of them: weights,
     * bias, features and labels) and the same partials from forward mode, one seeded run each.
     */
    public static double maxForwardReverseDifference(double[] w, double b, DataSet data) {
        double[][] x = data.features();
        double[] y = data.labels();
        LogisticRegressionTrainingGrad.LossGradient reverse = LogisticRegressionTrainingGrad.lossGradient(w, b, x, y);

        Dual[] wConst = DualArrays.constant(w);
        Dual bConst = Dual.constant(b);
        Dual[][] xConst = DualArrays.constant(x);
        Dual[] yConst = DualArrays.constant(y);

        double worst = 0;
        for (int j = 0; j < w.length; j++) {
            double forward = LogisticRegressionTrainingGrad.lossForward(
                    DualArrays.variable(w, j), bConst, xConst, yConst).tangent();
            worst = Math.max(worst, Math.abs(forward - reverse.dW()[j]));
        }
        double forwardB = LogisticRegressionTrainingGrad.lossForward(
                wConst, Dual.variable(b), xConst, yConst).tangent();
        worst = Math.max(worst, Math.abs(forwardB - reverse.dB()));
        for (int i = 0; i < x.length; i++) {
            Dual[] row = xConst[i];
            for (int j = 0; j < x[i].length; j++) {
                xConst[i] = DualArrays.variable(x[i], j);
                double forward = LogisticRegressionTrainingGrad.lossForward(wConst, bConst, xConst, yConst).tangent();
                worst = Math.max(worst, Math.abs(forward - reverse.dX()[i][j]));
            }
            xConst[i] = row;
        }
        for (int i = 0; i < y.length; i++) {
            double forward = LogisticRegressionTrainingGrad.lossForward(
                    wConst, bConst, xConst, DualArrays.variable(y, i)).tangent();
            worst = Math.max(worst, Math.abs(forward - reverse.dY()[i]));
        }
        return worst;
    }

    /** Fraction of points on the right side of the decision boundary {@code w . x + b = 0}. */
    public static double accuracy(double[] w, double b, DataSet data) {
        int correct = 0;
        for (int i = 0; i < data.labels().length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += w[j] * data.features()[i][j];
            }
            if ((z >= 0) == (data.labels()[i] >= 0.5)) {
                correct++;
            }
        }
        return (double) correct / data.labels().length;
    }

    /**
     * What training gave.
     *
     * @param losses the loss before each epoch's step, and after the last: {@code epochs + 1} values
     */
    public record Result(double[] weights, double bias, double[] losses, double accuracy) {

        /** The loss after training. */
        public double finalLoss() {
            return losses[losses.length - 1];
        }
    }

    /** Full-batch gradient descent from the initial weights; each step uses one {@code lossGradient}. */
    public static Result train(DataSet data, int epochs, double learningRate) {
        double[] w = INITIAL_WEIGHTS.clone();
        double b = INITIAL_BIAS;
        double[] losses = new double[epochs + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            LogisticRegressionTrainingGrad.LossGradient g =
                    LogisticRegressionTrainingGrad.lossGradient(w, b, data.features(), data.labels());
            losses[epoch] = g.value();
            for (int j = 0; j < w.length; j++) {
                w[j] -= learningRate * g.dW()[j];
            }
            b -= learningRate * g.dB();
        }
        losses[epochs] = loss(w, b, data.features(), data.labels());
        return new Result(w, b, losses, accuracy(w, b, data));
    }

    /**
     * Prints the forward/reverse check, the loss every {@value #PRINT_EVERY} epochs and the accuracy;
     * writes the loss curve to {@code chartDirectory/logistic-loss.png}. Returns whether the modes agree
     * (to 1e-12), the loss fell and the accuracy exceeds 0.9.
     */
    public static boolean run(Path chartDirectory) {
        DataSet data = blobs(POINTS, SEED);
        System.out.printf(Locale.ROOT, "Logistic regression: %d points, 2 features, two Gaussian blobs (seed %d);"
                + " full-batch gradient descent, step %s, on LogisticRegressionTrainingGrad.lossGradient%n",
                POINTS, SEED, LEARNING_RATE);
        int partials = INITIAL_WEIGHTS.length + 1 + POINTS * 2 + POINTS;
        double difference = maxForwardReverseDifference(INITIAL_WEIGHTS, INITIAL_BIAS, data);
        System.out.printf(Locale.ROOT, "Check at the initial weights: reverse vs. forward mode, all %d partials"
                + " (weights, bias, features, labels): max |difference| = %.1e%n", partials, difference);

        Result result = train(data, EPOCHS, LEARNING_RATE);
        System.out.println();
        System.out.printf(Locale.ROOT, "%6s  %10s%n", "epoch", "loss");
        for (int epoch = 0; epoch <= EPOCHS; epoch += PRINT_EVERY) {
            System.out.printf(Locale.ROOT, "%6d  %10.6f%n", epoch, result.losses()[epoch]);
        }
        System.out.printf(Locale.ROOT, "Final: w = (%.4f, %.4f), b = %.4f, loss %.6f, training accuracy %.1f%% (%d/%d)%n",
                result.weights()[0], result.weights()[1], result.bias(), result.finalLoss(),
                100 * result.accuracy(), Math.round(result.accuracy() * POINTS), POINTS);

        double[] epochs = new double[EPOCHS + 1];
        for (int e = 0; e <= EPOCHS; e++) {
            epochs[e] = e;
        }
        Path chart = Charts.lineChart(chartDirectory.resolve("logistic-loss.png"),
                "Logistic regression: training loss",
                String.format(Locale.ROOT, "%d points, two Gaussian blobs; gradient descent (step %s) on Adjoint's"
                        + " lossGradient; final accuracy %.1f%%", POINTS, LEARNING_RATE, 100 * result.accuracy()),
                "epoch", "mean cross-entropy loss",
                List.of(new Charts.Curve("training loss", epochs, result.losses())));
        System.out.println("Loss curve: " + chart);

        boolean ok = difference <= 1e-12 && result.finalLoss() < result.losses()[0] && result.accuracy() > 0.9;
        if (!ok) {
            System.out.println("FAILED: the modes disagree, the loss did not fall or the accuracy is 0.9 or less");
        }
        return ok;
    }

    /** Trains and prints (see {@link #run}); exits with status 1 if the check fails. */
    public static void main(String[] args) {
        Charts.headless();
        if (!run(Charts.defaultDirectory())) {
            System.exit(1);
        }
    }
}
