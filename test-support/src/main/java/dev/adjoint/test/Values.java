package dev.adjoint.test;

import dev.adjoint.runtime.Dual;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/** Copies, comparisons, conversions and formatting of argument values. */
final class Values {

    private Values() {
    }

    static Object deepCopy(Object v) {
        if (v instanceof double[] w) {
            return w.clone();
        } else if (v instanceof double[][] a) {
            double[][] c = a.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] = c[i] == null ? null : c[i].clone();
            }
            return c;
        } else if (v instanceof Dual[] w) {
            return w.clone();
        } else if (v instanceof Dual[][] a) {
            Dual[][] c = a.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] = c[i] == null ? null : c[i].clone();
            }
            return c;
        } else if (v instanceof Record) {
            Object[] components = Records.components(v);
            for (int k = 0; k < components.length; k++) {
                components[k] = deepCopy(components[k]);
            }
            return Records.construct(v.getClass(), Records.componentTypes(v.getClass()), components);
        }
        return v;
    }

    static Object[] deepCopy(Object[] point) {
        Object[] c = new Object[point.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = deepCopy(point[i]);
        }
        return c;
    }

    static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    /** Where {@code after} differs from {@code before} (element by element, bit for bit), or null. */
    static String difference(Object before, Object after, String name) {
        if (before instanceof double[] b && after instanceof double[] a) {
            for (int i = 0; i < b.length; i++) {
                if (!sameBits(b[i], a[i])) {
                    return name + "[" + i + "] was " + b[i] + ", is now " + a[i];
                }
            }
        } else if (before instanceof double[][] b && after instanceof double[][] a) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == null || a[i] == null) {
                    if (b[i] != a[i]) {
                        return name + "[" + i + "] was replaced";
                    }
                    continue;
                }
                if (b[i].length != a[i].length) {
                    return name + "[" + i + "] was replaced by an array of length " + a[i].length;
                }
                for (int j = 0; j < b[i].length; j++) {
                    if (!sameBits(b[i][j], a[i][j])) {
                        return name + "[" + i + "][" + j + "] was " + b[i][j] + ", is now " + a[i][j];
                    }
                }
            }
        } else if (before instanceof Record && after instanceof Record && before.getClass() == after.getClass()) {
            // a record cannot be changed, but the arrays it holds can
            Object[] b = Records.components(before);
            Object[] a = Records.components(after);
            RecordComponent[] comps = before.getClass().getRecordComponents();
            for (int k = 0; k < b.length; k++) {
                String d = difference(b[k], a[k], name + "." + comps[k].getName());
                if (d != null) {
                    return d;
                }
            }
        } else if (before instanceof Object[] b && after instanceof Object[] a) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] instanceof Object[]) {
                    String d = difference(b[i], a[i], name + "[" + i + "]");
                    if (d != null) {
                        return d;
                    }
                } else if (!java.util.Objects.equals(b[i], a[i])) {
                    return name + "[" + i + "] was " + b[i] + ", is now " + a[i];
                }
            }
        }
        return null;
    }

    /**
     * {@code value} as an argument for a parameter of type {@code type}, or null if it does not fit:
     * any Number for double, Integer (Short, Byte) for int, Long or Integer for long, Boolean, and
     * double[] / double[][] (deep-copied), Character for char, a String, a constant of the enum
     * (never null: a null String or enum fits no parameter).
     */
    static Object convert(Class<?> type, Object value) {
        if (type == double.class) {
            return value instanceof Number n ? (Object) n.doubleValue() : null;
        } else if (type == int.class) {
            return value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? (Object) ((Number) value).intValue() : null;
        } else if (type == long.class) {
            return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? (Object) ((Number) value).longValue() : null;
        } else if (type == boolean.class) {
            return value instanceof Boolean ? value : null;
        } else if (type == double[].class || type == double[][].class) {
            return type.isInstance(value) ? deepCopy(value) : null;
        } else if (type == char.class) {
            return value instanceof Character ? value : null;
        } else if (type == String.class || type.isEnum()) {
            return type.isInstance(value) ? value : null;
        } else if (type.isRecord()) {
            return type.isInstance(value) ? deepCopy(value) : null;
        }
        return null;
    }

    static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** Null if {@code partial} is a fresh array shaped like {@code arg}; else what is wrong. */
    static String freshPartialProblem(Object value, Object partial, Object arg) {
        if (value instanceof Double) {
            return null;
        }
        if (partial == null) {
            return "is null";
        }
        if (value instanceof Record) {
            return freshRecordProblem(value, partial, arg);
        }
        if (partial == arg) {
            return "is the caller's own array, not a fresh one";
        }
        if (value instanceof double[] w) {
            double[] g = (double[]) partial;
            return g.length == w.length ? null : "has length " + g.length + ", the argument " + w.length;
        }
        double[][] a = (double[][]) value;
        double[][] g = (double[][]) partial;
        if (g.length != a.length) {
            return "has " + g.length + " rows, the argument " + a.length;
        }
        for (int i = 0; i < a.length; i++) {
            int want = a[i] == null ? 0 : a[i].length;
            int have = g[i] == null ? 0 : g[i].length;
            if (want != have) {
                return "row " + i + " has length " + have + ", the argument's " + want;
            }
            if (g[i] != null && g[i] == ((double[][]) arg)[i]) {
                return "row " + i + " is the caller's own array, not a fresh one";
            }
        }
        return null;
    }

    /** Null if the partial of a record, {@code partial}, has fresh arrays shaped like those of {@code arg}; else what is wrong. */
    private static String freshRecordProblem(Object value, Object partial, Object arg) {
        if (partial.getClass() != value.getClass()) {
            return "is a " + partial.getClass().getSimpleName() + ", not a " + value.getClass().getSimpleName();
        }
        RecordComponent[] comps = value.getClass().getRecordComponents();
        Object[] values = Records.components(value);
        Object[] partials = Records.components(partial);
        Object[] args = Records.components(arg);
        for (int k = 0; k < comps.length; k++) {
            if (values[k] == null || !ParameterLeaves.isDifferentiable(comps[k].getType())) {
                continue;
            }
            String problem = freshPartialProblem(values[k], partials[k], args[k]);
            if (problem != null) {
                return "component " + comps[k].getName() + " " + problem;
            }
        }
        return null;
    }

    /** The largest finite magnitude among the derivatives given: what the mode tolerance is relative to. */
    static double largestMagnitude(double[]... derivatives) {
        double largest = 0;
        for (double[] row : derivatives) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    largest = Math.max(largest, Math.abs(v));
                }
            }
        }
        return largest;
    }

    // --------------------------------------------------------------------------------------------
    // formatting

    /** Compact: 6 significant digits. */
    static String num(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v == 0 ? (1 / v < 0 ? "-0" : "0") : Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        // strip trailing zeros of the mantissa
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        String exp = e < 0 ? "" : s.substring(e);
        if (mant.contains(".")) {
            mant = mant.replaceAll("0+$", "");
            if (mant.endsWith(".")) {
                mant = mant.substring(0, mant.length() - 1);
            }
        }
        return mant + exp;
    }

    /** Error magnitudes: 2 significant digits. */
    static String err(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        return String.format(Locale.ROOT, "%.2g", v).replace("e-0", "e-").replace("e+0", "e+");
    }

    static String describe(Object v, boolean exact) {
        if (v instanceof Double d) {
            return exact ? Double.toString(d) : num(d);
        } else if (v instanceof double[] w) {
            return array(w, exact);
        } else if (v instanceof double[][] a) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            int shown = exact ? a.length : Math.min(a.length, 3);
            for (int i = 0; i < shown; i++) {
                j.add(a[i] == null ? "null" : array(a[i], exact));
            }
            if (shown < a.length) {
                j.add("... " + a.length + " rows");
            }
            return j.toString();
        } else if (v instanceof Long l) {
            return l + "L";
        } else if (v instanceof Character c) {
            return "'" + c + "'";
        } else if (v instanceof String text) {
            return '"' + text + '"';
        } else if (v instanceof Record) {
            return Records.describe(v, exact);
        }
        return String.valueOf(v);
    }

    private static String array(double[] w, boolean exact) {
        if (exact) {
            return Arrays.toString(w);
        }
        StringJoiner j = new StringJoiner(", ", "[", "]");
        int shown = Math.min(w.length, 4);
        for (int i = 0; i < shown; i++) {
            j.add(num(w[i]));
        }
        if (shown < w.length) {
            j.add("... " + w.length + " elements");
        }
        return j.toString();
    }

    static String describePoint(String[] names, Object[] point, boolean exact) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < point.length; i++) {
            j.add(names[i] + "=" + describe(point[i], exact));
        }
        return j.toString();
    }
}
