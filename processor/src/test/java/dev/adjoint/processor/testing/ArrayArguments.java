package dev.adjoint.processor.testing;

import dev.adjoint.runtime.Dual;
import java.util.List;

/**
 * The arguments of a method with array parameters, as the array checkers need them: copied deeply,
 * flattened into scalar inputs (scalars in order, arrays element by element, matrices row by row), and
 * turned into dual numbers seeded at one of those inputs.
 */
public final class ArrayArguments {

    private ArrayArguments() {
    }

    /** A copy whose arrays (of doubles or of duals, one or two dimensions) are fresh. */
    public static Object[] deepCopy(Object[] args) {
        Object[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof double[] v) {
                copy[i] = v.clone();
            } else if (copy[i] instanceof double[][] m) {
                double[][] rows = new double[m.length][];
                for (int r = 0; r < m.length; r++) {
                    rows[r] = m[r].clone();
                }
                copy[i] = rows;
            } else if (copy[i] instanceof Dual[] v) {
                copy[i] = v.clone();
            } else if (copy[i] instanceof Dual[][] m) {
                Dual[][] rows = new Dual[m.length][];
                for (int r = 0; r < m.length; r++) {
                    rows[r] = m[r].clone();
                }
                copy[i] = rows;
            }
        }
        return copy;
    }

    /** Adds the scalars of {@code v} (a double, a double[] or a double[][]) to {@code out}, in order. */
    public static void flatten(Object v, List<Double> out) {
        if (v instanceof Double d) {
            out.add(d);
        } else if (v instanceof double[] a) {
            for (double x : a) {
                out.add(x);
            }
        } else if (v instanceof double[][] m) {
            for (double[] row : m) {
                flatten(row, out);
            }
        }
    }

    /**
     * {@code a} as dual numbers, tangent 1 at flattened input {@code k} and 0 elsewhere; {@code position}
     * counts the inputs passed so far, across the arguments. Anything else is returned as it is.
     */
    public static Object seed(Object a, int k, int[] position) {
        if (a instanceof Double d) {
            return new Dual(d, position[0]++ == k ? 1 : 0);
        }
        if (a instanceof double[] v) {
            Dual[] duals = new Dual[v.length];
            for (int i = 0; i < v.length; i++) {
                duals[i] = new Dual(v[i], position[0]++ == k ? 1 : 0);
            }
            return duals;
        }
        if (a instanceof double[][] m) {
            Dual[][] duals = new Dual[m.length][];
            for (int i = 0; i < m.length; i++) {
                duals[i] = (Dual[]) seed(m[i], k, position);
            }
            return duals;
        }
        return a;
    }
}
