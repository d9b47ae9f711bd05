package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Tapes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of {@code @Differentiable(checkpoint = true)}: each random program of
 * {@link LoopProgramGenerator} (top-level loops carrying state) is compiled as generated and again with
 * {@code checkpoint = true} on every method whose loops qualify (those that do not are compile errors,
 * found in a first compilation and left plain in the second). Running a stretch of a loop again must give exactly what it gave the first
 * time, so the two gradients are compared bit for bit, value included (and an exception must be the
 * same exception), with a checkpoint at every iteration (budget 0), with a few entries per stretch, and
 * with the default budget. No finite differences are needed: the plain gradient is the reference, and
 * {@link DifferentialFuzzTest} checks it.
 *
 * <p>{@code mvn verify} runs seeds 1..30 (four methods each); {@code adjoint.fuzz.programs} and
 * {@code adjoint.fuzz.firstSeed} run others (as for {@link DifferentialFuzzTest}), one program at a time:
 * the budget is global. {@code -Dadjoint.fuzz.debug=true} prints each program with
 * {@code checkpoint = true} asked on every method, and the errors that leave a method plain.
 */
class CheckpointFuzzTest {

    private static final long[] SEEDS = LongStream.rangeClosed(1, 30).toArray();
    private static final long[] BUDGETS = {0, 24, Tapes.DEFAULT_LOOP_BUDGET_BYTES};
    private static final double[][] POINTS = {{0.3, -0.7}, {1.1, 0.45}, {-1.6, 2.2}};
    private static final int[] COUNTS = {0, 1, 3, 7};
    private static final Pattern METHOD = Pattern.compile("public static double (f\\d+)\\(");

    @AfterEach
    void defaultBudget() {
        Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
    }

    @Test
    void checkpointedGradientsAreThePlainOnesBitForBit() {
        long[] seeds = FuzzRuns.seeds(SEEDS);
        List<String> mismatches = new ArrayList<>();
        int checkpointed = 0;
        int methods = 0;
        long comparisons = 0;
        for (long seed : seeds) {
            String className = "Loops" + seed;
            String source = new LoopProgramGenerator(seed).generate(className, 4);
            Set<String> refused = methodsWithErrors(askCheckpoints(source, null, className));
            Set<String> all = methodsOf(source);
            Set<String> chosen = new TreeSet<>(all);
            chosen.removeAll(refused);
            methods += all.size();
            if (chosen.isEmpty()) {
                continue;
            }
            checkpointed += chosen.size();
            String checkpointedSource = askCheckpoints(source, chosen, className);
            Compiled plain = AdjointCompiler.compile(source);
            Compiled withCheckpoints = AdjointCompiler.compile(checkpointedSource);
            Class<?> plainGrad = plain.gradClassFor("p." + className);
            Class<?> checkpointGrad = withCheckpoints.gradClassFor("p." + className + "Checkpointed");
            for (String method : chosen) {
                for (long budget : BUDGETS) {
                    Tapes.setLoopBudget(budget);
                    for (double[] point : POINTS) {
                        for (int n : COUNTS) {
                            String expected = gradient(plainGrad, method, point, n);
                            String actual = gradient(checkpointGrad, method, point, n);
                            comparisons++;
                            if (!expected.equals(actual)) {
                                mismatches.add(String.format(Locale.ROOT, "seed %d, %s(%s, %s, %d), budget %d B: plain %s,"
                                        + " checkpointed %s%n%s", seed, method, point[0], point[1], n, budget, expected,
                                        actual, checkpointedSource));
                            }
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "checkpoint fuzz: %d programs, %d of %d methods checkpointed, %d comparisons,"
                + " %d mismatches%n", seeds.length, checkpointed, methods, comparisons, mismatches.size());
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " mismatches; the first:\n" + mismatches.get(0));
        }
        assertTrue(checkpointed * 5 >= methods * 4, "too few methods qualify for the test to mean much: " + checkpointed
                + " of " + methods);
    }

    /**
     * The program's source with {@code checkpoint = true} on the methods {@code chosen} (all when null),
     * in a class renamed so that both versions can be loaded side by side.
     */
    private static String askCheckpoints(String source, Set<String> chosen, String className) {
        String renamed = source.replaceAll("\\b" + className + "\\b", className + "Checkpointed");
        StringBuilder out = new StringBuilder();
        String[] lines = renamed.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher next = i + 1 < lines.length ? METHOD.matcher(lines[i + 1]) : null;
            if (lines[i].trim().equals("@Differentiable") && next != null && next.find()
                    && (chosen == null || chosen.contains(next.group(1)))) {
                out.append(lines[i].replace("@Differentiable", "@Differentiable(checkpoint = true)"));
            } else {
                out.append(lines[i]);
            }
            if (i + 1 < lines.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static Set<String> methodsOf(String source) {
        Set<String> names = new TreeSet<>();
        Matcher m = METHOD.matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The methods of {@code source} with a compile error in them, from the line each error is on. */
    private static Set<String> methodsWithErrors(String source) {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        if (Boolean.getBoolean("adjoint.fuzz.debug")) {
            System.out.println(source);
        }
        String[] lines = source.split("\n", -1);
        Set<String> names = new TreeSet<>();
        for (Diagnostic<?> d : compilation.errors()) {
            if (Boolean.getBoolean("adjoint.fuzz.debug")) {
                System.out.println("line " + d.getLineNumber() + ": " + d.getMessage(null));
            }
            for (long line = d.getLineNumber(); line >= 1; line--) {
                Matcher m = METHOD.matcher(lines[(int) line - 1]);
                if (m.find()) {
                    names.add(m.group(1));
                    break;
                }
            }
        }
        return names;
    }

    /** {@code method}'s gradient at the point, every component's bits, or the exception it threw. */
    private static String gradient(Class<?> grad, String method, double[] point, int n) {
        try {
            Method m = grad.getMethod(method + "Gradient", double.class, double.class, int.class);
            Object record = m.invoke(null, point[0], point[1], n);
            List<String> bits = new ArrayList<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                bits.add(Long.toHexString(Double.doubleToRawLongBits((double) c.getAccessor().invoke(record))));
            }
            return bits.toString();
        } catch (InvocationTargetException e) {
            return "threw " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
