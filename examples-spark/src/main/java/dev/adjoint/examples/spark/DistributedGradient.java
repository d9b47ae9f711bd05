package dev.adjoint.examples.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The gradient of the logistic loss over an RDD of points: each partition gathers its points into
 * arrays and makes one call of the generated {@code LogisticLossGrad.totalLossGradient} (one forward
 * and one adjoint sweep over the partition), and {@code treeAggregate} adds the partitions' sums.
 *
 * <p>The weights travel to the executors inside the task closure: a few doubles, so no broadcast
 * variable is needed; the data stay where they are.
 */
public final class DistributedGradient {

    /** The depth of {@code treeAggregate}'s tree: partitions' sums are added in two rounds. */
    static final int AGGREGATION_DEPTH = 2;

    private DistributedGradient() {
    }

    /** The summed loss and its gradient at {@code (w, b)} over all of {@code points}. */
    public static GradientSum at(JavaRDD<LabeledPoint> points, double[] w, double b) {
        double[] weights = w.clone();
        int features = weights.length;
        return points
                .mapPartitions((Iterator<LabeledPoint> partition) -> List.of(ofPartition(partition, weights, b)).iterator())
                .treeAggregate(GradientSum.zero(features), GradientSum::plus, GradientSum::plus, AGGREGATION_DEPTH);
    }

    /** One partition's sum: the generated reverse mode over all of its points at once. */
    static GradientSum ofPartition(Iterator<LabeledPoint> partition, double[] w, double b) {
        List<LabeledPoint> points = new ArrayList<>();
        partition.forEachRemaining(points::add);
        if (points.isEmpty()) {
            return GradientSum.zero(w.length);
        }
        return onOneMachine(points, w, b);
    }

    /** The same sum without Spark: one call of the generated gradient over {@code points}. */
    public static GradientSum onOneMachine(List<LabeledPoint> points, double[] w, double b) {
        double[][] x = new double[points.size()][];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).features();
            y[i] = points.get(i).label();
        }
        LogisticLossGrad.TotalLossGradient g = LogisticLossGrad.totalLossGradient(w, b, x, y);
        return new GradientSum(x.length, g.value(), g.dW(), g.dB());
    }
}
