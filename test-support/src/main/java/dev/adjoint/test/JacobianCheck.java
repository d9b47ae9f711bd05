package dev.adjoint.test;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.Target.Input;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sweeps of a vector-valued method at one point: the method's own result (a {@code double[]}, or a
 * record of doubles flattened by {@link ResultShape}); {@code fPullback} with a unit seed per result element, which gives the Jacobian row by row (reverse mode); {@code fForward}
 * with a unit tangent per input, which gives it column by column (forward mode); and {@code fJacobian}.
 * Checked here is what needs no finite differences: every value equal to the method's bit for bit,
 * fresh arrays of the right shapes, arguments and seeds left as they were, a pullback linear in its
 * seed, and {@code fJacobian} equal to the sweeps. {@link GradCheck} then compares each entry of the
 * two Jacobians with each other and with finite differences of that result element.
 */
final class JacobianCheck {

    /** The method's result, and its Jacobian from both modes: {@code forward[i][q]}, {@code reverse[i][q]}. */
    record Sweeps(double[] value, List<Input> inputs, double[][] forward, double[][] reverse) {
    }

    private final Target t;
    private final ResultShape shape;
    private final double modeRtol;

    JacobianCheck(Target t, double modeRtol) {
        this.t = t;
        this.shape = t.result;
        this.modeRtol = modeRtol;
    }

    /**
     * Runs every sweep at {@code point}, adding to {@code failures} what is wrong ({@code at} names the
     * point); null when a failure leaves nothing to compare (a sweep threw or returned a wrong shape).
     */
    Sweeps run(Object[] point, String at, List<String> failures) {
        Object[] args = Values.deepCopy(point);
        Object result;
        try {
            result = t.callMethod(args);
        } catch (Throwable e) {
            failures.add(at + ": the method itself threw " + e + "; restrict the domain or give the parameter a fixed value");
            return null;
        }
        t.reportModified(t.name(), point, args, at, failures);
        if (result == null || shape.nullComponent(result) != null) {
            failures.add(at + ": the method itself returned " + (result == null ? "null" : "a record whose "
                    + shape.nullComponent(result) + " is null") + ": there is no result to differentiate");
            return null;
        }
        double[] value = shape.elements(result);
        List<Input> inputs = t.inputs(point);
        double[][] reverse = new double[value.length][];
        for (int i = 0; i < value.length; i++) {
            double[] seed = new double[value.length];
            seed[i] = 1;
            reverse[i] = pullback(point, seed, value, at, failures);
            if (reverse[i] == null) {
                return null;
            }
        }
        double[][] forward = forward(point, value, inputs, at, failures);
        if (forward == null) {
            return null;
        }
        if (!inputs.isEmpty() && value.length > 0) {
            checkLinearity(point, value, inputs, reverse, at, failures);
            if (t.jacobian != null) {
                checkJacobian(point, value.length, inputs, forward, reverse, at, failures);
            }
        }
        return new Sweeps(value, inputs, forward, reverse);
    }

