package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Tapes;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code @Differentiable(checkpoint = true)}: a loop over {@code Tapes.loopBudget()} entries keeps only its
 * last stretch recorded and runs the earlier ones again from their checkpoints. Whatever the budget, the
 * gradient is bit for bit the one of the same method without checkpoints, and agrees with forward mode
 * and finite differences; the tape's memory follows the budget, not the loop's length. A loop that a
 * second run would not reproduce is a compile error on its line.
 */
class CheckpointedLoopsTest {

    /** A method with {@code checkpoint = true}: its indentation, its other attributes, its name. */
    private static final Pattern CHECKPOINTED = Pattern.compile(
            "( *)@Differentiable\\(checkpoint = true(?:, )?([^)]*)\\)\n *public static double(?:\\[])? (\\w+)\\(");

    /** Each checkpointed method twice: as written, and plain ({@code ...Plain}) to compare with. */
    private static final Compiled COMPILED = compileStrict(withPlainTwins("""
            package p;

            import dev.adjoint.Differentiable;

            public class Long {
                @Differentiable(checkpoint = true)
                public static double map(double x, int steps) {
                    for (int k = 0; k < steps; k++) {
                        x = Math.sin(x) * 1.5 + 0.1 * x;
                    }
                    return x;
                }

                /** Nested loops, a Math.max kink, an accumulation, and arrays read only. */
                @Differentiable(checkpoint = true, wrt = {"spot", "rate", "sigma"})
                public static double monteCarlo(double spot, double rate, double sigma, double strike,
                        double[] normals, int paths, int steps) {
                    double dt = 1.0 / steps;
                    double sum = 0;
                    for (int p = 0; p < paths; p++) {
                        double s = spot;
                        for (int k = 0; k < steps; k++) {
                            s = s * (1 + rate * dt + sigma * Math.sqrt(dt) * normals[p * steps + k]);
                        }
                        sum += Math.max(s - strike, 0.0);
                    }
                    return Math.exp(-rate) * sum / paths;
                }

                /** A do-while with a branch (the boolean tape), float and int state, then a second loop. */
                @Differentiable(checkpoint = true)
                public static double mixed(double x, double y, int n) {
                    float f = 0.5f;
                    int flips = 0;
                    double s = x;
                    int k = 0;
                    do {
                        if (s > 0.3) {
                            s = s * Math.cos(y) + f;
                            flips++;
                        } else {
                            s = s * s + y;
                        }
                        f = f * 0.9f;
                        k++;
                    } while (k < n);
                    double t = y;
                    for (int j = 0; j < n; j++) {
                        t = t + 0.3 * Math.exp(-s * t);
                    }
                    return s * t + flips;
                }

                /** A return before the loop (the method's exit is recorded), and second order asked for too. */
                @Differentiable(checkpoint = true, hessian = true)
                public static double guarded(double x, double y, int n) {
                    if (x > 2) {
                        return x * y;
                    }
                    double s = x;
                    int k = 0;
                    while (k < n) {
                        s = Math.sin(s) * 1.1 + y * 0.2;
                        k++;
                    }
                    return s * y;
                }

                /** Arrays made before the loop: a vector overwritten every step, rows written once, an int array. */
                @Differentiable(checkpoint = true)
                public static double arrays(double x, double y, int n) {
                    double[] state = new double[2];
                    state[0] = x;
                    state[1] = y;
                    double[][] history = new double[n + 1][2];
                    int[] visits = new int[3];
                    for (int k = 0; k < n; k++) {
                        double a = -Math.sin(state[0]) - 0.1 * state[1];
                        state[1] += 0.2 * a;
                        state[0] += 0.2 * state[1] + 0.01 * visits[k % 3];
                        history[k + 1][0] = state[0] * history[k][1] + 0.5;
                        history[k + 1][1] = Math.tanh(state[1] + history[k][0]);
                        visits[k % 3]++;
                    }
                    return state[0] * state[1] + history[n][0] - history[n][1];
                }

                /** Calls of @Differentiable methods of the class, whose bodies call only Math and each other. */
                @Differentiable(checkpoint = true)
                public static double stepped(double x, double y, int n) {
                    double s = x;
                    for (int k = 0; k < n; k++) {
                        s = step(s, y) + 0.1 * half(s);
                    }
                    return s * y;
                }

                @Differentiable
                public static double step(double s, double y) {
                    return Math.sin(half(s)) * 1.1 + y * 0.2;
                }

                @Differentiable
                public static double half(double s) {
                    return s > 0 ? 0.5 * s : Math.tanh(s);
                }

                /** A throw guard in the loop, as library code checks its arguments: a second run passes it too. */
                @Differentiable(checkpoint = true)
                public static double guardedSteps(double x, double rate, int n) {
                    double s = x;
                    for (int k = 0; k < n; k++) {
                        if (!(s > 0)) {
                            throw new IllegalArgumentException("s must stay positive: " + s);
                        }
                        s = s * Math.exp(-rate) + 0.1 * Math.sqrt(s);
                    }
                    return s;
                }

                /** Vector-valued: the loop fills the returned array, which each checkpoint copies. */
                @Differentiable(checkpoint = true)
                public static double[] path(double x, double y, int n) {
                    double[] points = new double[n + 1];
                    points[0] = x;
                    double s = x;
                    for (int k = 0; k < n; k++) {
                        s = Math.sin(s) * y + 0.2 * points[k];
                        points[k + 1] = s * s;
                    }
                    return points;
                }

                /** A loop in a branch: what runs after it is the rest of the branch, then what follows the if. */
                @Differentiable(checkpoint = true)
                public static double inBranch(double x, double y, int n) {
                    double s = x;
                    double scale = y;
                    if (x > 0) {
                        for (int k = 0; k < n; k++) {
                            s = Math.sin(s) * scale + 0.3;
                        }
                        s = s * 2;
                    } else {
                        scale = 3 * y;
                        s = s * scale;
                    }
                    return s + scale;
                }
            }
            """));

