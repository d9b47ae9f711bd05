package dev.adjoint.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The points a method is checked at: the explicit {@code at(...)} points that fit its parameters,
 * then (unless only explicit points were given) random points from a generator seeded by the run's
 * seed and the method's signature, so that a method's points do not depend on which others are
 * checked. Doubles and array elements are drawn from the domains, arrays with the sizes the builder
 * was given, per parameter where it was told about one by name.
 */
final class Points {

    private final double lo;
    private final double hi;
    private final int arrayLength;
    private final int rows;
    private final int columns;
    private final int count;
    private final boolean countGiven;
    private final long seed;
    private final Map<String, ParameterSpec> specs;
    private final List<Object[]> explicitPoints;

    Points(double lo, double hi, int arrayLength, int rows, int columns, int count, boolean countGiven, long seed,
           Map<String, ParameterSpec> specs, List<Object[]> explicitPoints) {
        this.lo = lo;
        this.hi = hi;
        this.arrayLength = arrayLength;
        this.rows = rows;
        this.columns = columns;
        this.count = count;
        this.countGiven = countGiven;
        this.seed = seed;
        this.specs = specs;
        this.explicitPoints = explicitPoints;
    }

    /** Every point {@code t} is checked at: its explicit points, then its random ones (each enum constant in turn). */
    List<Object[]> of(Target t) {
        List<Object[]> pts = new ArrayList<>();
        for (Object[] p : explicitPoints) {
            Object[] converted = convert(t.types, p);
            if (converted != null) {
                pts.add(converted);
            }
        }
        if (explicitPoints.isEmpty() || countGiven) {
            Random random = new Random(seed ^ (long) t.signature.hashCode() * 0x9E3779B97F4A7C15L);
            for (int i = 0; i < count; i++) {
                pts.addAll(ValueParameters.expand(draw(t, random), t.types));
            }
        }
        return pts;
    }

    /** {@code args} converted to arguments of parameters {@code types} (see {@link Values#convert}), or null if they do not fit. */
    static Object[] convert(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            return null;
        }
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = Values.convert(types[i], args[i]);
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    private Object[] draw(Target t, Random r) {
        Object[] p = new Object[t.types.length];
        for (int i = 0; i < p.length; i++) {
            ParameterSpec s = null;
            for (Map.Entry<String, ParameterSpec> e : specs.entrySet()) {
                if (t.names(i, e.getKey())) {
                    s = e.getValue();
                }
            }
            p[i] = draw(t, r, i, s);
        }
        return p;
    }

    private Object draw(Target t, Random r, int i, ParameterSpec s) {
        Class<?> type = t.types[i];
        if (s != null && (s.hasFixed || s.generator != null)) {
            Object raw = s.hasFixed ? s.fixed : s.generator.apply(r);
            Object v = Values.convert(type, raw);
            if (v == null) {
                throw new IllegalArgumentException(t.signature + ": parameter " + t.names[i] + " is "
                        + type.getSimpleName() + " but was given a " + Values.typeOf(raw));
            }
            return v;
        }
        if (type == double.class || type == double[].class || type == double[][].class || type.isRecord()) {
            return drawDifferentiable(r, type, s);
        } else if (type == boolean.class) {
            return r.nextBoolean();
        } else if (ValueParameters.isValueType(type)) {
            return ValueParameters.draw(t.signature, t.names[i], type);
        }
        long first = s != null && s.lo != null ? (long) Math.ceil(s.lo) : 1;
        long last = s != null && s.hi != null ? (long) Math.floor(s.hi) : 3;
        if (first > last) {
            throw new IllegalArgumentException(t.signature + ": the domain of " + t.names[i] + " holds no integer");
        }
        return drawInteger(r, type, first, last);
    }

    /**
     * A {@code double}, {@code double[]}, {@code double[][]} or record with the parameter's settings
     * {@code s}: every double in its domain, arrays of its sizes; a record's {@code int} and
     * {@code long} components in [1, 3] (the domain is its doubles'), its booleans either way.
     */
    private Object drawDifferentiable(Random r, Class<?> type, ParameterSpec s) {
        double a = s != null && s.lo != null ? s.lo : lo;
        double b = s != null && s.hi != null ? s.hi : hi;
        if (type == double.class) {
            return uniform(r, a, b);
        } else if (type == double[].class) {
            int n = s != null && s.length != null ? s.length : arrayLength;
            double[] w = new double[n];
            for (int k = 0; k < n; k++) {
                w[k] = uniform(r, a, b);
            }
            return w;
        } else if (type == double[][].class) {
            int m = s != null && s.rows != null ? s.rows : rows;
            int n = s != null && s.columns != null ? s.columns : columns;
            double[][] x = new double[m][n];
            for (int k = 0; k < m; k++) {
                for (int l = 0; l < n; l++) {
                    x[k][l] = uniform(r, a, b);
                }
            }
            return x;
        } else if (type == boolean.class) {
            return r.nextBoolean();
        } else if (type == int.class || type == long.class) {
            return drawInteger(r, type, 1, 3);
        }
        Class<?>[] types = Records.componentTypes(type);
        Object[] components = new Object[types.length];
        for (int k = 0; k < types.length; k++) {
            components[k] = drawDifferentiable(r, types[k], s);
        }
        return Records.construct(type, types, components);
    }

    private static Object drawInteger(Random r, Class<?> type, long first, long last) {
        long v = first + (long) Math.floor(r.nextDouble() * (last - first + 1));
        v = Math.min(v, last);
        if (type == int.class) {
            return (int) v;
        }
        return v;
    }

    private static double uniform(Random r, double a, double b) {
        return a + (b - a) * r.nextDouble();
    }
}
