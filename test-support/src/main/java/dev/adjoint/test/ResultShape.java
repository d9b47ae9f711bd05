package dev.adjoint.test;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The result of a vector-valued method as the rows of its Jacobian see it: a {@code double[]}'s
 * elements, or a record's {@code double} components in declaration order, nested records in place
 * ({@code Segment(Point from, Point to, double weight)}: {@code from.x}, {@code from.y}, {@code to.x},
 * {@code to.y}, {@code weight}). It flattens results, builds the seeds a pullback takes (a
 * {@code double[]}, or a record of the result's type) and names the elements in messages:
 * {@code J[0][theta] = d polar[0]/d theta} for an array, {@code J[x][theta] = d polar.x/d theta} for a record.
 */
abstract class ResultShape {

    /** The shape of a {@code double[]} result. */
    static final ResultShape ARRAY = new ArrayShape();

    /**
     * The shape of a method's result type: {@link #ARRAY} for {@code double[]}, a record's for a record of
     * doubles (see {@link #recordProblem}), null for anything else.
     */
    static ResultShape of(Class<?> type) {
        if (type == double[].class) {
            return ARRAY;
        }
        return type.isRecord() && recordProblem(type) == null ? new RecordShape(type) : null;
    }

    /**
     * Why {@code type}, a record, is not a record of doubles (a component of another type than
     * {@code double} or a record of doubles), or null if it is one.
     */
    static String recordProblem(Class<?> type) {
        for (RecordComponent c : type.getRecordComponents()) {
            Class<?> ct = c.getType();
            if (ct == double.class) {
                continue;
            }
            String inner = ct.isRecord() && ct != type ? recordProblem(ct) : null;
            if (!ct.isRecord() || ct == type || inner != null) {
                return inner != null ? inner : "component " + c.getName() + " of " + type.getSimpleName()
                        + " is " + ct.getSimpleName() + ", not a double or a record of doubles";
            }
        }
        return null;
    }

    abstract boolean isRecord();

    /** The elements of {@code result} (not null), flattened; null where a nested record is null. */
    abstract double[] elements(Object result);

    /** The path of the first null nested record of {@code result} (not null), or null if there is none. */
    abstract String nullComponent(Object result);

    /** Element {@code i} as a Jacobian entry names it: {@code 0}, {@code x}, {@code from.x}. */
    abstract String name(int i);

    /** Element {@code i} after the method's name: {@code [0]}, {@code .x}. */
    abstract String selector(int i);

    /** Element {@code i} in a sentence: {@code element [0]}, {@code component x}. */
    abstract String element(int i);

    /** The seed argument of a pullback whose flattened elements are {@code elements}. */
    abstract Object seed(double[] elements);

    /** A seed in a message: {@code [0.5, -2.0]}, {@code Point[x=0.5, y=-2.0]}. */
    abstract String describe(Object seed);

    /** What the result has one of, in a sentence: {@code element}, {@code component}. */
    abstract String unit();

    /** {@code J[i][x]}: the derivative of result element {@code i} with respect to input {@code x}. */
    String entryLabel(int i, Target.Input in) {
        return "J[" + name(i) + "][" + in.label() + "]";
    }

    private static final class ArrayShape extends ResultShape {

        @Override
        boolean isRecord() {
            return false;
        }

        @Override
        double[] elements(Object result) {
            return (double[]) result;
        }

        @Override
        String nullComponent(Object result) {
            return null;
        }

        @Override
        String name(int i) {
            return Integer.toString(i);
        }

        @Override
        String selector(int i) {
            return "[" + i + "]";
        }

        @Override
        String element(int i) {
            return "element [" + i + "]";
        }

        @Override
        Object seed(double[] elements) {
            return elements.clone();
        }

        @Override
        String describe(Object seed) {
            return Arrays.toString((double[]) seed);
        }

        @Override
        String unit() {
            return "element";
        }
    }

    /** A record of doubles: its leaves, each the chain of accessors from the result to a double. */
    private static final class RecordShape extends ResultShape {
        private final Class<?> type;
        private final List<String> paths = new ArrayList<>();
        private final List<Method[]> accessors = new ArrayList<>();

        RecordShape(Class<?> type) {
            this.type = type;
            collect(type, "", new Method[0]);
        }

        private void collect(Class<?> record, String prefix, Method[] chain) {
            for (RecordComponent c : record.getRecordComponents()) {
                Method[] longer = Arrays.copyOf(chain, chain.length + 1);
                longer[chain.length] = Target.accessible(c.getAccessor());
                if (c.getType() == double.class) {
                    paths.add(prefix + c.getName());
                    accessors.add(longer);
                } else {
                    collect(c.getType(), prefix + c.getName() + ".", longer);
                }
            }
        }

        @Override
        boolean isRecord() {
            return true;
        }

        @Override
        double[] elements(Object result) {
            double[] flat = new double[paths.size()];
            for (int i = 0; i < flat.length; i++) {
                Object v = result;
                for (Method m : accessors.get(i)) {
                    v = Reflection.access(m, v);
                    if (v == null) {
                        return null;
                    }
                }
                flat[i] = (Double) v;
            }
            return flat;
        }

        @Override
        String nullComponent(Object result) {
            return nullComponent(result, "");
        }

        private static String nullComponent(Object record, String prefix) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                if (c.getType().isRecord()) {
                    Object v = Reflection.access(Target.accessible(c.getAccessor()), record);
                    String inner = v == null ? prefix + c.getName() : nullComponent(v, prefix + c.getName() + ".");
                    if (inner != null) {
                        return inner;
                    }
                }
            }
            return null;
        }

        @Override
        String name(int i) {
            return paths.get(i);
        }

        @Override
        String selector(int i) {
            return "." + paths.get(i);
        }

        @Override
        String element(int i) {
            return "component " + paths.get(i);
        }

        @Override
        Object seed(double[] elements) {
            return build(type, elements, new int[1]);
        }

        /** A record of type {@code record} from the leaves in {@code elements} from {@code next[0]} on. */
        private static Object build(Class<?> record, double[] elements, int[] next) {
            Class<?>[] types = Records.componentTypes(record);
            Object[] args = new Object[types.length];
            for (int k = 0; k < types.length; k++) {
                args[k] = types[k] == double.class ? (Object) elements[next[0]++] : build(types[k], elements, next);
            }
            return Records.construct(record, types, args);
        }

        @Override
        String describe(Object seed) {
            return Records.describe(seed, true);
        }

        @Override
        String unit() {
            return "component";
        }
    }
}
