package dev.adjoint.test;

import dev.adjoint.runtime.Dual;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * One {@code @Differentiable} method with its generated forward and reverse mode, found by the
 * naming rule and checked for shape: {@code fForward} takes {@code Dual} for every differentiated
 * {@code double} (and {@code Dual[]}, {@code Dual[][]} for the arrays: all of them, or those named in
 * {@code wrt}) and returns {@code Dual}; {@code fGradient} takes the original parameters and returns a
 * record {@code (double value, d<Param>...)} with one component per differentiated parameter, of that
 * parameter's type.
 *
 * <p>A vector-valued method (returning {@code double[]}) has instead {@code fForward} returning
 * {@code Dual[]}, and {@code fPullback(params..., double[] seed)} returning a record
 * {@code (double[] value, d<Param>...)}, the reverse mode; here {@link #gradient} is that pullback.
 * Its {@code fJacobian(params...)}, returning {@code double[][]}, is {@link #jacobian}. A method
 * returning a record {@code R} of doubles is vector-valued too: its {@code fForward} returns a
 * generated record {@code (R value, R tangent)}, its pullback takes an {@code R seed} and its record
 * has {@code R value}. A record parameter is differentiated like its components: forward mode takes
 * it with its direction (a record of its type) beside it, and its partial is a record of its type.
 *
 * <p>A record's own method is checked as its generated methods take it: the record is its first input,
 * {@link #SELF self}, a record parameter like any other ({@link #types} and {@link #names} start with it;
 * {@link #callMethod} calls the method on it).
 */
final class Target {

    private final Method primal;
    /** Whether the method returns {@code double[]} or a record: reverse mode is then a pullback. */
    final boolean vectorValued;
    /** How a vector-valued method's result is flattened into the Jacobian's rows; null for a scalar method. */
    final ResultShape result;
    /** For a method returning a record: the accessors of the forward record's {@code value} and {@code tangent}. */
    final Method forwardValue;
    final Method forwardTangent;
    final Method forward;
    /** {@code fGradient}, or for a vector-valued method {@code fPullback}. */
    final Method gradient;
    /** {@code fJacobian} of a vector-valued method, when generated; null otherwise. */
    final Method jacobian;
    /** {@code fHessian}, generated for {@code @Differentiable(hessian = true)}; null otherwise. */
    final Method hessian;
    final Class<?>[] types;
    /** Display names: from the gradient record for differentiable parameters, else reflection's. */
    final String[] names;
    /** Reflection's names ({@code arg0}... unless compiled with {@code -parameters}). */
    final String[] reflectedNames;
    /** Indices of the differentiable parameters, in order. */
    final int[] differentiable;
    final Method valueAccessor;
    /** Accessor of the partial of parameter {@code differentiable[k]}. */
    final Method[] partialAccessors;
    final String signature;

    /** The name of a record's own method's record among its inputs, as the generated methods call it. */
    static final String SELF = "self";

    private Target(Method primal, Method forward, Method gradient, Method jacobian, Method hessian, String[] names,
                   String[] reflectedNames, int[] differentiable, Method valueAccessor, Method[] partialAccessors) {
        this.primal = primal;
        this.result = ResultShape.of(primal.getReturnType());
        this.vectorValued = result != null;
        this.forward = forward;
        Method[] forwardParts = result != null && result.isRecord() ? forwardRecordAccessors(forward, primal.getReturnType()) : new Method[2];
        this.forwardValue = forwardParts[0];
        this.forwardTangent = forwardParts[1];
        this.gradient = gradient;
        this.jacobian = jacobian;
        this.hessian = hessian;
        this.types = inputTypes(primal);
        this.names = names;
        this.reflectedNames = reflectedNames;
        this.differentiable = differentiable;
        this.valueAccessor = valueAccessor;
        this.partialAccessors = partialAccessors;
        this.signature = signature(primal);
    }

    static String signature(Method m) {
        StringJoiner j = new StringJoiner(", ", m.getName() + "(", ")");
        for (Class<?> t : m.getParameterTypes()) {
            j.add(t.getSimpleName());
        }
        return j.toString();
    }

    /** Finds and checks the generated members of {@code primal} in {@code gradClass}; AssertionError if missing or malformed. */
    static Target resolve(Method primal, Class<?> gradClass) {
        String sig = signature(primal);
        if (!Modifier.isStatic(primal.getModifiers()) && !isRecordsOwn(primal)) {
            throw new AssertionError(sig + " is not static; Adjoint differentiates static methods and a record's own"
                    + " methods only");
        }
        Class<?> returned = primal.getReturnType();
        boolean vectorValued = ResultShape.of(returned) != null;
        if (returned != double.class && !vectorValued) {
            throw new AssertionError(sig + " returns " + returned.getSimpleName()
                    + (returned.isRecord() ? ", a record whose " + ResultShape.recordProblem(returned) : "")
                    + "; Adjoint differentiates methods returning double, double[] or a record of doubles");
        }
        Class<?>[] types = inputTypes(primal);
        for (Class<?> type : types) {
            if (!ParameterLeaves.isDifferentiable(type) && type != int.class && type != long.class && type != boolean.class
                    && !ValueParameters.isValueType(type)) {
                throw new AssertionError(sig + ": parameter type " + type.getSimpleName() + " is not one Adjoint"
                        + " supports (double, double[], double[][], a record of these, int, long, boolean, char,"
                        + " String, an enum)");
            }
        }
        Method forward = findForward(gradClass, primal);
        checkForwardResult(gradClass, forward, returned);
        // The forward method says which parameters are differentiated: all double-typed ones, or
        // just those named in @Differentiable(wrt = ...), which it takes as Dual (a record: with its direction).
        boolean[] differentiated = differentiated(types, forward.getParameterTypes(), 0, 0);
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            if (differentiated[i]) {
                diff.add(i);
            }
        }
        Method gradient = vectorValued
                ? find(gradClass, primal.getName() + "Pullback", withSeed(types, returned))
                : find(gradClass, primal.getName() + "Gradient", types);
        Class<?> record = gradient.getReturnType();
        if (!record.isRecord()) {
            throw new AssertionError(gradClass.getName() + "." + signature(gradient) + " returns "
                    + record.getName() + ", expected a " + (vectorValued ? "pullback" : "gradient") + " record");
        }
        RecordComponent[] comps = record.getRecordComponents();
        Class<?> valueType = primal.getReturnType();
        if (comps.length != diff.size() + 1 || !comps[0].getName().equals("value") || comps[0].getType() != valueType) {
            throw new AssertionError(record.getName() + " has components " + Arrays.toString(comps) + ", expected ("
                    + valueType.getSimpleName() + " value) and one partial per differentiable parameter of " + sig);
        }
        String[] reflected = reflectedNames(primal);
        String[] names = reflected.clone();
        boolean[] namePresent = namesPresent(primal);
        int[] diffIdx = diff.stream().mapToInt(Integer::intValue).toArray();
        Method[] partials = new Method[diffIdx.length];
        for (int k = 0; k < diffIdx.length; k++) {
            RecordComponent c = comps[k + 1];
            int p = diffIdx[k];
            if (c.getType() != types[p]) {
                throw new AssertionError(record.getName() + " component " + c.getName() + " has type "
                        + c.getType().getSimpleName() + ", expected " + types[p].getSimpleName());
            }
            String expected = namePresent[p] ? "d" + capitalize(reflected[p]) : null;
            if (expected != null && !c.getName().equals(expected)) {
                throw new AssertionError(record.getName() + " component " + c.getName() + " should be " + expected);
            }
            if (!namePresent[p] && c.getName().length() > 1 && c.getName().startsWith("d")) {
                names[p] = Character.toLowerCase(c.getName().charAt(1)) + c.getName().substring(2);
            }
            partials[k] = accessible(c.getAccessor());
        }
        // vector-valued methods get fJacobian; scalar ones fHessian where hessian = true
        Method matrix = optional(gradClass, primal.getName() + (vectorValued ? "Jacobian" : "Hessian"), types);
        return new Target(accessible(primal), forward, gradient, vectorValued ? matrix : null, vectorValued ? null : matrix,
                names, reflected, diffIdx, accessible(comps[0].getAccessor()), partials);
    }

    /**
     * Whether {@code m} is a record's own (instance) method, whose generated methods take the record
     * first, as {@code self}, and differentiate it as a record parameter.
     */
    static boolean isRecordsOwn(Method m) {
        return !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass().isRecord();
    }

    /** The types of the method's inputs as the generated methods take them: a record's own method's record first. */
    static Class<?>[] inputTypes(Method m) {
        Class<?>[] declared = m.getParameterTypes();
        if (!isRecordsOwn(m)) {
            return declared;
        }
        Class<?>[] types = new Class<?>[declared.length + 1];
        types[0] = m.getDeclaringClass();
        System.arraycopy(declared, 0, types, 1, declared.length);
        return types;
    }

    /** Reflection's names of the inputs ({@code arg0}... unless compiled with {@code -parameters}); the record is {@code self}. */
    private static String[] reflectedNames(Method m) {
        List<String> names = new ArrayList<>();
        if (isRecordsOwn(m)) {
            names.add(SELF);
        }
        for (Parameter p : m.getParameters()) {
            names.add(p.getName());
        }
        return names.toArray(new String[0]);
    }

    /** Whether each input's name is the source's ({@code self} always is). */
    private static boolean[] namesPresent(Method m) {
        Parameter[] params = m.getParameters();
        int offset = isRecordsOwn(m) ? 1 : 0;
        boolean[] present = new boolean[params.length + offset];
        if (offset == 1) {
            present[0] = true;
        }
        for (int i = 0; i < params.length; i++) {
            present[i + offset] = params[i].isNamePresent();
        }
        return present;
    }

    /** The static method {@code name(types)} returning {@code double[][]}, or null if there is none. */
    private static Method optional(Class<?> gradClass, String name, Class<?>[] types) {
        try {
            Method candidate = gradClass.getDeclaredMethod(name, types);
            return Modifier.isStatic(candidate.getModifiers()) && candidate.getReturnType() == double[][].class
                    ? accessible(candidate) : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** A pullback's parameters: the method's, then the seed, of the result's type. */
    private static Class<?>[] withSeed(Class<?>[] types, Class<?> result) {
        Class<?>[] all = Arrays.copyOf(types, types.length + 1);
        all[types.length] = result;
        return all;
    }

    /**
     * {@code fForward} returns {@code Dual} for a scalar method, {@code Dual[]} for a {@code double[]}
     * one, and for one returning a record {@code R} a record {@code (R value, R tangent)}.
     */
    private static void checkForwardResult(Class<?> gradClass, Method forward, Class<?> returned) {
        Class<?> actual = forward.getReturnType();
        String expected;
        if (returned.isRecord()) {
            if (forwardRecordAccessors(forward, returned) != null) {
                return;
            }
            expected = "a record (" + returned.getSimpleName() + " value, " + returned.getSimpleName() + " tangent)";
        } else {
            Class<?> dual = returned == double[].class ? Dual[].class : Dual.class;
            if (actual == dual) {
                return;
            }
            expected = dual.getSimpleName();
        }
        throw new AssertionError(gradClass.getName() + "." + signature(forward) + " returns "
                + actual.getSimpleName() + ", expected " + expected);
    }

    /**
     * The accessors {@code value()} and {@code tangent()} of the record {@code forward} returns, both of
     * type {@code result}; null if it returns anything else.
     */
    private static Method[] forwardRecordAccessors(Method forward, Class<?> result) {
        Class<?> returned = forward.getReturnType();
        if (!returned.isRecord()) {
            return null;
        }
        RecordComponent[] comps = returned.getRecordComponents();
        if (comps.length != 2 || !comps[0].getName().equals("value") || !comps[1].getName().equals("tangent")
                || comps[0].getType() != result || comps[1].getType() != result) {
            return null;
        }
        return new Method[] {accessible(comps[0].getAccessor()), accessible(comps[1].getAccessor())};
    }

    /** The Dual counterpart of a differentiable type: {@code Dual}, {@code Dual[]}, {@code Dual[][]}. */
    private static Class<?> dualOf(Class<?> type) {
        return type == double.class ? Dual.class : type == double[].class ? Dual[].class : Dual[][].class;
    }

    /**
     * {@code fForward}: each parameter is the primal's own type, or where the parameter is
     * differentiated ({@code wrt} may leave some out) its Dual counterpart, or for a record the record
     * and its direction, of the same type.
     */
    private static Method findForward(Class<?> gradClass, Method primal) {
        String name = primal.getName() + "Forward";
        Class<?>[] types = inputTypes(primal);
        List<String> sameName = new ArrayList<>();
        for (Method m : gradClass.getDeclaredMethods()) {
            if (!m.getName().equals(name)) {
                continue;
            }
            sameName.add(signature(m));
            boolean[] differentiated = differentiated(types, m.getParameterTypes(), 0, 0);
            boolean anyDifferentiated = false;
            for (int i = 0; differentiated != null && i < types.length; i++) {
                anyDifferentiated |= differentiated[i];
            }
            if (anyDifferentiated) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    throw new AssertionError(gradClass.getName() + "." + signature(m) + " is not static");
                }
                return accessible(m);
            }
        }
        throw new AssertionError(gradClass.getName() + " has no forward mode of " + signature(primal) + ": expected "
                + name + " taking Dual where " + primal.getName() + " takes a differentiated double, double[] or double[][]"
                + (sameName.isEmpty()
                        ? "; there is no " + name + " at all (was " + primal.getDeclaringClass().getName()
                                + " compiled with adjoint-processor on the processor path?)"
                        : "; found only " + sameName + " (was the class compiled with the current adjoint-processor?)"));
    }

    /**
     * Which of the parameters {@code types} (from {@code i} on) a forward mode taking {@code forwardTypes}
     * (from {@code j} on) differentiates, or null if it cannot be their forward mode. A record followed
     * by one of its type may be a differentiated record with its direction or two records: both are tried.
     */
    private static boolean[] differentiated(Class<?>[] types, Class<?>[] forwardTypes, int i, int j) {
        if (i == types.length) {
            return j == forwardTypes.length ? new boolean[types.length] : null;
        }
        if (j == forwardTypes.length) {
            return null;
        }
        Class<?> type = types[i];
        boolean[] rest = null;
        if (type.isRecord() && j + 1 < forwardTypes.length && forwardTypes[j] == type && forwardTypes[j + 1] == type) {
            rest = differentiated(types, forwardTypes, i + 1, j + 2);
        } else if (!type.isRecord() && ParameterLeaves.isDifferentiable(type) && forwardTypes[j] == dualOf(type)) {
            rest = differentiated(types, forwardTypes, i + 1, j + 1);
        }
        if (rest != null) {
            rest[i] = true;
            return rest;
        }
        return forwardTypes[j] == type ? differentiated(types, forwardTypes, i + 1, j + 1) : null;
    }

    private static Method find(Class<?> gradClass, String name, Class<?>[] types) {
        try {
            Method m = gradClass.getDeclaredMethod(name, types);
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new AssertionError(gradClass.getName() + "." + signature(m) + " is not static");
            }
            return accessible(m);
        } catch (NoSuchMethodException e) {
            StringJoiner sig = new StringJoiner(", ", name + "(", ")");
            for (Class<?> t : types) {
                sig.add(t.getSimpleName());
            }
            throw new AssertionError(gradClass.getName() + " has no method " + sig
                    + " (was the class compiled with the current adjoint-processor?)");
        }
    }

    static Method accessible(Method m) {
        m.trySetAccessible();
        return m;
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The method's name: {@code loss}. */
    String name() {
        return primal.getName();
    }

    /** Calls the method under check with {@code args}; what it throws is rethrown as it is. */
    Object callMethod(Object[] args) throws Throwable {
        if (!isRecordsOwn(primal)) {
            return Reflection.invoke(primal, args);
        }
        return Reflection.invokeOn(primal, args[0], Arrays.copyOfRange(args, 1, args.length));
    }

    /** Whether {@code name} denotes parameter {@code i} (its record-derived or reflected name). */
    boolean names(int i, String name) {
        return names[i].equals(name) || reflectedNames[i].equals(name);
    }

    /**
     * One scalar input: a differentiable parameter, or one element of an array parameter, or an input in
     * a record parameter; {@code path} leads to it from the argument (see {@link ParameterLeaves}).
     */
    record Input(int parameter, int[] path, String label) {
    }

    /** The scalar inputs of a point, flattened: {@code x}, {@code w[0]}, {@code w[1]}, {@code a[0][0]}, {@code p.w}... */
    List<Input> inputs(Object[] point) {
        List<Input> inputs = new ArrayList<>();
        for (int p : differentiable) {
            ParameterLeaves.collect(point[p], p, new int[0], names[p], inputs);
        }
        return inputs;
    }

    /**
     * The partials a reverse-mode record holds, flattened in the order of {@link #inputs}; null after a
     * failure (starting {@code prefix}, then the parameter's name) where a partial is not a fresh value
     * of its argument's shape.
     */
    double[] flatPartials(Object record, Object[] point, Object[] args, String prefix, List<String> failures) {
        Object[] partials = new Object[types.length];
        for (int k = 0; k < differentiable.length; k++) {
            int p = differentiable[k];
            partials[p] = Reflection.access(partialAccessors[k], record);
            String shape = Values.freshPartialProblem(point[p], partials[p], args[p]);
            if (shape != null) {
                failures.add(prefix + names[p] + " " + shape);
                return null;
            }
        }
        List<Input> inputs = inputs(point);
        double[] flat = new double[inputs.size()];
        for (int q = 0; q < flat.length; q++) {
            flat[q] = get(partials, inputs.get(q));
        }
        return flat;
    }

    static double get(Object[] point, Input in) {
        return ParameterLeaves.get(point[in.parameter()], in.path());
    }

    /** A deep copy of {@code point} with input {@code in} set to {@code value}. */
    static Object[] with(Object[] point, Input in, double value) {
        Object[] copy = Values.deepCopy(point);
        copy[in.parameter()] = ParameterLeaves.with(copy[in.parameter()], in.path(), 0, value);
        return copy;
    }

    /**
     * The arguments of {@code fForward}: every differentiable value as a Dual, or a record followed by
     * its direction; tangent 1 at {@code seed} (null: none).
     */
    Object[] forwardArguments(Object[] point, Input seed) {
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < point.length; i++) {
            int[] seedPath = seed != null && seed.parameter() == i ? seed.path() : null;
            if (!isDifferentiated(i)) {
                args.add(point[i]);
            } else if (types[i].isRecord()) {
                args.add(point[i]);
                args.add(ParameterLeaves.direction(point[i], seedPath));
            } else {
                args.add(ParameterLeaves.dual(point[i], seedPath));
            }
        }
        return args.toArray();
    }

    /** Where {@code fForward} changed its arguments ({@code before}: copies of {@code after} before the call), or null. */
    String forwardArgumentChange(Object[] before, Object[] after) {
        int j = 0;
        for (int i = 0; i < types.length; i++) {
            boolean withDirection = isDifferentiated(i) && types[i].isRecord();
            for (String name : withDirection ? new String[] {names[i], names[i] + "Dot"} : new String[] {names[i]}) {
                String diff = Values.difference(before[j], after[j], name);
                if (diff != null) {
                    return diff;
                }
                j++;
            }
        }
        return null;
    }

    /**
     * Adds a failure for every argument in {@code args} that the call of {@code name} changed
     * ({@code point}: the caller's values, of which {@code args} were copies).
     */
    void reportModified(String name, Object[] point, Object[] args, String at, List<String> failures) {
        for (int i = 0; i < point.length; i++) {
            String diff = Values.difference(point[i], args[i], names[i]);
            if (diff != null) {
                failures.add(at + ": " + name + " modified the caller's array: " + diff);
            }
        }
    }

    private boolean isDifferentiated(int parameter) {
        for (int p : differentiable) {
            if (p == parameter) {
                return true;
            }
        }
        return false;
    }
}
