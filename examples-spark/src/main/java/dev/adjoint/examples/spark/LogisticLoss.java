package dev.adjoint.examples.spark;

import dev.adjoint.Differentiable;

/**
 * The logistic regression loss of the samples' {@code LogisticRegressionTraining}, written as a
 * <em>sum</em> over the points rather than a mean: a sum's gradient is the sum of its parts' gradients,
 * so each partition of the data can take its own and the driver add them up.
 *
 * <p>Only the weights and the bias are differentiated ({@code wrt}): the generated {@code
 * totalLossGradient} returns {@code value}, {@code dW} and {@code dB}, and spends no work on partials
 * in the features or the labels.
 */
public final class LogisticLoss {

    private LogisticLoss() {
    }

    /**
     * The summed binary cross-entropy of {@code p = sigmoid(w . x + b)} against the labels.
     *
     * @param w the weights, one per feature
     * @param b the bias
     * @param x the features, one row per point
     * @param y the labels, 0 or 1
     */
    @Differentiable(wrt = {"w", "b"})
    public static double totalLoss(double[] w, double b, double[][] x, double[] y) {
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += w[j] * x[i][j];
            }
            double p = 1 / (1 + Math.exp(-z));
            total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
        }
        return total;
    }
}
