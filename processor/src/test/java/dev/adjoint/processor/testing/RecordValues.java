package dev.adjoint.processor.testing;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arguments and results holding records, flattened as Hessians and Jacobians flatten them (doubles,
 * arrays element by element, matrices row by row, records component by component; ints, longs and
 * booleans add nothing), and rebuilt around moved values, for checks by differences.
 */
public final class RecordValues {

    private RecordValues() {
    }

    /** The values flattened, one after another. */
    public static double[] flatten(Object... values) {
        List<Double> out = new ArrayList<>();
        for (Object value : values) {
            flatten(value, out);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Object value, List<Double> out) {
        if (value instanceof Double d) {
            out.add(d);
        } else if (value instanceof double[] a) {
            Arrays.stream(a).forEach(out::add);
        } else if (value instanceof double[][] m) {
            for (double[] row : m) {
                flatten(row, out);
            }
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                flatten(component(r, c), out);
            }
        }
    }

    /** The components of a gradient, pullback or forward record but {@code value}, flattened. */
    public static double[] partials(Object record) {
        List<Double> out = new ArrayList<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (!c.getName().equals("value")) {
                flatten(component((Record) record, c), out);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The arguments marked {@code differentiable}, flattened. */
    public static double[] inputs(Object[] args, boolean[] differentiable) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (differentiable[i]) {
                flatten(args[i], out);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The arguments with flattened input {@code j} moved by {@code h}, records and arrays rebuilt around it. */
    public static Object[] moved(Object[] args, boolean[] differentiable, int j, double h) {
        double[] values = inputs(args, differentiable);
        values[j] += h;
        return replaced(args, differentiable, values);
    }

    /** The arguments marked {@code differentiable} rebuilt with {@code values}, in flattened order. */
    public static Object[] replaced(Object[] args, boolean[] differentiable, double[] values) {
        int[] next = {0};
        Object[] copy = args.clone();
        for (int i = 0; i < args.length; i++) {
            if (differentiable[i]) {
                copy[i] = rebuilt(args[i], values, next);
            }
        }
        return copy;
    }

    /** {@code template}'s shape with the next values: a record of the same type, its other components kept. */
    public static Object rebuilt(Object template, double[] values, int[] next) {
        if (template instanceof Double) {
            return values[next[0]++];
        }
        if (template instanceof double[] a) {
            double[] copy = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                copy[i] = values[next[0]++];
            }
            return copy;
        }
        if (template instanceof double[][] m) {
            double[][] copy = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
                copy[i] = (double[]) rebuilt(m[i], values, next);
            }
            return copy;
        }
        if (template instanceof Record r) {
            RecordComponent[] components = r.getClass().getRecordComponents();
            Object[] parts = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                parts[i] = rebuilt(component(r, components[i]), values, next);
            }
            return newRecord(r.getClass(), parts);
        }
        return template;
    }

    /** A record of {@code type} from its components, with its canonical constructor. */
    public static Object newRecord(Class<?> type, Object... components) {
        RecordComponent[] declared = type.getRecordComponents();
        Class<?>[] types = new Class<?>[declared.length];
        for (int i = 0; i < declared.length; i++) {
            types[i] = declared[i].getType();
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(components);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build a " + type, e);
        }
    }

    private static Object component(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