    /**
     * {@code source} with, after each method annotated {@code checkpoint = true}, its plain twin: the same
     * method without it, its name ending in {@code Plain}.
     */
    private static String withPlainTwins(String source) {
        StringBuilder out = new StringBuilder();
        Matcher m = CHECKPOINTED.matcher(source);
        int done = 0;
        while (m.find()) {
            int end = source.indexOf("\n" + m.group(1) + "}\n", m.end()) + m.group(1).length() + 3;
            String method = source.substring(m.start(), end);
            String attributes = m.group(2).isEmpty() ? "" : "(" + m.group(2) + ")";
            out.append(source, done, end).append('\n').append(method
                    .replace(m.group(0), m.group(0).replaceFirst("@Differentiable\\([^)]*\\)",
                            Matcher.quoteReplacement("@Differentiable" + attributes))
                            .replace(" " + m.group(3) + "(", " " + m.group(3) + "Plain(")));
            done = end;
        }
        return out.append(source.substring(done)).toString();
    }

    private static final GradientChecker CHECKER = COMPILED.checker("p.Long");
    private static final ArrayChecker WITH_ARRAYS = new ArrayChecker(COMPILED, "p.Long").wrt(0, 1, 2);

    private static final double[] NORMALS = new Random(7).doubles(6 * 9).map(u -> 2 * u - 1).toArray();

    @AfterEach
    void defaultBudget() {
        Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
    }

    /** Budgets from "a checkpoint at every iteration" to "no loop reaches it". */
    private static final long[] BUDGETS = {0, 8, 40, 256, Tapes.DEFAULT_LOOP_BUDGET_BYTES};

    @Test
    void theGradientIsThePlainOneForEveryBudget() {
        for (long budget : BUDGETS) {
            Tapes.setLoopBudget(budget);
            for (int steps : new int[] {0, 1, 2, 7, 40}) {
                assertArrayEquals(CHECKER.reverse("mapPlain", 0.3, steps), CHECKER.reverse("map", 0.3, steps),
                        "budget " + budget + ", " + steps + " steps");
            }
            for (int paths : new int[] {0, 1, 6}) {
                assertArrayEquals(WITH_ARRAYS.reverse("monteCarloPlain", 1.0, 0.05, 0.3, 0.95, NORMALS, paths, 9),
                        WITH_ARRAYS.reverse("monteCarlo", 1.0, 0.05, 0.3, 0.95, NORMALS, paths, 9), "budget " + budget);
            }
            for (int n : new int[] {0, 1, 2, 9}) {
                assertArrayEquals(CHECKER.reverse("guardedStepsPlain", 1.5, 0.3, n),
                        CHECKER.reverse("guardedSteps", 1.5, 0.3, n), "budget " + budget + ", n = " + n);
                assertArrayEquals(CHECKER.reverse("inBranchPlain", 0.3, 0.8, n), CHECKER.reverse("inBranch", 0.3, 0.8, n),
                        "budget " + budget + ", n = " + n);
                assertArrayEquals(CHECKER.reverse("inBranchPlain", -0.3, 0.8, n), CHECKER.reverse("inBranch", -0.3, 0.8, n),
                        "budget " + budget + ", n = " + n);
                assertArrayEquals(CHECKER.reverse("steppedPlain", 0.3, -0.6, n), CHECKER.reverse("stepped", 0.3, -0.6, n),
                        "budget " + budget + ", n = " + n);
                assertArrayEquals(CHECKER.reverse("arraysPlain", 0.3, -0.6, n), CHECKER.reverse("arrays", 0.3, -0.6, n),
                        "budget " + budget + ", n = " + n);
            }
            for (int n : new int[] {0, 1, 6}) {
                for (double x : new double[] {0.4, 2.5}) {
                    assertArrayEquals(CHECKER.reverse("guardedPlain", x, 0.7, n), CHECKER.reverse("guarded", x, 0.7, n),
                            "budget " + budget + ", x = " + x + ", n = " + n);
                }
            }
            for (int n : new int[] {1, 2, 5, 12}) {
                assertArrayEquals(CHECKER.reverse("mixedPlain", 0.2, 0.7, n), CHECKER.reverse("mixed", 0.2, 0.7, n),
                        "budget " + budget + ", n = " + n);
                assertArrayEquals(CHECKER.reverse("mixedPlain", 0.9, -0.4, n), CHECKER.reverse("mixed", 0.9, -0.4, n),
                        "budget " + budget + ", n = " + n);
            }
        }
    }

