package dev.adjoint.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.Dual;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the derivatives of methods with {@code double[]} and {@code double[][]} parameters, over
 * the flattened differentiable inputs (scalars in declaration order, arrays element by element):
 * reverse mode against forward mode (one sweep per input) and against central finite differences.
 * The caller's arrays must come back unchanged from every generated method.
 */
public final class ArrayChecker {

    private final Class<?> userClass;
    private final Class<?> gradClass;
    /** The argument positions differentiated with respect to; null for every double, double[] and double[][]. */
    private java.util.Set<Integer> wrt;

    public ArrayChecker(Compiled compiled, String userBinaryName) {
        this.userClass = compiled.load(userBinaryName);
        this.gradClass = compiled.gradClassFor(userBinaryName);
    }

    /** Restricts the checks to the arguments at these positions, for methods with {@code wrt}. */
    public ArrayChecker wrt(Integer... positions) {
        ArrayChecker restricted = new ArrayChecker(userClass, gradClass);
        restricted.wrt = java.util.Set.of(positions);
        return restricted;
    }

    private ArrayChecker(Class<?> userClass, Class<?> gradClass) {
        this.userClass = userClass;
        this.gradClass = gradClass;
    }

    private boolean differentiable(int position) {
        return wrt == null || wrt.contains(position);
    }

    private Method find(Class<?> owner, String name) {
        for (Method m : owner.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + owner.getName());
    }

    private static Object invoke(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError("call of " + m.getName() + " threw", e.getCause());
        }
    }

    public double value(String method, Object... args) {
        return (double) invoke(find(userClass, method), args);
    }

    /** The value and the flattened gradient from reverse mode. */
    public double[] reverse(String method, Object... args) {
        Object[] copies = ArrayArguments.deepCopy(args);
        Object record = invoke(find(gradClass, method + "Gradient"), args);
        assertUnchanged(copies, args, method + "Gradient");
        List<Double> flat = new ArrayList<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            ArrayArguments.flatten(v, flat);
        }
        return flat.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The flattened gradient from forward mode: one sweep per differentiable input. */
    public double[] forward(String method, Object... args) {
        Method forward = find(gradClass, method + "Forward");
        int inputs = inputCount(args);
        double[] gradient = new double[inputs];
        Object[] copies = ArrayArguments.deepCopy(args);
        for (int k = 0; k < inputs; k++) {
            Object[] seeded = new Object[args.length];
            int[] position = {0};
            for (int i = 0; i < args.length; i++) {
                seeded[i] = differentiable(i) ? ArrayArguments.seed(args[i], k, position) : args[i];
            }
            gradient[k] = ((Dual) invoke(forward, seeded)).tangent();
        }
        assertUnchanged(copies, args, method + "Forward");
        return gradient;
    }

    /** Central differences of the primal, element by element. */
    public double[] finiteDifferences(String method, Object... args) {
        int inputs = inputCount(args);
        double[] gradient = new double[inputs];
        for (int k = 0; k < inputs; k++) {
            Object[] plus = ArrayArguments.deepCopy(args);
            Object[] minus = ArrayArguments.deepCopy(args);
            double x = read(args, k);
            double h = 1e-5 * Math.max(1, Math.abs(x));
            write(plus, k, x + h);
            write(minus, k, x - h);
            gradient[k] = (value(method, plus) - value(method, minus)) / (2 * h);
        }
        return gradient;
    }

    /**
     * Reverse = forward to 1e-12 relative, both = finite differences to {@code fdRelative}, and the
     * reverse value equals the primal bit for bit.
     */
    public double[] check(String method, double fdRelative, Object... args) {
        double[] reverse = reverse(method, args);
        assertEquals(value(method, ArrayArguments.deepCopy(args)), reverse[0], 0.0, method + ": value");
        double[] gradient = java.util.Arrays.copyOfRange(reverse, 1, reverse.length);
        double[] forward = forward(method, args);
        double[] differences = finiteDifferences(method, args);
        double scale = 0;
        for (double g : gradient) {
            scale = Math.max(scale, Math.abs(g));
        }
        for (int k = 0; k < gradient.length; k++) {
            assertEquals(gradient[k], forward[k], 1e-12 * Math.max(1, scale), method + ": forward vs reverse at input " + k);
            assertEquals(gradient[k], differences[k], fdRelative * Math.max(1, scale),
                    method + ": finite differences vs reverse at input " + k);
        }
        return gradient;
    }

    private int inputCount(Object[] args) {
        int n = 0;
        for (int i = 0; i < args.length; i++) {
            n += differentiable(i) ? size(args[i]) : 0;
        }
        return n;
    }

    private static int size(Object a) {
        if (a instanceof Double) {
            return 1;
        }
        if (a instanceof double[] v) {
            return v.length;
        }
        if (a instanceof double[][] m) {
            int n = 0;
            for (double[] row : m) {
                n += row.length;
            }
            return n;
        }
        return 0;
    }

    private double read(Object[] args, int k) {
        double[] value = new double[1];
        access(args, k, (array, index) -> value[0] = array[index], i -> value[0] = (Double) args[i]);
        return value[0];
    }

    private void write(Object[] args, int k, double x) {
        access(args, k, (array, index) -> array[index] = x, i -> args[i] = x);
    }

    private interface ElementAccess {
        void at(double[] array, int index);
    }

    /** Finds flattened input {@code k}: an element of an array argument, or scalar argument number i. */
    private void access(Object[] args, int k, ElementAccess element, java.util.function.IntConsumer scalar) {
        int position = 0;
        for (int i = 0; i < args.length; i++) {
            if (!differentiable(i)) {
                continue;
            }
            if (args[i] instanceof Double) {
                if (position++ == k) {
                    scalar.accept(i);
                    return;
                }
            } else {
                double[][] rows = args[i] instanceof double[] v ? new double[][] {v}
                        : args[i] instanceof double[][] m ? m : new double[0][];
                for (double[] row : rows) {
                    if (k < position + row.length) {
                        element.at(row, k - position);
                        return;
                    }
                    position += row.length;
                }
            }
        }
        throw new IllegalArgumentException("no input " + k);
    }

    private static void assertUnchanged(Object[] before, Object[] after, String method) {
        for (int i = 0; i < before.length; i++) {
            if (before[i] instanceof double[] v) {
                assertTrue(java.util.Arrays.equals(v, (double[]) after[i]), method + " changed the caller's array " + i);
            } else if (before[i] instanceof double[][] m) {
                assertTrue(java.util.Arrays.deepEquals(m, (double[][]) after[i]), method + " changed the caller's matrix " + i);
            }
        }
    }
}
