package dev.adjoint.processor.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * The points column of {@code methods.tsv}: points separated by {@code ;}, the arguments of a point
 * by {@code ,} in parameter order, arrays in brackets ({@code [1.5, 2, 3], 0.25}), matrices as
 * brackets of brackets. Each argument is boxed for its declared parameter type, as
 * {@code GradientChecker} and reflection want it.
 */
final class Points {

    private Points() {
    }

    static List<Object[]> parse(String column, List<String> parameterTypes) {
        List<Object[]> points = new ArrayList<>();
        if (column.isBlank() || column.equals("-")) {
            return points;
        }
        for (String point : splitTopLevel(column, ';')) {
            List<String> args = splitTopLevel(point, ',');
            if (args.size() != parameterTypes.size()) {
                throw new IllegalArgumentException("point (" + point.strip() + ") has " + args.size()
                        + " arguments for parameters " + parameterTypes);
            }
            Object[] values = new Object[args.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(args.get(i).strip(), parameterTypes.get(i));
            }
            points.add(values);
        }
        return points;
    }

    private static Object value(String text, String type) {
        switch (type) {
            case "double":
                return Double.parseDouble(text);
            case "int":
                return Integer.parseInt(text);
            case "long":
                return Long.parseLong(text);
            case "boolean":
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException("not a boolean: " + text);
                }
                return Boolean.valueOf(text);
            case "double[]":
                return vector(text);
            case "double[][]":
                List<String> rows = splitTopLevel(unbracket(text), ',');
                double[][] matrix = new double[rows.size()][];
                for (int i = 0; i < matrix.length; i++) {
                    matrix[i] = vector(rows.get(i).strip());
                }
                return matrix;
            default:
                throw new IllegalArgumentException("no points for parameters of type " + type);
        }
    }

    private static double[] vector(String text) {
        String inner = unbracket(text).strip();
        if (inner.isEmpty()) {
            return new double[0];
        }
        return splitTopLevel(inner, ',').stream().mapToDouble(s -> Double.parseDouble(s.strip())).toArray();
    }

    private static String unbracket(String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IllegalArgumentException("expected [ ... ], found " + text);
        }
        return text.substring(1, text.length() - 1);
    }

    private static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
