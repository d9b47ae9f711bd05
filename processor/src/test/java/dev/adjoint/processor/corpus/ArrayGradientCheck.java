package dev.adjoint.processor.corpus;

import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.Ridders;
import dev.adjoint.processor.testing.ArrayArguments;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The derivative check for what {@link GradientChecker} does not take: {@code double[]} and
 * {@code double[][]} parameters, and a {@code double[]} result. Over the flattened differentiable
 * inputs (scalars in declaration order, arrays element by element) it builds the Jacobian three ways
 * and demands they agree, with GradientChecker's tolerances:
 * <ul>
 *   <li>forward mode, one {@code fForward} sweep per input (its values must equal the original's bit
 *       for bit);</li>
 *   <li>reverse mode: {@code fGradient} for a {@code double} result (its value bit for bit too),
 *       {@code fJacobian} for a {@code double[]} one;</li>
 *   <li>Ridders-extrapolated central differences of the original method.</li>
 * </ul>
 * No generated method may change the caller's arrays.
 */
final class ArrayGradientCheck {

    private final Method original;
    private final Class<?> gradClass;

    ArrayGradientCheck(Method original, Class<?> gradClass) {
        this.original = original;
        this.gradClass = gradClass;
        original.setAccessible(true);
    }

    /** Runs every check at one point; returns the failures (empty when all agree). */
    List<String> check(Object[] args) {
        List<String> failures = new ArrayList<>();
        boolean vector = original.getReturnType() == double[].class;
        double[] value = values(invoke(original, ArrayArguments.deepCopy(args)));
        int inputs = inputCount(args);
        int outputs = value.length;

        double[][] forward = new double[outputs][inputs];
        Method fForward = generated(original.getName() + "Forward");
        for (int k = 0; k < inputs; k++) {
            Object[] seeded = new Object[args.length];
            int[] position = {0};
            for (int i = 0; i < args.length; i++) {
                seeded[i] = ArrayArguments.seed(args[i], k, position);
            }
            Object result = invoke(fForward, seeded);
            Dual[] duals = vector ? (Dual[]) result : new Dual[] {(Dual) result};
            for (int r = 0; r < outputs; r++) {
                forward[r][k] = duals[r].tangent();
                if (!sameBits(duals[r].value(), value[r])) {
                    failures.add(String.format(Locale.ROOT, "%s seeded on input %d: value[%d] %s, the original gives %s",
                            fForward.getName(), k, r, duals[r].value(), value[r]));
                }
            }
        }

        double[][] reverse;
        if (vector) {
            reverse = (double[][]) invoke(generated(original.getName() + "Jacobian"), ArrayArguments.deepCopy(args));
        } else {
            Object record = invoke(generated(original.getName() + "Gradient"), ArrayArguments.deepCopy(args));
            List<Double> flat = new ArrayList<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                ArrayArguments.flatten(component(c, record), flat);
            }
            if (!sameBits(flat.get(0), value[0])) {
                failures.add("gradient value " + flat.get(0) + ", the original gives " + value[0]);
            }
            reverse = new double[][] {flat.subList(1, flat.size()).stream().mapToDouble(Double::doubleValue).toArray()};
        }

        double floorScale = 0;
        for (double v : value) {
            floorScale = Math.max(floorScale, Math.abs(v));
        }
        for (int k = 0; k < inputs; k++) {
            double[][] fd = riddersColumn(args, k, outputs);
            for (int r = 0; r < outputs; r++) {
                double f = forward[r][k];
                double b = reverse[r][k];
                String at = String.format(Locale.ROOT, "d(out %d)/d(in %d)", r, k);
                if (!(Math.abs(f - b) <= GradientChecker.AD_RELATIVE * Math.max(1, Math.max(Math.abs(f), Math.abs(b))))) {
                    failures.add(at + ": forward " + f + " and reverse " + b + " disagree");
                }
                double floor = GradientChecker.FD_ABSOLUTE * Math.max(1, floorScale);
                double tol = GradientChecker.FD_RELATIVE * Math.max(Math.abs(b), Math.abs(fd[0][r])) + floor;
                if (!(Math.abs(b - fd[0][r]) <= tol) || !(Math.abs(f - fd[0][r]) <= tol)) {
                    failures.add(at + ": forward " + f + ", reverse " + b + ", finite differences " + fd[0][r]
                            + " (estimated error " + fd[1][r] + ")");
                }
            }
        }
        return failures;
    }

    /** {estimates, errors} of the derivatives of every output with respect to input k. */
    private double[][] riddersColumn(Object[] args, int k, int outputs) {
        double x = read(args, k);
        double[] steps = Ridders.steps(1e-2 * Math.max(1, Math.abs(x)));
        double[][] out = new double[2][outputs];
        for (int r = 0; r < outputs; r++) {
            int row = r;
            double[] est = Ridders.extrapolate(i -> {
                Object[] plus = ArrayArguments.deepCopy(args);
                Object[] minus = ArrayArguments.deepCopy(args);
                write(plus, k, x + steps[i]);
                write(minus, k, x - steps[i]);
                double fp = values(invoke(original, plus))[row];
                double fm = values(invoke(original, minus))[row];
                return (fp - fm) / ((x + steps[i]) - (x - steps[i]));
            });
            out[0][r] = est[0];
            out[1][r] = est[1];
        }
        return out;
    }

    private Method generated(String name) {
        for (Method m : gradClass.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == original.getParameterCount()) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + gradClass.getName() + ": " + Arrays.toString(gradClass.getMethods()));
    }

    private static double[] values(Object result) {
        return result instanceof double[] v ? v : new double[] {(Double) result};
    }

    private static int inputCount(Object[] args) {
        List<Double> flat = new ArrayList<>();
        for (Object a : args) {
            ArrayArguments.flatten(a, flat);
        }
        return flat.size();
    }

    /** The flattened input k: {array, index} of the element, or {args, position} of a scalar. */
    private static Object[] locate(Object[] args, int k) {
        int position = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Double) {
                if (position++ == k) {
                    return new Object[] {null, i};
                }
                continue;
            }
            double[][] rows = args[i] instanceof double[] v ? new double[][] {v}
                    : args[i] instanceof double[][] m ? m : new double[0][];
            for (double[] row : rows) {
                if (k < position + row.length) {
                    return new Object[] {row, k - position};
                }
                position += row.length;
            }
        }
        throw new IllegalArgumentException("no input " + k);
    }

    private static double read(Object[] args, int k) {
        Object[] at = locate(args, k);
        int index = (Integer) at[1];
        return at[0] == null ? (Double) args[index] : ((double[]) at[0])[index];
    }

    private static void write(Object[] args, int k, double x) {
        Object[] at = locate(args, k);
        int index = (Integer) at[1];
        if (at[0] == null) {
            args[index] = x;
        } else {
            ((double[]) at[0])[index] = x;
        }
    }

    private static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    /** Calls a static method and fails if it wrote into an argument array. */
    private static Object invoke(Method m, Object... args) {
        Object[] before = ArrayArguments.deepCopy(args);
        Object result;
        try {
            m.setAccessible(true);
            result = m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("calling " + m.getName() + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + m, e);
        }
        if (!Arrays.deepEquals(before, args)) {
            throw new AssertionError(m.getName() + " changed the caller's arrays");
        }
        return result;
    }

    private static Object component(RecordComponent c, Object record) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + c, e);
        }
    }
}
