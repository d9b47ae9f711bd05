package dev.adjoint.test;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.StringJoiner;

/** Reflection on the records of a method's parameters and results: building them and showing them. */
final class Records {

    private Records() {
    }

    /** The record of type {@code record} built by its canonical constructor from {@code args}. */
    static Object construct(Class<?> record, Class<?>[] componentTypes, Object[] args) {
        try {
            Constructor<?> canonical = record.getDeclaredConstructor(componentTypes);
            canonical.trySetAccessible();
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the canonical constructor of " + record.getName() + " threw " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build a " + record.getName() + ": " + e
                    + " (open the package to dev.adjoint.test, or make the record public)", e);
        }
    }

    /** The components' values of {@code record}, in declaration order. */
    static Object[] components(Object record) {
        RecordComponent[] comps = record.getClass().getRecordComponents();
        Object[] values = new Object[comps.length];
        for (int k = 0; k < comps.length; k++) {
            values[k] = Reflection.access(Target.accessible(comps[k].getAccessor()), record);
        }
        return values;
    }

    /** The types of the components of {@code record}, in declaration order. */
    static Class<?>[] componentTypes(Class<?> record) {
        RecordComponent[] comps = record.getRecordComponents();
        Class<?>[] types = new Class<?>[comps.length];
        for (int k = 0; k < comps.length; k++) {
            types[k] = comps[k].getType();
        }
        return types;
    }

    /**
     * {@code Point[x=0.5, y=-2.0]}, as a record's own {@code toString} would have it, whatever that does;
     * the values in full ({@code exact}) or compact.
     */
    static String describe(Object record, boolean exact) {
        if (record == null) {
            return "null";
        }
        RecordComponent[] comps = record.getClass().getRecordComponents();
        Object[] values = components(record);
        StringJoiner j = new StringJoiner(", ", record.getClass().getSimpleName() + "[", "]");
        for (int k = 0; k < comps.length; k++) {
            j.add(comps[k].getName() + "=" + Values.describe(values[k], exact));
        }
        return j.toString();
    }
}
