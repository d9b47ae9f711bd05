package dev.adjoint.test;

import dev.adjoint.Differentiable;
import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.MethodSummary;
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
 * <p>A record's own {@code @Differentiable} method ({@code double logPdf(double x)} in {@code record
 * Gaussian(double mu, double sigma)}) is checked as its generated methods see it: the record is its
 * first input, named {@code self} ({@code self.mu}, {@code self.sigma}, then {@code x}), drawn and
 * checked like a record parameter; an explicit point gives the record first: {@code at(new Gaussian(0, 1), 0.5)}.
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
    private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();
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
     * {@code double[][]}, {@code Character} for {@code char}, a {@code String}, an enum constant, a record of the parameter's
     * type; for a record's own method, the record first). Checked with every selected method whose parameters fit; it is an error if
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
        ParameterSpec s = spec(parameter);
        s.lo = lo;
        s.hi = hi;
        return this;
    }

    /** Gives {@code parameter} this value at every random point (it is deep-copied and converted like {@link #at} arguments). */
    public GradCheck fixed(String parameter, Object value) {
        ParameterSpec s = spec(parameter);
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
        ParameterSpec s = spec(parameter);
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

        Points points = new Points(lo, hi, arrayLength, rows, columns, this.points, pointsGiven, seed, specs,
                explicitPoints);
        Tolerances tolerances = new Tolerances(rtol, atol, modeRtol, step, maxSkipped);
        List<Comparison> comparisons = new ArrayList<>();
        List<MethodSummary> summaries = new ArrayList<>();
        for (Target t : targets) {
            new MethodCheck(t, tolerances, comparisons, failures).run(points.of(t), summaries);
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

    private ParameterSpec spec(String parameter) {
        return specs.computeIfAbsent(Objects.requireNonNull(parameter, "parameter"), p -> new ParameterSpec());
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
            if (methods.stream().noneMatch(m -> Points.convert(Target.inputTypes(m), p) != null)) {
                StringBuilder given = new StringBuilder();
                for (Object a : p) {
                    given.append(given.length() == 0 ? "" : ", ").append(Values.typeOf(a));
                }
                throw new IllegalArgumentException("at(" + given + ") fits none of the selected methods "
                        + methods.stream().map(Target::signature).toList()
                        + (methods.stream().anyMatch(Target::isRecordsOwn)
                                ? " (a record's own method takes the record first: at(record, arguments...))" : ""));
            }
        }
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
}
