package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.AdjointCompiler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates random, valid Java programs inside Adjoint's supported language, reproducibly from a
 * seed: a class {@code p.FuzzN} (N the seed) with a few
 * {@code @Differentiable public static double fK(double x, double y, int n)} methods, where
 * {@code fK} may call {@code fJ} for {@code J < K} (no recursion, so every program terminates).
 *
 * <p>Every program is rendered twice from the same random choices:
 * <ul>
 *   <li>the <em>program</em> {@code p.FuzzN}, the class under test, compiled through the processor;</li>
 *   <li>its <em>trace twin</em> {@code p.FuzzNTrace}: the same method bodies, not annotated, in which
 *       every construct whose outcome can switch discontinuously as {@code x} or {@code y} moves
 *       (each {@code double} comparison, and each library kink or step: {@code abs max min floor ceil
 *       rint signum ulp round copySign % IEEEremainder} and {@code (int)} casts) goes through a helper
 *       that computes exactly the same value and folds the discrete outcome (which side of the
 *       comparison, which argument of {@code max}, which integer {@code floor} returned, ...) into a
 *       hash. Two points with the same hash took the same path through every branch and every kink, so
 *       the program is the same smooth function at both (see {@link DifferentialFuzzTest}).</li>
 * </ul>
 *
 * <p>The language covered: nested {@code + - * /}, unary minus, most {@code Math} (and some
 * {@code StrictMath}) functions with arguments chosen to keep them inside their domain and away from
 * singular derivatives ({@code Math.log(1.0 + u * u)}, {@code Math.sqrt(2.0 + Math.sin(u))},
 * {@code Math.pow(1.5 + Math.cos(u), v)}, {@code Math.asin(0.5 * Math.tanh(u))}, divisions only by
 * expressions bounded away from zero, ...), so every generated method is total and finite-valued on
 * all finite inputs; the kink functions above; {@code double}, {@code int}, {@code boolean} and
 * {@code var} locals; reassignment of locals and parameters, also self-referencing; compound
 * assignment {@code += -= *= /= %=}; {@code ++}/{@code --}; {@code int} arithmetic mixed into
 * doubles ({@code n / 2 * x}, {@code (double) n}); {@code if}/{@code else if}/{@code else};
 * {@code && || !}; ternaries with active branches; early returns; calls to earlier methods.
 *
 * <p>Validity: locals are declared with an initializer, except for the pattern
 * {@code double a; if (c) { a = ..; } else { a = ..; }} which javac accepts as definitely assigned;
 * names are unique per method (no shadowing); a final {@code else} block never ends in
 * {@code return}, so every {@code if} can complete normally and no statement is unreachable; integer
 * division and remainder only by non-zero constants.
 */
public final class ProgramGenerator {

