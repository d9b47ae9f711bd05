package dev.adjoint.test;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.Target.Input;
import java.util.List;

/**
 * The sweeps of a scalar method (returning {@code double}) at one point: the method itself,
 * {@code fGradient} (reverse mode, every partial at once) and {@code fForward} with a unit tangent per
 * input (forward mode, one partial each). Checked here is what needs no finite differences: the values
 * equal the method's bit for bit, arguments left as they were, the gradient's arrays fresh and of the
 * arguments' shapes. {@link DerivativeComparisons} then compares the two modes' partials.
 */
final class ScalarCheck {

    /** The method's value and its partials from both modes, input by input. */
    record Sweeps(double value, List<Input> inputs, double[] forward, double[] reverse) {
    }

    private final Target t;

    ScalarCheck(Target t) {
        this.t = t;
    }

    /**
     * Runs every sweep at {@code point}, adding to {@code failures} what is wrong ({@code at} names the
     * point); null when a failure leaves nothing to compare (a sweep threw or returned a wrong shape).
     */
    Sweeps run(Object[] point, String at, List<String> failures) {
        // the method itself
        Object[] args = Values.deepCopy(point);
        double value;
        try {
            value = (Double) t.callMethod(args);
        } catch (Throwable e) {
            failures.add(at + ": the method itself threw " + e
                    + "; restrict the domain or give the parameter a fixed value");
            return null;
        }
        t.reportModified(t.name(), point, args, at, failures);

        double[] reverse = reverse(point, value, at, failures);
        if (reverse == null) {
            return null;
        }
        List<Input> inputs = t.inputs(point);
        double[] forward = forward(point, value, inputs, at, failures);
        return forward == null ? null : new Sweeps(value, inputs, forward, reverse);
    }

    /** {@code fGradient}'s partials, flattened as the inputs; null after a failure. */
    private double[] reverse(Object[] point, double value, String at, List<String> failures) {
        Object[] args = Values.deepCopy(point);
        Object record;
        try {
            record = Reflection.invoke(t.gradient, args);
        } catch (Throwable e) {
            failures.add(at + ": " + t.gradient.getName() + " threw " + e + " where the method returns " + value);
            return null;
        }
        t.reportModified(t.gradient.getName(), point, args, at, failures);
        if (record == null) {
            failures.add(at + ": " + t.gradient.getName() + " returned null");
            return null;
        }
        double reverseValue = (Double) Reflection.access(t.valueAccessor, record);
        if (!Values.sameBits(reverseValue, value)) {
            failures.add(at + ": " + t.gradient.getName() + "(..).value() is " + reverseValue
                    + " but the method returns " + value + " (values must be equal bit for bit)");
        }
        double[] reverse = t.flatPartials(record, point, args, at + ": " + t.gradient.getName() + "'s partial for ",
                failures);
        if (reverse == null) {
            return null;
        }
        return reverse;
    }

    /** {@code fForward} seeded on each input in turn: the tangents; null after a failure. */
    private double[] forward(Object[] point, double value, List<Input> inputs, String at, List<String> failures) {
        double[] forward = new double[inputs.size()];
        boolean valueReported = false;
        for (int q = 0; q < forward.length; q++) {
            Object[] fargs = t.forwardArguments(point, inputs.get(q));
            Object[] before = Values.deepCopy(fargs);
            Dual d;
            try {
                d = (Dual) Reflection.invoke(t.forward, fargs);
            } catch (Throwable e) {
                failures.add(at + ": " + t.forward.getName() + " seeded on " + inputs.get(q).label() + " threw " + e
                        + " where the method returns " + value);
                return null;
            }
            if (d == null) {
                failures.add(at + ": " + t.forward.getName() + " returned null");
                return null;
            }
            String diff = t.forwardArgumentChange(before, fargs);
            if (diff != null) {
                failures.add(at + ": " + t.forward.getName() + " modified its Dual argument: " + diff);
            }
            forward[q] = d.tangent();
            if (!valueReported && !Values.sameBits(d.value(), value)) {
                failures.add(at + ": " + t.forward.getName() + " seeded on " + inputs.get(q).label() + " has value "
                        + d.value() + " but the method returns " + value + " (values must be equal bit for bit)");
                valueReported = true;
            }
        }
        return forward;
    }
}
