package dev.adjoint.test;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.MethodSummary;
import java.util.List;
import java.util.Locale;

/**
 * The check of one method at all its points: the sweeps of a scalar method ({@link ScalarCheck}) or of
 * a vector-valued one ({@link JacobianCheck}), every derivative compared ({@link DerivativeComparisons}),
 * the Hessian where there is one ({@link HessianCheck}), and in the end the share of comparisons
 * skipped, which must stay under the limit.
 */
final class MethodCheck {
    private final Target t;
    private final Tolerances tolerances;
    private final List<String> failures;
    private final DerivativeComparisons derivatives;

    /** For a scalar method: its gradient and forward sweeps at every point. */
    private final ScalarCheck scalars;

    /** For a vector-valued method: its sweeps and {@code fJacobian} at every point. */
    private final JacobianCheck jacobians;

    /** For a method with {@code hessian = true}: its {@code fHessian} at every point. */
    private final HessianCheck hessian;

    MethodCheck(Target t, Tolerances tolerances, List<Comparison> comparisons, List<String> failures) {
        this.t = t;
        this.tolerances = tolerances;
        this.failures = failures;
        this.derivatives = new DerivativeComparisons(t, tolerances, comparisons, failures);
        this.hessian = t.hessian == null ? null
                : new HessianCheck(t, tolerances.rtol(), tolerances.atol(), tolerances.step(), tolerances.modeRtol());
        this.scalars = t.vectorValued ? null : new ScalarCheck(t);
        this.jacobians = t.vectorValued ? new JacobianCheck(t, tolerances.modeRtol()) : null;
    }

    /** Checks the method at {@code points} and adds its summary to {@code summaries}. */
    void run(List<Object[]> points, List<MethodSummary> summaries) {
        for (int i = 0; i < points.size(); i++) {
            checkPoint(i, points.get(i));
        }
        int compared = derivatives.compared();
        int skipped = derivatives.skipped();
        if (hessian != null) {
            compared += hessian.compared();
            skipped += hessian.skipped();
        }
        if (compared > 0 && skipped > tolerances.maxSkipped() * compared) {
            failures.add(String.format(Locale.ROOT, "%s: %d of %d comparisons against finite differences were"
                            + " skipped (more than %s): finite differences were unreliable at too many points;"
                            + " move the domain away from kinks and singularities, or allow it with"
                            + " maxSkippedFraction", t.signature, skipped, compared,
                    Values.num(tolerances.maxSkipped())));
        }
        summaries.add(new MethodSummary(t.signature, points.size(), compared, skipped));
    }

    private void checkPoint(int index, Object[] point) {
        String exact = Values.describePoint(t.names, point, true);
        String compact = Values.describePoint(t.names, point, false);
        String at = t.signature + " at point #" + index + " (" + exact + ")";
        if (t.vectorValued) {
            checkVectorPoint(index, point, compact, at);
            return;
        }
        ScalarCheck.Sweeps sweeps = scalars.run(point, at, failures);
        if (sweeps == null || sweeps.inputs().isEmpty()) {
            return; // a failure, or e.g. empty arrays: nothing to differentiate
        }
        derivatives.compare(index, compact, at, point, sweeps.value(), -1, sweeps.inputs(), sweeps.forward(),
                sweeps.reverse());
        if (hessian != null && Double.isFinite(sweeps.value())) {
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
            derivatives.compare(index, compact, at, point, sweeps.value()[i], i, sweeps.inputs(),
                    sweeps.forward()[i], sweeps.reverse()[i]);
        }
    }
}
