package dev.adjoint.test;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.Target.Input;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * The scalar inputs inside a differentiable argument, as the generated code flattens them: a
 * {@code double}; each element of a {@code double[]} or {@code double[][]}; for a record, those of its
 * {@code double}, {@code double[]}, {@code double[][]} and record components in declaration order
 * ({@code int}, {@code long} and {@code boolean} components are passed through, not differentiated).
 * An input is reached by a path of indices: a component's position in its record, an element's in
 * its array ({@code p.xs[1]} is {@code [1, 1]} in {@code Fit(double w, double[] xs)}).
 */
final class ParameterLeaves {

    private ParameterLeaves() {
    }

    /** Whether a value of {@code type} holds inputs: {@code double}, its arrays, or a record of them (see {@link #isRecord}). */
    static boolean isDifferentiable(Class<?> type) {
        return type == double.class || type == double[].class || type == double[][].class || isRecord(type);
    }

    /**
     * Whether {@code type} is a record Adjoint takes as a parameter: its components {@code double},
     * {@code double[]}, {@code double[][]}, such records, or {@code int}, {@code long}, {@code boolean}.
     */
    static boolean isRecord(Class<?> type) {
        if (!type.isRecord()) {
            return false;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            Class<?> ct = c.getType();
            boolean passedThrough = ct == int.class || ct == long.class || ct == boolean.class;
            if (!passedThrough && (ct == type || !isDifferentiable(ct))) {
                return false;
            }
        }
        return true;
    }

    /** Adds the inputs inside {@code value} (argument {@code parameter}, at {@code path}, named {@code label}) to {@code out}. */
    static void collect(Object value, int parameter, int[] path, String label, List<Input> out) {
        if (value instanceof Double) {
            out.add(new Input(parameter, path, label));
        } else if (value instanceof double[] w) {
            for (int i = 0; i < w.length; i++) {
                out.add(new Input(parameter, append(path, i), label + "[" + i + "]"));
            }
        } else if (value instanceof double[][] a) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] != null) {
                    collect(a[i], parameter, append(path, i), label + "[" + i + "]", out);
                }
            }
        } else if (value instanceof Record) {
            RecordComponent[] comps = value.getClass().getRecordComponents();
            Object[] values = Records.components(value);
            for (int k = 0; k < comps.length; k++) {
                if (isDifferentiable(comps[k].getType())) {
                    collect(values[k], parameter, append(path, k), label + "." + comps[k].getName(), out);
                }
            }
        }
    }

    /** The input at {@code path} inside {@code value}. */
    static double get(Object value, int[] path) {
        Object v = value;
        for (int index : path) {
            v = child(v, index);
        }
        return (Double) v;
    }

    private static Object child(Object v, int index) {
        if (v instanceof double[] w) {
            return w[index];
        } else if (v instanceof double[][] a) {
            return a[index];
        }
        return Records.components(v)[index];
    }

    /**
     * {@code value} with the input at {@code path} (from {@code depth} on) set to {@code x}: arrays are
     * written in place (the caller passes a copy), records rebuilt around the new component.
     */
    static Object with(Object value, int[] path, int depth, double x) {
        if (depth == path.length) {
            return x;
        }
        int index = path[depth];
        if (value instanceof double[] w) {
            w[index] = x;
            return w;
        } else if (value instanceof double[][] a) {
            with(a[index], path, depth + 1, x);
            return a;
        }
        Object[] components = Records.components(value);
        components[index] = with(components[index], path, depth + 1, x);
        return Records.construct(value.getClass(), Records.componentTypes(value.getClass()), components);
    }

    /**
     * The forward-mode argument of a {@code double}, {@code double[]} or {@code double[][]}: its
     * {@code Dual}s, tangent 1 at {@code seed} (a path inside it, or null: nowhere), 0 elsewhere.
     */
    static Object dual(Object value, int[] seed) {
        if (value instanceof Double d) {
            return new Dual(d, seed != null ? 1.0 : 0.0);
        } else if (value instanceof double[] w) {
            Dual[] duals = new Dual[w.length];
            for (int i = 0; i < w.length; i++) {
                duals[i] = new Dual(w[i], seed != null && seed[0] == i ? 1.0 : 0.0);
            }
            return duals;
        }
        double[][] a = (double[][]) value;
        Dual[][] duals = new Dual[a.length][];
        for (int i = 0; i < a.length; i++) {
            duals[i] = a[i] == null ? null : (Dual[]) dual(a[i], seed != null && seed[0] == i ? rest(seed) : null);
        }
        return duals;
    }

    /**
     * A record's direction, the record forward mode takes beside it: of its type, 1 at {@code seed} (a
     * path inside it, or null: nowhere), 0 at every other input, its passed-through components its own.
     */
    static Object direction(Object value, int[] seed) {
        if (value instanceof Double) {
            return seed != null ? 1.0 : 0.0;
        } else if (value instanceof double[] w) {
            double[] d = new double[w.length];
            if (seed != null) {
                d[seed[0]] = 1;
            }
            return d;
        } else if (value instanceof double[][] a) {
            double[][] d = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                d[i] = a[i] == null ? null : (double[]) direction(a[i], seed != null && seed[0] == i ? rest(seed) : null);
            }
            return d;
        } else if (!(value instanceof Record)) {
            return value; // an int, long or boolean component: passed through
        }
        Object[] components = Records.components(value);
        for (int k = 0; k < components.length; k++) {
            components[k] = components[k] == null ? null
                    : direction(components[k], seed != null && seed[0] == k ? rest(seed) : null);
        }
        return Records.construct(value.getClass(), Records.componentTypes(value.getClass()), components);
    }

    static int[] append(int[] path, int index) {
        int[] longer = Arrays.copyOf(path, path.length + 1);
        longer[path.length] = index;
        return longer;
    }

    private static int[] rest(int[] path) {
        return Arrays.copyOfRange(path, 1, path.length);
    }
}