    @Test
    void aVectorValuedMethodsPullbackIsThePlainOne() throws ReflectiveOperationException {
        Class<?> grad = COMPILED.gradClassFor("p.Long");
        double[] seed = {0.3, -1.0, 0.5, 2.0, 0.7, -0.4, 1.1};
        for (long budget : BUDGETS) {
            Tapes.setLoopBudget(budget);
            Object plain = grad.getMethod("pathPlainPullback", double.class, double.class, int.class, double[].class)
                    .invoke(null, 0.4, 0.9, 6, seed);
            Object checkpointed = grad.getMethod("pathPullback", double.class, double.class, int.class, double[].class)
                    .invoke(null, 0.4, 0.9, 6, seed);
            assertEquals(components(plain), components(checkpointed), "budget " + budget);
        }
    }

    @Test
    void aThrowInACheckpointedLoopStillThrowsAndLeavesTheNextGradientRight() throws ReflectiveOperationException {
        Tapes.setLoopBudget(0);
        java.lang.reflect.Method gradient = COMPILED.gradClassFor("p.Long").getMethod("guardedStepsGradient",
                double.class, double.class, int.class);
        java.lang.reflect.InvocationTargetException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                java.lang.reflect.InvocationTargetException.class, () -> gradient.invoke(null, -1.0, 0.3, 5));
        assertTrue(thrown.getCause() instanceof IllegalArgumentException, thrown.getCause().toString());
        assertArrayEquals(CHECKER.reverse("guardedStepsPlain", 1.5, 0.3, 9), CHECKER.reverse("guardedSteps", 1.5, 0.3, 9));
    }

    /** A record's components, arrays by their elements. */
    private static String components(Object record) throws ReflectiveOperationException {
        StringBuilder out = new StringBuilder();
        for (java.lang.reflect.RecordComponent c : record.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(record);
            out.append(v instanceof double[] a ? java.util.Arrays.toString(a) : String.valueOf(v)).append(';');
        }
        return out.toString();
    }

    @Test
    void withACheckpointAtEveryIterationBothModesAgreeWithFiniteDifferences() {
        Tapes.setLoopBudget(0);
        CHECKER.check("map", 0.3, 25);
        CHECKER.check("map", -1.2, 3);
        WITH_ARRAYS.check("monteCarlo", 1e-6, 1.0, 0.05, 0.3, 0.95, NORMALS, 6, 9);
        CHECKER.check("mixed", 0.2, 0.7, 9);
        CHECKER.check("mixed", 0.9, -0.4, 4);
        CHECKER.check("guarded", 0.4, 0.7, 6);
        CHECKER.check("guarded", 2.5, 0.7, 6);
        CHECKER.check("arrays", 0.3, -0.6, 9);
        CHECKER.check("stepped", 0.3, -0.6, 9);
        CHECKER.check("inBranch", 0.3, 0.8, 9);
        CHECKER.check("guardedSteps", 1.5, 0.3, 9);
    }

    @Test
    void theTapeFollowsTheBudgetNotTheLoopsLength() throws Exception {
        int steps = 200_000;
        Tapes.setLoopBudget(64 << 10);
        long checkpointed = allocatedOnAFreshThread(() -> CHECKER.reverse("map", 0.3, steps));
        long plain = allocatedOnAFreshThread(() -> CHECKER.reverse("mapPlain", 0.3, steps));
        // One double per step: 1.6 MB of tape, grown by doubling, against a stretch of 64 KiB.
        assertTrue(plain > 1_600_000, "plain: " + plain + " B");
        assertTrue(checkpointed < 400_000, "checkpointed: " + checkpointed + " B");
    }

    private static long allocatedOnAFreshThread(Runnable gradient) throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicLong allocated = new AtomicLong();
        Thread thread = new Thread(() -> {
            gradient.run(); // loads and links the classes involved, fills nothing a second call reuses
            Tapes.release();
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            gradient.run();
            allocated.set(threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        });
        thread.start();
        thread.join();
        return allocated.get();
    }

    @Test
    void onlyTheMethodsThatAskAreCheckpointed() {
        for (String method : new String[] {"mapGradient", "monteCarloGradient", "mixedGradient", "guardedGradient",
            "arraysGradient", "steppedGradient", "inBranchGradient", "guardedStepsGradient", "pathPullback"}) {
            assertTrue(COMPILED.generatedMethod("p.LongGrad", method).contains("Tapes.loopBudget()"), method);
        }
        assertFalse(COMPILED.generatedMethod("p.LongGrad", "mapPlainGradient").contains("Tapes.loopBudget()"));
    }

    private static Compilation compile(String method) {
        return Compiler.javac().withProcessors(new AdjointProcessor()).compile(JavaFileObjects.forSourceString("p.Bad", """
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    static double helper(double v) { return v; }
                    static void note(double v) { }
                    @Differentiable public static double noted(double v) { note(v); return Math.sin(v); }
                    @Differentiable public static double callsNoted(double v) { return noted(v) * 2; }

                """ + method.replace("{ ", "{\n") + "\n}\n"));
    }

    /** Each {@code "{ "} of a method starts a new line, so that the line of each error is its own. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no loop       | @Differentiable(checkpoint = true) public static double none(double x) { return x * x; } | checkpoint = true on 'none', which has no loop to checkpoint | public static double none
            break         | @Differentiable(checkpoint = true) public static double leaves(double x, int n) { for (int k = 0; k < n; k++) { x = Math.sin(x); if (x < 0) break; } return x; } | this loop is left by a break | if (x < 0) break
            array created | @Differentiable(checkpoint = true) public static double creates(double x, int n) { for (int k = 0; k < n; k++) { double[] h = new double[2]; h[0] = x; x = Math.sin(h[0]); } return x; } | this loop creates the array 'h' in each iteration | double[] h = new double[2]
            boolean array | @Differentiable(checkpoint = true) public static double flags(double x, int n) { boolean[] seen = new boolean[n + 1]; for (int k = 0; k < n; k++) { x = Math.sin(x); seen[k] = x > 0; } return seen[0] ? x : -x; } | this loop changes 'seen', a boolean[] | for (int k = 0; k < n; k++) {
            array after   | @Differentiable(checkpoint = true) public static double later(double x, int n) { double[] c = new double[2]; c[0] = 0.5; for (int k = 0; k < n; k++) { x = Math.sin(x) * c[0]; } c[0] = x; return x * c[0]; } | 'c', which this loop reads, is changed after it | for (int k = 0; k < n; k++) {
            call          | @Differentiable(checkpoint = true) public static double calls(double x, int n) { for (int k = 0; k < n; k++) { x = Math.sin(x) + helper(1.0); } return x; } | this loop calls 'helper' | x = Math.sin(x) + helper(1.0)
            effect call   | @Differentiable(checkpoint = true) public static double effects(double x, int n) { for (int k = 0; k < n; k++) { x = noted(x); } return x; } | this loop calls 'noted' | x = noted(x);
            through one   | @Differentiable(checkpoint = true) public static double through(double x, int n) { for (int k = 0; k < n; k++) { x = Math.cos(callsNoted(x)); } return x; } | this loop calls 'callsNoted' | x = Math.cos(callsNoted(x));
            after the if  | @Differentiable(checkpoint = true) public static double branch(double x, double c, int n) { if (x > 0) { for (int k = 0; k < n; k++) { x = Math.sin(x) * c; } } c = x; return x * c; } | 'c', which this loop reads, is changed after it | for (int k = 0; k < n; k++) {
            long state    | @Differentiable(checkpoint = true) public static double counts(double x, int n) { long seen = 0; for (int k = 0; k < n; k++) { x = Math.sin(x); seen += k; } return x + seen; } | this loop changes 'seen', a long | for (int k = 0; k < n; k++) {
            changed after | @Differentiable(checkpoint = true) public static double after(double x, double c, int n) { for (int k = 0; k < n; k++) { x = Math.sin(x) + c; } c = 2 * x; return x * c; } | 'c', which this loop reads, is changed after it | for (int k = 0; k < n; k++) {
            """)
    void aLoopThatASecondRunWouldNotReproduceIsAnErrorOnItsLine(String name, String method, String message, String line) {
        Compilation compilation = compile(method);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
