package dev.adjoint.test;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters a {@code @Differentiable} method only passes around, compares and switches on:
 * {@code char}, {@code String} and enums. They are never differentiated; the generated methods take
 * them unchanged. At random points an enum takes every one of its constants (each point is checked
 * once per constant, so that every branch a switch on it has is checked, however few the points);
 * a {@code char} or a {@code String} has no domain to draw from, so its values must be given.
 */
final class ValueParameters {

    /** In a drawn point, an enum parameter that takes each of its constants in turn. */
    private static final Object EVERY_CONSTANT = new Object() {
        @Override
        public String toString() {
            return "every constant";
        }
    };

    private ValueParameters() {
    }

    static boolean isValueType(Class<?> type) {
        return type == char.class || type == String.class || type.isEnum();
    }

    /**
     * The value drawn for value-only parameter {@code name} of type {@code type} when the user gave
     * none: an enum's every constant; for a char or a String, an IllegalArgumentException saying how
     * to give them.
     */
    static Object draw(String signature, String name, Class<?> type) {
        if (type.isEnum()) {
            if (type.getEnumConstants().length == 0) {
                throw new IllegalArgumentException(signature + ": parameter " + name + " is the enum "
                        + type.getSimpleName() + ", which has no constants to check it with");
            }
            return EVERY_CONSTANT;
        }
        throw new IllegalArgumentException(signature + ": parameter " + name + " is a " + type.getSimpleName()
                + ", which GradCheck does not draw at random points; give its values with fixed(\"" + name
                + "\", ...) or generate(\"" + name + "\", r -> ...), or check explicit points with at(...)");
    }

    /**
     * {@code point} once per constant of each enum parameter drawn as every constant (once per
     * combination when there are several), constants in declaration order.
     */
    static List<Object[]> expand(Object[] point, Class<?>[] types) {
        List<Object[]> points = new ArrayList<>();
        points.add(point);
        for (int i = 0; i < point.length; i++) {
            if (point[i] != EVERY_CONSTANT) {
                continue;
            }
            List<Object[]> expanded = new ArrayList<>();
            for (Object[] p : points) {
                for (Object constant : types[i].getEnumConstants()) {
                    Object[] copy = Values.deepCopy(p);
                    copy[i] = constant;
                    expanded.add(copy);
                }
            }
            points = expanded;
        }
        return points;
    }
}
