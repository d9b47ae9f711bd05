package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.Ridders;
import dev.adjoint.processor.testing.Gradients;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the processor: random programs from {@link ProgramGenerator}, compiled
 * through the processor, and at random points the generated derivatives are compared with the
 * original method and with each other (by {@link GradientChecker}).
 *
 * <h2>What is checked at every point</h2>
 * <ol>
 *   <li>{@link GradientChecker#checkAd}: the values of {@code fGradient} and of every
 *       {@code fForward} sweep equal the original method bit for bit, forward and reverse mode agree
 *       to relative 1e-12, and a forward sweep along arbitrary tangents equals the tangents dotted
 *       with the reverse gradient. These must hold at <em>every</em> point, kinks included (both modes
 *       follow the same convention there), so they are never skipped.</li>
 *   <li>{@link GradientChecker#check}: additionally both modes agree with Ridders-extrapolated
 *       central finite differences to relative 1e-7 (floor 1e-9 max(1, |f|)). The tolerances are the
 *       checker's own and are never changed here.</li>
 * </ol>
 *
 * <h2>Why skipping finite differences is sound, and only then</h2>
 * Finite differences of a program with branches and kinks only measure the derivative that AD
 * computes if every point they evaluate lies on the same smooth piece as the centre. The generator
 * renders each program a second time as a <em>trace twin</em> ({@code p.FuzzNTrace}), identical
 * except that every discrete decision (every {@code double} comparison, in {@code if}, {@code ?:},
 * {@code && || !} and boolean locals, including inside called methods, and the branch/step of every
 * {@code abs max min floor ceil rint signum ulp round copySign % IEEEremainder} and {@code (int)}
 * cast) is folded into a hash while computing the identical value (checked bit for bit at the
 * centre). The checker's Ridders scheme is deterministic: for parameter {@code v} it evaluates
 * {@code f} exactly at {@code v ± h_i}, {@code h_0 = s max(1, |v|)}, {@code h_i = h_(i-1) / 1.4},
 * {@code i = 0..11}, the other arguments fixed. Before running it, this test evaluates the twin at
 * exactly those 48 points (24 per double parameter). If each has the centre's hash, then at each of
 * them the program computes the same composition of smooth library functions (the piece the centre
 * lies on) as at the centre, so the finite-difference table is that of a smooth function and its limit
 * is exactly what forward and reverse mode differentiate; no assumption about what happens between the
 * sample points is needed, since finite differences read nothing else. Otherwise (a branch or kink
 * changes, or a sample is not finite) the step {@code s} is inadequate. Every generated method is
 * built to be total and finite (see {@link ProgramGenerator}), so non-finite samples are rare.
 *
 * <p>Steps tried: {@code s = 1e-2} (the checker's default), then {@code 1e-3}, then {@code 1e-4}.
 * A smaller step is tried when the larger one crosses a kink, and also when the finite-difference
 * comparison fails on a consistent path: a large step on a rapidly varying (but smooth) piece can
 * defeat the extrapolation, while a wrong derivative fails at every step, since finite differences
 * converge to the true derivative as the step shrinks and the tolerance stays 1e-7. A point
 * passes if one consistent step passes; it is <em>skipped</em> (counted, finite differences not
 * checked, the AD checks above still done) if no step gives a consistent path; it is a
 * <em>mismatch</em> if the AD checks fail, or if at least one step was consistent, every
 * consistent step failed, and one of them with a confident Ridders error estimate that no smaller
 * consistent step contradicts ({@link StepEstimates}: a smooth piece can still change regime between
 * the samples of a large step). The summary reports how many points needed a smaller step.
 *
 * <h2>Running</h2>
 * {@code mvn verify} runs the fixed {@link #SEEDS}. A long run:
 * <pre>
 * mvn -B -o -pl processor test -Dtest=DifferentialFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dadjoint.fuzz.programs=2000
 * </pre>
 * System properties: {@code adjoint.fuzz.programs=P} runs seeds {@code firstSeed .. firstSeed+P-1}
 * ({@code adjoint.fuzz.firstSeed}, default 1) instead of the fixed list; {@code adjoint.fuzz.seed=S[,S..]}
 * runs just those seeds (to reproduce a failure); {@code adjoint.fuzz.points} points per method
 * (default 4); {@code adjoint.fuzz.threads} programs in parallel (default 1). It prints
 * {@code fuzz: P programs, Q points, M mismatches, S skipped} (a compilation failure counts as one
 * mismatch) and a detail line, and fails listing every mismatch with its seed, method, point, the
 * checker's message and the full source of the program and of the generated class.
 */
class DifferentialFuzzTest {

    /**
     * The seeds run by {@code mvn verify}: 1..24, and two seeds that found processor bugs (they fail
     * until the processor is fixed): 481 (reverse mode divides two {@code int} factors of an adjoint
     * with integer division: {@code n * y / 2} gets {@code yAdj += n / 2}) and 1175 (the adjoint of a
     * dead store reads the overwritten variable: {@code a = Math.sqrt(x); a = 0.0;} gives
     * {@code xAdj += aAdj * (0.5 / a)} = 0 * Infinity = NaN).
     */
    static final long[] SEEDS = LongStream.concat(LongStream.rangeClosed(1, 24), LongStream.of(481, 1175)).toArray();

    private static final double[] STEP_FACTORS = {1e-2, 1e-3, 1e-4};


    private static final int MAX_REPORTS_PRINTED = 5;

    private final AtomicLong programs = new AtomicLong();
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong skippedNonFinite = new AtomicLong();
    private final AtomicLong skippedUnreliable = new AtomicLong();
    private final AtomicLong smallerStep = new AtomicLong();
    private final AtomicLong compileFailures = new AtomicLong();

    @Test
    void generatedProgramsDifferentiateConsistently() throws Exception {
        long[] seeds = FuzzRuns.seeds(SEEDS);
        int pointsPerMethod = Integer.getInteger("adjoint.fuzz.points", 4);
        long start = System.nanoTime();
        List<String> reports = FuzzRuns.runAll(seeds, seed -> runProgram(seed, pointsPerMethod));
        String summary = String.format(Locale.ROOT, "fuzz: %d programs, %d points, %d mismatches, %d skipped",
                programs.get(), points.get(), mismatches.get(), skipped.get());
        long kinks = skipped.get() - skippedNonFinite.get() - skippedUnreliable.get();
        String detail = String.format(Locale.ROOT,
                "fuzz detail: seeds %s; %d compilation failures; skipped: %d branch/kink crossings at every step,"
                        + " %d non-finite, %d finite differences less accurate than the tolerance (Ridders' estimate, or a"
                        + " smaller step contradicting it);"
                        + " %d points passed only with a smaller finite-difference step; %.1f s",
                FuzzRuns.describe(seeds), compileFailures.get(), kinks, skippedNonFinite.get(), skippedUnreliable.get(),
                smallerStep.get(), (System.nanoTime() - start) / 1e9);
        System.out.println(summary);
        System.out.println(detail);
        if (!reports.isEmpty()) {
            StringBuilder sb = new StringBuilder(summary).append('\n').append(detail).append('\n');
            for (int i = 0; i < reports.size() && i < MAX_REPORTS_PRINTED; i++) {
                sb.append('\n').append(reports.get(i));
            }
            if (reports.size() > MAX_REPORTS_PRINTED) {
                sb.append("\n... and ").append(reports.size() - MAX_REPORTS_PRINTED).append(" more failing programs");
            }
            fail(sb.toString());
        }
    }

    /** Generates, compiles and checks one program; returns one report if anything failed. */
    private List<String> runProgram(long seed, int pointsPerMethod) {
        ProgramGenerator.Program program = new ProgramGenerator(seed).generate();
        programs.incrementAndGet();
        Compiled compiled;
        try {
            compiled = AdjointCompiler.compile(program.source(), program.traceSource());
        } catch (AssertionError e) {
            mismatches.incrementAndGet();
            compileFailures.incrementAndGet();
            return List.of(header(program) + "COMPILATION FAILED (a processor bug, or a generator bug if the program"
                    + " is not valid Java)\n" + e.getMessage());
        }
        GradientChecker checker = compiled.checker(program.qualifiedName());
        Twin twin = new Twin(compiled.load(program.qualifiedTraceName()));
        Random random = new Random(seed * 0x5DEECE66DL + 11);
        List<String> failures = new ArrayList<>();
        for (String method : program.methods()) {
            for (int i = 0; i < pointsPerMethod; i++) {
                double[] p = point(random);
                double x = p[0];
                double y = p[1];
                int n = random.nextInt(7) - 2;
                points.incrementAndGet();
                String failure = checkPoint(checker, twin, method, x, y, n);
                if (failure != null) {
                    mismatches.incrementAndGet();
                    failures.add(String.format(Locale.ROOT, "--- seed %d, %s(x=%s, y=%s, n=%d) ---%n%s", seed, method,
                            x, y, n, failure));
                }
            }
        }
        if (failures.isEmpty()) {
            return List.of();
        }
        StringBuilder sb = new StringBuilder(header(program));
        for (String f : failures) {
            sb.append(f).append('\n');
        }
        sb.append("==== program ").append(program.qualifiedName()).append(" (seed ").append(seed).append(") ====\n")
                .append(program.source());
        sb.append("==== generated ").append(program.qualifiedName()).append("Grad ====\n")
                .append(compiled.generatedSource(program.qualifiedName() + "Grad"));
        return List.of(sb.toString());
    }

    private static String header(ProgramGenerator.Program program) {
        return String.format(Locale.ROOT,
                "======== FUZZ FAILURE: seed %d (%s); reproduce with -Dtest=DifferentialFuzzTest -Dadjoint.fuzz.seed=%d ========%n",
                program.seed(), program.qualifiedName(), program.seed());
    }

    /** Mostly uniform in [-2, 2]^2; sometimes on lines where generated branches like to switch. */
    private static double[] point(Random random) {
        double x = -2 + 4 * random.nextDouble();
        double y = -2 + 4 * random.nextDouble();
        switch (random.nextInt(12)) {
            case 0 -> x = 0.0;
            case 1 -> y = x;
            case 2 -> y = -x;
            case 3 -> x = random.nextBoolean() ? 1.0 : 0.5;
            default -> { }
        }
        return new double[] {x, y};
    }

    /** Null if the point passes (or its finite differences are honestly skipped); else what failed. */
    private String checkPoint(GradientChecker checker, Twin twin, String method, double x, double y, int n) {
        double original = checker.original(method, x, y, n);
        Twin.Result centre = twin.run(method, x, y, n);
        if (Double.doubleToLongBits(centre.value()) != Double.doubleToLongBits(original)) {
            return "HARNESS ERROR: the trace twin returns " + centre.value() + ", the program " + original;
        }
        if (!Double.isFinite(original)) {
            // derivatives of an overflowed or undefined value mean nothing (the generator avoids these)
            skipped.incrementAndGet();
            skippedNonFinite.incrementAndGet();
            return null;
        }
        Gradients ad;
        try {
            ad = checker.checkAd(method, x, y, n);
        } catch (AssertionError e) {
            return "AD check (values bit for bit, forward vs reverse) failed:\n" + e.getMessage();
        }
        List<StepEstimates> estimates = List.of(new StepEstimates(), new StepEstimates());
        boolean failedOnThePath = false;
        boolean nonFinite = false;
        for (int s = 0; s < STEP_FACTORS.length; s++) {
            double factor = STEP_FACTORS[s];
            Boolean samePath = samePathOnStencil(twin, method, x, y, n, factor, centre.hash());
            if (samePath == null) {
                nonFinite = true;
                continue;
            }
            if (!samePath) {
                continue;
            }
            try {
                checker.withInitialStepFactor(factor).check(method, x, y, n);
                if (s > 0) {
                    smallerStep.incrementAndGet();
                }
                return null;
            } catch (AssertionError e) {
                failedOnThePath = true;
                recordEstimates(checker, method, x, y, n, factor, original, ad, estimates, "initial step factor " + factor
                        + " (same branch and kink path at every FD sample, Ridders' error estimate within tolerance,"
                        + " no smaller step contradicting it):\n" + e.getMessage());
            }
        }
        Set<String> conclusive = new LinkedHashSet<>();
        for (StepEstimates param : estimates) {
            conclusive.addAll(param.conclusive());
        }
        if (!conclusive.isEmpty()) {
            return "finite differences disagree with both modes:\n" + String.join("\n", conclusive);
        }
        skipped.incrementAndGet();
        if (failedOnThePath) {
            skippedUnreliable.incrementAndGet();
        } else if (nonFinite) {
            skippedNonFinite.incrementAndGet();
        }
        return null;
    }

    /**
     * Records, per parameter, Ridders' estimate at a step where the checker failed (the same scheme
     * and points as the checker) and whether it agrees with AD. A disagreement proves something only
     * if the estimate's own error is within the checker's tolerance for a derivative of the
     * estimate's size (else the difference quotient is less accurate than the tolerance) and no
     * smaller step contradicts it ({@link StepEstimates}). A disagreement the value's rounding over
     * the smallest step can explain counts as agreement here ({@link StepEstimates#explainedByRounding}).
     */
    private static void recordEstimates(GradientChecker checker, String method, double x, double y, int n, double factor,
                                        double value, Gradients ad, List<StepEstimates> estimates, String disagreement) {
        double valueRounding = StepEstimates.valueRounding(value, ad.reverse(), new double[] {x, y});
        for (int param = 0; param < 2; param++) {
            double derivative = ad.forward()[param];
            if (!Double.isFinite(derivative) || !Double.isFinite(ad.reverse()[param])) {
                // NaN or infinite where a value on the path overflowed: IEEE's answer, documented (README,
                // Numerics); differences of the finite value cannot judge it (as FuzzHarness, seed 1640304)
                continue;
            }
            double[] est = ridders(checker, method, x, y, n, param, factor);
            double floor = GradientChecker.FD_ABSOLUTE * Math.max(1, Math.abs(value));
            double tol = GradientChecker.FD_RELATIVE * Math.max(Math.abs(derivative), Math.abs(est[0])) + floor;
            double own = StepEstimates.ownTolerance(est[0], floor);
            double smallestStep = Ridders.steps(factor * Math.max(1, Math.abs(param == 0 ? x : y)))[Ridders.STEPS - 1];
            if (StepEstimates.explainedByRounding(derivative, est[0], tol, valueRounding, smallestStep)
                    && StepEstimates.explainedByRounding(ad.reverse()[param], est[0], tol, valueRounding, smallestStep)) {
                estimates.get(param).agrees(est[0], est[1], own);
            } else {
                estimates.get(param).disagrees(new StepEstimates.Estimate(est[0], est[1], own, disagreement));
            }
        }
    }

    /** GradientChecker's Ridders scheme (Numerical Recipes dfridr), returning {estimate, error}. */
    private static double[] ridders(GradientChecker checker, String method, double x, double y, int n, int param,
                                    double factor) {
        double[] steps = Ridders.steps(factor * Math.max(1, Math.abs(param == 0 ? x : y)));
        return Ridders.extrapolate(i -> central(checker, method, x, y, n, param, steps[i]));
    }

    private static double central(GradientChecker checker, String method, double x, double y, int n, int param, double h) {
        double v = param == 0 ? x : y;
        double vp = v + h;
        double vm = v - h;
        double fp = param == 0 ? checker.original(method, vp, y, n) : checker.original(method, x, vp, n);
        double fm = param == 0 ? checker.original(method, vm, y, n) : checker.original(method, x, vm, n);
        return (fp - fm) / (vp - vm);
    }

    /**
     * Whether every point Ridders' scheme will evaluate, for step factor {@code factor}, has the
     * centre's trace hash; null if one of them is not finite.
     */
    private static Boolean samePathOnStencil(Twin twin, String method, double x, double y, int n, double factor, long hash) {
        for (int param = 0; param < 2; param++) {
            double v = param == 0 ? x : y;
            // exactly GradientChecker.ridders: hh = factor * max(1, |v|), then hh /= 1.4, points v + hh, v - hh
            for (double hh : Ridders.steps(factor * Math.max(1, Math.abs(v)))) {
                for (double q : new double[] {v + hh, v - hh}) {
                    Twin.Result r = param == 0 ? twin.run(method, q, y, n) : twin.run(method, x, q, n);
                    if (!Double.isFinite(r.value())) {
                        return null;
                    }
                    if (r.hash() != hash) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The trace twin {@code p.FuzzNTrace}: {@code run(method, x, y, n)} then its {@code hash}. */
    private static final class Twin {
        record Result(double value, long hash) {}

        private final Method run;
        private final Field hash;

        Twin(Class<?> c) {
            try {
                run = c.getMethod("run", String.class, double.class, double.class, int.class);
                hash = c.getField("hash");
            } catch (NoSuchMethodException | NoSuchFieldException e) {
                throw new AssertionError("trace twin " + c + " lacks run/hash", e);
            }
        }

        Result run(String method, double x, double y, int n) {
            try {
                double v = (Double) run.invoke(null, method, x, y, n);
                return new Result(v, hash.getLong(null));
            } catch (InvocationTargetException e) {
                throw new AssertionError("trace twin threw " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }
}
