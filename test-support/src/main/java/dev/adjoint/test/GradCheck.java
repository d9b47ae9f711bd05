package dev.adjoint.test;

import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Dual;
import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.MethodSummary;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.FiniteDifferenceJudge.Outcome;
import dev.adjoint.test.FiniteDifferenceJudge.Verdict;
import dev.adjoint.test.Target.Input;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * Gradient checking for tests: compares the forward mode, the reverse mode and finite differences of
 * {@code @Differentiable} methods, and throws an {@link AssertionError} with a readable table when
 * they disagree.
 *
 * <pre>{@code
 * GradCheck.of(MyModel.class).domain(-2, 2).points(20).seed(42).check();            // every @Differentiable method
 * GradCheck.of(MyModel.class).method("loss").at(w, 0.5, features, labels).check();  // one method at one point
 * }</pre>
 *
 * <p>At every point, for every scalar input (each {@code double} parameter, each element of a
 * {@code double[]} or {@code double[][]} parameter, and those in a record parameter's components, in
 * declaration order: {@code p.w}, {@code chain.weights[0]}) it checks:
 * <ol>
 *   <li>the value of {@code fGradient} and of every {@code fForward} sweep equals the method's own
 *       result bit for bit;</li>
 *   <li>no call modifies its array arguments, and the gradient's arrays are fresh and of the
 *       arguments' shapes;</li>
 *   <li>forward mode (one sweep per input, tangent 1 on it) and reverse mode agree to
 *       {@link #modeTolerance relative 1e-10} of the largest partial at the point;</li>
 *   <li>both agree with a Richardson-extrapolated central difference (Ridders' method) of the method:
 *       {@code |ad - fd| <= rtol * max(|ad|, |fd|) + atol}, by default {@code rtol = 1e-6},
 *       {@code atol = 1e-8}.</li>
 * </ol>
 * Where the finite difference's own error estimate exceeds that tolerance even after a retry with
 * a 1000 times smaller step, or where a reliable estimate disagrees, one-sided differences tell a
 * kink or jump (the left and right derivatives differ) from a wrong derivative: at a kink where both
 * modes take one side's derivative (Adjoint's convention: the derivative of the branch Java takes)
 * the comparison is <em>skipped</em>; at a smooth point, or a kink where the modes match neither
 * side, it fails. Nothing is ever passed with a looser tolerance: skips are listed in the report,
 * and the check fails when more than {@link #maxSkippedFraction a quarter} of a method's comparisons
 * are skipped.
 *
 * <p>A vector-valued method (returning {@code double[]}) is checked entry by entry of its Jacobian:
 * {@code J[i][x]}, the derivative of result element {@code i} along input {@code x}, from forward mode
 * ({@code fForward} returning {@code Dual[]}, one sweep per input) and from reverse mode
 * ({@code fPullback} with a unit seed per element), against each other and against finite
 * differences of element {@code i}, as above. Besides: every sweep's values equal the method's result
 * bit for bit, {@code fPullback} is linear in its seed (one sweep with a mixed seed) and leaves the seed
 * alone, and {@code fJacobian} equals both modes' entries. A method returning a record of doubles is
 * checked the same way, its result flattened into its components in declaration order (nested records
 * in place) and its entries named by component: {@code J[x][theta]}, {@code J[to.y][radius]}; its
 * forward mode returns a record {@code (R value, R tangent)} and its pullback takes a seed of type {@code R}.
 *
 * <p>Random points are drawn from a seeded generator (the same points on every run): {@code double}s
 * and array elements uniformly from the {@link #domain(double, double) domain} ([-1, 1] unless
 * given), arrays of length {@link #arraySize(int) 3} and matrices of {@link #matrixSize(int, int)
 * 3 x 3}, {@code int} and {@code long} parameters uniformly from [1, 3], {@code boolean}s either way,
 * records component by component (the parameter's domain and sizes for its doubles and arrays).
 * An enum parameter takes every one of its constants: each random point is checked once per constant
 * (once per combination of constants with several enum parameters), so that no case of a switch on it
 * goes unchecked. {@code char} and {@code String} parameters are not drawn: give them with
 * {@link #fixed}, {@link #generate} or explicit {@link #at} points (else an IllegalArgumentException).
 * Every one of these can be set per parameter, by name: the names of {@code double} parameters are
 * known from the generated gradient record; those of the others need the class compiled with
 * {@code -parameters}, else they are {@code arg0}, {@code arg1}... (their position).
 *
 * <p>The builder is mutable and not thread-safe; each call returns {@code this}.
 */
public final class GradCheck {

    private final Class<?> type;
    private Class<?> gradClass;
    /** Method name to requested parameter types; a null entry: every overload. */
    private final Map<String, List<Class<?>[]>> selection = new LinkedHashMap<>();
    private final List<Object[]> explicitPoints = new ArrayList<>();
    private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
    private double lo = -1;
    private double hi = 1;
    private int arrayLength = 3;
    private int rows = 3;
    private int columns = 3;
    private int points = 10;
    private boolean pointsGiven;
    private long seed = 0x5EED_AD70L;
    private double rtol = 1e-6;
    private double atol = 1e-8;
    private double modeRtol = 1e-10;
    private double step = 1e-2;
    private double maxSkipped = 0.25;

    /** Per-parameter settings. */
    private static final class ParamSpec {
        Double lo;
        Double hi;
        Object fixed;
        boolean hasFixed;
        Function<Random, ?> generator;
        Integer length;
        Integer rows;
        Integer columns;
    }

    private GradCheck(Class<?> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** Checks the {@code @Differentiable} methods of {@code type} (all of them unless {@link #method} narrows it). */
    public static GradCheck of(Class<?> type) {
        return new GradCheck(type);
    }

    /** Only the {@code @Differentiable} methods called {@code name} (all its overloads); may be called again to add names. */
    public GradCheck method(String name) {
        selection.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>()).add(null);
        return this;
    }

    /** Only the {@code @Differentiable} method {@code name(parameterTypes...)}, e.g. {@code method("f", double.class, int.class)}. */
    public GradCheck method(String name, Class<?>... parameterTypes) {
        selection.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                .add(parameterTypes.clone());
        return this;
    }

    /**
     * An explicit point: the arguments exactly as they would be passed to the method ({@code Double}
     * or any number for {@code double}, {@code Integer}, {@code Long}, {@code Boolean}, {@code double[]},
     * {@code double[][]}, {@code Character} for {@code char}, a {@code String}, an enum constant). Checked with every selected method whose parameters fit; it is an error if
     * none does. Repeatable. With explicit points, no random points are drawn unless
     * {@link #points(int)} is called too. The arrays are copied: later changes to them do not matter.
     */
    public GradCheck at(Object... arguments) {
        if (arguments instanceof double[][] matrix) {
            // at(matrix) for a method of one double[][] parameter: Java passes the matrix as the varargs array
            arguments = new Object[] {matrix};
        }
        Object[] copy = new Object[arguments.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Values.deepCopy(arguments[i]);
        }
        explicitPoints.add(copy);
        return this;
    }

    /** The default domain of every {@code double} and array element at random points: uniform in [lo, hi]. */
    public GradCheck domain(double lo, double hi) {
        checkRange(lo, hi);
        this.lo = lo;
        this.hi = hi;
        return this;
    }

    /**
     * The domain of one parameter at random points: for a {@code double}, {@code double[]} or
     * {@code double[][]}, its values (elements) uniform in [lo, hi]; for an {@code int} or {@code long},
     * the integers in [lo, hi] (bounds included).
     */
    public GradCheck domain(String parameter, double lo, double hi) {
        checkRange(lo, hi);
        ParamSpec s = spec(parameter);
        s.lo = lo;
        s.hi = hi;
        return this;
    }

    /** Gives {@code parameter} this value at every random point (it is deep-copied and converted like {@link #at} arguments). */
    public GradCheck fixed(String parameter, Object value) {
        ParamSpec s = spec(parameter);
        s.fixed = Values.deepCopy(value);
        s.hasFixed = true;
        return this;
    }

    /**
     * Draws {@code parameter} at random points from {@code generator}, called with the check's seeded
     * {@link Random}: e.g. labels {@code r -> new double[] {r.nextInt(2), r.nextInt(2), r.nextInt(2)}}.
     */
    public GradCheck generate(String parameter, Function<Random, ?> generator) {
        spec(parameter).generator = Objects.requireNonNull(generator, "generator");
        return this;
    }

    /** The length of every {@code double[]} parameter at random points (default 3). */
    public GradCheck arraySize(int length) {
        this.arrayLength = checkSize(length);
        return this;
    }

    /** The length of one {@code double[]} parameter at random points. */
    public GradCheck arraySize(String parameter, int length) {
        spec(parameter).length = checkSize(length);
        return this;
    }

    /** The shape of every {@code double[][]} parameter at random points (default 3 x 3). */
    public GradCheck matrixSize(int rows, int columns) {
        this.rows = checkSize(rows);
        this.columns = checkSize(columns);
        return this;
    }

    /** The shape of one {@code double[][]} parameter at random points. */
    public GradCheck matrixSize(String parameter, int rows, int columns) {
        ParamSpec s = spec(parameter);
        s.rows = checkSize(rows);
        s.columns = checkSize(columns);
        return this;
    }

    /** How many random points per method (default 10; with explicit {@link #at} points, 0 unless this is called). */
    public GradCheck points(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("points must be >= 0, got " + n);
        }
        this.points = n;
        this.pointsGiven = true;
        return this;
    }

    /** The seed of the random points (a fixed default, so runs repeat). */
    public GradCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Tolerance against finite differences: {@code |ad - fd| <= relative * max(|ad|, |fd|) + absolute} (default 1e-6, 1e-8). */
    public GradCheck tolerance(double relative, double absolute) {
        if (!(relative >= 0) || !(absolute >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0");
        }
        this.rtol = relative;
        this.atol = absolute;
        return this;
    }

    /**
     * Tolerance between forward and reverse mode, relative to the larger of the two and of the
     * largest partial at the point (default 1e-10: the two modes round differently, but only just).
     */
    public GradCheck modeTolerance(double relative) {
        if (!(relative >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0");
        }
        this.modeRtol = relative;
        return this;
    }

    /** The first step of the finite differences, relative to {@code max(1, |x|)} (default 1e-2; shrinks from there). */
    public GradCheck step(double relativeStep) {
        if (!(relativeStep > 0)) {
            throw new IllegalArgumentException("step must be > 0");
        }
        this.step = relativeStep;
        return this;
    }

    /**
     * The largest fraction of a method's comparisons against finite differences that may be skipped
     * (default 0.25); use 1 to accept points chosen on purpose at kinks.
     */
    public GradCheck maxSkippedFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1]");
        }
        this.maxSkipped = fraction;
        return this;
    }

    /**
     * Takes the derivatives from {@code derivatives} instead of the generated class the naming rule
     * gives ({@code p.CGrad}): for hand-written derivatives of the same shape, or to check a method
     * against another's derivatives.
     */
    public GradCheck gradClass(Class<?> derivatives) {
        this.gradClass = Objects.requireNonNull(derivatives, "derivatives");
        return this;
    }

    /** Runs the check and throws an {@link AssertionError} with the report if anything failed. */
    public GradCheckReport check() {
        GradCheckReport report = run();
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
        return report;
    }

    /** Runs the check and returns the report, failed or not. */
    public GradCheckReport run() {
        List<Method> methods = selectedMethods();
        Class<?> derivatives = gradClass != null ? gradClass : generatedClass(type);

        List<Target> targets = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Method m : methods) {
            try {
                targets.add(Target.resolve(m, derivatives));
            } catch (AssertionError e) {
                failures.add(Target.signature(m) + ": " + e.getMessage());
            }
        }
        validateNames(methods, targets);
        validateExplicitPoints(methods);

        List<Comparison> comparisons = new ArrayList<>();
        List<MethodSummary> summaries = new ArrayList<>();
        for (Target t : targets) {
            new MethodCheck(t, comparisons, failures).run(summaries);
        }
        String title = String.format(Locale.ROOT, "GradCheck of %s against %s (seed %d; rtol %s, atol %s against"
                        + " finite differences; %s between forward and reverse mode): %s",
                type.getName(), derivatives.getName(), seed, Values.err(rtol), Values.err(atol), Values.err(modeRtol),
                failures.isEmpty() ? "passed" : "FAILED");
        return new GradCheckReport(title, comparisons, failures, summaries);
    }

    // --------------------------------------------------------------------------------------------
    // set-up

    /** {@code p.Outer.Inner} gives {@code p.Outer_InnerGrad}. */
    static Class<?> generatedClass(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            names.add(0, c.getSimpleName());
        }
        String pkg = type.getPackageName();
        String name = (pkg.isEmpty() ? "" : pkg + ".") + String.join("_", names) + "Grad";
        try {
            return Class.forName(name, true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class " + name + " for " + type.getName()
                    + ": is adjoint-processor on the compiler's annotationProcessorPaths, and does "
                    + type.getSimpleName() + " have @Differentiable methods that compiled?");
        }
    }

    private List<Method> selectedMethods() {
        List<Method> all = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Differentiable.class) && !m.isSynthetic()) {
                all.add(m);
            }
        }
        all.sort(Comparator.comparing(Method::getName).thenComparingInt(Method::getParameterCount)
                .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        if (all.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no @Differentiable methods");
        }
        if (selection.isEmpty()) {
            return all;
        }
        List<Method> selected = new ArrayList<>();
        for (Map.Entry<String, List<Class<?>[]>> e : selection.entrySet()) {
            String name = e.getKey();
            List<Method> named = all.stream().filter(m -> m.getName().equals(name)).toList();
            if (named.isEmpty()) {
                throw new IllegalArgumentException(type.getName() + " has no @Differentiable method " + name
                        + "; it has " + all.stream().map(Target::signature).toList());
            }
            boolean allOverloads = e.getValue().contains(null);
            for (Class<?>[] sig : e.getValue()) {
                if (sig != null && named.stream().noneMatch(m -> Arrays.equals(sig, m.getParameterTypes()))) {
                    throw new IllegalArgumentException(type.getName() + " has no @Differentiable method " + name
                            + Arrays.stream(sig).map(Class::getSimpleName).toList().toString()
                                    .replace('[', '(').replace(']', ')')
                            + "; it has " + named.stream().map(Target::signature).toList());
                }
            }
            for (Method m : named) {
                boolean wanted = allOverloads
                        || e.getValue().stream().anyMatch(sig -> Arrays.equals(sig, m.getParameterTypes()));
                if (wanted && !selected.contains(m)) {
                    selected.add(m);
                }
            }
        }
        return selected;
    }

    private ParamSpec spec(String parameter) {
        return specs.computeIfAbsent(Objects.requireNonNull(parameter, "parameter"), p -> new ParamSpec());
    }

    private void validateNames(List<Method> methods, List<Target> targets) {
        for (String name : specs.keySet()) {
            boolean found = targets.stream().anyMatch(t -> {
                for (int i = 0; i < t.types.length; i++) {
                    if (t.names(i, name)) {
                        return true;
                    }
                }
                return false;
            });
            if (!found) {
                StringBuilder known = new StringBuilder();
                for (Target t : targets) {
                    known.append(' ').append(t.signature).append(": ").append(Arrays.toString(t.names));
                }
                throw new IllegalArgumentException("no selected method has a parameter named '" + name
                        + "' (int, long and boolean parameters are named only when compiled with -parameters,"
                        + " else arg0, arg1...);" + known);
            }
        }
    }

    private void validateExplicitPoints(List<Method> methods) {
        for (Object[] p : explicitPoints) {
            if (methods.stream().noneMatch(m -> convertPoint(m.getParameterTypes(), p) != null)) {
                StringBuilder given = new StringBuilder();
                for (Object a : p) {
                    given.append(given.length() == 0 ? "" : ", ").append(Values.typeOf(a));
                }
                throw new IllegalArgumentException("at(" + given + ") fits none of the selected methods "
                        + methods.stream().map(Target::signature).toList());
            }
        }
    }

    private static Object[] convertPoint(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            return null;
        }
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = Values.convert(types[i], args[i]);
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    private static void checkRange(double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi)) {
            throw new IllegalArgumentException("domain needs finite lo <= hi, got [" + lo + ", " + hi + "]");
        }
    }

    private static int checkSize(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sizes must be >= 0, got " + n);
        }
        return n;
    }

    // --------------------------------------------------------------------------------------------
    // one method

    private final class MethodCheck {
        private final Target t;
        private final List<Comparison> comparisons;
        private final List<String> failures;
        private int compared;
        private int skipped;

        private final FiniteDifferenceJudge judge = new FiniteDifferenceJudge(rtol, atol, step);

        /** For a vector-valued method: its sweeps and {@code fJacobian} at every point. */
        private final JacobianCheck jacobians;

        /** For a method with {@code hessian = true}: its {@code fHessian} at every point. */
        private final HessianCheck hessian;

        MethodCheck(Target t, List<Comparison> comparisons, List<String> failures) {
            this.t = t;
            this.comparisons = comparisons;
            this.failures = failures;
            this.hessian = t.hessian == null ? null : new HessianCheck(t, rtol, atol, step, modeRtol);
            this.jacobians = t.vectorValued ? new JacobianCheck(t, modeRtol) : null;
        }

        void run(List<MethodSummary> summaries) {
            List<Object[]> pts = new ArrayList<>();
            for (Object[] p : explicitPoints) {
                Object[] converted = convertPoint(t.types, p);
                if (converted != null) {
                    pts.add(converted);
                }
            }
            if (explicitPoints.isEmpty() || pointsGiven) {
                Random random = new Random(seed ^ (long) t.signature.hashCode() * 0x9E3779B97F4A7C15L);
                for (int i = 0; i < points; i++) {
                    pts.addAll(ValueParameters.expand(draw(random), t.types));
                }
            }
            for (int i = 0; i < pts.size(); i++) {
                checkPoint(i, pts.get(i));
            }
            if (hessian != null) {
                compared += hessian.compared();
                skipped += hessian.skipped();
            }
            if (compared > 0 && skipped > maxSkipped * compared) {
                failures.add(String.format(Locale.ROOT, "%s: %d of %d comparisons against finite differences were"
                                + " skipped (more than %s): finite differences were unreliable at too many points;"
                                + " move the domain away from kinks and singularities, or allow it with"
                                + " maxSkippedFraction", t.signature, skipped, compared, Values.num(maxSkipped)));
            }
            summaries.add(new MethodSummary(t.signature, pts.size(), compared, skipped));
        }

        private Object[] draw(Random r) {
            Object[] p = new Object[t.types.length];
            for (int i = 0; i < p.length; i++) {
                ParamSpec s = null;
                for (Map.Entry<String, ParamSpec> e : specs.entrySet()) {
                    if (t.names(i, e.getKey())) {
                        s = e.getValue();
                    }
                }
                p[i] = draw(r, i, s);
            }
            return p;
        }

        private Object draw(Random r, int i, ParamSpec s) {
            Class<?> type = t.types[i];
            if (s != null && (s.hasFixed || s.generator != null)) {
                Object raw = s.hasFixed ? s.fixed : s.generator.apply(r);
                Object v = Values.convert(type, raw);
                if (v == null) {
                    throw new IllegalArgumentException(t.signature + ": parameter " + t.names[i] + " is "
                            + type.getSimpleName() + " but was given a " + Values.typeOf(raw));
                }
                return v;
            }
            if (type == double.class || type == double[].class || type == double[][].class || type.isRecord()) {
                return drawDifferentiable(r, type, s);
            } else if (type == boolean.class) {
                return r.nextBoolean();
            } else if (ValueParameters.isValueType(type)) {
                return ValueParameters.draw(t.signature, t.names[i], type);
            }
            long first = s != null && s.lo != null ? (long) Math.ceil(s.lo) : 1;
            long last = s != null && s.hi != null ? (long) Math.floor(s.hi) : 3;
            if (first > last) {
                throw new IllegalArgumentException(t.signature + ": the domain of " + t.names[i] + " holds no integer");
            }
            return drawInteger(r, type, first, last);
        }

        /**
         * A {@code double}, {@code double[]}, {@code double[][]} or record with the parameter's settings
         * {@code s}: every double in its domain, arrays of its sizes; a record's {@code int} and
         * {@code long} components in [1, 3] (the domain is its doubles'), its booleans either way.
         */
        private Object drawDifferentiable(Random r, Class<?> type, ParamSpec s) {
            double a = s != null && s.lo != null ? s.lo : lo;
            double b = s != null && s.hi != null ? s.hi : hi;
            if (type == double.class) {
                return uniform(r, a, b);
            } else if (type == double[].class) {
                int n = s != null && s.length != null ? s.length : arrayLength;
                double[] w = new double[n];
                for (int k = 0; k < n; k++) {
                    w[k] = uniform(r, a, b);
                }
                return w;
            } else if (type == double[][].class) {
                int m = s != null && s.rows != null ? s.rows : rows;
                int n = s != null && s.columns != null ? s.columns : columns;
                double[][] x = new double[m][n];
                for (int k = 0; k < m; k++) {
                    for (int l = 0; l < n; l++) {
                        x[k][l] = uniform(r, a, b);
                    }
                }
                return x;
            } else if (type == boolean.class) {
                return r.nextBoolean();
            } else if (type == int.class || type == long.class) {
                return drawInteger(r, type, 1, 3);
            }
            Class<?>[] types = Records.componentTypes(type);
            Object[] components = new Object[types.length];
            for (int k = 0; k < types.length; k++) {
                components[k] = drawDifferentiable(r, types[k], s);
            }
            return Records.construct(type, types, components);
        }

        private Object drawInteger(Random r, Class<?> type, long first, long last) {
            long v = first + (long) Math.floor(r.nextDouble() * (last - first + 1));
            v = Math.min(v, last);
            if (type == int.class) {
                return (int) v;
            }
            return v;
        }

        private double uniform(Random r, double a, double b) {
            return a + (b - a) * r.nextDouble();
        }

        private void checkPoint(int index, Object[] point) {
            String exact = Values.describePoint(t.names, point, true);
            String compact = Values.describePoint(t.names, point, false);
            String at = t.signature + " at point #" + index + " (" + exact + ")";
            if (t.vectorValued) {
                checkVectorPoint(index, point, compact, at);
                return;
            }

            // the method itself
            Object[] args = Values.deepCopy(point);
            double value;
            try {
                value = (Double) invoke(t.primal, args);
            } catch (Throwable e) {
                failures.add(at + ": the method itself threw " + e
                        + "; restrict the domain or give the parameter a fixed value");
                return;
            }
            unmodified(t.primal.getName(), point, args, at);

            // reverse mode
            args = Values.deepCopy(point);
            Object record;
            try {
                record = invoke(t.gradient, args);
            } catch (Throwable e) {
                failures.add(at + ": " + t.gradient.getName() + " threw " + e + " where the method returns " + value);
                return;
            }
            unmodified(t.gradient.getName(), point, args, at);
            if (record == null) {
                failures.add(at + ": " + t.gradient.getName() + " returned null");
                return;
            }
            double reverseValue = (Double) access(t.valueAccessor, record);
            if (!Values.sameBits(reverseValue, value)) {
                failures.add(at + ": " + t.gradient.getName() + "(..).value() is " + reverseValue
                        + " but the method returns " + value + " (values must be equal bit for bit)");
            }
            Object[] partials = new Object[t.types.length];
            for (int k = 0; k < t.differentiable.length; k++) {
                int p = t.differentiable[k];
                partials[p] = access(t.partialAccessors[k], record);
                String shape = Values.freshPartialProblem(point[p], partials[p], args[p]);
                if (shape != null) {
                    failures.add(at + ": " + t.gradient.getName() + "'s partial for " + t.names[p] + " " + shape);
                    return;
                }
            }
            List<Input> inputs = t.inputs(point);
            double[] reverse = new double[inputs.size()];
            for (int q = 0; q < reverse.length; q++) {
                reverse[q] = Target.get(partials, inputs.get(q));
            }

            // forward mode, one sweep per input
            double[] forward = new double[inputs.size()];
            boolean valueReported = false;
            for (int q = 0; q < forward.length; q++) {
                Object[] fargs = t.forwardArguments(point, inputs.get(q));
                Object[] before = Values.deepCopy(fargs);
                Dual d;
                try {
                    d = (Dual) invoke(t.forward, fargs);
                } catch (Throwable e) {
                    failures.add(at + ": " + t.forward.getName() + " seeded on " + inputs.get(q).label() + " threw " + e
                            + " where the method returns " + value);
                    return;
                }
                if (d == null) {
                    failures.add(at + ": " + t.forward.getName() + " returned null");
                    return;
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
            if (inputs.isEmpty()) {
                return; // e.g. empty arrays: nothing to differentiate
            }
            compare(index, compact, at, point, value, -1, inputs, forward, reverse);
            if (hessian != null && Double.isFinite(value)) {
                hessian.check(point, at, failures);
            }
        }

        /**
         * A vector-valued method: the sweeps of both modes and fJacobian (checked by JacobianCheck),
         * then every entry of the Jacobian as a derivative of its result element.
         */
        private void checkVectorPoint(int index, Object[] point, String compact, String at) {
            JacobianCheck.Sweeps sweeps = jacobians.run(point, at, failures);
            if (sweeps == null || sweeps.inputs().isEmpty()) {
                return;
            }
            for (int i = 0; i < sweeps.value().length; i++) {
                compare(index, compact, at, point, sweeps.value()[i], i, sweeps.inputs(), sweeps.forward()[i],
                        sweeps.reverse()[i]);
            }
        }

        /**
         * Compares forward and reverse mode's derivatives of one value ({@code output} -1: the method's
         * own; else that element of its result) with each other and with finite differences, input by input.
         */
        private void compare(int index, String compact, String at, Object[] point, double value, int output,
                             List<Input> inputs, double[] forward, double[] reverse) {
            double scale = Values.largestMagnitude(reverse);
            for (int q = 0; q < inputs.size(); q++) {
                Input in = inputs.get(q);
                String label = output < 0 ? in.label() : t.result.entryLabel(output, in);
                String derivative = output < 0 ? "d/d" + in.label()
                        : label + " = d " + t.primal.getName() + t.result.selector(output) + "/d " + in.label();
                double fwd = forward[q];
                double rev = reverse[q];
                String modeProblem = null;
                double modeTol = modeRtol * Math.max(Math.max(finiteAbs(fwd), finiteAbs(rev)), scale);
                boolean modesAgree = Values.sameBits(fwd, rev) || (Double.isNaN(fwd) && Double.isNaN(rev))
                        || Math.abs(fwd - rev) <= modeTol;
                if (!modesAgree) {
                    modeProblem = "forward " + fwd + " and reverse " + rev + " disagree";
                }

                if (!Double.isFinite(value)) {
                    compared++;
                    skipped++;
                    record(index, compact, label, derivative, fwd, rev, FiniteDifference.NONE,
                            modesAgree ? Status.SKIPPED : Status.MODES_DISAGREE,
                            modesAgree ? "the value " + value + " is not finite" : modeProblem, at);
                    continue;
                }
                compared++;
                Outcome o = judge.classify(outputAlong(point, in, output), Target.get(point, in), fwd, rev);
                FiniteDifference.Estimate est = o.estimate();
                Status status;
                String note = o.note();
                if (o.verdict() == Verdict.MISMATCH) {
                    status = Status.MISMATCH;
                    if (modeProblem != null) {
                        note = note.isEmpty() ? modeProblem : note + "; " + modeProblem;
                    }
                } else if (!modesAgree) {
                    status = Status.MODES_DISAGREE;
                } else if (o.verdict() == Verdict.UNRELIABLE) {
                    status = Status.SKIPPED;
                    skipped++;
                } else {
                    status = Status.OK;
                }
                record(index, compact, label, derivative, fwd, rev, est, status, note, at);
            }
        }

        /**
         * Adds one comparison, and its failure if it failed. {@code label}: the input ({@code x},
         * {@code w[2]}), or the Jacobian entry ({@code J[1][x]}); {@code derivative}: how failure
         * lines name it ({@code d/dx}, {@code J[1][x] = d f[1]/d x}).
         */
        private void record(int index, String compact, String label, String derivative, double fwd, double rev,
                            FiniteDifference.Estimate est, Status status, String note, String at) {
            double fd = est.value();
            double rel;
            double margin;
            if (status == Status.MODES_DISAGREE || Double.isNaN(fd)) {
                rel = relative(fwd, rev);
                margin = Double.NaN;
            } else {
                rel = Math.max(relative(fwd, fd), relative(rev, fd));
                double tol = judge.tolerance(fwd, rev, fd);
                margin = Math.max(Math.abs(fwd - fd), Math.abs(rev - fd)) / tol;
            }
            Comparison c = new Comparison(t.signature, index, compact, label, fwd, rev, fd, est.error(), rel,
                    margin, status, note);
            comparisons.add(c);
            if (status == Status.MISMATCH) {
                failures.add(String.format(Locale.ROOT, "%s: %s: forward %s, reverse %s, finite difference %s ± %s"
                                + " (relative error %s, tolerance %s + %s * max)%s", at, derivative, fwd, rev, fd,
                        Values.err(est.error()), Values.err(rel), Values.err(atol), Values.err(rtol),
                        note.isEmpty() ? "" : "; also " + note));
            } else if (status == Status.MODES_DISAGREE) {
                failures.add(String.format(Locale.ROOT, "%s: %s: forward mode %s and reverse mode %s disagree"
                                + " (relative error %s, tolerance %s)%s", at, derivative, fwd, rev,
                        Values.err(relative(fwd, rev)), Values.err(modeRtol),
                        Double.isNaN(fd) ? "" : "; finite difference " + fd + " ± " + Values.err(est.error())));
            }
        }

        /**
         * The method's value ({@code output} -1), or element {@code output} of its result, as a function
         * of input {@code in} alone, the rest of {@code point} held; NaN where it throws or has no such element.
         */
        private DoubleUnaryOperator outputAlong(Object[] point, Input in, int output) {
            return v -> {
                try {
                    Object result = invoke(t.primal, Target.with(point, in, v));
                    if (output < 0) {
                        return (Double) result;
                    }
                    double[] elements = result == null || t.result.nullComponent(result) != null
                            ? null : t.result.elements(result);
                    return elements != null && output < elements.length ? elements[output] : Double.NaN;
                } catch (Throwable e) {
                    return Double.NaN; // outside the method's domain: like a non-finite value
                }
            };
        }

        private void unmodified(String name, Object[] point, Object[] args, String at) {
            for (int i = 0; i < point.length; i++) {
                String diff = Values.difference(point[i], args[i], t.names[i]);
                if (diff != null) {
                    failures.add(at + ": " + name + " modified the caller's array: " + diff);
                }
            }
        }
    }

    private static double finiteAbs(double v) {
        return Double.isFinite(v) ? Math.abs(v) : 0;
    }

    private static double relative(double a, double b) {
        if (Values.sameBits(a, b) || (Double.isNaN(a) && Double.isNaN(b))) {
            return 0;
        }
        double d = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }

    static Object invoke(Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + m + ": " + e.getMessage()
                    + " (open the package to dev.adjoint.test, or make the class public)", e);
        }
    }

    static Object access(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + accessor + ": " + e, e);
        }
    }
}