    /**
     * A generated program, its trace twin and the names of its methods. {@link #methodSpecs} keeps
     * the methods as lines (each rendered for the program and for the twin), so that the minimiser
     * can delete and rewrite them and render both sources again ({@link #withMethods}).
     */
    public record Program(long seed, String className, String source, String traceClassName, String traceSource,
                          List<String> methods, boolean extended, String plainPrefix, String tracedPrefix,
                          List<MethodSpec> methodSpecs) {

        public String qualifiedName() {
            return "p." + className;
        }

        public String qualifiedTraceName() {
            return "p." + traceClassName;
        }

        /** The method named {@code name}. */
        public MethodSpec spec(String name) {
            for (MethodSpec m : methodSpecs) {
                if (m.name().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(name);
        }

        /** The same program with these methods (same prefixes), rendered again. */
        public Program withMethods(List<MethodSpec> specs) {
            return render(seed, className, traceClassName, extended, plainPrefix, tracedPrefix, specs);
        }

        /** The same program with one method's body replaced. */
        public Program withBody(String method, List<Line> body) {
            List<MethodSpec> specs = new ArrayList<>();
            for (MethodSpec m : methodSpecs) {
                specs.add(m.name().equals(method) ? m.withBody(body) : m);
            }
            return withMethods(specs);
        }
    }

    /** One source line of a method body, for the program and for the twin. */
    public record Line(int indent, String plain, String traced) {}

    /**
     * One generated method: its header lines (annotation and signature, ending in {@code " {\n"}) in
     * the program and in the twin, its body, the parameters it is differentiated with respect to
     * ({@code wrt}; all of {@code x, y, w} when it has none) and whether it has a {@code wrt}.
     */
    public record MethodSpec(String name, String plainHeader, String tracedHeader, List<Line> body,
                             List<String> wrt, boolean restricted) {

        MethodSpec withBody(List<Line> newBody) {
            return new MethodSpec(name, plainHeader, tracedHeader, List.copyOf(newBody), wrt, restricted);
        }
    }

    /** The same code rendered for the program and for its trace twin. */
    private record Code(String plain, String traced) {}

    private enum Kind { DOUBLE, INT, BOOLEAN, ARRAY, INDEX_ARRAY, FLAG_ARRAY, FLOAT }

    private record Var(String name, Kind kind) {}

    /**
     * With {@code adjoint.fuzz.longBodies=N}, each method's body has N to 3N/2 statements instead of a
     * few: derivatives longer than the JIT compiles, which the writer prints in parts where it can
     * ({@code SplitLongMethods}), some of them in the long arms of a branch, and a quarter of the loops
     * that no loop encloses have such a body themselves ({@code OutlineLongLoops}). Off (0) by default;
     * the programs of every seed are then as before.
     */
    private static final int LONG_BODIES = Integer.getInteger("adjoint.fuzz.longBodies", 0);

    private static final String[] DOUBLE_LITERALS = {"0.5", "1.5", "2.0", "3.0", "0.25", "1.25", "0.75", "0.1", "4.0", "1e-1"};

    private final long seed;
    private final Random rnd;
    private final boolean extended;
    private final boolean reductionTails;
    /** Inside a reduction tail's loop: no writes of local arrays declared outside it. */
    private boolean inReduction;

    // per-method state
    private int methodIndex;
    private int counter;
    private final Deque<List<Var>> scopes = new ArrayDeque<>();
    /** Loop counters and enhanced-for variables: read, never written. */
    private final Set<String> readOnly = new HashSet<>();
    /** Loop counters that run over {@code 0 .. array.length - 1}: counter name to array name. */
    private final Map<String, String> indexes = new HashMap<>();
    private int loopDepth;
    private int loops;
    private int localArrays;
    // extended programs: the methods generated so far and the helpers with rules this program has
    private final List<MethodSpec> done = new ArrayList<>();
    private List<String> currentWrt = List.of("x", "y", "w");
    private final List<Integer> helpers = new ArrayList<>();
    /** Methods that call a function with rules, directly or through other methods. */
    private final Set<String> ruleUsers = new HashSet<>();
    /** Whether the current method asks for second order (it may then use no rules, not even through calls). */
    private boolean currentHessian;
    private String currentName;
    /** Record parameters: draws of their own, so that the other methods of every seed stay as they were. */
    private final Random recordRnd;
    /** Whether a method asking for a Hessian takes a record: draws of its own too. */
    private final Random hessianRecordRnd;
    /** Whether a statement is a local record from a call ({@link #recordResultCall}): draws of its own too. */
    private final Random recordCallRnd;
    /** Whether a method taking x and y in a record takes them in the record-like final class XYF instead: draws of its own. */
    private final Random finalClassRnd;
    /** Whether the current method takes x and y in a record {@code XY q}, and the methods that do. */
    private boolean recordMode;
    private final Set<String> recordMethods = new HashSet<>();

    /** The classic generator: scalar programs {@code fK(double x, double y, int n)}, stable per seed. */
    public ProgramGenerator(long seed) {
        this(seed, false);
    }

    /**
     * {@code extended}: programs {@code p.FuzzXN} with methods {@code fK(double x, double y, double[] w,
     * int n)} that also use loops, arrays, {@code wrt} and {@code @DerivativeOf} rules (see the class
     * comment), and bit operations on ints and booleans ({@link #bitStatement}). The classic programs of every seed are unchanged by the extension.
     */
    public ProgramGenerator(long seed, boolean extended) {
        this(seed, extended, false);
    }

    private ProgramGenerator(long seed, boolean extended, boolean reductionTails) {
        this.seed = seed;
        this.rnd = new Random(reductionTails ? seed * 0x2545F4914F6CDD1DL + 0x9E3779B9L
                : extended ? seed * 0x9E3779B97F4A7C15L + 0x2545F491L : seed);
        this.extended = extended;
        this.reductionTails = reductionTails;
        this.recordRnd = new Random(seed * 0x5DEECE66DL + 17);
        this.hessianRecordRnd = new Random(seed * 0x5DEECE66DL + 29);
        this.recordCallRnd = new Random(seed * 0x5DEECE66DL + 41);
        this.finalClassRnd = new Random(seed * 0x5DEECE66DL + 43);
    }

    /**
     * Extended programs {@code p.FuzzRN} whose methods mostly end in a reduction: sums accumulated by
     * a last loop that writes nothing else outliving an iteration, then a result linear in them. That
     * is the shape whose iterations the reverse sweep reverses one at a time (its loop fusion); the
     * loop bodies are random, so some fall outside the shape and test the fallback.
     */
    public static ProgramGenerator withReductionTails(long seed) {
        return new ProgramGenerator(seed, true, true);
    }

    /** The program for this generator's seed (call once per generator). */
    public Program generate() {
        String name = (reductionTails ? "FuzzR" : extended ? "FuzzX" : "Fuzz") + Long.toUnsignedString(seed);
        String traceName = name + "Trace";
        int methodCount = 2 + rnd.nextInt(4);
        StringBuilder plain = new StringBuilder();
        StringBuilder traced = new StringBuilder();
        plain.append("package p;\n\n");
        if (extended) {
            plain.append("import dev.adjoint.DerivativeOf;\n");
        }
        plain.append("import dev.adjoint.Differentiable;\n\n");
        plain.append("/** Generated by ProgramGenerator from seed ").append(seed).append(". */\n");
        plain.append("public class ").append(name).append(" {\n");
        traced.append("package p;\n\n");
        traced.append("/** Trace twin of ").append(name).append(" (seed ").append(seed).append("). */\n");
        traced.append("public class ").append(traceName).append(" {\n");
        traced.append(TRACE_HELPERS);
        if (extended) {
            plain.append(EFFECT_HELPER);
            plain.append(RECORD_DECLARATION);
            plain.append(FINAL_CLASS_DECLARATION);
            traced.append(EFFECT_HELPER);
            plain.append(PRIVATE_MEMBERS);
            traced.append(PRIVATE_MEMBERS);
            plain.append("\n    @Differentiable").append(NULL_TOLERANT);
            traced.append(NULL_TOLERANT);
            plain.append("\n    @Differentiable").append(VECTOR_VALUED);
            traced.append(VECTOR_VALUED);
            plain.append(RECORD_VALUED_TYPES).append("\n    @Differentiable").append(RECORD_VALUED);
            traced.append(RECORD_VALUED_TYPES).append(RECORD_VALUED);
            plain.append("\n    @Differentiable").append(VALUE_TAKING);
            traced.append(VALUE_TAKING);
            for (int h = 0; h < RULE_HELPERS.length; h++) {
                if (rnd.nextInt(3) == 0) {
                    helpers.add(h);
                    plain.append(RULE_HELPERS[h][0]).append(RULE_HELPERS[h][1]);
                    traced.append(RULE_HELPERS[h][0]);
                }
            }
        }
        List<MethodSpec> specs = new ArrayList<>();
        for (int k = 0; k < methodCount; k++) {
            methodIndex = k;
            counter = 0;
            loops = 0;
            localArrays = 0;
            readOnly.clear();
            indexes.clear();
            String m = "f" + k;
            currentName = m;
            currentHessian = extended && k % 2 == 0;
            Lines body = new Lines();
            scopes.clear();
            String plainHeader;
            String tracedHeader;
            boolean restricted = false;
            if (extended) {
                currentWrt = List.of("x", "y", "w");
                if (rnd.nextInt(3) == 0) {
                    List<List<String>> subsets = List.of(List.of("x"), List.of("y"), List.of("w"), List.of("x", "y"),
                            List.of("x", "w"), List.of("y", "w"));
                    currentWrt = subsets.get(rnd.nextInt(subsets.size()));
                    restricted = true;
                }
                scopes.push(new ArrayList<>(List.of(new Var("x", Kind.DOUBLE), new Var("y", Kind.DOUBLE),
                        new Var("w", Kind.ARRAY), new Var("n", Kind.INT))));
                // second order is opt-in (hessian = true): asked for on every other method
                List<String> options = new ArrayList<>();
                if (restricted) {
                    options.add("wrt = {\"" + String.join("\", \"", currentWrt) + "\"}");
                }
                if (currentHessian) {
                    options.add("hessian = true");
                }
                String annotation = options.isEmpty() ? "@Differentiable" : "@Differentiable(" + String.join(", ", options) + ")";
                plainHeader = "    " + annotation + "\n    public static double " + m
                        + "(double x, double y, double[] w, int n) {\n";
                tracedHeader = "    public static double " + m + "(double x, double y, double[] w, int n) {\n";
                recordMode = !reductionTails && !currentHessian && recordRnd.nextInt(4) == 0;
                if (!recordMode && k == methodCount - 1 && takesRecordForHessian(restricted)) {
                    String[] headers = hessianRecordHeaders(m, body);
                    plainHeader = headers[0];
                    tracedHeader = headers[1];
                } else if (recordMode) {
                    String[] headers = recordHeaders(m, restricted, body);
                    plainHeader = headers[0];
                    tracedHeader = headers[1];
                    restricted = !currentWrt.containsAll(List.of("x", "y", "w"));
                }
            } else {
                scopes.push(new ArrayList<>(List.of(new Var("x", Kind.DOUBLE), new Var("y", Kind.DOUBLE), new Var("n", Kind.INT))));
                plainHeader = "    @Differentiable\n    public static double " + m + "(double x, double y, int n) {\n";
                tracedHeader = "    public static double " + m + "(double x, double y, int n) {\n";
            }
            if (extended) {
                // a writable double local, also when wrt leaves out x and y
                String a = fresh("a");
                body.line(2, cat("double ", a, " = ", dexpr(2), ";"));
                declare(a, Kind.DOUBLE);
            }
            block(body, 2, 0, LONG_BODIES > 0 ? LONG_BODIES + rnd.nextInt(LONG_BODIES / 2 + 1)
                    : 2 + rnd.nextInt(extended ? 7 : 6), false);
            if (reductionTails && rnd.nextInt(4) != 0) {
                reductionTail(body);
            } else {
                body.line(2, cat("return ", dexpr(3), ";"));
            }
            MethodSpec spec = new MethodSpec(m, plainHeader, tracedHeader, List.copyOf(body.lines), currentWrt, restricted);
            specs.add(spec);
            done.add(spec);
        }
        return render(seed, name, traceName, extended, plain.toString(), traced.toString(), specs);
    }

    /** Renders the program and its twin from the class prefixes and the methods. */
    static Program render(long seed, String name, String traceName, boolean extended, String plainPrefix,
                          String tracedPrefix, List<MethodSpec> specs) {
        StringBuilder plain = new StringBuilder(plainPrefix);
        StringBuilder traced = new StringBuilder(tracedPrefix);
        List<String> methods = new ArrayList<>();
        for (MethodSpec spec : specs) {
            methods.add(spec.name());
            plain.append('\n').append(spec.plainHeader());
            traced.append('\n').append(spec.tracedHeader());
            for (Line l : spec.body()) {
                String pad = "    ".repeat(l.indent());
                plain.append(pad).append(l.plain()).append('\n');
                traced.append(pad).append(l.traced()).append('\n');
            }
            plain.append("    }\n");
            traced.append("    }\n");
        }
        String params = extended ? "double x, double y, double[] w, int n" : "double x, double y, int n";
        String args = extended ? "(x, y, w, n)" : "(x, y, n)";
        traced.append("\n    /** Runs one method from a fresh trace; read {@link #hash} afterwards. */\n");
        traced.append("    public static double run(String method, ").append(params).append(") {\n");
        traced.append("        hash = 17;\n        switch (method) {\n");
        for (String m : methods) {
            traced.append("            case \"").append(m).append("\": return ").append(m).append(args).append(";\n");
        }
        traced.append("            default: throw new IllegalArgumentException(method);\n        }\n    }\n");
        plain.append("}\n");
        traced.append("}\n");
        return new Program(seed, name, plain.toString(), traceName, traced.toString(), List.copyOf(methods), extended,
                plainPrefix, tracedPrefix, List.copyOf(specs));
    }

    /**
     * Functions with {@code @DerivativeOf} rules (extended programs): {plain function, its rules}.
     * The functions are smooth everywhere, so the twin needs no tracing in them; their bodies use
     * constructs Adjoint would reject ({@code switch}, array initializers, string concatenation) to
     * show that only the rule is read. The twin gets the functions only.
     */
    /** A method called for its effect ({@code note(e);}), as an argument check is: both modes must make the call. */
    static final String EFFECT_HELPER = """

                static int notes;

                static void note(double v) {
                    if (v == v) {
                        notes++;
                    }
                }
            """;

    /**
     * A private constant table and scalar, and a private helper reading them (extended programs): the
     * generated class copies all three. Smooth everywhere, so the twin needs no tracing in it.
     */
    static final String PRIVATE_MEMBERS = """

                private static final double[] TABLE = {0.75, -0.5, 0.3125, 1.25};
                private static final double SCALE = 0.5 * Math.log(2 * Math.PI);

                private static double table(double v, int k) {
                    double s = 0;
                    for (int i = TABLE.length - 1; i >= 0; i--) {
                        s = s * Math.sin(v) + TABLE[(i + (k & 3)) % TABLE.length];
                    }
                    return SCALE * s;
                }
            """;

    /**
     * A method taking arrays it may be given null for (extended programs), the shape of Commons Numbers'
     * {@code lgamma(z, sign)}; the plain program annotates it. Smooth, and its branches depend only on
     * which arrays its callers pass, so the twin needs no tracing in it.
     */
    static final String NULL_TOLERANT = """

                public static double weigh(double v, double[] ws, int[] picks) {
                    double s = ws == null ? v * v : ws[0] * v;
                    if (picks != null && picks.length > 0) {
                        s += picks[0];
                    }
                    return Math.sin(s);
                }
            """;

    /** A vector-valued method, whose result extended programs take as a local array (see {@link #vectorCall}). */
    static final String VECTOR_VALUED = """

                public static double[] spread(double a, double b, double[] ws) {
                    double[] out = new double[ws.length + 1];
                    out[0] = a * b;
                    for (int i = 0; i < ws.length; i++) {
                        out[i + 1] = Math.sin(a + ws[i]) * b;
                    }
                    return out;
                }
            """;

    /** The records {@link #RECORD_VALUED} returns, nested. */
    static final String RECORD_VALUED_TYPES = """

                public record Turn(double u, double v) {
                }

                public record Arc(Turn end, double len) {
                }
            """;

    /** A method returning a record, whose result extended programs take as a local record (see {@link #recordResultCall}). */
    static final String RECORD_VALUED = """

                public static Arc turn(double a, double b) {
                    return new Arc(new Turn(a * Math.cos(b), Math.sin(a) + b * b), a * b);
                }
            """;

    /**
     * A method taking a char and a String it only compares and switches on (extended programs), which
     * {@link #valueArgumentCall} calls; the plain program annotates it. Smooth in {@code v}, its
     * branches depend only on the values passed, so the twin needs no tracing in it.
     */
    static final String VALUE_TAKING = """

                public static double graded(double v, char grade, String unit) {
                    double s = grade < 'm' ? Math.sin(v) : Math.tanh(v);
                    switch (unit) {
                        case "bp": return s * 0.5;
                        default: return s + 0.25 * v;
                    }
                }
            """;

    static final String[][] RULE_HELPERS = {
        {"""

                public static double h0(double x) {
                    return x * x * x + Math.sin(x);
                }
            """, """

                @DerivativeOf("h0")
                static double h0Rule(double x) {
                    return 3 * x * x + Math.cos(x);
                }
            """},
        {"""

                public static double h1(double a, double b, int k) {
                    return k * a * Math.exp(0.5 * Math.sin(b)) + Math.atan(a * b);
                }
            """, """

                @DerivativeOf(value = "h1", wrt = "a")
                static double h1A(double a, double b, int k) {
                    return k * Math.exp(0.5 * Math.sin(b)) + b / (1 + a * a * b * b);
                }

                @DerivativeOf(value = "h1", wrt = "b")
                static double h1B(double a, double b, int k) {
                    return k * a * Math.exp(0.5 * Math.sin(b)) * 0.5 * Math.cos(b) + a / (1 + a * a * b * b);
                }
            """},
        {"""

                public static double h2(double x) {
                    double[] c = {1.0, 0.5, 0.25, 0.125};
                    double s = 0;
                    for (int i = c.length - 1; i >= 0; i--) {
                        s = s * x + c[i];
                    }
                    return s;
                }
            """, """

                @DerivativeOf("h2")
                static double h2Rule(double x) {
                    return 0.5 + 0.5 * x + 0.375 * x * x;
                }
            """},
        {"""

                public static double h3(double x) {
                    String tag = "t" + 3;
                    switch (tag.length()) {
                        case 2:
                            return 2.0 * Math.tanh(x);
                        default:
                            return 0.0;
                    }
                }
            """, """

                @DerivativeOf("h3")
                static double h3Rule(double x) {
                    double t = Math.tanh(x);
                    return 2.0 * (1 - t * t);
                }
            """},
    };

    private static final String TRACE_HELPERS = """
                public static long hash;

                private static void rec(long v) {
                    hash = (hash ^ v) * 0x100000001b3L + 0x9E3779B97F4A7C15L;
                }

                private static boolean lt(double a, double b) { boolean r = a < b; rec(r ? 1 : 2); return r; }
                private static boolean le(double a, double b) { boolean r = a <= b; rec(r ? 3 : 4); return r; }
                private static boolean gt(double a, double b) { boolean r = a > b; rec(r ? 5 : 6); return r; }
                private static boolean ge(double a, double b) { boolean r = a >= b; rec(r ? 7 : 8); return r; }
                private static boolean eq(double a, double b) { boolean r = a == b; rec(r ? 9 : 10); return r; }
                private static boolean ne(double a, double b) { boolean r = a != b; rec(r ? 11 : 12); return r; }
                private static double abs(double a) { rec(a >= 0 ? 13 : 14); return Math.abs(a); }
                private static double max(double a, double b) { rec(a >= b ? 15 : 16); return Math.max(a, b); }
                private static double min(double a, double b) { rec(a <= b ? 17 : 18); return Math.min(a, b); }
                private static double step(double r) { rec(Double.doubleToLongBits(r)); return r; }
                private static long round(double a) { long r = Math.round(a); rec(r); return r; }
                private static int toInt(double a) { int r = (int) a; rec(r); return r; }
                private static double copySign(double a, double b) {
                    rec(a >= 0 ? 19 : 20);
                    rec(Double.doubleToRawLongBits(b) < 0 ? 21 : 22);
                    return Math.copySign(a, b);
                }
                private static double mod(double a, double b) {
                    double r = a % b;
                    rec(Double.doubleToLongBits(Math.rint((a - r) / b)));
                    return r;
                }
                private static double ieeeRemainder(double a, double b) {
                    double r = Math.IEEEremainder(a, b);
                    rec(Double.doubleToLongBits(Math.rint((a - r) / b)));
                    return r;
                }
            """;

    // ------------------------------------------------------------------------------------------
    // statements

    /** Source lines for the program and its twin. */
    private static final class Lines {
        final List<Line> lines = new ArrayList<>();

        void line(int indent, Code c) {
            lines.add(new Line(indent, c.plain, c.traced));
        }
    }

    /**
     * Appends {@code count} statements; if {@code mayReturn}, possibly ends with an early return
     * (never for a final {@code else}, so the enclosing {@code if} can complete normally).
     */
    private void block(Lines out, int indent, int nesting, int count, boolean mayReturn) {
        for (int i = 0; i < count; i++) {
            if (LONG_BODIES > 0 && nesting == 0 && loopDepth == 0 && rnd.nextInt(12) == 0) {
                i += longBranch(out, indent);
                continue;
            }
            statement(out, indent, nesting);
        }
        if (mayReturn && loopDepth == 0 && rnd.nextInt(10) < 4) {
            out.line(indent, cat("return ", dexpr(2), ";"));
        }
    }

    /**
     * With long bodies: a local declared without a value, then an if whose arms hold a third of the
     * body each and assign it last, the then arm possibly returning early halfway. Such a branch is
     * longer than one part of a split method, so the writer opens it into groups ({@code
     * UnnestLongStatements}). Returns how many statements it stands for beyond one.
     */
    private int longBranch(Lines out, int indent) {
        String name = fresh("a");
        int arm = LONG_BODIES / 3;
        out.line(indent, cat("double ", name, ";"));
        out.line(indent, cat("if (", cond(2), ") {"));
        scopes.push(new ArrayList<>());
        block(out, indent + 1, 1, arm / 2, false);
        if (rnd.nextBoolean()) {
            out.line(indent + 1, cat("if (", cond(1), ") {"));
            out.line(indent + 2, cat("return ", dexpr(2), ";"));
            out.line(indent + 1, cat("}"));
        }
        block(out, indent + 1, 1, arm - arm / 2, false);
        out.line(indent + 1, cat(name, " = ", dexpr(2), ";"));
        scopes.pop();
        out.line(indent, cat("} else {"));
        scopes.push(new ArrayList<>());
        block(out, indent + 1, 1, arm, false);
        out.line(indent + 1, cat(name, " = ", dexpr(2), ";"));
        scopes.pop();
        out.line(indent, cat("}"));
        declare(name, Kind.DOUBLE);
        return 2 * arm;
    }

    private void statement(Lines out, int indent, int nesting) {
        if (extended && rnd.nextInt(100) < 40 && extendedStatement(out, indent, nesting)) {
            return;
        }
        int r = rnd.nextInt(100);
        if (r < 20) {
            String name = fresh("a");
            Code init = dexpr(3);
            out.line(indent, cat(rnd.nextInt(6) == 0 ? "var " : "double ", name, " = ", init, ";"));
            declare(name, Kind.DOUBLE);
        } else if (r < 27) {
            String name = fresh("k");
            out.line(indent, cat("int ", name, " = ", iexpr(2), ";"));
            declare(name, Kind.INT);
        } else if (r < 31) {
            String name = fresh("b");
            out.line(indent, cat("boolean ", name, " = ", cond(2), ";"));
            declare(name, Kind.BOOLEAN);
        } else if (r < 37 && nesting < 2) {
            // declared without initializer, definitely assigned by both branches
            String name = fresh("a");
            out.line(indent, cat("double ", name, ";"));
            out.line(indent, cat("if (", cond(2), ") {"));
            scopes.push(new ArrayList<>());
            if (rnd.nextBoolean()) {
                statement(out, indent + 1, nesting + 1);
            }
            out.line(indent + 1, cat(name, " = ", dexpr(2), ";"));
            scopes.pop();
            out.line(indent, cat("} else {"));
            scopes.push(new ArrayList<>());
            out.line(indent + 1, cat(name, " = ", dexpr(2), ";"));
            scopes.pop();
            out.line(indent, cat("}"));
            declare(name, Kind.DOUBLE);
        } else if (r < 52) {
            Var v = pickWritable(Kind.DOUBLE);
            String n = v.name();
            Code c = switch (rnd.nextInt(6)) {
                case 0 -> cat(n, " = ", n, " * ", math(), ".sin(", n, ");");
                case 1 -> cat(n, " = ", math(), ".log(1.0 + ", n, " * ", n, ") - ", n, ";");
                case 2 -> cat(n, " = ", n, " + ", dexpr(2), ";");
                case 3 -> cat(n, " = ", math(), ".tanh(", n, " * ", dexpr(1), ");");
                default -> cat(n, " = ", dexpr(3), ";");
            };
            out.line(indent, c);
        } else if (r < 66) {
            Var v = pickWritable(Kind.DOUBLE);
            String n = v.name();
            Code c = switch (rnd.nextInt(9)) {
                case 0, 1 -> cat(n, " += ", dexpr(2), ";");
                case 2, 3 -> cat(n, " -= ", dexpr(2), ";");
                case 4, 5 -> cat(n, " *= ", bounded(2), ";");
                case 6, 7 -> cat(n, " /= ", denominator(2), ";");
                default -> {
                    Code d = rnd.nextBoolean() ? lit() : cat("(2.0 + ", math(), ".sin(", dexpr(1), "))");
                    yield new Code(n + " %= " + d.plain + ";", n + " = mod(" + n + ", " + d.traced + ");");
                }
            };
            out.line(indent, c);
        } else if (r < 73 && !writable(Kind.INT).isEmpty()) {
            Var v = pickWritable(Kind.INT);
            String n = v.name();
            Code c = switch (rnd.nextInt(6)) {
                case 0 -> cat(n, "++;");
                case 1 -> cat(n, "--;");
                case 2 -> cat(n, " += ", iexpr(1), ";");
                case 3 -> cat(n, " -= ", String.valueOf(1 + rnd.nextInt(3)), ";");
                case 4 -> cat(n, " *= 2;");
                default -> cat(n, " = ", iexpr(2), ";");
            };
            out.line(indent, c);
        } else if (nesting < 2) {
            ifChain(out, indent, nesting);
        } else {
            Var v = pickWritable(Kind.DOUBLE);
            out.line(indent, cat(v.name(), " += ", dexpr(2), ";"));
        }
    }

    // ------------------------------------------------------------------------------------------
    // extended statements: loops, arrays, break and continue

    /** {@code double[] c = {e0, e1, ...};}: a local array written out, elements read from what is in scope. */
    private void arrayInitializer(Lines out, int indent, String name, int size) {
        List<Object> parts = new ArrayList<>(List.of("double[] ", name, " = {"));
        for (int k = 0; k < size; k++) {
            parts.add(k == 0 ? "" : ", ");
            parts.add(dexpr(1));
        }
        parts.add("};");
        out.line(indent, cat(parts.toArray()));
    }

    /** One of the extended statements, or false (nothing written) when none fits here. */
    private boolean extendedStatement(Lines out, int indent, int nesting) {
        int recordCallDraw = nesting == 0 && loopDepth == 0 && !currentHessian ? recordCallRnd.nextInt(12) : -1;
        if (recordCallDraw == 0) {
            recordResultCall(out, indent);
            return true;
        }
        if (recordCallDraw == 1) {
            recordComponentOffCall(out, indent);
            return true;
        }
        if (loopDepth > 0 && rnd.nextInt(8) == 0 && loopArrayStatement(out, indent)) {
            return true;
        }
        int r = rnd.nextInt(100);
        if (r < 12 && nesting == 0 && loopDepth == 0 && localArrays < 2) {
            // local arrays only at the top level of the body
            String name = fresh("c");
            String size = switch (rnd.nextInt(4)) {
                case 0 -> "w.length";
                case 1 -> "w.length + 1";
                default -> String.valueOf(1 + rnd.nextInt(4));
            };
            if (!currentHessian && rnd.nextInt(5) == 0) {
                vectorCall(out, indent, name);
            } else if (size.chars().allMatch(Character::isDigit) && rnd.nextBoolean()) {
                arrayInitializer(out, indent, name, Integer.parseInt(size));
            } else {
                out.line(indent, cat("double[] ", name, " = new double[", size, "];"));
            }
            if (rnd.nextBoolean()) {
                // filled from w by a loop (arrays are zero-initialised otherwise)
                String i = fresh("i");
                out.line(indent, cat("for (int ", i, " = 0; ", i, " < ", name, ".length; ", i, "++) {"));
                out.line(indent + 1, cat(name, "[", i, "] = ", math(), ".sin(w[", i, " % w.length] * ",
                        dleafScalar(), ");"));
                out.line(indent, cat("}"));
            }
            declare(name, Kind.ARRAY);
            localArrays++;
            return true;
        } else if (r < 40 && loopDepth < 2 && nesting < 3 && loops < 4) {
            loop(out, indent, nesting);
            return true;
        } else if (r < 62 && hasLocalArray()) {
            Var a = pickLocalArray();
            Code idx = index(a.name());
            Code c = switch (rnd.nextInt(7)) {
                case 0, 1, 2 -> cat(a.name(), "[", idx, "] += ", dexpr(2), ";");
                case 3 -> cat(a.name(), "[", idx, "] -= ", dexpr(1), ";");
                case 4 -> cat(a.name(), "[", idx, "] *= ", bounded(1), ";");
                default -> cat(a.name(), "[", idx, "] = ", dexpr(2), ";");
            };
            out.line(indent, c);
            return true;
        } else if (r < 78 && loopDepth > 0) {
            // break or continue of the innermost loop, always guarded (no unreachable statement)
            out.line(indent, cat("if (", cond(2), ") {"));
            scopes.push(new ArrayList<>());
            if (rnd.nextBoolean()) {
                Var v = pickWritable(Kind.DOUBLE);
                out.line(indent + 1, cat(v.name(), " += ", bounded(1), ";"));
            }
            scopes.pop();
            out.line(indent + 1, cat(rnd.nextBoolean() ? "break;" : "continue;"));
            out.line(indent, cat("}"));
            return true;
        } else if (r < 92 && loopDepth > 0) {
            // scalar reassignment inside a loop, kept moderate so that the loop stays finite
            Var v = pickWritable(Kind.DOUBLE);
            String n = v.name();
            Code c = switch (rnd.nextInt(5)) {
                case 0 -> cat(n, " = 0.5 * ", n, " + ", bounded(2), ";");
                case 1 -> cat(n, " += ", bounded(2), " * ", dleaf(), ";");
                case 2 -> cat(n, " = ", math(), ".tanh(", n, " + ", dexpr(2), ");");
                case 3 -> cat(n, " *= ", bounded(1), ";");
                default -> cat(n, " -= 0.25 * ", dexpr(2), ";");
            };
            out.line(indent, c);
            return true;
        } else if (r < 94 && rnd.nextInt(4) == 0 && arrayCopyStatement(out, indent)) {
            return true;
        } else if (r < 94 && rnd.nextInt(3) == 0 && indexArrayStatement(out, indent, nesting)) {
            return true;
        } else if (r >= 94) {
            bitStatement(out, indent);
            return true;
        } else if (nesting < 2 && rnd.nextInt(4) == 0) {
            if (rnd.nextInt(3) == 0) {
                switchOnAValue(out, indent, nesting);
            } else {
                switchOnAnInt(out, indent, nesting);
            }
            return true;
        } else if (rnd.nextInt(7) == 0) {
            floatStatement(out, indent);
            return true;
        } else if (rnd.nextInt(6) == 0) {
            out.line(indent, cat("note(", dexpr(1), ");"));
            return true;
        } else if (rnd.nextInt(5) == 0 && arrayLocalStatement(out, indent)) {
            return true;
        } else if (rnd.nextInt(3) == 0) {
            return sideEffectStatement(out, indent);
        }
        return false;
    }

    /**
     * Arrays as people write them (issue 13): a local array declared inside a branch (outside loops),
     * a second name for {@code w} (read) or for a local array (read and written through), or an array
     * initializer passed to a method generated before (outside loops). Each adds to a double in scope.
     * False (nothing written) when none fits here.
     */
    private boolean arrayLocalStatement(Lines out, int indent) {
        List<Var> doubles = writable(Kind.DOUBLE);
        if (doubles.isEmpty() || inReduction) {
            return false;
        }
        String v = doubles.get(rnd.nextInt(doubles.size())).name();
        switch (rnd.nextInt(3)) {
            case 0 -> {
                if (loopDepth > 0) {
                    return false;
                }
                String t = fresh("t");
                out.line(indent, cat("if (", cond(1), ") {"));
                scopes.push(new ArrayList<>());
                if (rnd.nextBoolean()) {
                    arrayInitializer(out, indent + 1, t, 1 + rnd.nextInt(3));
                } else {
                    out.line(indent + 1, cat("double[] ", t, " = new double[", String.valueOf(1 + rnd.nextInt(3)), "];"));
                }
                declare(t, Kind.ARRAY);
                out.line(indent + 1, cat(t, "[", index(t), "] += ", dexpr(1), ";"));
                out.line(indent + 1, cat(v, " += ", t, "[0] * ", bounded(1), ";"));
                scopes.pop();
                out.line(indent, cat("}"));
            }
            case 1 -> {
                // not declared for the other statements: a name for w must not be written through
                String alias = fresh("v");
                boolean ofW = !hasLocalArray() || rnd.nextBoolean();
                String target = ofW ? "w" : pickLocalArray().name();
                out.line(indent, cat("double[] ", alias, " = ", target, ";"));
                if (!ofW && rnd.nextBoolean()) {
                    out.line(indent, cat(alias, "[", index(alias), "] = ", dexpr(1), ";"));
                }
                out.line(indent, cat(v, " += ", alias, "[", index(alias), "] * ", bounded(1), ";"));
            }
            default -> {
                if (loopDepth > 0 || passive > 0 && !PASSIVE_CALLS) {
                    return false;
                }
                List<MethodSpec> callable = new ArrayList<>();
                for (MethodSpec m : done) {
                    if (m.wrt().contains("w") && !(currentHessian && ruleUsers.contains(m.name()))
                            && !recordMethods.contains(m.name())) {
                        callable.add(m);
                    }
                }
                if (callable.isEmpty()) {
                    return false;
                }
                MethodSpec m = callable.get(rnd.nextInt(callable.size()));
                if (ruleUsers.contains(m.name())) {
                    ruleUsers.add(currentName);
                }
                Code a = m.wrt().contains("x") ? bounded(1) : lit();
                Code b = m.wrt().contains("y") ? bounded(1) : lit();
                List<Object> parts = new ArrayList<>(List.of(v, " += 0.5 * ", m.name(), "(", a, ", ", b, ", new double[] {"));
                for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
                    parts.add(k == 0 ? "" : ", ");
                    parts.add(dexpr(1));
                }
                parts.add("}, ");
                parts.add(iexpr(1));
                parts.add(");");
                out.line(indent, cat(parts.toArray()));
            }
        }
        return true;
    }

    /**
     * A local array declared inside a loop's body (issue 13): a fresh array each iteration, written out
     * or made with a length that may change from one iteration to the next ({@code (k & 3) + 1} of an int
     * in scope), an element written (perhaps from another), then one read into a double in scope; perhaps
     * given a new array then ({@code q = new double[2];}, {@code q = new double[] {q[0] * 0.5, x};}). The
     * array stays in scope for the rest of the body, for the other statements to write, read and loop
     * over. Or a matrix of the iteration, used at once. False (nothing written) outside loops.
     */
    private boolean loopArrayStatement(Lines out, int indent) {
        List<Var> doubles = writable(Kind.DOUBLE);
        if (loopDepth == 0 || doubles.isEmpty() || inReduction) {
            return false;
        }
        String v = doubles.get(rnd.nextInt(doubles.size())).name();
        String q = fresh("q");
        List<Var> ints = new ArrayList<>();
        scopes.forEach(scope -> scope.stream().filter(var -> var.kind() == Kind.INT).forEach(ints::add));
        if (rnd.nextInt(4) == 0) {
            // a matrix of this iteration, of as many rows as an int in scope says (not declared for the others)
            String rows = ints.isEmpty() ? "2" : "(" + ints.get(rnd.nextInt(ints.size())).name() + " & 3) + 1";
            out.line(indent, cat("double[][] ", q, " = new double[", rows, "][2];"));
            out.line(indent, cat(q, "[", q, ".length - 1][1] = ", dexpr(2), ";"));
            out.line(indent, cat(q, "[0][0] += ", q, "[", q, ".length - 1][1] * ", bounded(1), ";"));
            out.line(indent, cat(v, " += ", q, "[0][0] * ", bounded(1), ";"));
            return true;
        }
        switch (rnd.nextInt(3)) {
            case 0 -> arrayInitializer(out, indent, q, 1 + rnd.nextInt(3));
            case 1 -> out.line(indent, cat("double[] ", q, " = new double[", String.valueOf(1 + rnd.nextInt(3)), "];"));
            default -> {
                String size = ints.isEmpty() ? "w.length" : "(" + ints.get(rnd.nextInt(ints.size())).name() + " & 3) + 1";
                out.line(indent, cat("double[] ", q, " = new double[", size, "];"));
            }
        }
        declare(q, Kind.ARRAY);
        out.line(indent, cat(q, "[", index(q), "] = ", dexpr(2), ";"));
        if (rnd.nextBoolean()) {
            out.line(indent, cat(q, "[", index(q), "] += ", q, "[", index(q), "] * ", bounded(1), ";"));
        }
        out.line(indent, cat(v, " += ", q, "[", index(q), "] * ", bounded(1), ";"));
        if (rnd.nextBoolean()) {
            // given a new array at once, while no second name for it exists: new, or written out from the old one
            if (rnd.nextBoolean()) {
                out.line(indent, cat(q, " = new double[] {", q, "[", index(q), "] * ", bounded(1), ", ", dexpr(1), "};"));
            } else {
                out.line(indent, cat(q, " = new double[", String.valueOf(1 + rnd.nextInt(3)), "];"));
                out.line(indent, cat(q, "[", index(q), "] = ", dexpr(2), ";"));
            }
            out.line(indent, cat(v, " -= ", q, "[", index(q), "] * ", bounded(1), ";"));
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // index and flag arrays (extended programs): int[] and boolean[] locals, never differentiated

    /**
     * An {@code int[]} or {@code boolean[]} local declared (at the top level, new or written out,
     * perhaps filled by a loop), or an element of one written: set, added to, incremented, negated.
     * Writes happen in loops too, so the reverse sweep must get back each overwritten element it
     * indexes with. False (nothing written) when none fits here.
     */
    private boolean indexArrayStatement(Lines out, int indent, int nesting) {
        boolean declare = nesting == 0 && loopDepth == 0 && localArrays < 3 && rnd.nextInt(3) == 0;
        if (declare && rnd.nextBoolean()) {
            String name = fresh("j");
            int size = 1 + rnd.nextInt(4);
            if (rnd.nextBoolean()) {
                List<Object> parts = new ArrayList<>(List.of("int[] ", name, " = {"));
                for (int k = 0; k < size; k++) {
                    parts.add(k == 0 ? "" : ", ");
                    parts.add(iexpr(1));
                }
                parts.add("};");
                out.line(indent, cat(parts.toArray()));
            } else {
                out.line(indent, cat("int[] ", name, " = new int[", rnd.nextBoolean() ? "w.length" : String.valueOf(size), "];"));
                String i = fresh("i");
                out.line(indent, cat("for (int ", i, " = 0; ", i, " < ", name, ".length; ", i, "++) {"));
                out.line(indent + 1, cat(name, "[", i, "] = ", i, " * ", String.valueOf(1 + rnd.nextInt(3)), " + ", iexpr(1), ";"));
                out.line(indent, cat("}"));
            }
            declare(name, Kind.INDEX_ARRAY);
            localArrays++;
            return true;
        } else if (declare) {
            String name = fresh("m");
            int size = 1 + rnd.nextInt(4);
            if (rnd.nextBoolean()) {
                List<Object> parts = new ArrayList<>(List.of("boolean[] ", name, " = {"));
                for (int k = 0; k < size; k++) {
                    parts.add(k == 0 ? "" : ", ");
                    parts.add(cond(1));
                }
                parts.add("};");
                out.line(indent, cat(parts.toArray()));
            } else {
                out.line(indent, cat("boolean[] ", name, " = new boolean[", String.valueOf(size), "];"));
            }
            declare(name, Kind.FLAG_ARRAY);
            localArrays++;
            return true;
        } else if (has(Kind.INDEX_ARRAY) && rnd.nextInt(3) != 0) {
            String a = pick(Kind.INDEX_ARRAY).name();
            Code idx = index(a);
            out.line(indent, switch (rnd.nextInt(4)) {
                case 0 -> cat(a, "[", idx, "]++;");
                case 1 -> cat(a, "[", idx, "] += ", iexpr(1), ";");
                default -> cat(a, "[", idx, "] = ", iexpr(2), ";");
            });
            return true;
        } else if (has(Kind.FLAG_ARRAY)) {
            String a = pick(Kind.FLAG_ARRAY).name();
            Code idx = index(a);
            out.line(indent, rnd.nextBoolean() ? cat(a, "[", idx, "] = !", a, "[", idx, "];")
                    : cat(a, "[", idx, "] = ", cond(1), ";"));
            return true;
        }
        return false;
    }

    /**
     * {@code System.arraycopy} of an in-bounds range: from {@code w} or a local double array into a
     * local double array (perhaps the same one, so the ranges may overlap either way), or between index
     * arrays. The positions and the length are ints read from what is in scope. False when no local
     * array can take the copy.
     */
    private boolean arrayCopyStatement(Lines out, int indent) {
        String src;
        String dst;
        if (hasLocalArray() && (rnd.nextBoolean() || !has(Kind.INDEX_ARRAY))) {
            src = pick(Kind.ARRAY).name();
            dst = pickLocalArray().name();
        } else if (has(Kind.INDEX_ARRAY)) {
            src = pick(Kind.INDEX_ARRAY).name();
            dst = pick(Kind.INDEX_ARRAY).name();
        } else {
            return false;
        }
        String from = fresh("from");
        String to = fresh("to");
        String count = fresh("count");
        out.line(indent, cat("int ", from, " = Math.floorMod(", iexpr(1), ", ", src, ".length);"));
        out.line(indent, cat("int ", to, " = Math.floorMod(", iexpr(1), ", ", dst, ".length);"));
        out.line(indent, cat("int ", count, " = Math.min(", src, ".length - ", from, ", ", dst, ".length - ", to, ");"));
        Code length = rnd.nextBoolean() ? cat(count) : cat("Math.floorMod(", iexpr(1), ", ", count, " + 1)");
        out.line(indent, cat("System.arraycopy(", src, ", ", from, ", ", dst, ", ", to, ", ", length, ");"));
        return true;
    }

    /** An element of {@code w} (or of a local double array) chosen by an element of an index array. */
    private Code gathered() {
        String target = pick(Kind.ARRAY).name();
        return cat(target, "[Math.floorMod(", indexRead(), ", ", target, ".length)]");
    }

    private Code indexRead() {
        String a = pick(Kind.INDEX_ARRAY).name();
        return cat(a, "[", index(a), "]");
    }

    private Code flagRead() {
        String a = pick(Kind.FLAG_ARRAY).name();
        return cat(a, "[", index(a), "]");
    }

    // ------------------------------------------------------------------------------------------
    // assignments, ++ and -- inside expressions (extended programs)

    /**
     * A statement whose expressions assign, in Java's order: the left operand read before the right
     * one assigns it, chained assignments, a compound assignment used as a value, a value assigned in
     * a condition, an effect on the right of {@code &&} or in a branch of {@code ?:}, an index
     * advanced inside an element access, and loops whose condition has an effect. The twin evaluates
     * the same expressions in the same order (its comparison helpers take their operands left to
     * right), so the effects are the same in both. False (nothing written) when nothing fits here.
     */
    private boolean sideEffectStatement(Lines out, int indent) {
        List<Var> doubles = writable(Kind.DOUBLE);
        if (doubles.isEmpty()) {
            return false;
        }
        String v = doubles.get(rnd.nextInt(doubles.size())).name();
        List<Var> ints = writable(Kind.INT);
        switch (rnd.nextInt(8)) {
            case 0 -> {
                String a = fresh("a");
                out.line(indent, cat("double ", a, " = ", v, " * ", bounded(1), " + (", v, " = ", bounded(2), ") * ", v, ";"));
                declare(a, Kind.DOUBLE);
            }
            case 1 -> {
                String u = doubles.get(rnd.nextInt(doubles.size())).name();
                out.line(indent, cat(u, " = ", v, u.equals(v) ? " += " : " = ", bounded(2), ";"));
            }
            case 2 -> {
                String a = fresh("a");
                String op = rnd.nextBoolean() ? " += " : " *= ";
                out.line(indent, cat("double ", a, " = ", bounded(1), " * (", v, op, bounded(1), ");"));
                declare(a, Kind.DOUBLE);
            }
            case 3 -> {
                Code value = bounded(1);
                Code bound = lit();
                out.line(indent, new Code("if ((" + v + " = " + value.plain() + ") > " + bound.plain() + ") {",
                        "if (gt((" + v + " = " + value.traced() + "), " + bound.traced() + ")) {"));
                out.line(indent + 1, cat(v, " *= ", bounded(1), ";"));
                out.line(indent, cat("}"));
            }
            case 4 -> {
                String a = fresh("a");
                Code effect = rnd.nextBoolean() ? cat("(", v, " *= ", bounded(1), ")") : cat("(", v, " = ", bounded(1), ")");
                out.line(indent, cat("double ", a, " = ", cond(1), " ? ", effect, " : ", v, " + ", dexpr(1), ";"));
                declare(a, Kind.DOUBLE);
            }
            case 5 -> {
                if (ints.isEmpty()) {
                    return false;
                }
                String k = ints.get(rnd.nextInt(ints.size())).name();
                Code effect = switch (rnd.nextInt(3)) {
                    case 0 -> cat(k, "++");
                    case 1 -> cat("--", k);
                    default -> cat("(", k, " += 2)");
                };
                String b = fresh("b");
                out.line(indent, cat("boolean ", b, " = ", cond(1), rnd.nextBoolean() ? " && " : " || ", "(", effect, " > 1);"));
                declare(b, Kind.BOOLEAN);
            }
            case 6 -> {
                if (ints.isEmpty() || !hasLocalArray()) {
                    return false;
                }
                String k = ints.get(rnd.nextInt(ints.size())).name();
                String c = pickLocalArray().name();
                String index = "Math.floorMod(" + k + (rnd.nextBoolean() ? "++" : "--") + ", " + c + ".length)";
                out.line(indent, cat(rnd.nextBoolean() ? v + " += " : c + "[" + index + "] = ", c, "[", index, "] * ",
                        bounded(1), ";"));
            }
            default -> {
                String k = fresh("k");
                out.line(indent, cat("int ", k, " = ", String.valueOf(2 + rnd.nextInt(6)), ";"));
                Code body = cat(v, " = 0.5 * ", v, " + ", bounded(1), ";");
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        out.line(indent, cat("while ((", k, " >>= 1) != 0) {"));
                        out.line(indent + 1, body);
                        out.line(indent, cat("}"));
                    }
                    case 1 -> {
                        out.line(indent, cat("while (", k, "-- > 1) {"));
                        out.line(indent + 1, body);
                        out.line(indent, cat("}"));
                    }
                    default -> {
                        out.line(indent, cat("do {"));
                        out.line(indent + 1, body);
                        out.line(indent, cat("} while (--", k, " > 1);"));
                    }
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // switch (extended programs)

    /**
     * A switch on an int: a statement of the old form (cases that end in {@code break}, fall through,
     * leave from inside an {@code if}, {@code return} or {@code continue}) or of the arrow form, or a
     * switch expression that initialises a new local or assigns one. Labels are distinct constants;
     * {@code default} is anywhere or absent. The selector is an int, so the trace already decides the
     * case taken. The last case of a statement never returns or continues, so the switch can complete
     * normally and nothing after it is unreachable.
     */
    private void switchOnAnInt(Lines out, int indent, int nesting) {
        Code selector = switch (rnd.nextInt(3)) {
            case 0 -> cat(pick(Kind.INT).name());
            case 1 -> cat("Math.floorMod(", iexpr(1), ", 4)");
            default -> iexpr(1);
        };
        List<Integer> pool = new ArrayList<>(List.of(-1, 0, 1, 2, 3));
        int cases = 1 + rnd.nextInt(3);
        List<List<Integer>> labels = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            List<Integer> group = new ArrayList<>();
            int count = rnd.nextInt(4) == 0 ? 2 : 1;
            for (int l = 0; l < count && pool.size() > 0; l++) {
                group.add(pool.remove(rnd.nextInt(pool.size())));
            }
            if (!group.isEmpty()) {
                labels.add(group);
            }
        }
        int form = rnd.nextInt(5);
        boolean expression = form >= 3;
        int defaultAt = expression || rnd.nextBoolean() ? rnd.nextInt(labels.size() + 1) : -1;
        if (defaultAt >= 0) {
            labels.add(defaultAt, List.of());
        }
        if (expression) {
            switchExpression(out, indent, selector, labels, form == 4);
            return;
        }
        boolean arrows = form == 2;
        out.line(indent, cat("switch (", selector, ") {"));
        for (int c = 0; c < labels.size(); c++) {
            List<Integer> group = labels.get(c);
            boolean last = c == labels.size() - 1;
            String head = group.isEmpty() ? "default" : "case " + join(group, arrows || rnd.nextBoolean() ? ", " : ": case ");
            scopes.push(new ArrayList<>());
            if (arrows) {
                out.line(indent + 1, cat(head, " -> {"));
                caseStatements(out, indent + 2, nesting, last, true);
                out.line(indent + 1, cat("}"));
            } else {
                out.line(indent + 1, cat(head, ":"));
                caseStatements(out, indent + 2, nesting, last, false);
            }
            scopes.pop();
        }
        out.line(indent, cat("}"));
    }

    /**
     * A switch statement on a {@code char} or a {@code String}, old or arrow form, chosen from an int by
     * {@code ?:} (so the trace decides the case taken) and switched on directly or through a local
     * declared with it outside loops (char and String locals are declared once). Labels are distinct
     * characters or words; {@code default} is anywhere or absent.
     */
    private void switchOnAValue(Lines out, int indent, int nesting) {
        boolean text = rnd.nextBoolean();
        List<String> values = text ? List.of("\"lo\"", "\"mid\"", "\"hi\"", "\"\"") : List.of("'a'", "'b'", "'\\n'", "'z'");
        String k = pick(Kind.INT).name();
        Code selector = cat("(", k, " % 3 == 0 ? ", values.get(0), " : ", k, " % 3 == 1 ? ", values.get(1), " : ",
                values.get(2), ")");
        if (loopDepth == 0 && rnd.nextBoolean()) {
            String local = fresh(text ? "s" : "c");
            out.line(indent, cat(text ? "String " : "char ", local, " = ", selector, ";"));
            selector = cat(local);
        }
        List<String> pool = new ArrayList<>(values);
        List<String> labels = new ArrayList<>();
        int cases = 1 + rnd.nextInt(3);
        for (int c = 0; c < cases; c++) {
            labels.add(pool.remove(rnd.nextInt(pool.size())));
        }
        if (rnd.nextBoolean()) {
            labels.add(rnd.nextInt(labels.size() + 1), null);
        }
        boolean arrows = rnd.nextBoolean();
        out.line(indent, cat("switch (", selector, ") {"));
        for (int c = 0; c < labels.size(); c++) {
            String head = labels.get(c) == null ? "default" : "case " + labels.get(c);
            boolean last = c == labels.size() - 1;
            scopes.push(new ArrayList<>());
            out.line(indent + 1, cat(head, arrows ? " -> {" : ":"));
            caseStatements(out, indent + 2, nesting, last, arrows);
            if (arrows) {
                out.line(indent + 1, cat("}"));
            }
            scopes.pop();
        }
        out.line(indent, cat("}"));
    }

    /** A case's statements and its ending: a break, none (fall through), a break inside an if, a return or continue. */
    private void caseStatements(Lines out, int indent, int nesting, boolean last, boolean arrow) {
        int count = 1 + rnd.nextInt(2);
        for (int i = 0; i < count; i++) {
            statement(out, indent, nesting + 1);
        }
        int ending = rnd.nextInt(10);
        if (ending < 2) {
            // a break inside an if: the rest of the case runs on the other path
            out.line(indent, cat("if (", cond(2), ") {"));
            scopes.push(new ArrayList<>());
            if (rnd.nextBoolean()) {
                Var v = pickWritable(Kind.DOUBLE);
                out.line(indent + 1, cat(v.name(), " += ", bounded(1), ";"));
            }
            scopes.pop();
            out.line(indent + 1, cat("break;"));
            out.line(indent, cat("}"));
            statement(out, indent, nesting + 1);
        } else if (ending < 3 && !last && loopDepth == 0) {
            out.line(indent, cat("return ", dexpr(2), ";"));
        } else if (ending < 4 && !last && loopDepth > 0) {
            out.line(indent, cat("continue;"));
        } else if (ending < 8 && !arrow) {
            out.line(indent, cat("break;"));
        }
    }

    /**
     * {@code double a = switch (..) {..};} or {@code v = switch (..) {..};}: arrow arms with a value or a
     * block that yields (from inside an if, too), or old-form cases that yield or fall through. No arm
     * jumps out of the switch expression (Java forbids it), so arm blocks are written here, not by
     * {@link #statement}.
     */
    private void switchExpression(Lines out, int indent, Code selector, List<List<Integer>> labels, boolean oldForm) {
        boolean declares = rnd.nextBoolean() || writable(Kind.DOUBLE).isEmpty();
        String target = declares ? fresh("a") : pickWritable(Kind.DOUBLE).name();
        out.line(indent, cat(declares ? "double " + target : target, " = switch (", selector, ") {"));
        for (int c = 0; c < labels.size(); c++) {
            List<Integer> group = labels.get(c);
            boolean last = c == labels.size() - 1;
            String head = group.isEmpty() ? "default" : "case " + join(group, ", ");
            scopes.push(new ArrayList<>());
            if (oldForm) {
                out.line(indent + 1, cat(head, ":"));
                armStatements(out, indent + 2);
                if (last || rnd.nextInt(3) != 0) {
                    out.line(indent + 2, cat("yield ", dexpr(2), ";"));
                }
            } else if (rnd.nextBoolean()) {
                out.line(indent + 1, cat(head, " -> ", dexpr(2), ";"));
            } else {
                out.line(indent + 1, cat(head, " -> {"));
                armStatements(out, indent + 2);
                out.line(indent + 2, cat("yield ", dexpr(2), ";"));
                out.line(indent + 1, cat("}"));
            }
            scopes.pop();
        }
        out.line(indent, cat("};"));
        if (declares) {
            declare(target, Kind.DOUBLE);
        }
    }

    /** Statements of a switch expression's arm: a new local, an update, maybe a yield inside an if. */
    private void armStatements(Lines out, int indent) {
        String local = fresh("a");
        out.line(indent, cat("double ", local, " = ", dexpr(2), ";"));
        declare(local, Kind.DOUBLE);
        if (rnd.nextBoolean()) {
            Var v = pickWritable(Kind.DOUBLE);
            out.line(indent, cat(v.name(), " += ", bounded(1), " * ", local, ";"));
        }
        if (rnd.nextInt(3) == 0) {
            out.line(indent, cat("if (", cond(1), ") {"));
            out.line(indent + 1, cat("yield ", dexpr(2), ";"));
            out.line(indent, cat("}"));
        }
    }

    private static String join(List<Integer> labels, String separator) {
        StringBuilder joined = new StringBuilder();
        for (int label : labels) {
            joined.append(joined.length() == 0 ? "" : separator).append(label);
        }
        return joined.toString();
    }

    /**
     * Sums accumulated by a final loop, or two, then the return: {@code double s = ..; for (..) {
     * double l = ..; int m = ..; <random statements>; s += ..; } return s * c + r;}, where the variables
     * declared before the loop are read-only inside it and {@code c}, {@code r} are generated before the
     * sums exist, so that they do not read them.
     */
    private void reductionTail(Lines out) {
        // a constant coefficient keeps the result linear in the sums (the fused shape), an active one not
        Code coefficient = rnd.nextBoolean() ? lit() : dexpr(1);
        Code rest = dexpr(2);
        List<String> sums = new ArrayList<>(reductionLoop(out, List.of()));
        if (rnd.nextBoolean()) {
            // a second reduction: independent of the first, or (one time in four) reading its sums
            sums.addAll(reductionLoop(out, rnd.nextInt(4) == 0 ? List.copyOf(sums) : List.of()));
        }
        Code combined = cat(sums.get(0), " * ", coefficient);
        for (String sum : sums.subList(1, sums.size())) {
            combined = cat(combined, " - ", sum);
        }
        if (rnd.nextBoolean()) {
            String result = fresh("r");
            out.line(2, cat("double ", result, " = ", combined, " + ", rest, ";"));
            out.line(2, cat("return ", result, " * 0.5;"));
        } else {
            out.line(2, cat("return ", combined, " + ", rest, ";"));
        }
    }

    /** One reduction loop and the declarations of its sums; returns the sums. */
    private List<String> reductionLoop(Lines out, List<String> earlierSums) {
        List<String> sums = new ArrayList<>();
        for (int k = 0; k < 1 + rnd.nextInt(2); k++) {
            String sum = fresh("s");
            out.line(2, cat("double ", sum, " = ", rnd.nextBoolean() ? cat("0") : dexpr(1), ";"));
            sums.add(sum);
        }
        Set<String> madeReadOnly = new HashSet<>();
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if (readOnly.add(v.name())) {
                    madeReadOnly.add(v.name());
                }
            }
        }
        List<Var> loopScope = new ArrayList<>();
        String i = fresh("i");
        switch (rnd.nextInt(3)) {
            case 0 -> {
                out.line(2, cat("for (int ", i, " = 0; ", i, " < w.length; ", i, "++) {"));
                loopScope.add(new Var(i, Kind.INT));
                indexes.put(i, "w");
            }
            case 1 -> {
                out.line(2, cat("for (int ", i, " = 0; ", i, " < ", String.valueOf(1 + rnd.nextInt(4)), "; ", i, "++) {"));
                loopScope.add(new Var(i, Kind.INT));
            }
            default -> {
                out.line(2, cat("for (double ", i, " : w) {"));
                loopScope.add(new Var(i, Kind.DOUBLE));
            }
        }
        readOnly.add(i);
        scopes.push(loopScope);
        loopDepth++;
        loops++;
        inReduction = true;
        String local = fresh("l");
        out.line(3, cat("double ", local, " = ", dexpr(2), ";"));
        declare(local, Kind.DOUBLE);
        String count = fresh("m");
        out.line(3, cat("int ", count, " = ", iexpr(1), ";"));
        declare(count, Kind.INT);
        block(out, 3, 1, rnd.nextInt(3), false);
        for (String sum : sums) {
            Code addend = earlierSums.isEmpty() ? dexpr(2) : cat(earlierSums.get(0), " * ", dexpr(1));
            Code update = cat(sum, rnd.nextInt(3) == 0 ? " -= " : " += ", addend, ";");
            if (rnd.nextInt(4) == 0) {
                out.line(3, cat("if (", cond(1), ") {"));
                out.line(4, update);
                out.line(3, cat("}"));
            } else {
                out.line(3, update);
            }
        }
        inReduction = false;
        loopDepth--;
        scopes.pop();
        readOnly.removeAll(madeReadOnly);
        out.line(2, cat("}"));
        return sums;
    }

    /** A loop with a bounded trip count: data-independent, or data-dependent with an iteration cap. */
    private void loop(Lines out, int indent, int nesting) {
        loops++;
        List<Var> loopScope = new ArrayList<>();
        String counterName = null;
        boolean boundByN = false;
        int kind = rnd.nextInt(9);
        switch (kind) {
            case 0, 1 -> {
                String i = fresh("i");
                Var a = pick(Kind.ARRAY);
                // Inside a loop over the same array, half the time the pairs after the outer element.
                String outer = counterOver(a.name());
                String start = outer != null && rnd.nextBoolean() ? outer + " + 1" : "0";
                out.line(indent, cat("for (int ", i, " = ", start, "; ", i, " < ", a.name(), ".length; ", i, "++) {"));
                loopScope.add(new Var(i, Kind.INT));
                indexes.put(i, a.name());
                counterName = i;
            }
            case 2 -> {
                String i = fresh("i");
                String header = switch (rnd.nextInt(4)) {
                    case 0 -> "for (int " + i + " = 0; " + i + " < " + (1 + rnd.nextInt(4)) + "; " + i + "++) {";
                    case 1 -> "for (int " + i + " = n; " + i + " < 3; " + i + "++) {";
                    case 2 -> "for (int " + i + " = 3; " + i + " > 0; " + i + "--) {";
                    default -> "for (int " + i + " = 0; " + i + " < n; " + i + " += 2) {";
                };
                // a body that raised n would chase its own bound (seed 4146 of the reduction programs)
                boundByN = header.contains(" < n;") && readOnly.add("n");
                out.line(indent, cat(header));
                loopScope.add(new Var(i, Kind.INT));
                counterName = i;
            }
            case 3, 4 -> {
                // data-dependent trip count, capped
                String i = fresh("i");
                out.line(indent, cat("for (int ", i, " = 0; ", i, " < ", String.valueOf(2 + rnd.nextInt(3)), " && ",
                        cond(1), "; ", i, "++) {"));
                loopScope.add(new Var(i, Kind.INT));
                counterName = i;
            }
            case 5 -> {
                String it = fresh("it");
                out.line(indent, cat("int ", it, " = 0;"));
                declare(it, Kind.INT);
                readOnly.add(it);
                out.line(indent, cat("while (", it, " < ", String.valueOf(2 + rnd.nextInt(3)), " && ", cond(1), ") {"));
                out.line(indent + 1, cat(it, "++;"));
            }
            case 6 -> {
                String it = fresh("it");
                out.line(indent, cat("int ", it, " = 0;"));
                declare(it, Kind.INT);
                readOnly.add(it);
                out.line(indent, cat("do {"));
                out.line(indent + 1, cat(it, "++;"));
                counterName = "do:" + it;
            }
            default -> {
                String e = fresh("e");
                Var a = pick(Kind.ARRAY);
                out.line(indent, cat("for (double ", e, " : ", a.name(), ") {"));
                loopScope.add(new Var(e, Kind.DOUBLE));
            }
        }
        for (Var v : loopScope) {
            readOnly.add(v.name());
        }
        scopes.push(loopScope);
        loopDepth++;
        // with long bodies, a loop's own body is sometimes longer than a part: its parts run on each iteration
        boolean longLoop = LONG_BODIES > 0 && loopDepth == 1 && rnd.nextInt(4) == 0;
        block(out, indent + 1, nesting + 1, longLoop ? LONG_BODIES + rnd.nextInt(LONG_BODIES / 2 + 1) : 1 + rnd.nextInt(3),
                false);
        loopDepth--;
        scopes.pop();
        if (boundByN) {
            readOnly.remove("n");
        }
        if (counterName != null && counterName.startsWith("do:")) {
            String it = counterName.substring(3);
            out.line(indent, cat("} while (", cond(1), " && ", it, " < ", String.valueOf(2 + rnd.nextInt(3)), ");"));
        } else {
            out.line(indent, cat("}"));
        }
    }

    /** The counter of an enclosing loop that runs over {@code array}'s indices, or null. */
    private String counterOver(String array) {
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if (array.equals(indexes.get(v.name()))) {
                    return v.name();
                }
            }
        }
        return null;
    }

