package dev.adjoint.examples.spark;

import java.io.Serializable;

/**
 * A sum of per-partition results: how many points, their summed loss and its gradient in the weights
 * and the bias. {@link #plus} is associative and {@link #zero} its identity, which is what
 * {@code treeAggregate} needs to add partitions' sums in any grouping.
 *
 * @param count the number of points summed over
 * @param loss the summed loss
 * @param dW the summed loss's partials in the weights
 * @param dB its partial in the bias
 */
public record GradientSum(long count, double loss, double[] dW, double dB) implements Serializable {

    /** Nothing summed yet, for {@code features} weights. */
    public static GradientSum zero(int features) {
        return new GradientSum(0, 0, new double[features], 0);
    }

    /** The sum of this and {@code other}, in a new record. */
    public GradientSum plus(GradientSum other) {
        double[] w = dW.clone();
        for (int j = 0; j < w.length; j++) {
            w[j] += other.dW[j];
        }
        return new GradientSum(count + other.count, loss + other.loss, w, dB + other.dB);
    }

    /** The mean loss over the points. */
    public double meanLoss() {
        return loss / count;
    }

    /** The mean loss's partials in the weights. */
    public double[] meanDW() {
        double[] w = dW.clone();
        for (int j = 0; j < w.length; j++) {
            w[j] /= count;
        }
        return w;
    }

    /** The mean loss's partial in the bias. */
    public double meanDB() {
        return dB / count;
    }
}
