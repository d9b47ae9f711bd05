package dev.adjoint.runtime;

/**
 * Array helpers of generated reverse mode: zeroed adjoint arrays shaped like their primal arrays,
 * and the accumulation of a callee's array gradient into the caller's adjoints.
 */
public final class AdjointArrays {

    private AdjointArrays() {
    }

    /** A zero array of the same (possibly ragged) shape as {@code values}. */
    public static double[][] zerosLike(double[][] values) {
        double[][] zeros = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            zeros[i] = new double[values[i].length];
        }
        return zeros;
    }

    /** {@code adjoint += scale * partial}, element by element. */
    public static void addScaled(double[] adjoint, double scale, double[] partial) {
        for (int i = 0; i < adjoint.length; i++) {
            adjoint[i] += scale * partial[i];
        }
    }

    public static void addScaled(double[][] adjoint, double scale, double[][] partial) {
        for (int i = 0; i < adjoint.length; i++) {
            addScaled(adjoint[i], scale, partial[i]);
        }
    }
}
