package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Dual;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Forward and reverse mode give one answer at IEEE edge inputs (issue 16, README Numerics): every
 * method of random programs ({@link ProgramGenerator}) at every pair of {@link #EDGES} for its two
 * {@code double} parameters, each partial by a forward sweep seeded on it and by reverse mode.
 *
 * <p>Two modes agree when both are NaN, both the same infinity, or within the AD tolerance of
 * {@link GradientChecker} ({@code 1e-12 max(1, |a|, |b|)}, absolute below 1, so that subnormal
 * derivatives rounded in two orders still agree). Required at every point whose inputs are infinite,
 * NaN, zero, subnormal or ordinary. Inputs near the end of the double range ({@code |v| >= 1e150}) make
 * products overflow in one order of the chain rule and not in the other; those disagreements are
 * counted, shown and bounded ({@link #HUGE_DISAGREEMENT_BOUND}), not required to vanish.
 *
 * <p>{@code mvn verify} runs {@link #SEEDS}; a campaign: {@code -Dtest=EdgeAgreementFuzzTest
 * -Dadjoint.fuzz.programs=40 -Dadjoint.fuzz.firstSeed=1} (the README's figures). Each method is
 * evaluated at 17 × 17 × 3 points.
 */
class EdgeAgreementFuzzTest {

    static final long[] SEEDS = LongStream.rangeClosed(1, 6).toArray();

    static final double[] EDGES = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0.0, -0.0,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1e-160, 0.7, -1.3,
            1e154, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE};

    private static final int[] INTEGERS = {-1, 1, 3};

    /** At most this fraction of the partials at huge finite inputs may disagree. */
    static final double HUGE_DISAGREEMENT_BOUND = 0.01;

    private final AtomicLong points = new AtomicLong();
    private final AtomicLong partials = new AtomicLong();
    private final AtomicLong hugePartials = new AtomicLong();
    private final Map<String, AtomicLong> hugeDisagreements = new ConcurrentHashMap<>();
    private final Map<String, String> hugeExamples = new ConcurrentHashMap<>();

    @Test
    void bothModesGiveOneAnswerAtEdgeInputs() throws Exception {
        long[] seeds = FuzzRuns.seeds(SEEDS);
        List<String> failures = FuzzRuns.runAll(seeds, this::runProgram);
        long huge = hugeDisagreements.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf(Locale.ROOT, "edge agreement: seeds %s, %d points, %d partials, %d disagreements"
                        + " where an input is finite and huge (%d partials there): %s%n",
                FuzzRuns.describe(seeds), points.get(), partials.get(), huge, hugePartials.get(),
                new TreeMap<>(hugeDisagreements));
        hugeExamples.forEach((kind, example) -> System.out.println("  e.g. " + kind + ": " + example));
        if (!failures.isEmpty()) {
            fail(failures.size() + " partials disagree at edge inputs, e.g.\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
        if (huge > HUGE_DISAGREEMENT_BOUND * hugePartials.get()) {
            fail(huge + " of " + hugePartials.get() + " partials disagree at huge finite inputs: " + hugeExamples);
        }
    }

    private List<String> runProgram(long seed) {
        ProgramGenerator.Program program = new ProgramGenerator(seed).generate();
        Compiled compiled;
        try {
            compiled = AdjointCompiler.compile(program.source(), program.traceSource());
        } catch (AssertionError e) {
            return List.of("seed " + seed + ": compilation failed\n" + e.getMessage());
        }
        GradientChecker checker = compiled.checker(program.qualifiedName());
        List<String> failures = new ArrayList<>();
        for (String method : program.methods()) {
            for (double x : EDGES) {
                for (double y : EDGES) {
                    for (int n : INTEGERS) {
                        points.incrementAndGet();
                        compare(checker, seed, method, x, y, n, failures);
                    }
                }
            }
        }
        return failures;
    }

    private void compare(GradientChecker checker, long seed, String method, double x, double y, int n,
            List<String> failures) {
        double[] reverse = checker.reverse(method, x, y, n);
        double[] forward = {
            checker.forward(method, Dual.variable(x), Dual.constant(y), n).tangent(),
            checker.forward(method, Dual.constant(x), Dual.variable(y), n).tangent()};
        boolean huge = isHuge(x) || isHuge(y);
        for (int i = 0; i < 2; i++) {
            partials.incrementAndGet();
            if (huge) {
                hugePartials.incrementAndGet();
            }
            if (agree(forward[i], reverse[i + 1])) {
                continue;
            }
            String where = String.format(Locale.ROOT, "seed %d %s(%s, %s, %d) d/d%s: forward %s, reverse %s", seed,
                    method, x, y, n, i == 0 ? "x" : "y", forward[i], reverse[i + 1]);
            if (huge) {
                String kind = kind(forward[i]) + " vs " + kind(reverse[i + 1]);
                hugeDisagreements.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                hugeExamples.putIfAbsent(kind, where);
            } else {
                failures.add(where);
            }
        }
    }

    private static boolean isHuge(double v) {
        return Double.isFinite(v) && Math.abs(v) >= 1e150;
    }

    static boolean agree(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= GradientChecker.AD_RELATIVE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static String kind(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? "infinite" : v == 0 ? "zero" : "finite";
    }
}
