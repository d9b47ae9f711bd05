package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The methods of one compiled fuzz program called at a {@link FuzzHarness.Point}: the user's method,
 * its trace twin (the value and the hash of the branches and kinks it took), {@code fGradient},
 * {@code fForward} seeded on one flattened input, and {@code fHessian}; each generated method is
 * checked not to write into its array argument. {@link FuzzHarness} judges what they return.
 */
final class ProgramCalls {

    private final ProgramGenerator.Program program;
    private final Compiled compiled;
    private final Class<?> user;
    private final Class<?> grad;
    private final Method twinRun;
    private final java.lang.reflect.Field twinHash;

    ProgramCalls(ProgramGenerator.Program program, Compiled compiled) {
        this.program = program;
        this.compiled = compiled;
        this.user = compiled.load(program.qualifiedName());
        this.grad = compiled.gradClassFor(program.qualifiedName());
        Class<?> twin = compiled.load(program.qualifiedTraceName());
        try {
            twinRun = program.extended()
                    ? twin.getMethod("run", String.class, double.class, double.class, double[].class, int.class)
                    : twin.getMethod("run", String.class, double.class, double.class, int.class);
            twinHash = twin.getField("hash");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    Compiled compiled() {
        return compiled;
    }

    /** The flattened differentiable inputs of a method: {0}, {1} for x, y; {2, i} for w[i]. */
    List<int[]> inputs(String method, FuzzHarness.Point p) {
        ProgramGenerator.MethodSpec spec = program.spec(method);
        List<int[]> inputs = new ArrayList<>();
        if (spec.wrt().contains("x")) {
            inputs.add(new int[] {0});
        }
        if (spec.wrt().contains("y")) {
            inputs.add(new int[] {1});
        }
        if (program.extended() && spec.wrt().contains("w")) {
            for (int i = 0; i < p.w().length; i++) {
                inputs.add(new int[] {2, i});
            }
        }
        return inputs;
    }

    private Object[] plainArgs(FuzzHarness.Point p) {
        return program.extended() ? new Object[] {p.x(), p.y(), p.w().clone(), p.n()} : new Object[] {p.x(), p.y(), p.n()};
    }

    /**
     * The arguments of the user's method and of its generated ones: x and y in a record {@code XY}
     * for a method that takes them so ({@link ProgramGenerator#RECORD_DECLARATION}).
     */
    private Object[] userArgs(String method, FuzzHarness.Point p) {
        Object[] args = plainArgs(p);
        return takesRecord(method) ? new Object[] {xy(method, p.x(), p.y()), args[2], args[3]} : args;
    }

    /** Whether the method takes x and y in the record XY or the record-like final class XYF. */
    private boolean takesRecord(String method) {
        Class<?> first = find(user, method).getParameterTypes()[0];
        return first.isRecord() || first.getDeclaringClass() == user;
    }

    private Object xy(String method, double x, double y) {
        try {
            return find(user, method).getParameterTypes()[0].getConstructor(double.class, double.class)
                    .newInstance(x, y);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object call(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(m.getName() + " threw " + e.getCause(), e.getCause());
        }
    }

    private Method find(Class<?> c, String name) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    double original(String method, FuzzHarness.Point p) {
        return (Double) call(find(user, method), userArgs(method, p));
    }

    /** {value, hash bits} of the twin. */
    long twinHash(String method, FuzzHarness.Point p, double[] value) {
        Object[] a = plainArgs(p);
        Object[] args = new Object[a.length + 1];
        args[0] = method;
        System.arraycopy(a, 0, args, 1, a.length);
        value[0] = (Double) call(twinRun, args);
        try {
            return twinHash.getLong(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** {value, flattened reverse gradient...}. */
    double[] reverse(String method, FuzzHarness.Point p) {
        Object[] args = userArgs(method, p);
        double[] before = p.w() == null ? null : p.w().clone();
        Object record = call(find(grad, method + "Gradient"), args);
        if (before != null && !Arrays.equals(before, (double[]) args[args.length - 2])) {
            throw new AssertionError(method + "Gradient wrote into its array argument w");
        }
        ProgramGenerator.MethodSpec spec = program.spec(method);
        List<Double> out = new ArrayList<>();
        out.add(component(record, "value"));
        for (String name : List.of("x", "y", "w")) {
            if (!spec.wrt().contains(name) || (name.equals("w") && !program.extended())) {
                continue;
            }
            if (!name.equals("w") && takesRecord(method)) {
                // dQ, a record XY: its component of the same name.
                out.add(component(componentObject(record, "dQ"), name));
                continue;
            }
            Object v = componentObject(record, "d" + Character.toUpperCase(name.charAt(0)));
            if (v instanceof double[] a) {
                if (a.length != p.w().length) {
                    throw new AssertionError(method + "Gradient: dW has length " + a.length + ", w " + p.w().length);
                }
                for (double d : a) {
                    out.add(d);
                }
            } else {
                out.add((Double) v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double component(Object record, String name) {
        return (Double) componentObject(record, name);
    }

    private static Object componentObject(Object record, String name) {
        if (!record.getClass().isRecord()) {
            try { // the final class XYF: its getter of the same name
                return record.getClass().getMethod(name).invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError(record.getClass().getSimpleName() + " has no component " + name + ": " + record);
    }

    /** Forward mode seeded on input k: {value, tangent}. */
    double[] forward(String method, FuzzHarness.Point p, int k, List<int[]> inputs) {
        ProgramGenerator.MethodSpec spec = program.spec(method);
        int[] seed = inputs.get(k);
        Object xa = spec.wrt().contains("x") ? new Dual(p.x(), seed[0] == 0 ? 1 : 0) : (Object) p.x();
        Object ya = spec.wrt().contains("y") ? new Dual(p.y(), seed[0] == 1 ? 1 : 0) : (Object) p.y();
        Object[] args;
        double[] before = p.w() == null ? null : p.w().clone();
        Object wa = null;
        if (program.extended()) {
            if (spec.wrt().contains("w")) {
                Dual[] d = new Dual[p.w().length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = new Dual(p.w()[i], seed[0] == 2 && seed[1] == i ? 1 : 0);
                }
                wa = d;
            } else {
                wa = p.w().clone();
            }
            args = new Object[] {xa, ya, wa, p.n()};
            if (takesRecord(method)) {
                args = spec.wrt().contains("x")
                        ? new Object[] {xy(method, p.x(), p.y()), xy(method, seed[0] == 0 ? 1 : 0, seed[0] == 1 ? 1 : 0), wa, p.n()}
                        : new Object[] {xy(method, p.x(), p.y()), wa, p.n()};
            }
        } else {
            args = new Object[] {xa, ya, p.n()};
        }
        Dual d = (Dual) call(find(grad, method + "Forward"), args);
        if (wa instanceof double[] a && !Arrays.equals(a, before)) {
            throw new AssertionError(method + "Forward wrote into its array argument w");
        }
        return new double[] {d.value(), d.tangent()};
    }

    boolean hasHessian(String method) {
        return find(grad, method + "Hessian") != null;
    }

    double[][] hessian(String method, FuzzHarness.Point p) {
        return (double[][]) call(find(grad, method + "Hessian"), userArgs(method, p));
    }
}
