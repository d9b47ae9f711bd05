package dev.adjoint.test;

import dev.adjoint.test.FiniteDifferenceJudge.Outcome;
import dev.adjoint.test.FiniteDifferenceJudge.Verdict;
import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.Target.Input;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The comparisons of one method's derivatives: forward against reverse mode, and both against finite
 * differences of the method, input by input; each is added to the report with its status, and each
 * failed one to the failures with a line that says which derivative, at which point, by how much.
 * Counts the comparisons against finite differences and those skipped.
 */
final class DerivativeComparisons {

    private final Target t;
    private final Tolerances tolerances;
    private final FiniteDifferenceJudge judge;
    private final List<Comparison> comparisons;
    private final List<String> failures;
    private int compared;
    private int skipped;

    DerivativeComparisons(Target t, Tolerances tolerances, List<Comparison> comparisons, List<String> failures) {
        this.t = t;
        this.tolerances = tolerances;
        this.judge = new FiniteDifferenceJudge(tolerances.rtol(), tolerances.atol(), tolerances.step());
        this.comparisons = comparisons;
        this.failures = failures;
    }

    int compared() {
        return compared;
    }

    int skipped() {
        return skipped;
    }

    /**
     * Compares forward and reverse mode's derivatives of one value ({@code output} -1: the method's
     * own; else that element of its result) with each other and with finite differences, input by input.
     */
    void compare(int index, String compact, String at, Object[] point, double value, int output,
                 List<Input> inputs, double[] forward, double[] reverse) {
        double scale = Values.largestMagnitude(reverse);
        for (int q = 0; q < inputs.size(); q++) {
            Input in = inputs.get(q);
            String label = output < 0 ? in.label() : t.result.entryLabel(output, in);
            String derivative = output < 0 ? "d/d" + in.label()
                    : label + " = d " + t.name() + t.result.selector(output) + "/d " + in.label();
            double fwd = forward[q];
            double rev = reverse[q];
            String modeProblem = null;
            double modeTol = tolerances.modeRtol() * Math.max(Math.max(finiteAbs(fwd), finiteAbs(rev)), scale);
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
                    Values.err(est.error()), Values.err(rel), Values.err(tolerances.atol()),
                    Values.err(tolerances.rtol()), note.isEmpty() ? "" : "; also " + note));
        } else if (status == Status.MODES_DISAGREE) {
            failures.add(String.format(Locale.ROOT, "%s: %s: forward mode %s and reverse mode %s disagree"
                            + " (relative error %s, tolerance %s)%s", at, derivative, fwd, rev,
                    Values.err(relative(fwd, rev)), Values.err(tolerances.modeRtol()),
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
                Object result = t.callMethod(Target.with(point, in, v));
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
}