    /** {@code fPullback} with {@code seed}: seedᵀJ flattened as {@link Target#inputs}, or null after a failure. */
    private double[] pullback(Object[] point, double[] seed, double[] value, String at,
                              List<String> failures) {
        String name = t.gradient.getName();
        Object seedArgument = shape.seed(seed);
        String call = name + " with seed " + shape.describe(seedArgument);
        Object[] args = Arrays.copyOf(Values.deepCopy(point), point.length + 1);
        args[point.length] = seedArgument;
        Object record;
        try {
            record = Reflection.invoke(t.gradient, args);
        } catch (Throwable e) {
            failures.add(at + ": " + call + " threw " + e);
            return null;
        }
        t.reportModified(name, point, args, at, failures);
        // a record seed cannot be modified: its components are doubles or records of doubles
        if (seedArgument instanceof double[] seedCopy && !Arrays.equals(seed, seedCopy)) {
            failures.add(at + ": " + call + " modified its seed: it is now " + Arrays.toString(seedCopy));
        }
        if (record == null) {
            failures.add(at + ": " + call + " returned null");
            return null;
        }
        Object pulled = Reflection.access(t.valueAccessor, record);
        double[] pulledValue = pulled == null || shape.nullComponent(pulled) != null ? null : shape.elements(pulled);
        if (pulledValue == null || pulledValue.length != value.length) {
            failures.add(at + ": " + call + ": value() is " + (pulled == null ? "null" : pulledValue == null
                    ? "a record whose " + shape.nullComponent(pulled) + " is null" : "of length " + pulledValue.length)
                    + ", but the method returns " + value.length + " elements");
            return null;
        }
        if (!shape.isRecord() && Arrays.asList(args).contains(pulled)) {
            failures.add(at + ": " + call + ": value() is an argument's own array, not a fresh copy");
        }
        String differs = firstDifference(pulledValue, value);
        if (differs != null) {
            failures.add(at + ": " + call + ": value()" + differs + " (values must be equal bit for bit)");
        }
        return t.flatPartials(record, point, args, at + ": " + call + ": the partial for ", failures);
    }

    /** {@code fForward} with tangent 1 on each input in turn: the Jacobian's columns, stored as {@code [i][q]}. */
    private double[][] forward(Object[] point, double[] value, List<Input> inputs, String at, List<String> failures) {
        String name = t.forward.getName();
        double[][] jacobian = new double[value.length][inputs.size()];
        boolean valueReported = false;
        for (int q = 0; q < inputs.size(); q++) {
            String call = name + " seeded on " + inputs.get(q).label();
            Object[] args = t.forwardArguments(point, inputs.get(q));
            Object[] before = Values.deepCopy(args);
            Object result;
            try {
                result = Reflection.invoke(t.forward, args);
            } catch (Throwable e) {
                failures.add(at + ": " + call + " threw " + e);
                return null;
            }
            String diff = t.forwardArgumentChange(before, args);
            if (diff != null) {
                failures.add(at + ": " + name + " modified its Dual argument: " + diff);
            }
            double[][] valueAndTangent = shape.isRecord()
                    ? recordSweep(result, call, at, failures) : arraySweep((Dual[]) result, value.length, call, at, failures);
            if (valueAndTangent == null) {
                return null;
            }
            for (int i = 0; i < value.length; i++) {
                jacobian[i][q] = valueAndTangent[1][i];
                if (!valueReported && !Values.sameBits(valueAndTangent[0][i], value[i])) {
                    failures.add(at + ": " + call + ": " + shape.element(i) + " has value " + valueAndTangent[0][i]
                            + " but the method's is " + value[i] + " (values must be equal bit for bit)");
                    valueReported = true;
                }
            }
        }
        return jacobian;
    }

    /** A forward sweep's {@code Dual[]} as its values and its tangents; null after a failure. */
    private static double[][] arraySweep(Dual[] result, int length, String call, String at, List<String> failures) {
        if (result == null || result.length != length) {
            failures.add(at + ": " + call + " returned " + (result == null ? "null" : result.length + " elements")
                    + ", but the method returns " + length);
            return null;
        }
        double[][] valueAndTangent = new double[2][length];
        for (int i = 0; i < length; i++) {
            if (result[i] == null) {
                failures.add(at + ": " + call + " returned null for element [" + i + "]");
                return null;
            }
            valueAndTangent[0][i] = result[i].value();
            valueAndTangent[1][i] = result[i].tangent();
        }
        return valueAndTangent;
    }

    /** A forward sweep's record {@code (R value, R tangent)} as the flattened value and tangent; null after a failure. */
    private double[][] recordSweep(Object result, String call, String at, List<String> failures) {
        if (result == null) {
            failures.add(at + ": " + call + " returned null");
            return null;
        }
        Object value = Reflection.access(t.forwardValue, result);
        Object tangent = Reflection.access(t.forwardTangent, result);
        for (Object part : new Object[] {value, tangent}) {
            String missing = part == null ? "" : shape.nullComponent(part);
            if (missing != null) {
                String which = part == value ? "value" : "tangent";
                failures.add(at + ": " + call + " returned " + (missing.isEmpty() ? "a null " + which
                        : "a " + which + " whose " + missing + " is null"));
                return null;
            }
        }
        return new double[][] {shape.elements(value), shape.elements(tangent)};
    }

