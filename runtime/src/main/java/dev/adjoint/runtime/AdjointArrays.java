package dev.adjoint.runtime;

/**
 * Array helpers of generated reverse mode: zeroed adjoint arrays shaped like their primal arrays,
 * and the accumulation of a callee's array gradient into the caller's adjoints.
 */
public final class AdjointArrays {

    private AdjointArrays() {
    }

    /**
     * A zero array of the same (possibly ragged) shape as {@code values}, with a null row where it has
     * one: a method that never reads that row returns, and so must its derivatives.
     */
    public static double[][] zerosLike(double[][] values) {
        double[][] zeros = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            zeros[i] = values[i] == null ? null : new double[values[i].length];
        }
        return zeros;
    }

    /** {@code adjoint += scale * partial}, element by element. */
    public static void addScaled(double[] adjoint, double scale, double[] partial) {
        for (int i = 0; i < adjoint.length; i++) {
            adjoint[i] += scale * partial[i];
        }
    }

    /** As for one dimension, row by row; a null row (of a matrix with one) has no adjoint to add to. */
    public static void addScaled(double[][] adjoint, double scale, double[][] partial) {
        for (int i = 0; i < adjoint.length; i++) {
            if (adjoint[i] != null) {
                addScaled(adjoint[i], scale, partial[i]);
            }
        }
    }
}
