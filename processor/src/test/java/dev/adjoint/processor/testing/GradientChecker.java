package dev.adjoint.processor.testing;

import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Checks the generated derivatives of one {@code @Differentiable} method against each other and
 * against finite differences of the original method.
 *
 * <p>For a method {@code f} and a point (boxed arguments: {@code Double} for {@code double},
 * {@code Integer} for {@code int}, {@code Long}, {@code Boolean}; the boxed types select the overload)
 * {@link #check} verifies:
 * <ol>
 *   <li>the shape of the generated API: {@code public static Dual fForward(...)} with {@code Dual} in
 *       place of every {@code double} parameter, {@code public static} {@code fGradient(...)} with the
 *       original parameters returning a record nested in the generated class, named {@code FGradient}
 *       (or {@code FDoubleIntGradient} etc. when {@code f} is overloaded), whose components are
 *       {@code value} then {@code d<Param>} per {@code double} parameter, all {@code double};</li>
 *   <li>{@code fGradient(..).value()} and every {@code fForward(..).value()} equal the original
 *       method's result bit for bit;</li>
 *   <li>the gradient by forward mode (one sweep per {@code double} parameter, seeded with
 *       {@link Dual#variable}/{@link Dual#constant}) and by reverse mode agree to relative
 *       {@value #AD_RELATIVE} (absolute floor {@value #AD_RELATIVE} for magnitudes below 1);</li>
 *   <li>a forward sweep with arbitrary tangents gives the dot product of those tangents with the
 *       reverse-mode gradient (same tolerance, relative to the sum of the magnitudes of the terms);</li>
 *   <li>both agree with a Richardson-extrapolated central finite difference (Ridders' method) of the
 *       original method to relative {@value #FD_RELATIVE}, with absolute floor
 *       {@value #FD_ABSOLUTE} times {@code max(1, |f|)}.</li>
 * </ol>
 * {@link #checkAd} does all but the finite differences, for points at kinks where only the stated
 * convention applies.
 */
public final class GradientChecker {

    public static final double AD_RELATIVE = 1e-12;
    public static final double FD_RELATIVE = 1e-7;
    public static final double FD_ABSOLUTE = 1e-9;

    /** Tangents for the directional-derivative sweep, cycled over the double parameters. */
    private static final double[] DIRECTION = {0.75, -1.25, 0.5, 2.0, -0.375, 1.5};

    private final Class<?> userClass;
    private final Class<?> gradClass;
    private final double initialStepFactor;

    public GradientChecker(Class<?> userClass, Class<?> gradClass) {
        this(userClass, gradClass, 1e-2);
    }

    private GradientChecker(Class<?> userClass, Class<?> gradClass, double initialStepFactor) {
        this.userClass = userClass;
        this.gradClass = gradClass;
        this.initialStepFactor = initialStepFactor;
    }

    /**
     * A checker whose finite differences start from step {@code factor * max(1, |x|)} (default
     * {@code 1e-2}) and shrink from there; use a smaller factor for points close to the edge of a
     * domain or to a branch boundary.
     */
    public GradientChecker withInitialStepFactor(double factor) {
        return new GradientChecker(userClass, gradClass, factor);
    }

    public Class<?> userClass() {
        return userClass;
    }

    public Class<?> gradClass() {
        return gradClass;
    }

    /** Everything: API shape, values, forward vs reverse, directional sweep, finite differences. */
    public Gradients check(String method, Object... args) {
        return run(method, args, true);
    }

    /** As {@link #check} but without finite differences (for points at kinks). */
    public Gradients checkAd(String method, Object... args) {
        return run(method, args, false);
    }

    /** Calls the original method. */
    public double original(String method, Object... args) {
        Method m = userMethod(method, args);
        return (Double) invoke(m, args, describeCall(m, args));
    }

    /** Calls {@code <method>Forward} with the given arguments ({@code Dual} for double parameters). */
    public Dual forward(String method, Object... forwardArgs) {
        Object[] lookup = forwardArgs.clone();
        for (int i = 0; i < lookup.length; i++) {
            if (lookup[i] instanceof Dual d) {
                lookup[i] = d.value();
            }
        }
        Method m = forwardMethod(userMethod(method, lookup));
        return (Dual) invoke(m, forwardArgs, m.getName() + Arrays.toString(forwardArgs));
    }

    /** Calls {@code <method>Gradient} and returns its record components in declaration order. */
    public double[] reverse(String method, Object... args) {
        Method user = userMethod(method, args);
        Method grad = gradientMethod(user);
        Object record = invoke(grad, args, grad.getName() + describePoint(user, args));
        return components(record);
    }

    // ------------------------------------------------------------------------------------------

    private Gradients run(String method, Object[] args, boolean finiteDifferences) {
        Method user = userMethod(method, args);
        String where = describeCall(user, args);
        List<String> failures = new ArrayList<>();

        Method forward = forwardMethod(user);
        Method gradient = gradientMethod(user);
        checkRecordShape(user, gradient, failures);

        int[] diffIndices = doubleParameterIndices(user);
        String[] names = new String[diffIndices.length];
        for (int k = 0; k < diffIndices.length; k++) {
            names[k] = parameterName(user, diffIndices[k]);
        }

        double value = (Double) invoke(user, args, where);

        // reverse mode
        Object record = invoke(gradient, args, gradient.getName() + describePoint(user, args));
        double[] comps = components(record);
        double[] reverse = new double[diffIndices.length];
        if (comps.length != diffIndices.length + 1) {
            failures.add(String.format(Locale.ROOT, "%s returned %s with %d components, expected %d (value + one per double parameter)",
                    gradient.getName(), record, comps.length, diffIndices.length + 1));
            throw new AssertionError(header(where) + String.join("\n", failures));
        }
        System.arraycopy(comps, 1, reverse, 0, reverse.length);
        if (!sameBits(comps[0], value)) {
            failures.add(String.format(Locale.ROOT, "%s(..).value() = %s but the original method returns %s",
                    gradient.getName(), num(comps[0]), num(value)));
        }

        // forward mode, one sweep per double parameter
        double[] fwd = new double[diffIndices.length];
        for (int k = 0; k < diffIndices.length; k++) {
            Object[] fargs = args.clone();
            for (int q = 0; q < diffIndices.length; q++) {
                double v = (Double) args[diffIndices[q]];
                fargs[diffIndices[q]] = q == k ? Dual.variable(v) : Dual.constant(v);
            }
            Dual d = (Dual) invoke(forward, fargs, forward.getName() + " seeded on " + names[k] + " at " + describePoint(user, args));
            fwd[k] = d.tangent();
            if (!sameBits(d.value(), value)) {
                failures.add(String.format(Locale.ROOT, "%s(..) seeded on %s has value %s but the original method returns %s",
                        forward.getName(), names[k], num(d.value()), num(value)));
            }
        }
        if (diffIndices.length == 0) {
            Dual d = (Dual) invoke(forward, args, forward.getName() + describePoint(user, args));
            if (!sameBits(d.value(), value)) {
                failures.add(String.format(Locale.ROOT, "%s(..) has value %s but the original method returns %s",
                        forward.getName(), num(d.value()), num(value)));
            }
        }

        // forward vs reverse
        for (int k = 0; k < diffIndices.length; k++) {
            if (!closeAd(fwd[k], reverse[k])) {
                failures.add(String.format(Locale.ROOT,
                        "parameter %s: forward %s and reverse %s disagree (relative tolerance %s)",
                        names[k], num(fwd[k]), num(reverse[k]), AD_RELATIVE));
            }
        }

        // directional derivative along arbitrary tangents
        if (diffIndices.length > 1) {
            Object[] fargs = args.clone();
            double expected = 0;
            double scale = 0;
            double[] t = new double[diffIndices.length];
            for (int k = 0; k < diffIndices.length; k++) {
                t[k] = DIRECTION[k % DIRECTION.length];
                fargs[diffIndices[k]] = new Dual((Double) args[diffIndices[k]], t[k]);
                expected += t[k] * reverse[k];
                scale += Math.abs(t[k] * reverse[k]);
            }
            Dual d = (Dual) invoke(forward, fargs, forward.getName() + " with tangents " + Arrays.toString(t));
            if (!sameBits(d.value(), value)) {
                failures.add(String.format(Locale.ROOT, "%s(..) with tangents %s has value %s but the original method returns %s",
                        forward.getName(), Arrays.toString(t), num(d.value()), num(value)));
            }
            if (!(Math.abs(d.tangent() - expected) <= AD_RELATIVE * Math.max(1, scale))) {
                failures.add(String.format(Locale.ROOT,
                        "forward mode along tangents %s gives %s, but the tangents dotted with the reverse gradient give %s",
                        Arrays.toString(t), num(d.tangent()), num(expected)));
            }
        }

        // finite differences
        double[] fd = null;
        double[] fdError = null;
        if (finiteDifferences) {
            fd = new double[diffIndices.length];
            fdError = new double[diffIndices.length];
            for (int k = 0; k < diffIndices.length; k++) {
                double[] est = ridders(user, args, diffIndices[k], names[k], where);
                fd[k] = est[0];
                fdError[k] = est[1];
                double floor = FD_ABSOLUTE * Math.max(1, Math.abs(value));
                for (int mode = 0; mode < 2; mode++) {
                    double ad = mode == 0 ? fwd[k] : reverse[k];
                    double tol = FD_RELATIVE * Math.max(Math.abs(ad), Math.abs(fd[k])) + floor;
                    if (!(Math.abs(ad - fd[k]) <= tol)) {
                        failures.add(String.format(Locale.ROOT,
                                "parameter %s: %s mode gives %s but finite differences give %s (estimated FD error %s);"
                                        + " forward %s, reverse %s, finite difference %s%s",
                                names[k], mode == 0 ? "forward" : "reverse", num(ad), num(fd[k]), num(fdError[k]),
                                num(fwd[k]), num(reverse[k]), num(fd[k]),
                                fdError[k] > tol ? " [finite differences are unreliable here: a kink or branch boundary"
                                        + " within " + num(initialStepFactor * Math.max(1, Math.abs((Double) args[diffIndices[k]])))
                                        + " of the point? choose another point or withInitialStepFactor]" : ""));
                    }
                }
            }
        }

        if (!failures.isEmpty()) {
            throw new AssertionError(header(where) + String.join("\n", failures)
                    + "\n" + table(names, value, fwd, reverse, fd, fdError));
        }
        return new Gradients(where, names, value, fwd, reverse, fd);
    }

    private static String header(String where) {
        return "derivative check failed for " + where + ":\n";
    }

    private static String table(String[] names, double value, double[] fwd, double[] rev, double[] fd, double[] fdErr) {
        StringBuilder sb = new StringBuilder("  value = ").append(num(value)).append('\n');
        for (int k = 0; k < names.length; k++) {
            sb.append(String.format(Locale.ROOT, "  d/d%s: forward %s | reverse %s | finite difference %s%n", names[k],
                    num(fwd[k]), num(rev[k]), fd == null ? "(not computed)" : num(fd[k]) + " ± " + num(fdErr[k])));
        }
        return sb.toString();
    }

    /**
     * Ridders' method (Numerical Recipes {@code dfridr}): central differences at geometrically
     * shrinking steps, extrapolated to step 0 through a Neville tableau. Returns {estimate, error}.
     */
    private double[] ridders(Method user, Object[] args, int index, String name, String where) {
        double x = (Double) args[index];
        double[] steps = Ridders.steps(initialStepFactor * Math.max(1, Math.abs(x)));
        return Ridders.extrapolate(i -> centralDifference(user, args, index, x, steps[i], name, where));
    }

    private static double centralDifference(Method user, Object[] args, int index, double x, double h, String name, String where) {
        double xp = x + h;
        double xm = x - h;
        Object[] p = args.clone();
        p[index] = xp;
        Object[] m = args.clone();
        m[index] = xm;
        double fp = (Double) invoke(user, p, where);
        double fm = (Double) invoke(user, m, where);
        if (!Double.isFinite(fp) || !Double.isFinite(fm)) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "finite differences for %s left the domain: f(%s=%s) = %s, f(%s=%s) = %s;"
                            + " choose another point or a smaller initial step", where, name, num(xp), num(fp), name, num(xm), num(fm)));
        }
        return (fp - fm) / (xp - xm);
    }

    // ------------------------------------------------------------------------------------------
    // reflection

    private Method userMethod(String name, Object[] args) {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = primitiveOf(args[i]);
        }
        Method m;
        try {
            m = userClass.getDeclaredMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new AssertionError("no method " + name + Arrays.toString(types) + " in " + userClass.getName()
                    + "; declared: " + Arrays.toString(userClass.getDeclaredMethods()));
        }
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new AssertionError(m + " is not static");
        }
        if (!m.isAnnotationPresent(Differentiable.class)) {
            throw new AssertionError(m + " is not annotated @Differentiable");
        }
        if (m.getReturnType() != double.class) {
            throw new AssertionError(m + " does not return double");
        }
        m.setAccessible(true);
        return m;
    }

    private static Class<?> primitiveOf(Object arg) {
        if (arg instanceof Double) {
            return double.class;
        } else if (arg instanceof Integer) {
            return int.class;
        } else if (arg instanceof Long) {
            return long.class;
        } else if (arg instanceof Boolean) {
            return boolean.class;
        } else if (arg instanceof Character) {
            return char.class;
        } else if (arg instanceof String) {
            return String.class;
        } else if (arg instanceof Enum<?> constant) {
            return constant.getDeclaringClass();
        } else if (arg != null && !arg.getClass().isArray()) {
            return arg.getClass(); // an object the method only calls, such as a library's distribution
        }
        throw new IllegalArgumentException("unsupported argument " + arg
                + " (use Double, Integer, Long, Boolean, Character, String, an enum constant or an object)");
    }

    private Method forwardMethod(Method user) {
        Class<?>[] types = user.getParameterTypes().clone();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == double.class) {
                types[i] = Dual.class;
            }
        }
        String name = user.getName() + "Forward";
        Method m;
        try {
            m = gradClass.getDeclaredMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new AssertionError("no method " + name + Arrays.toString(types) + " in " + gradClass.getName()
                    + "; declared: " + Arrays.toString(gradClass.getDeclaredMethods()));
        }
        requirePublicStatic(m);
        if (m.getReturnType() != Dual.class) {
            throw new AssertionError(m + " should return " + Dual.class.getName());
        }
        m.setAccessible(true);
        return m;
    }

    private Method gradientMethod(Method user) {
        String name = user.getName() + "Gradient";
        Method m;
        try {
            m = gradClass.getDeclaredMethod(name, user.getParameterTypes());
        } catch (NoSuchMethodException e) {
            throw new AssertionError("no method " + name + Arrays.toString(user.getParameterTypes()) + " in "
                    + gradClass.getName() + "; declared: " + Arrays.toString(gradClass.getDeclaredMethods()));
        }
        requirePublicStatic(m);
        m.setAccessible(true);
        return m;
    }

    private static void requirePublicStatic(Method m) {
        if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
            throw new AssertionError(m + " should be public static");
        }
    }

    /** The record class must be nested in the generated class and named after the method (and its types, if overloaded). */
    private void checkRecordShape(Method user, Method gradient, List<String> failures) {
        Class<?> rec = gradient.getReturnType();
        if (!rec.isRecord()) {
            throw new AssertionError(gradient + " should return a record, returns " + rec);
        }
        if (rec.getDeclaringClass() != gradClass) {
            failures.add(rec.getName() + " should be nested in " + gradClass.getName());
        }
        if (!Modifier.isPublic(rec.getModifiers())) {
            failures.add(rec.getName() + " should be public");
        }
        String expected = expectedRecordName(user);
        if (!rec.getSimpleName().equals(expected)) {
            failures.add("the gradient record of " + user + " should be named " + expected + ", is " + rec.getSimpleName());
        }
        RecordComponent[] comps = rec.getRecordComponents();
        int[] diff = doubleParameterIndices(user);
        if (comps.length != diff.length + 1) {
            failures.add(rec.getName() + " has components " + Arrays.toString(comps) + ", expected value + one per double parameter");
            return;
        }
        for (int k = 0; k < comps.length; k++) {
            String want = k == 0 ? "value" : "d" + capitalize(parameterName(user, diff[k - 1]));
            boolean checkName = k == 0 || user.getParameters()[diff[k - 1]].isNamePresent();
            if (checkName && !comps[k].getName().equals(want)) {
                failures.add(rec.getName() + " component " + k + " is named " + comps[k].getName() + ", expected " + want);
            }
            if (comps[k].getType() != double.class) {
                failures.add(rec.getName() + " component " + comps[k].getName() + " should be a double");
            }
        }
    }

    private String expectedRecordName(Method user) {
        long overloads = Arrays.stream(userClass.getDeclaredMethods())
                .filter(m -> m.getName().equals(user.getName()) && m.isAnnotationPresent(Differentiable.class))
                .count();
        StringBuilder sb = new StringBuilder(capitalize(user.getName()));
        if (overloads > 1) {
            for (Class<?> t : user.getParameterTypes()) {
                sb.append(capitalize(t.getName()));
            }
        }
        return sb.append("Gradient").toString();
    }

    private static double[] components(Object record) {
        RecordComponent[] comps = record.getClass().getRecordComponents();
        double[] out = new double[comps.length];
        for (int i = 0; i < comps.length; i++) {
            Method accessor = comps[i].getAccessor();
            accessor.setAccessible(true);
            try {
                out[i] = (Double) accessor.invoke(record);
            } catch (InvocationTargetException e) {
                throw new AssertionError("calling " + accessor + " threw " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new AssertionError("cannot call " + accessor, e);
            }
        }
        return out;
    }

    private static int[] doubleParameterIndices(Method m) {
        Class<?>[] types = m.getParameterTypes();
        return java.util.stream.IntStream.range(0, types.length).filter(i -> types[i] == double.class).toArray();
    }

    private static String parameterName(Method m, int index) {
        Parameter p = m.getParameters()[index];
        return p.getName();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Object invoke(Method m, Object[] args, String what) {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("calling " + what + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new AssertionError("cannot call " + m + " for " + what, e);
        }
    }

    private String describeCall(Method user, Object[] args) {
        return userClass.getName() + "." + user.getName() + describePoint(user, args);
    }

    private static String describePoint(Method user, Object[] args) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        Parameter[] ps = user.getParameters();
        for (int i = 0; i < args.length; i++) {
            j.add(ps[i].getName() + "=" + (args[i] instanceof Double d ? num(d) : String.valueOf(args[i])));
        }
        return j.toString();
    }

    private static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    private static boolean closeAd(double a, double b) {
        return Math.abs(a - b) <= AD_RELATIVE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    static String num(double v) {
        return Double.toString(v);
    }
}