    /**
     * A pullback is linear in its seed: with seed {@code s} it must give {@code Σ s[i] · row i} of the
     * unit-seed sweeps (a pullback right only for unit seeds would pass every other check).
     */
    private void checkLinearity(Object[] point, double[] value, List<Input> inputs, double[][] rows, String at,
                                List<String> failures) {
        double[] seed = new double[value.length];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (i % 2 == 0 ? 0.5 : -1) * (1 + i);
        }
        double[] pulled = pullback(point, seed, value, at, failures);
        if (pulled == null) {
            return;
        }
        for (int q = 0; q < inputs.size(); q++) {
            double expected = 0;
            double scale = 0;
            for (int i = 0; i < seed.length; i++) {
                expected += seed[i] * rows[i][q];
                scale += Math.abs(seed[i] * rows[i][q]);
            }
            if (!close(pulled[q], expected, scale)) {
                failures.add(String.format(Locale.ROOT, "%s: %s with seed %s gives %s for %s, but the same sum of its"
                                + " unit-seed rows gives %s (a pullback must be linear in its seed)", at,
                        t.gradient.getName(), shape.describe(shape.seed(seed)), pulled[q], inputs.get(q).label(),
                        expected));
                return;
            }
        }
    }

    /** {@code fJacobian}, built by either mode, must give the very entries of both sweeps (to the mode tolerance). */
    private void checkJacobian(Object[] point, int outputs, List<Input> inputs, double[][] forward, double[][] reverse,
                               String at, List<String> failures) {
        String name = t.jacobian.getName();
        Object[] args = Values.deepCopy(point);
        double[][] jacobian;
        try {
            jacobian = (double[][]) Reflection.invoke(t.jacobian, args);
        } catch (Throwable e) {
            failures.add(at + ": " + name + " threw " + e);
            return;
        }
        t.reportModified(name, point, args, at, failures);
        if (jacobian == null || jacobian.length != outputs) {
            failures.add(at + ": " + name + " returned " + (jacobian == null ? "null" : jacobian.length + " rows")
                    + ", expected " + outputs + " (one per " + shape.unit() + " of the result)");
            return;
        }
        for (int i = 0; i < outputs; i++) {
            if (jacobian[i] == null || jacobian[i].length != inputs.size()) {
                failures.add(at + ": " + name + " row " + i + " has " + (jacobian[i] == null ? "null" : jacobian[i].length
                        + " entries") + ", expected " + inputs.size() + " (one per scalar input)");
                return;
            }
            double scale = Values.largestMagnitude(forward[i], reverse[i]);
            for (int q = 0; q < inputs.size(); q++) {
                double entry = jacobian[i][q];
                if (!close(entry, forward[i][q], scale) || !close(entry, reverse[i][q], scale)) {
                    failures.add(String.format(Locale.ROOT, "%s: %s entry %s = %s, but forward mode gives %s and reverse"
                                    + " mode %s", at, name, shape.entryLabel(i, inputs.get(q)), entry, forward[i][q],
                            reverse[i][q]));
                }
            }
        }
    }

    private boolean close(double a, double b, double scale) {
        return Values.sameBits(a, b) || (Double.isNaN(a) && Double.isNaN(b))
                || Math.abs(a - b) <= modeRtol * Math.max(scale, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** Where {@code actual} first differs from {@code expected}, bit for bit: {@code "[1] is x, the method's y"}; else null. */
    private String firstDifference(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (!Values.sameBits(actual[i], expected[i])) {
                return shape.selector(i) + " is " + actual[i] + ", but the method's is " + expected[i];
            }
        }
        return null;
    }
}
