package dev.adjoint.processor.testing;

import dev.adjoint.runtime.Dual;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Whether every generated method of one {@code @Differentiable} method ends as the method itself
 * ends, at one point: returns where it returns (with its value, bit for bit, where the generated
 * method gives the value) and throws the same exception class where it throws (issue 16).
 *
 * <p>Arguments of the generated methods are built from the primal's by parameter name (the
 * compilation keeps names, {@code -parameters}): {@code x} as a {@code Dual} with tangent 1 where the
 * generated parameter is a {@code Dual}, {@code xDot} and {@code vX} as a direction of ones shaped like
 * {@code x} (null where {@code x} is null, null rows kept), {@code seed} as ones, one per element of the
 * primal's result.
 */
public final class ParityCheck {

    private final Class<?> primalClass;
    private final Class<?> gradClass;

    public ParityCheck(Compiled compiled, String userBinaryName) {
        this.primalClass = compiled.load(userBinaryName);
        this.gradClass = compiled.gradClassFor(userBinaryName);
    }

    /** How a call ended: a value (null for none compared) or the class of what it threw. */
    record Outcome(Object value, Class<? extends Throwable> thrown) {
        String describe() {
            return thrown != null ? "throws " + thrown.getName() : "returns " + show(value);
        }
    }

    /**
     * The mismatches between {@code method(arguments)} and every generated method derived from it,
     * one line each; empty when all end as the primal ends.
     */
    public List<String> mismatches(String method, Object... arguments) {
        Method primalMethod = StaticCalls.method(primalClass, method);
        Parameter[] primalParameters = primalMethod.getParameters();
        Outcome primal = outcome(primalMethod, arguments);
        List<String> problems = new ArrayList<>();
        for (Method generated : gradClass.getMethods()) {
            String suffix = suffixOf(generated.getName(), method);
            if (suffix == null || !generated.getDeclaringClass().equals(gradClass)) {
                continue;
            }
            Object[] generatedArguments = argumentsFor(generated, primalParameters, arguments, primal);
            Outcome outcome = outcome(generated, generatedArguments);
            Object comparable = comparableValue(suffix, outcome.value());
            Outcome seen = new Outcome(comparable, outcome.thrown());
            Outcome expected = new Outcome(comparable == null ? null : primal.value(), primal.thrown());
            if (!sameEnd(expected, seen)) {
                problems.add(generated.getName() + ": " + seen.describe() + ", the primal " + primal.describe());
            } else if (outcome.thrown() != null) {
                continue;
            } else if (suffix.equals("Gradient") || suffix.equals("Pullback")) {
                problems.addAll(partialShapeProblems(generated.getName(), outcome.value(), primalParameters, arguments));
            } else if (flatSizeMismatch(suffix, outcome.value(), flatInputs(method, arguments))) {
                problems.add(generated.getName() + ": " + show(outcome.value()) + " is not over "
                        + flatInputs(method, arguments) + " flattened inputs");
            }
        }
        if (problems.isEmpty() && gradClass.getMethods().length == 0) {
            problems.add("no generated methods");
        }
        return problems;
    }

    /**
     * How many flattened inputs the differentiable parameters hold (those with a partial in the
     * gradient or pullback record): a null array none, a null row none.
     */
    private int flatInputs(String method, Object[] arguments) {
        Parameter[] parameters = StaticCalls.method(primalClass, method).getParameters();
        Class<?> record = Arrays.stream(gradClass.getMethods())
                .filter(m -> m.getName().equals(method + "Gradient") || m.getName().equals(method + "Pullback"))
                .findFirst().orElseThrow().getReturnType();
        int n = 0;
        for (int i = 0; i < parameters.length; i++) {
            String partial = "d" + capitalised(parameters[i].getName());
            if (Arrays.stream(record.getRecordComponents()).anyMatch(c -> c.getName().equals(partial))) {
                n += flatSize(arguments[i]);
            }
        }
        return n;
    }

    private static int flatSize(Object argument) {
        if (argument instanceof double[] a) {
            return a.length;
        }
        if (argument instanceof double[][] m) {
            return Arrays.stream(m).mapToInt(ParityCheck::flatSize).sum();
        }
        if (argument instanceof Record record) {
            // A record's differentiable components, flattened in its place (ints and booleans add none).
            return Arrays.stream(record.getClass().getRecordComponents())
                    .filter(c -> !List.of(int.class, long.class, boolean.class).contains(c.getType()))
                    .mapToInt(c -> flatSize(componentValue(record, c))).sum();
        }
        return argument == null ? 0 : 1;
    }

