package dev.adjoint.examples.spark;

import java.io.Serializable;

/**
 * One training example: its features and its 0/1 label. Serializable, as the elements of an RDD are.
 *
 * @param features the features
 * @param label 0 or 1
 */
public record LabeledPoint(double[] features, double label) implements Serializable {
}
