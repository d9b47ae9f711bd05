package dev.adjoint.runtime;

/**
 * The flattened view of a method's differentiable inputs that Hessians and Jacobians use: scalars in
 * declaration order, arrays element by element in place, matrices row by row (a null row has no
 * elements).
 */
public final class Flattening {

    private Flattening() {
    }

    /** How many elements a (possibly ragged) matrix has. */
    public static int size(double[][] matrix) {
        int n = 0;
        for (double[] row : matrix) {
            n += row == null ? 0 : row.length;
        }
        return n;
    }

    /** 1 when {@code index} is 0, else 0: the seed of a scalar input at offset {@code index}. */
    public static double unit(int index) {
        return index == 0 ? 1.0 : 0.0;
    }

    /** An array shaped like {@code shape}, 1 at {@code index} if it is inside, zero elsewhere. */
    public static double[] unitLike(double[] shape, int index) {
        double[] unit = new double[shape.length];
        if (index >= 0 && index < unit.length) {
            unit[index] = 1.0;
        }
        return unit;
    }

    /** A matrix shaped like {@code shape}, 1 at flattened {@code index} if it is inside, zero elsewhere. */
    public static double[][] unitLike(double[][] shape, int index) {
        double[][] unit = AdjointArrays.zerosLike(shape);
        int offset = 0;
        for (double[] row : unit) {
            if (row == null) {
                continue;
            }
            if (index >= offset && index < offset + row.length) {
                row[index - offset] = 1.0;
            }
            offset += row.length;
        }
        return unit;
    }

    /** The parts ({@code Double}, {@code double[]}, {@code double[][]}) one after another. */
    public static double[] concat(Object... parts) {
        int n = 0;
        for (Object part : parts) {
            n += part instanceof double[] a ? a.length : part instanceof double[][] m ? size(m) : 1;
        }
        double[] flat = new double[n];
        int at = 0;
        for (Object part : parts) {
            if (part instanceof double[] a) {
                System.arraycopy(a, 0, flat, at, a.length);
                at += a.length;
            } else if (part instanceof double[][] m) {
                for (double[] row : m) {
                    if (row != null) {
                        System.arraycopy(row, 0, flat, at, row.length);
                        at += row.length;
                    }
                }
            } else {
                flat[at++] = (Double) part;
            }
        }
        return flat;
    }
}