    private static Object componentValue(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A Hessian is n × n, a Hessian-vector product n long, each row of a Jacobian n long. */
    private static boolean flatSizeMismatch(String suffix, Object result, int n) {
        switch (suffix) {
            case "Hessian":
                return ((double[][]) result).length != n
                        || Arrays.stream((double[][]) result).anyMatch(row -> row.length != n);
            case "HessianVector":
                return ((double[]) result).length != n;
            case "Jacobian":
                return Arrays.stream((double[][]) result).anyMatch(row -> row.length != n);
            default:
                return false;
        }
    }

    private static String suffixOf(String generatedName, String method) {
        if (!generatedName.startsWith(method)) {
            return null;
        }
        String suffix = generatedName.substring(method.length());
        return List.of("Forward", "Gradient", "Pullback", "Jacobian", "Tangent", "TangentGradient", "Hessian",
                "HessianVector").contains(suffix) ? suffix : null;
    }

    /** The part of a generated method's result that must equal the primal's value, or null. */
    private static Object comparableValue(String suffix, Object result) {
        if (result == null) {
            return null;
        }
        switch (suffix) {
            case "Forward":
                if (result instanceof Dual d) {
                    return d.value();
                }
                if (result instanceof Record) {
                    return component(result, "value"); // a method returning a record: FForward(value, tangent)
                }
                return Arrays.stream((Dual[]) result).mapToDouble(Dual::value).toArray();
            case "Gradient":
            case "Pullback":
                return component(result, "value");
            default:
                return null;
        }
    }

    private static boolean sameEnd(Outcome expected, Outcome seen) {
        if (!Objects.equals(expected.thrown(), seen.thrown())) {
            return false;
        }
        if (expected.value() instanceof Double a && seen.value() instanceof Double b) {
            return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
        }
        if (expected.value() instanceof double[] a && seen.value() instanceof double[] b) {
            return Arrays.equals(a, b);
        }
        return Objects.equals(expected.value(), seen.value());
    }

    /**
     * The partial of an array argument is shaped as the argument: null for a null array, and a null
     * row for a null row.
     */
    private static List<String> partialShapeProblems(String generated, Object record, Parameter[] parameters,
            Object[] arguments) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            String name = "d" + capitalised(parameters[i].getName());
            if (arguments[i] instanceof double[][] || arguments[i] instanceof double[] || arguments[i] == null) {
                if (!hasComponent(record, name)) {
                    continue;
                }
                Object partial = component(record, name);
                if (!sameShape(arguments[i], partial)) {
                    problems.add(generated + ": " + name + " is " + show(partial) + " for the argument " + show(arguments[i]));
                }
            }
        }
        return problems;
    }

    private static boolean sameShape(Object argument, Object partial) {
        if (argument == null || partial == null) {
            return argument == partial;
        }
        if (argument instanceof double[] a) {
            return partial instanceof double[] p && p.length == a.length;
        }
        double[][] a = (double[][]) argument;
        if (!(partial instanceof double[][] p) || p.length != a.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!sameShape(a[i], p[i])) {
                return false;
            }
        }
        return true;
    }

    private static Object[] argumentsFor(Method generated, Parameter[] primalParameters, Object[] primalArguments,
            Outcome primal) {
        Parameter[] parameters = generated.getParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            String name = parameters[i].getName();
            int same = indexOf(primalParameters, name);
            if (same >= 0) {
                arguments[i] = asType(primalArguments[same], parameters[i].getType());
            } else if (name.equals("seed") && parameters[i].getType().isRecord()) {
                arguments[i] = onesLike(parameters[i].getType());
            } else if (name.equals("seed")) {
                int length = primal.value() instanceof double[] value ? value.length : 0;
                double[] seed = new double[length];
                Arrays.fill(seed, 1.0);
                arguments[i] = seed;
            } else {
                arguments[i] = direction(primalArguments[directionOf(name, primalParameters)]);
            }
        }
        return arguments;
    }

    /** A record of doubles (nested records of doubles too) with every component 1: the seed of a pullback of a record. */
    private static Object onesLike(Class<?> recordType) {
        RecordComponent[] components = recordType.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == double.class ? (Object) 1.0 : onesLike(types[i]);
        }
        try {
            var constructor = recordType.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build a seed of " + recordType, e);
        }
    }

    private static int directionOf(String name, Parameter[] primalParameters) {
        for (int i = 0; i < primalParameters.length; i++) {
            String p = primalParameters[i].getName();
            if (name.equals(p + "Dot") || name.equals("v" + capitalised(p))) {
                return i;
            }
        }
        throw new AssertionError("no primal parameter for the generated parameter " + name);
    }

    private static int indexOf(Parameter[] parameters, String name) {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The primal argument as the generated parameter's type: a double as a Dual with tangent 1, and so on. */
    private static Object asType(Object argument, Class<?> type) {
        if (type == Dual.class) {
            return new Dual((Double) argument, 1.0);
        }
        if (type == Dual[].class) {
            return argument == null ? null : Arrays.stream((double[]) argument).mapToObj(v -> new Dual(v, 1.0))
                    .toArray(Dual[]::new);
        }
        if (type == Dual[][].class) {
            return argument == null ? null : Arrays.stream((double[][]) argument).map(row -> asType(row, Dual[].class))
                    .toArray(Dual[][]::new);
        }
        return argument;
    }

    /** A direction of ones shaped like the argument (a record is its own direction). */
    private static Object direction(Object argument) {
        if (argument instanceof Double) {
            return 1.0;
        }
        if (argument instanceof double[] a) {
            double[] ones = new double[a.length];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        if (argument instanceof double[][] m) {
            return Arrays.stream(m).map(ParityCheck::direction).toArray(double[][]::new);
        }
        return argument;
    }

    private static Outcome outcome(Method method, Object[] arguments) {
        try {
            return new Outcome(method.invoke(null, arguments), null);
        } catch (InvocationTargetException e) {
            return new Outcome(null, e.getCause().getClass());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new AssertionError(method + " with " + Arrays.deepToString(arguments), e);
        }
    }

    private static boolean hasComponent(Object record, String name) {
        return Arrays.stream(record.getClass().getRecordComponents()).anyMatch(c -> c.getName().equals(name));
    }

    private static Object component(Object record, String name) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError(record.getClass() + " has no component " + name);
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String show(Object value) {
        if (value instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof double[][] m) {
            return Arrays.deepToString(m);
        }
        return String.valueOf(value);
    }
}