    /**
     * An in-bounds index into {@code array} (every array has at least one element): a loop counter
     * running over it, 0, the last index, or {@code Math.floorMod} of an int expression (whose
     * casts of doubles go through the trace).
     */
    private Code index(String array) {
        List<String> direct = new ArrayList<>();
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if (array.equals(indexes.get(v.name()))) {
                    direct.add(v.name());
                }
            }
        }
        int r = rnd.nextInt(10);
        if (!direct.isEmpty() && r < 5) {
            return cat(direct.get(rnd.nextInt(direct.size())));
        } else if (r < 6) {
            return cat("0");
        } else if (r < 7) {
            return cat(array, ".length - 1");
        }
        return cat("Math.floorMod(", iexpr(1), ", ", array, ".length)");
    }

    private boolean hasLocalArray() {
        return !inReduction && pickLocalArrayOrNull() != null;
    }

    private Var pickLocalArray() {
        return pickLocalArrayOrNull();
    }

    private Var pickLocalArrayOrNull() {
        List<Var> candidates = new ArrayList<>();
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if (v.kind() == Kind.ARRAY && !v.name().equals("w")) {
                    candidates.add(v);
                }
            }
        }
        return candidates.isEmpty() ? null : candidates.get(rnd.nextInt(candidates.size()));
    }

    /** A scalar leaf without arrays (x, y, a literal). */
    private String dleafScalar() {
        return switch (rnd.nextInt(3)) {
            case 0 -> "x";
            case 1 -> "y";
            default -> DOUBLE_LITERALS[rnd.nextInt(DOUBLE_LITERALS.length)];
        };
    }

    private void ifChain(Lines out, int indent, int nesting) {
        int elseIfs = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0;
        boolean hasElse = rnd.nextBoolean();
        out.line(indent, cat("if (", cond(2), ") {"));
        branch(out, indent, nesting, true);
        for (int i = 0; i < elseIfs; i++) {
            out.line(indent, cat("} else if (", cond(2), ") {"));
            branch(out, indent, nesting, true);
        }
        if (hasElse) {
            out.line(indent, cat("} else {"));
            branch(out, indent, nesting, false);
        }
        out.line(indent, cat("}"));
    }

    private void branch(Lines out, int indent, int nesting, boolean mayReturn) {
        scopes.push(new ArrayList<>());
        block(out, indent + 1, nesting + 1, 1 + rnd.nextInt(3), mayReturn);
        scopes.pop();
    }

    // ------------------------------------------------------------------------------------------
    // expressions

    /** A double-typed expression. */
    private Code dexpr(int depth) {
        if (depth <= 0 || rnd.nextInt(10) < 2) {
            return dleaf();
        }
        if (extended && !helpers.isEmpty() && !currentHessian && rnd.nextInt(14) == 0) {
            return helperCall(depth - 1);
        }
        if (extended && rnd.nextInt(40) == 0) {
            return bitDouble(depth);
        }
        if (extended && !currentHessian && rnd.nextInt(30) == 0) {
            return privateMemberCall(depth - 1);
        }
        if (extended && rnd.nextInt(30) == 0) {
            return nullArgumentCall(depth - 1);
        }
        if (extended && !currentHessian && rnd.nextInt(30) == 0) {
            return libraryCall(depth - 1);
        }
        if (extended && rnd.nextInt(30) == 0) {
            return valueArgumentCall(depth - 1);
        }
        int r = rnd.nextInt(100);
        if (r < 22) {
            String op = switch (rnd.nextInt(3)) {
                case 0 -> " + ";
                case 1 -> " - ";
                default -> " * ";
            };
            return cat("(", dexpr(depth - 1), op, dexpr(depth - 1), ")");
        } else if (r < 27) {
            return cat("-(", dexpr(depth - 1), ")");
        } else if (r < 33) {
            return cat("(", dexpr(depth - 1), " / ", denominator(depth - 1), ")");
        } else if (r < 40) {
            return intMix(depth - 1);
        } else if (r < 72) {
            return smooth(depth - 1);
        } else if (r < 81) {
            return kink(depth - 1);
        } else if (r < 89) {
            return cat("(", cond(depth - 1), " ? ", dexpr(depth - 1), " : ", dexpr(depth - 1), ")");
        } else if (r < 97 && methodIndex > 0) {
            return call(depth - 1);
        }
        return dleaf();
    }

    /** A double expression whose magnitude stays moderate (for {@code *=} and products). */
    private Code bounded(int depth) {
        return switch (rnd.nextInt(5)) {
            case 0 -> cat(math(), ".sin(", dexpr(depth), ")");
            case 1 -> cat(math(), ".tanh(", dexpr(depth), ")");
            case 2 -> cat("(1.0 + 0.5 * ", math(), ".cos(", dexpr(depth), "))");
            case 3 -> lit();
            default -> cat(math(), ".atan(", dexpr(depth), ")");
        };
    }

    /** A double expression bounded away from zero. */
    private Code denominator(int depth) {
        return switch (rnd.nextInt(7)) {
            case 0 -> {
                Code u = dexpr(depth);
                yield cat("(1.0 + ", u, " * ", u, ")");
            }
            case 1 -> cat("(2.0 + ", math(), ".sin(", dexpr(depth), "))");
            case 2 -> cat("(1.5 + ", math(), ".cos(", dexpr(depth), "))");
            case 3 -> cat(math(), ".exp(", math(), ".sin(", dexpr(depth), "))");
            case 4 -> cat(math(), ".hypot(1.0, ", dexpr(depth), ")");
            case 5 -> {
                Code i = iexpr(1);
                yield cat("(", i, " * ", i, " + 1)");
            }
            default -> lit();
        };
    }

    private Code dleaf() {
        if (recordMode && recordRnd.nextInt(5) == 0) {
            return recordRead();
        }
        if (extended && rnd.nextInt(12) == 0 && has(Kind.INDEX_ARRAY)) {
            return gathered();
        }
        if (extended && rnd.nextInt(4) == 0) {
            Var a = pick(Kind.ARRAY);
            return cat(a.name(), "[", index(a.name()), "]");
        }
        int r = rnd.nextInt(10);
        if (r < 6) {
            return cat(pick(Kind.DOUBLE).name());
        } else if (r < 8) {
            return lit();
        } else if (r < 9) {
            return cat("(double) ", pick(Kind.INT).name());
        }
        return cat("Math.PI");
    }

    /** The record the method's x and y came in ({@code record XY(double x, double y)}): declared in every extended program. */
    static final String RECORD_DECLARATION = """

                public record XY(double x, double y) {
                }
            """;

    /**
     * A method taking x and y in a record, {@code fK(XY q, double[] w, int n)}: its body starts by
     * reading them into the locals x and y the rest of the body uses, and its expressions also read
     * the record's components themselves ({@link #recordRead}). {@code wrt} names the record or
     * {@code w}; no Hessian (those are {@link #hessianRecordHeaders}). The twin takes the two doubles as
     * {@code qx, qy}. Returns {plain header, traced header}.
     */
    private String[] recordHeaders(String m, boolean restricted, Lines body) {
        recordMethods.add(m);
        String annotation = "@Differentiable";
        if (restricted) {
            currentWrt = recordRnd.nextBoolean() ? List.of("x", "y") : List.of("w");
            annotation = "@Differentiable(wrt = \"" + (currentWrt.contains("w") ? "w" : "q") + "\")";
        }
        body.line(2, new Code("double x = q.x();", "double x = qx;"));
        body.line(2, new Code("double y = q.y;", "double y = qy;"));
        return new String[] {"    " + annotation + "\n    public static double " + m + "(" + pairType() + " q, double[] w, int n) {\n",
                "    public static double " + m + "(double qx, double qy, double[] w, int n) {\n"};
    }

    /**
     * Whether a method asking for a Hessian (and naming no wrt) takes x and y in a record: drawn from a
     * source of its own, for the last method only (no method calls it: a caller cannot pass a record),
     * and its body draws nothing more, so that the programs of every seed stay as they were but for the
     * header of that method.
     */
    private boolean takesRecordForHessian(boolean restricted) {
        return extended && !reductionTails && currentHessian && !restricted && hessianRecordRnd.nextInt(4) == 0;
    }

    /**
     * {@code @Differentiable(hessian = true) fK(XY q, double[] w, int n)}, reading x and y out of the
     * record first: its Hessian is over q's components, then w's elements, as over the twin's
     * {@code qx, qy, w}. Returns {plain header, traced header}.
     */
    private String[] hessianRecordHeaders(String m, Lines body) {
        recordMethods.add(m);
        body.line(2, new Code("double x = q.x();", "double x = qx;"));
        body.line(2, new Code("double y = q.y;", "double y = qy;"));
        return new String[] {"    @Differentiable(hessian = true)\n    public static double " + m + "(XY q, double[] w, int n) {\n",
                "    public static double " + m + "(double qx, double qy, double[] w, int n) {\n"};
    }

    /**
     * The record-like final class a method may take x and y in instead of the record XY (issue 17):
     * a private field read through its getter by the generated code, a package-private one directly.
     */
    static final String FINAL_CLASS_DECLARATION = """

                public static final class XYF {
                    private final double x;
                    final double y;

                    public XYF(double x, double y) {
                        this.x = x;
                        this.y = y;
                    }

                    public double x() {
                        return x;
                    }

                    public double y() {
                        return this.y;
                    }
                }
            """;

    /** The type of a method's q: the record XY, or one time in three the final class XYF, drawn from a source of its own. */
    private String pairType() {
        return finalClassRnd.nextInt(3) == 0 ? "XYF" : "XY";
    }

    /** A component of the method's record, read through its accessor or as a field. */
    private Code recordRead() {
        return switch (recordRnd.nextInt(3)) {
            case 0 -> new Code("q.x()", "qx");
            case 1 -> new Code("q.y()", "qy");
            default -> new Code("q.x", "qx");
        };
    }

    private Code lit() {
        String s = DOUBLE_LITERALS[rnd.nextInt(DOUBLE_LITERALS.length)];
        return cat(rnd.nextInt(5) == 0 ? "(-" + s + ")" : s);
    }

    /** int arithmetic mixed into a double expression. */
    private Code intMix(int depth) {
        return switch (rnd.nextInt(5)) {
            case 0 -> cat("(", iexpr(1), " / 2 * ", dexpr(depth), ")");
            case 1 -> cat("((double) ", iexpr(1), " * ", dexpr(depth), ")");
            case 2 -> {
                Code i = iexpr(1);
                yield cat("(", dexpr(depth), " / (", i, " * ", i, " + 1))");
            }
            case 3 -> cat("(", iexpr(1), " % 3 * ", dexpr(depth), ")");
            default -> cat("(", dexpr(depth), " * ", iexpr(1), ")");
        };
    }

    /** Smooth Math functions, with arguments that keep them in their domain. */
    private Code smooth(int depth) {
        String m = math();
        Code u = dexpr(depth);
        return switch (rnd.nextInt(34)) {
            case 0, 1 -> cat(m, ".sin(", u, ")");
            case 2, 3 -> cat(m, ".cos(", u, ")");
            case 4 -> cat(m, ".atan(", u, ")");
            case 5 -> cat(m, ".tanh(", u, ")");
            case 6 -> cat(m, ".exp(", m, ".sin(", u, "))");
            case 7 -> cat(m, ".exp(-(", u, " * ", u, "))");
            case 8 -> cat(m, ".exp(", m, ".tanh(", u, "))");
            case 9 -> cat(m, ".log(1.0 + ", u, " * ", u, ")");
            case 10 -> cat(m, ".log1p(", u, " * ", u, ")");
            case 11 -> cat(m, ".log10(2.0 + ", m, ".cos(", u, "))");
            case 12 -> cat(m, ".sqrt(2.0 + ", m, ".sin(", u, "))");
            case 13 -> cat(m, ".sqrt(1.0 + ", u, " * ", u, ")");
            case 14 -> cat(m, ".cbrt(3.0 + ", m, ".sin(", u, "))");
            case 15 -> cat(m, ".pow(1.5 + ", m, ".cos(", u, "), ", bounded(depth), ")");
            case 16 -> cat(m, ".pow(", u, ", 2.0)");
            case 17 -> cat(m, ".pow(", u, ", 3)");
            case 18 -> cat(m, ".pow(1.0 + ", u, " * ", u, ", ", iexpr(0), " % 3)");
            case 19 -> cat(m, ".asin(0.5 * ", m, ".tanh(", u, "))");
            case 20 -> cat(m, ".acos(0.9 * ", m, ".sin(", u, "))");
            case 21 -> cat(m, ".atan2(", u, ", 2.0 + ", m, ".sin(", dexpr(depth), "))");
            case 22 -> {
                Code v = dexpr(depth);
                yield cat(m, ".atan2(0.5 + ", v, " * ", v, ", ", u, ")");
            }
            case 23 -> {
                Code v = dexpr(depth);
                yield cat(m, ".hypot(", u, ", 0.5 + ", v, " * ", v, ")");
            }
            case 24 -> cat(m, ".hypot(1.0, ", u, ")");
            case 25 -> cat(m, ".sinh(2.0 * ", m, ".tanh(", u, "))");
            case 26 -> cat(m, ".cosh(", m, ".sin(", u, "))");
            case 27 -> cat(m, ".tan(0.7 * ", m, ".sin(", u, "))");
            case 28 -> cat(m, ".expm1(", m, ".sin(", u, "))");
            case 29 -> cat(m, rnd.nextBoolean() ? ".toRadians(" : ".toDegrees(", m, ".sin(", u, "))");
            case 30 -> cat(m, ".fma(", u, ", ", bounded(depth), ", ", dexpr(depth), ")");
            case 31 -> cat(m, ".scalb(", u, ", ", String.valueOf(rnd.nextInt(5) - 2), ")");
            case 32 -> cat(m, rnd.nextBoolean() ? ".nextUp(" : ".nextDown(", u, ")");
            default -> cat(m, ".nextAfter(", u, ", 1e300)");
        };
    }

    /** Library kinks and steps: recorded in the trace twin. */
    private Code kink(int depth) {
        String m = math();
        Code u = dexpr(depth);
        return switch (rnd.nextInt(14)) {
            case 0, 1 -> fn(m + ".abs", "abs", u);
            case 2, 3 -> fn(m + ".max", "max", u, dexpr(depth));
            case 4, 5 -> fn(m + ".min", "min", u, dexpr(depth));
            case 6 -> fn(m + ".floor", "step(" + m + ".floor", u, ")");
            case 7 -> fn(m + ".ceil", "step(" + m + ".ceil", u, ")");
            case 8 -> fn(m + ".rint", "step(" + m + ".rint", u, ")");
            case 9 -> fn(m + ".signum", "step(" + m + ".signum", u, ")");
            case 10 -> cat("(", fn(m + ".round", "round", u), " * ", bounded(depth), ")");
            case 11 -> fn(m + ".copySign", "copySign", u, dexpr(depth));
            case 12 -> {
                Code d = rnd.nextBoolean() ? lit() : cat("(2.0 + ", m, ".sin(", dexpr(depth), "))");
                yield new Code("(" + u.plain + " % " + d.plain + ")", "mod(" + u.traced + ", " + d.traced + ")");
            }
            default -> fn(m + ".IEEEremainder", "ieeeRemainder", u, cat(rnd.nextBoolean() ? "1.5" : "2.0"));
        };
    }

    /** {@code plainFn(args)} in the program, {@code tracedFn(args)} in the twin (a trailing ")" closes a step(). */
    private static Code fn(String plainFn, String tracedFn, Code a) {
        return new Code(plainFn + "(" + a.plain + ")", tracedFn + "(" + a.traced + ")");
    }

    private static Code fn(String plainFn, String tracedFn, Code a, Code b) {
        return new Code(plainFn + "(" + a.plain + ", " + b.plain + ")", tracedFn + "(" + a.traced + ", " + b.traced + ")");
    }

    private static Code fn(String plainFn, String tracedFn, Code a, String closeTraced) {
        return new Code(plainFn + "(" + a.plain + ")", tracedFn + "(" + a.traced + ")" + closeTraced);
    }

    /**
     * A call of the private helper {@code table}, whose copies have first-order code only: like a rule
     * user, the caller is not called from a method asking for a Hessian.
     */
    private Code privateMemberCall(int depth) {
        ruleUsers.add(currentName);
        return cat("table(", dexpr(depth), ", ", iexpr(1), ")");
    }

    /**
     * {@code double[] c = spread(a, b, w);}: a local array from a vector-valued call, differentiated
     * through the callee's forward mode and pullback. Not in a method a Hessian method calls: second
     * order does not go through vector-valued methods.
     */
    private void vectorCall(Lines out, int indent, String name) {
        ruleUsers.add(currentName);
        out.line(indent, cat("double[] ", name, " = spread(", dexpr(2), ", ", bounded(1), ", ", pick(Kind.ARRAY).name(),
                ");"));
    }

    /**
     * {@code Arc r = turn(a, b);} and doubles read from its components ({@code r.end().u()}): a local
     * record from a call, differentiated through the callee's forward mode and pullback. Outside loops,
     * and not in a method a Hessian method calls: second order does not go through such a call.
     */
    private void recordResultCall(Lines out, int indent) {
        ruleUsers.add(currentName);
        String record = fresh("r");
        out.line(indent, cat("Arc ", record, " = turn(", dexpr(2), ", ", bounded(1), ");"));
        String[] components = {".end().u()", ".end().v()", ".len()"};
        int doubles = 1 + recordCallRnd.nextInt(2);
        for (int k = 0; k < doubles; k++) {
            String name = fresh("d");
            String component = record + components[recordCallRnd.nextInt(components.length)];
            out.line(indent, recordCallRnd.nextBoolean() ? cat("double ", name, " = ", component, ";")
                    : cat("double ", name, " = ", component, " * ", bounded(1), ";"));
            declare(name, Kind.DOUBLE);
        }
    }

    /**
     * {@code double d = turn(a, b).end().u() * k;}: a component read straight off the call, which the
     * reader lowers to the local form of {@link #recordResultCall}; outside loops and Hessian methods alike.
     */
    private void recordComponentOffCall(Lines out, int indent) {
        ruleUsers.add(currentName);
        String[] components = {".end().u()", ".end().v()", ".len()"};
        String name = fresh("d");
        Code call = cat("turn(", dexpr(2), ", ", bounded(1), ")", components[recordCallRnd.nextInt(components.length)]);
        out.line(indent, recordCallRnd.nextBoolean() ? cat("double ", name, " = ", call, ";")
                : cat("double ", name, " = ", bounded(1), " * ", call, ";"));
        declare(name, Kind.DOUBLE);
    }

    /** A call of {@code graded} (see {@link #VALUE_TAKING}) passing char and String values, literal or chosen. */
    private Code valueArgumentCall(int depth) {
        if (passive > 0 && !PASSIVE_CALLS) {
            return dleaf();
        }
        Code v = rnd.nextBoolean() ? dexpr(depth) : bounded(depth);
        String k = pick(Kind.INT).name();
        Code grade = rnd.nextBoolean() ? cat(rnd.nextBoolean() ? "'a'" : "'z'")
                : cat("(", k, " % 2 == 0 ? 'b' : 'x')");
        Code unit = rnd.nextBoolean() ? cat(rnd.nextBoolean() ? "\"bp\"" : "\"pct\"")
                : cat("(", k, " > 1 ? \"bp\" : \"pct\")");
        return cat("graded(", v, ", ", grade, ", ", unit, ")");
    }

    /** The published libraries extended programs call (test dependencies of the processor). */
    static final List<java.io.File> LIBRARIES = List.of(
            AdjointCompiler.jarOf("org.apache.commons.math3.special.Erf"),
            AdjointCompiler.jarOf("org.hipparchus.special.Erf"));

    /**
     * A special function of Commons Math or Hipparchus, differentiated by its closed form
     * ({@code ir.LibraryFunctions}): a static function, or a method of a distribution object made in
     * place. Arguments are kept inside the functions' domains. Not in Hessian programs: the table
     * gives first derivatives only.
     */
    private Code libraryCall(int depth) {
        ruleUsers.add(currentName); // no second-order code through it, so no Hessian method calls it
        Code u = dexpr(depth);
        return switch (rnd.nextInt(7)) {
            case 0 -> cat("org.apache.commons.math3.special.Erf.erf(", u, ")");
            case 1 -> cat("org.hipparchus.special.Erf.erfc(", u, ")");
            case 2 -> cat("org.apache.commons.math3.special.Gamma.logGamma(1.5 + ", u, " * ", u, ")");
            case 3 -> cat("org.apache.commons.math3.special.Gamma.regularizedGammaP(2.5, 1.0 + ", u, " * ", u, ")");
            // Hipparchus' distributions hold no random generator: Commons Math's build one per object, too
            // slow for a loop whose trip count the program's data can make large.
            case 4 -> cat("new org.hipparchus.distribution.continuous.NormalDistribution(0.5, 2.0).cumulativeProbability(",
                    u, ")");
            case 5 -> cat("new org.hipparchus.distribution.continuous.LogisticDistribution(0.0, 1.5).cumulativeProbability(",
                    u, ")");
            default -> cat("org.apache.commons.math3.special.Beta.logBeta(1.0 + ", u, " * ", u, ", 2.5)");
        };
    }

    /**
     * A call of {@code weigh} (see {@link #NULL_TOLERANT}) with {@code null} for one array or both: the
     * null takes its parameter's type and gets no adjoint, the other argument is an array in scope.
     */
    private Code nullArgumentCall(int depth) {
        if (passive > 0 && !PASSIVE_CALLS) {
            return dleaf();
        }
        Code v = rnd.nextBoolean() ? dexpr(depth) : bounded(depth);
        String values = rnd.nextBoolean() ? "null" : pick(Kind.ARRAY).name();
        String picks = values.equals("null") && has(Kind.INDEX_ARRAY) && rnd.nextBoolean()
                ? pick(Kind.INDEX_ARRAY).name() : "null";
        return cat("weigh(", v, ", ", values, ", ", picks, ")");
    }

    /** A call of a function with {@code @DerivativeOf} rules. */
    private Code helperCall(int depth) {
        ruleUsers.add(currentName);
        int h = helpers.get(rnd.nextInt(helpers.size()));
        return switch (h) {
            case 0 -> cat("h0(", bounded(depth), ")");
            case 1 -> cat("h1(", bounded(depth), ", ", dexpr(depth), ", ", iexpr(1), ")");
            case 2 -> cat("h2(", bounded(depth), ")");
            default -> cat("h3(", dexpr(depth), ")");
        };
    }

    /**
     * A call of an earlier method of an extended program. A parameter the callee's {@code wrt}
     * leaves out gets a literal (scalars), or {@code w} when the caller does not differentiate with
     * respect to {@code w} either (else that callee is not called), so that no differentiable value
     * flows into it.
     */
    private Code extendedCall(int depth) {
        if (passive > 0 && !PASSIVE_CALLS) {
            return dleaf();
        }
        List<MethodSpec> callable = new ArrayList<>();
        for (MethodSpec m : done) {
            if ((m.wrt().contains("w") || !currentWrt.contains("w")) && !(currentHessian && ruleUsers.contains(m.name()))
                    && !recordMethods.contains(m.name())) {
                callable.add(m);
            }
        }
        if (callable.isEmpty()) {
            return dleaf();
        }
        MethodSpec m = callable.get(rnd.nextInt(callable.size()));
        if (ruleUsers.contains(m.name())) {
            ruleUsers.add(currentName);
        }
        Code a = m.wrt().contains("x") ? (rnd.nextBoolean() ? dexpr(depth) : bounded(depth)) : lit();
        Code b = m.wrt().contains("y") ? (rnd.nextBoolean() ? dexpr(depth) : bounded(depth)) : lit();
        String array = m.wrt().contains("w") ? pick(Kind.ARRAY).name() : "w";
        return cat(m.name(), "(", a, ", ", b, ", ", array, ", ", iexpr(1), ")");
    }

    private Code call(int depth) {
        if (extended) {
            return extendedCall(depth);
        }
        int j = rnd.nextInt(methodIndex);
        Code a = rnd.nextBoolean() ? dexpr(depth) : bounded(depth);
        Code b = rnd.nextBoolean() ? dexpr(depth) : bounded(depth);
        return cat("f", String.valueOf(j), "(", a, ", ", b, ", ", iexpr(1), ")");
    }

    /** An int-typed expression (constant as far as derivatives go). */
    private Code iexpr(int depth) {
        if (extended && rnd.nextInt(10) == 0 && has(Kind.INDEX_ARRAY)) {
            return indexRead();
        }
        if (extended && rnd.nextInt(8) == 0) {
            return cat(pick(Kind.ARRAY).name(), ".length");
        }
        if (extended && depth > 0 && rnd.nextInt(10) == 0) {
            return bitInt(depth);
        }
        int r = rnd.nextInt(depth <= 0 ? 5 : 12);
        if (r < 3) {
            return cat(pick(Kind.INT).name());
        } else if (r < 5) {
            return cat(String.valueOf(rnd.nextInt(5) - 1));
        }
        return switch (r) {
            case 5 -> cat("(", iexpr(depth - 1), " / 2)");
            case 6 -> cat("(", iexpr(depth - 1), " % 3)");
            case 7 -> cat("(", iexpr(depth - 1), " * 2 + 1)");
            case 8 -> cat("(", iexpr(depth - 1), " - ", iexpr(depth - 1), ")");
            case 9 -> {
                // a step function of a double: recorded in the trace
                passive++;
                Code u = bounded(depth - 1);
                passive--;
                yield new Code("(int) (3.0 * " + u.plain + ")", "toInt(3.0 * " + u.traced + ")");
            }
            case 10 -> cat("Math.floorDiv(", iexpr(depth - 1), ", 2)");
            default -> cat("(", iexpr(depth - 1), " + ", iexpr(depth - 1), ")");
        };
    }

    /** A boolean condition; double comparisons go through the trace. */
    private Code cond(int depth) {
        passive++;
        try {
            return condition(depth);
        } finally {
            passive--;
        }
    }

    private Code condition(int depth) {
        if (extended && depth > 0 && rnd.nextInt(12) == 0) {
            return bitCondition(depth);
        }
        if (extended && depth > 0 && rnd.nextInt(30) == 0) {
            return nullCondition(depth);
        }
        int r = rnd.nextInt(100);
        if (depth <= 0 || r < 45) {
            Code a = dexpr(Math.max(depth, 1));
            Code b = rnd.nextInt(3) == 0 ? lit() : dexpr(Math.max(depth, 1));
            int op = rnd.nextInt(50);
            String[] ops = {"<", "<=", ">", ">=", "==", "!="};
            String[] helpers = {"lt", "le", "gt", "ge", "eq", "ne"};
            int o = op < 48 ? op % 4 : 4 + op % 2;
            return new Code("(" + a.plain + " " + ops[o] + " " + b.plain + ")",
                    helpers[o] + "(" + a.traced + ", " + b.traced + ")");
        } else if (r < 55) {
            String[] ops = {"<", "<=", ">", ">=", "==", "!="};
            return cat("(", iexpr(1), " ", ops[rnd.nextInt(ops.length)], " ", String.valueOf(rnd.nextInt(4)), ")");
        } else if (r < 65 && has(Kind.BOOLEAN)) {
            return cat(pick(Kind.BOOLEAN).name());
        } else if (r < 68 && has(Kind.FLAG_ARRAY)) {
            return flagRead();
        } else if (r < 73) {
            return cat("!", cond(depth - 1));
        } else if (r < 87) {
            return cat("(", cond(depth - 1), " && ", cond(depth - 1), ")");
        }
        return cat("(", cond(depth - 1), " || ", cond(depth - 1), ")");
    }

    // ------------------------------------------------------------------------------------------
    // float locals and literals (extended programs): computed in float as Java does, never differentiated

    private static final String[] FLOAT_LITERALS = {"0.5f", "1.1f", "0.3f", "0.1f", "2.249481201171875f", "1e-3f"};

    /**
     * A float local declared from float literals, ints and other floats; a float updated with float
     * arithmetic (kept bounded in loops); or a double updated from a float, where Java promotes it.
     */
    private void floatStatement(Lines out, int indent) {
        List<Var> floats = writable(Kind.FLOAT);
        int r = rnd.nextInt(3);
        if (floats.isEmpty() || r == 0) {
            String name = fresh("f");
            boolean constant = rnd.nextInt(4) == 0;
            out.line(indent, cat(constant ? "final float " : "float ", name, " = ", floatExpr(2), ";"));
            declare(name, Kind.FLOAT);
            if (constant) {
                readOnly.add(name); // names are unique per method, so it stays read-only
            }
            return;
        }
        String f = floats.get(rnd.nextInt(floats.size())).name();
        if (r == 1) {
            out.line(indent, switch (rnd.nextInt(4)) {
                case 0 -> cat(f, " = ", f, " * 0.5f + ", floatExpr(1), ";");
                case 1 -> cat(f, " *= 0.75f;");
                case 2 -> cat(f, " += ", floatLiteral(), ";");
                default -> cat(f, " /= 3;");
            });
        } else {
            Var v = pickWritable(Kind.DOUBLE);
            out.line(indent, cat(v.name(), " += ", f, " * ", bounded(1), ";"));
        }
    }

    /** A float expression: float literals and locals, ints made floats; small in magnitude. */
    private Code floatExpr(int depth) {
        int r = rnd.nextInt(depth <= 0 ? 3 : 6);
        return switch (r) {
            case 0 -> cat(floatLiteral());
            case 1 -> has(Kind.FLOAT) ? cat(pick(Kind.FLOAT).name()) : cat(floatLiteral());
            case 2 -> cat("(float) (", iexpr(1), " % 5) / 3");
            case 3 -> cat("(", floatExpr(depth - 1), " * ", floatExpr(depth - 1), ")");
            case 4 -> cat("(", floatExpr(depth - 1), " - ", floatLiteral(), ")");
            default -> cat("(", cond(1), " ? ", floatExpr(depth - 1), " : ", floatLiteral(), ")");
        };
    }

    private String floatLiteral() {
        return FLOAT_LITERALS[rnd.nextInt(FLOAT_LITERALS.length)];
    }

    // ------------------------------------------------------------------------------------------
    // bit operations (extended programs): exact integers that steer the doubles

    /**
     * A new int local with bit operators, or a compound bit assignment of an int; shifts that could
     * make an int (and a loop bounded by it) huge are left out.
     */
    private void bitStatement(Lines out, int indent) {
        List<Var> ints = writable(Kind.INT);
        if (ints.isEmpty() || rnd.nextBoolean()) {
            String name = fresh("k");
            out.line(indent, cat("int ", name, " = ", bitInt(2), ";"));
            declare(name, Kind.INT);
            return;
        }
        String n = ints.get(rnd.nextInt(ints.size())).name();
        Code c = switch (rnd.nextInt(5)) {
            case 0 -> cat(n, " &= ", String.valueOf(1 + rnd.nextInt(15)), ";");
            case 1 -> cat(n, " |= ", String.valueOf(1 << rnd.nextInt(3)), ";");
            case 2 -> cat(n, " ^= ", iexpr(1), ";");
            case 3 -> cat(n, " >>= 1;");
            default -> cat(n, " >>>= 29;");
        };
        out.line(indent, c);
    }

    /**
     * An int expression with a bit operator. The exponent bits of a double are a step function of it:
     * the twin records them (through {@code step}).
     */
    private Code bitInt(int depth) {
        return switch (rnd.nextInt(10)) {
            case 0 -> cat("(", iexpr(depth - 1), " & ", String.valueOf(1 + rnd.nextInt(15)), ")");
            case 1 -> cat("(", iexpr(depth - 1), " | ", iexpr(depth - 1), ")");
            case 2 -> cat("(", iexpr(depth - 1), " ^ ", iexpr(depth - 1), ")");
            case 3 -> cat("((", iexpr(depth - 1), " << ", String.valueOf(1 + rnd.nextInt(3)), ") & 63)");
            case 4 -> cat("(", iexpr(depth - 1), " >> 1)");
            case 5 -> cat("(", iexpr(depth - 1), " >>> 29)");
            case 6 -> cat("(~", iexpr(depth - 1), " & 7)");
            case 7 -> {
                passive++;
                Code u = bounded(depth - 1);
                passive--;
                yield new Code("(Math.getExponent(" + u.plain + ") & 7)", "((int) step(Math.getExponent(" + u.traced + ")) & 7)");
            }
            default -> {
                passive++;
                Code u = bounded(depth - 1);
                passive--;
                yield new Code("((int) (Double.doubleToRawLongBits(" + u.plain + ") >>> 52) & 7)",
                        "((int) step((double) (Double.doubleToRawLongBits(" + u.traced + ") >>> 52)) & 7)");
            }
        };
    }

    /**
     * {@code & | ^} on booleans (both sides evaluated, in the twin too), a test of an int's bits, or
     * {@code Double.compare} (a step, recorded in the twin) and {@code Double.isFinite}.
     */
    private Code bitCondition(int depth) {
        return switch (rnd.nextInt(6)) {
            case 0 -> cat("(", cond(depth - 1), " & ", cond(depth - 1), ")");
            case 1 -> cat("(", cond(depth - 1), " | ", cond(depth - 1), ")");
            case 2 -> cat("(", cond(depth - 1), " ^ ", cond(depth - 1), ")");
            case 3 -> {
                Code a = dexpr(depth);
                Code b = dexpr(depth);
                yield new Code("(Double.compare(" + a.plain + ", " + b.plain + ") < 0)",
                        "((int) step(Double.compare(" + a.traced + ", " + b.traced + ")) < 0)");
            }
            case 4 -> cat("Double.isFinite(", dexpr(depth), ")");
            default -> cat("((", bitInt(1), " & 1) == 0)");
        };
    }

    /** A null test of an array (never null in the fuzz runs, but read and copied by both modes). */
    private Code nullCondition(int depth) {
        String array = pick(Kind.ARRAY).name();
        return switch (rnd.nextInt(3)) {
            case 0 -> cat("(", array, " != null && ", cond(depth - 1), ")");
            case 1 -> cat("(", array, " == null || ", cond(depth - 1), ")");
            default -> cat("(null != ", array, " && ", array, ".length > ", String.valueOf(rnd.nextInt(3)), ")");
        };
    }

    /**
     * A double that passes through its bits, a step function of them (recorded in the twin): the sign
     * and exponent of a value, or a value scaled by the power of two of another's exponent.
     */
    private Code bitDouble(int depth) {
        passive++;
        Code bits = dexpr(depth - 1);
        passive--;
        if (rnd.nextBoolean()) {
            return fn("Double.longBitsToDouble", "step(Double.longBitsToDouble",
                    cat("Double.doubleToRawLongBits(", bits, ") & 0xfff0000000000000L"), ")");
        }
        Code u = dexpr(depth - 1);
        return new Code("Math.scalb(" + u.plain + ", -Math.getExponent(2.0 + Math.sin(" + bits.plain + ")))",
                "Math.scalb(" + u.traced + ", -(int) step(Math.getExponent(2.0 + Math.sin(" + bits.traced + "))))");
    }

    // ------------------------------------------------------------------------------------------
    // helpers

    private String math() {
        return rnd.nextInt(8) == 0 ? "StrictMath" : "Math";
    }

    private String fresh(String prefix) {
        return prefix + counter++;
    }

    private void declare(String name, Kind kind) {
        scopes.peek().add(new Var(name, kind));
    }

    private boolean has(Kind kind) {
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if (v.kind() == kind) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether extended programs may assign parameters their method's {@code wrt} leaves out. Off by
     * default: the processor generates code that does not compile for that (a parameter outside
     * {@code wrt} that becomes active gets no tangent variable: {@code @Differentiable(wrt = {"w"})
     * ... x += w[0]; return x;} gives "cannot find symbol xDot"), which would hide every other finding.
     * {@code -Dadjoint.fuzz.writeExcluded=true} turns it on.
     */
    static final boolean WRITE_EXCLUDED = Boolean.getBoolean("adjoint.fuzz.writeExcluded");

    /**
     * Whether extended programs may call their methods where the value is not differentiated (in a
     * condition, or cast to {@code int}). On by default; {@code -Dadjoint.fuzz.passiveCalls=false}
     * turns it off. (Before commit b442f18 forward mode passed the {@code Dual[]} array to the
     * original method there: "Dual[] cannot be converted to double[]" for {@code if (f0(x, w) < x)}
     * in a method differentiated with respect to {@code w}.)
     */
    static final boolean PASSIVE_CALLS = !"false".equals(System.getProperty("adjoint.fuzz.passiveCalls"));

    /** Nesting of conditions and int casts being generated (calls there are passive). */
    private int passive;

    /** A random variable of the kind in scope that may be assigned (not a loop counter or element). */
    private Var pickWritable(Kind kind) {
        List<Var> candidates = writable(kind);
        return candidates.get(rnd.nextInt(candidates.size()));
    }

    /** The variables of the kind in scope that may be assigned: not a loop counter, not {@code n} in a loop bounded by it. */
    private List<Var> writable(Kind kind) {
        List<Var> candidates = new ArrayList<>();
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                boolean excluded = extended && !WRITE_EXCLUDED && (v.name().equals("x") || v.name().equals("y"))
                        && !currentWrt.contains(v.name());
                if (v.kind() == kind && !readOnly.contains(v.name()) && !excluded) {
                    candidates.add(v);
                }
            }
        }
        return candidates;
    }

    /** A random variable of the kind in scope (x, y, n are always there). */
    private Var pick(Kind kind) {
        List<Var> candidates = new ArrayList<>();
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if (v.kind() == kind) {
                    candidates.add(v);
                }
            }
        }
        return candidates.get(rnd.nextInt(candidates.size()));
    }

    private static Code cat(Object... parts) {
        StringBuilder p = new StringBuilder();
        StringBuilder t = new StringBuilder();
        for (Object o : parts) {
            if (o instanceof Code c) {
                p.append(c.plain());
                t.append(c.traced());
            } else {
                p.append(o);
                t.append(o);
            }
        }
        return new Code(p.toString(), t.toString());
    }
}
