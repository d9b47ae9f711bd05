package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.fuzz.FuzzHarness.Outcome;
import dev.adjoint.processor.fuzz.FuzzHarness.Point;
import dev.adjoint.processor.testing.AdjointCompiler;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the later features: programs from {@code new ProgramGenerator(seed, true)}
 * ({@code p.FuzzXN}, methods {@code fK(double x, double y, double[] w, int n)}) with {@code for},
 * {@code while} and {@code do} loops (fixed and data-dependent trip counts, always capped), nested
 * loops, guarded {@code break}/{@code continue}, {@code switch} statements and expressions on an
 * {@code int} (fall-through, breaks inside ifs, arrow cases, {@code yield}), scalar updates in loops, {@code w[i]} and
 * {@code w.length}, local arrays written ({@code = += -= *=}) and read back, enhanced {@code for},
 * {@code @Differentiable(wrt = ...)}, and calls of functions with {@code @DerivativeOf} rules. The
 * checks ({@link FuzzHarness}): values bit for bit, forward = reverse, finite differences per input
 * where the whole stencil stays on the centre's branch path (the trace twin records every loop
 * condition and {@code break}/{@code continue} guard too, so a change of trip count is a change of
 * path), and on every second point of a method with {@code fHessian}, its rows against differences
 * of the reverse gradient on the same condition.
 *
 * <h2>Running</h2>
 * {@code mvn verify} runs {@link #SEEDS}. A long run, and reproducing one seed with the minimiser:
 * <pre>
 * mvn -B -o -pl processor test -Dtest=ExtendedFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dadjoint.fuzz.programs=1000 -Dadjoint.fuzz.threads=4
 * mvn -B -o -pl processor test -Dtest=ExtendedFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dadjoint.fuzz.seed=S -Dadjoint.fuzz.minimise=true
 * </pre>
 * Properties as for {@link DifferentialFuzzTest} ({@code adjoint.fuzz.programs}, {@code firstSeed},
 * {@code seed}, {@code points}, {@code threads}), plus {@code adjoint.fuzz.minimise} (default: on
 * when {@code adjoint.fuzz.seed} is given): for each failing program, {@link Minimiser} shrinks the
 * failing method while it still fails the same way at the same point, and the report prints the
 * smallest failing source ({@code adjoint.fuzz.minimiseAttempts} caps the compilations, default 400).
 * {@code adjoint.fuzz.longBodies=N} gives each method N to 3N/2 statements, and some loops bodies as
 * long: derivatives longer than the JIT compiles, printed in parts (past early returns, inside long
 * branches, loop bodies in parts of their own); a program the processor refused would count as a
 * compilation failure.
 * The summary line: {@code fuzz-x: P programs, Q points, M mismatches, S skipped ...}.
 */
class ExtendedFuzzTest {

    /**
     * The seeds run by {@code mvn verify}. Methods {@code f0, f2, ...} of every extended program ask
     * for {@code hessian = true} (and then call no function with rules, directly or through other
     * methods: that is a compile error by design). One processor bug is kept out of the default
     * programs by a switch of {@link ProgramGenerator} ({@code adjoint.fuzz.writeExcluded}).
     */
    /**
     * A slice, plus the seeds of fixed bugs: 108 and 144 (Hessians), 185 and 189 (reverse mode indexed
     * w[-1]), 13251 (a reversed outer loop did not undo its counter when only an inner loop's
     * recomputation needed its element), 13751 (forward mode read an integer 1 / 2 as 0.5), 14517 (a
     * continue between two breaks was taken for a break when an iteration was reversed).
     */
    static final long[] SEEDS = LongStream.concat(LongStream.rangeClosed(1, 6), LongStream.of(108, 144, 185, 189, 13251, 13751, 14517))
            .toArray();

    private final AtomicLong programs = new AtomicLong();
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong nonFinite = new AtomicLong();
    private final AtomicLong fdChecked = new AtomicLong();
    private final AtomicLong fdSkipped = new AtomicLong();
    private final AtomicLong hessianChecked = new AtomicLong();
    private final AtomicLong hessianSkipped = new AtomicLong();
    private final AtomicLong compileFailures = new AtomicLong();
    private final AtomicLong adRounding = new AtomicLong();

    /**
     * Programs whose methods mostly end in a reduction loop, the shape the reverse sweep fuses; and
     * 12295, where an array write's index read the array it wrote (both modes gave 0, differences 0.047),
     * and 13623 (the outer counter of 13251, in a Hessian).
     */
    static final long[] REDUCTION_SEEDS = LongStream.concat(LongStream.rangeClosed(1, 6), LongStream.of(12295, 13623))
            .toArray();

    @Test
    void extendedProgramsDifferentiateConsistently() throws Exception {
        run(SEEDS, seed -> new ProgramGenerator(seed, true), "extendedProgramsDifferentiateConsistently");
    }

    @Test
    void reductionTailsDifferentiateConsistently() throws Exception {
        run(REDUCTION_SEEDS, ProgramGenerator::withReductionTails, "reductionTailsDifferentiateConsistently");
    }

    private void run(long[] slice, LongFunction<ProgramGenerator> generator, String testMethod) throws Exception {
        long[] seeds = FuzzRuns.seeds(slice);
        int pointsPerMethod = Integer.getInteger("adjoint.fuzz.points", 4);
        String minimiseProperty = System.getProperty("adjoint.fuzz.minimise");
        boolean minimise = minimiseProperty != null ? Boolean.parseBoolean(minimiseProperty)
                : System.getProperty("adjoint.fuzz.seed") != null;
        long start = System.nanoTime();
        List<String> reports = FuzzRuns.runAll(seeds, seed -> {
            String report = runProgram(generator.apply(seed).generate(), testMethod, pointsPerMethod, minimise);
            return report == null ? List.of() : List.of(report);
        });
        String summary = String.format(Locale.ROOT,
                "%s: %d programs, %d points, %d mismatches, %d skipped (%d non-finite); %d derivatives checked against"
                        + " finite differences, %d Hessian entries checked, %d skipped",
                testMethod, programs.get(), points.get(), mismatches.get(), fdSkipped.get() + nonFinite.get(), nonFinite.get(),
                fdChecked.get(), hessianChecked.get(), hessianSkipped.get());
        String detail = String.format(Locale.ROOT,
                "%s detail: seeds %s; %d compilation failures; %d forward/reverse disagreements judged rounding; %.1f s",
                testMethod, FuzzRuns.describe(seeds), compileFailures.get(), adRounding.get(),
                (System.nanoTime() - start) / 1e9);
        System.out.println(summary);
        System.out.println(detail);
        if (!reports.isEmpty()) {
            StringBuilder sb = new StringBuilder(summary).append('\n').append(detail).append('\n');
            sb.append("failing seeds:\n");
            for (String r : reports) {
                String[] lines = r.split("\n", 4);
                sb.append("  ").append(lines[0].replaceAll("=+ FUZZ-X FAILURE: |; reproduce.*", "")).append(": ")
                        .append(lines.length > 2 ? lines[lines.length > 3 ? 2 : 1] : "").append('\n');
            }
            for (int i = 0; i < reports.size() && i < 5; i++) {
                sb.append('\n').append(reports.get(i));
            }
            if (reports.size() > 5) {
                sb.append("\n... and ").append(reports.size() - 5).append(" more failing programs");
            }
            System.out.println(sb);
            fail(sb.toString());
        }
    }

    /** A random point: x, y mostly in [-2, 2], w of length 1..4 in [-2, 2], n in -2..4. */
    static Point point(Random random) {
        double x = -2 + 4 * random.nextDouble();
        double y = -2 + 4 * random.nextDouble();
        switch (random.nextInt(12)) {
            case 0 -> x = 0.0;
            case 1 -> y = x;
            case 2 -> x = random.nextBoolean() ? 1.0 : 0.5;
            default -> { }
        }
        double[] w = new double[1 + random.nextInt(4)];
        for (int i = 0; i < w.length; i++) {
            w[i] = -2 + 4 * random.nextDouble();
        }
        return new Point(x, y, w, random.nextInt(7) - 2);
    }

    private String runProgram(ProgramGenerator.Program program, String testMethod, int pointsPerMethod,
            boolean minimise) {
        long seed = program.seed();
        programs.incrementAndGet();
        String header = String.format(Locale.ROOT,
                "======== FUZZ-X FAILURE: seed %d (%s); reproduce with -Dtest=ExtendedFuzzTest#%s -Dadjoint.fuzz.seed=%d ========%n",
                seed, program.qualifiedName(), testMethod, seed);
        FuzzHarness harness;
        try {
            harness = FuzzHarness.compile(program);
        } catch (AssertionError e) {
            mismatches.incrementAndGet();
            compileFailures.incrementAndGet();
            return header + "COMPILATION FAILED (a processor bug, or a generator bug if the program is not valid Java)\n"
                    + e.getMessage() + (minimise ? minimisedCompileFailure(program) : "");
        }
        Random random = new Random(seed * 0x5DEECE66DL + 13);
        StringBuilder failures = new StringBuilder();
        String firstMethod = null;
        Point firstPoint = null;
        FuzzHarness.Category firstCategory = null;
        String firstFailure = null;
        for (String method : program.methods()) {
            for (int i = 0; i < pointsPerMethod; i++) {
                Point p = point(random);
                points.incrementAndGet();
                Outcome o;
                try {
                    o = harness.check(method, p, i % 2 == 0);
                } catch (AssertionError | RuntimeException e) {
                    o = new Outcome("harness threw " + e, FuzzHarness.Category.HARNESS, 0, 0, 0, 0, false);
                }
                fdChecked.addAndGet(o.fdChecked());
                fdSkipped.addAndGet(o.fdSkipped());
                hessianChecked.addAndGet(o.hessianChecked());
                hessianSkipped.addAndGet(o.hessianSkipped());
                adRounding.addAndGet(o.adRounding());
                if (o.nonFinite()) {
                    nonFinite.incrementAndGet();
                }
                if (o.failure() != null) {
                    mismatches.incrementAndGet();
                    failures.append(String.format(Locale.ROOT, "--- seed %d, %s(%s) ---%n%s%n", seed, method, p, o.failure()));
                    if (firstMethod == null) {
                        firstMethod = method;
                        firstPoint = p;
                        firstCategory = o.category();
                        firstFailure = o.failure();
                    }
                }
            }
        }
        if (firstMethod == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(header).append(failures);
        sb.append("==== program ").append(program.qualifiedName()).append(" (seed ").append(seed).append(") ====\n")
                .append(program.source());
        sb.append("==== generated ").append(program.qualifiedName()).append("Grad ====\n")
                .append(harness.compiled().generatedSource(program.qualifiedName() + "Grad"));
        if (minimise) {
            sb.append(minimised(program, firstMethod, firstPoint, firstCategory, firstFailure));
        }
        return sb.toString();
    }

    /**
     * Shrinks a program whose compilation fails in the generated class (or with an error from
     * Adjoint itself), while it still does; the first method is kept (each is tried in turn).
     */
    static String minimisedCompileFailure(ProgramGenerator.Program program) {
        StringBuilder out = new StringBuilder();
        for (String method : program.methods()) {
            Minimiser minimiser = new Minimiser(method, ExtendedFuzzTest::failsInGeneratedCode);
            // first keep only this method (with its callees): the smallest failing one wins
            ProgramGenerator.Program small = minimiser.minimise(program);
            if (failsInGeneratedCode(small)) {
                out.append(String.format(Locale.ROOT, "%n==== minimised compilation failure (%d compilations) ====%n%s%n",
                        minimiser.attempts(), small.source()));
                com.google.testing.compile.Compilation c = AdjointCompiler.compileRaw(
                        List.of("-parameters"), small.source(), small.traceSource());
                for (javax.tools.Diagnostic<? extends javax.tools.JavaFileObject> d : c.errors()) {
                    out.append(d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                            .append(d.getMessage(Locale.ROOT)).append('\n');
                }
                List<javax.tools.JavaFileObject> generated = AdjointCompiler.generatedSourceFiles(c);
                for (javax.tools.JavaFileObject f : generated) {
                    try {
                        out.append("==== ").append(f.getName()).append(" ====\n").append(f.getCharContent(true));
                    } catch (java.io.IOException e) {
                        out.append(e);
                    }
                }
                return out.toString();
            }
        }
        return "\n(minimiser: no method alone reproduces the compilation failure)\n";
    }

    /** Whether the compilation has an error in a generated file or one reported by Adjoint as internal. */
    static boolean failsInGeneratedCode(ProgramGenerator.Program program) {
        com.google.testing.compile.Compilation c = AdjointCompiler.compileRaw(List.of("-parameters"),
                program.source(), program.traceSource());
        boolean userError = false;
        boolean generatedError = false;
        for (javax.tools.Diagnostic<? extends javax.tools.JavaFileObject> d : c.errors()) {
            String source = d.getSource() == null ? "" : d.getSource().getName();
            String message = d.getMessage(Locale.ROOT);
            if (source.endsWith("Grad.java") || message.contains("uncaught exception") || message.contains("internal error")) {
                generatedError = true;
            } else {
                userError = true;
            }
        }
        return generatedError && !userError;
    }

    /**
     * Shrinks the program while {@code method} still fails at {@code p} in the same category, with
     * at least one of the derivatives {@code failure} names still failing (else the minimiser can
     * drift to another failure: seed 930153 went from d/dw[0] to d/dw[2]).
     */
    static String minimised(ProgramGenerator.Program program, String method, Point p, FuzzHarness.Category category,
            String failure) {
        Set<String> derivatives = failingDerivatives(failure);
        String[] last = new String[1];
        Minimiser minimiser = new Minimiser(method, candidate -> {
            FuzzHarness h = new FuzzHarness(candidate,
                    FuzzHarness.compileProgram(candidate));
            Outcome o = h.check(method, p, category == FuzzHarness.Category.HESSIAN);
            if (o.failure() != null && o.category() == category
                    && (derivatives.isEmpty() || !Collections.disjoint(derivatives, failingDerivatives(o.failure())))) {
                last[0] = o.failure();
                return true;
            }
            return false;
        });
        ProgramGenerator.Program small = minimiser.minimise(program);
        String generated;
        try {
            generated = FuzzHarness.compile(small).compiled().generatedSource(small.qualifiedName() + "Grad");
        } catch (AssertionError e) {
            generated = e.getMessage();
        }
        return String.format(Locale.ROOT,
                "==== minimised (%d compilations): %s(%s) still fails ====%n%s%n==== minimised program ====%n%s"
                        + "==== its generated class ====%n%s",
                minimiser.attempts(), method, p, last[0] == null ? "(no smaller failing program found)" : last[0],
                small.source(), generated);
    }

    private static final String INPUT = "(?:w\\[\\d+\\]|\\w+)";
    private static final Pattern FAILING_DERIVATIVE = Pattern.compile(
            "d/d" + INPUT + "(?=:)|H\\[" + INPUT + "\\]\\[" + INPUT + "\\](?= =)");

    /** The derivatives a harness failure names: {@code d/dw[0]}, {@code H[x][w[1]]}. */
    static Set<String> failingDerivatives(String failure) {
        Set<String> derivatives = new TreeSet<>();
        Matcher m = FAILING_DERIVATIVE.matcher(failure);
        while (m.find()) {
            derivatives.add(m.group());
        }
        return derivatives;
    }
}
