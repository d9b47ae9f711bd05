package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.fixtures.Model;
import dev.adjoint.test.fixtures.ModelGrad;
import dev.adjoint.test.fixtures.Perturbed;
import dev.adjoint.test.fixtures.Wrong;
import org.junit.jupiter.api.Test;

/**
 * The failure paths. Wrong derivatives come from two honest sources: methods checked against the
 * correct derivatives of slightly different methods ({@link Perturbed} against {@link ModelGrad}),
 * and the hand-written {@link dev.adjoint.test.broken.ModelGrad}, which breaks the generated one in
 * one way per method.
 */
class FailureTest {

    private static String failureOf(GradCheck check) {
        return assertThrows(AssertionError.class, check::check).getMessage();
    }

    @Test
    void aWrongDerivativeFailsWithAReadableTable() {
        String message = failureOf(GradCheck.of(Perturbed.class).gradClass(ModelGrad.class).method("cube")
                .domain(-2, 2).points(5).seed(1));

        assertTrue(message.startsWith("GradCheck of dev.adjoint.test.fixtures.Perturbed against"
                + " dev.adjoint.test.fixtures.ModelGrad (seed 1;"), message);
        assertTrue(message.contains("FAILED"), message);
        // the values differ (the perturbation), and so does the derivative: 3x^2 against 3x^2 + 2e-3 x
        assertTrue(message.contains("cubeGradient(..).value() is"), message);
        assertTrue(message.contains("(values must be equal bit for bit)"), message);
        assertTrue(message.matches("(?s).*cube\\(double\\) at point #\\d \\(x=-?[0-9.E-]+\\): d/dx: forward .*"), message);
        assertTrue(message.contains("Worst comparison per input:"), message);
        assertTrue(message.contains("method       | input | point"), message);
        assertTrue(message.contains("| MISMATCH"), message);
    }

    @Test
    void theRunReportsWithoutThrowing() {
        GradCheckReport report = GradCheck.of(Perturbed.class).gradClass(ModelGrad.class).method("cube").points(5).run();
        assertFalse(report.passed());
        Comparison worst = report.worstPerInput().get(0);
        assertEquals(Status.MISMATCH, worst.status());
        assertEquals("x", worst.input());
        // forward and reverse agree (they are ModelGrad's, the correct 3x^2); finite differences see 3x^2 + 2e-3 x
        assertEquals(worst.forward(), worst.reverse(), 1e-12);
        double x = Double.parseDouble(worst.where().substring(2));
        assertEquals(3 * x * x + 2e-3 * x, worst.finiteDifference(), 1e-4); // x as printed, to 6 digits
        assertTrue(worst.margin() > 1);
    }

    @Test
    void aValueOffByTooLittleForFiniteDifferencesStillFails() {
        // f * (1 + 1e-12): every derivative agrees to 1e-12, far inside the tolerance; the values do not
        GradCheckReport report = GradCheck.of(Perturbed.class).gradClass(ModelGrad.class).method("f").points(3).run();
        assertFalse(report.passed());
        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK));
        assertTrue(report.failures().stream().allMatch(f -> f.contains("(values must be equal bit for bit)")),
                report::toString);
        assertEquals(3 * 2, report.failures().size(), report::toString); // reverse and forward, at each point
    }

    @Test
    void reverseModeOffFromForwardMode() {
        GradCheckReport report = GradCheck.of(Model.class).gradClass(dev.adjoint.test.broken.ModelGrad.class)
                .method("cube").points(4).run();
        assertFalse(report.passed());
        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.MISMATCH), report::toString);
        assertTrue(report.comparisons().stream().allMatch(c -> c.note().contains("disagree")), report::toString);
        // forward mode is the right one
        assertTrue(report.comparisons().stream().allMatch(c -> Math.abs(c.forward() - c.finiteDifference()) < 1e-8));
    }

    @Test
    void aValueOneUlpOff() {
        String message = failureOf(GradCheck.of(Model.class).gradClass(dev.adjoint.test.broken.ModelGrad.class)
                .method("f", double.class).at(0.5));
        assertTrue(message.contains("fGradient(..).value() is " + Math.nextUp(Model.f(0.5))
                + " but the method returns " + Model.f(0.5)), message);
    }

    @Test
    void swappedPartials() {
        GradCheckReport report = GradCheck.of(Model.class).gradClass(dev.adjoint.test.broken.ModelGrad.class)
                .method("f", double.class, double.class).at(0.5, 2.0).run();
        assertEquals(2, report.failures().size(), report::toString);
        assertTrue(report.failures().get(0).contains("d/dx: forward"), report::toString);
        assertTrue(report.failures().get(1).contains("d/dy: forward"), report::toString);
    }

    @Test
    void modifiedArgumentsAndAliasedPartials() {
        double[] w = {0.5, -1.0, 0.25};
        double[][] features = {{1, 2, 3}, {-1, 0.5, 2}};
        double[] labels = {1, 0};
        GradCheckReport report = GradCheck.of(Model.class).gradClass(dev.adjoint.test.broken.ModelGrad.class)
                .method("loss").at(w, 0.5, features, labels).run();
        String all = String.join("\n", report.failures());
        assertTrue(all.contains("lossGradient modified the caller's array: w[0] was 0.5, is now"), all);
        assertTrue(all.contains("lossGradient modified the caller's array: labels[0] was 1.0, is now 0.5"), all);
        assertTrue(all.contains("lossGradient's partial for w is the caller's own array, not a fresh one"), all);
        // the caller's own arrays are safe: GradCheck passes copies
        assertEquals(0.5, w[0]);
        assertEquals(1.0, labels[0]);
    }

    @Test
    void forwardModeWritingIntoItsDualArguments() {
        // reverse mode must succeed for the check to reach forward mode: the generated lossGradient
        // with the broken lossForward
        GradCheckReport report = GradCheck.of(Model.class).gradClass(BrokenForwardOnly.class).method("loss")
                .points(1).run();
        String all = String.join("\n", report.failures());
        assertTrue(all.contains("lossForward modified its Dual argument: features[0][0] was Dual[value="), all);
    }

    /** The generated reverse mode with the broken forward mode. */
    public static final class BrokenForwardOnly {
        private BrokenForwardOnly() {
        }

        public static dev.adjoint.runtime.Dual lossForward(dev.adjoint.runtime.Dual[] w, dev.adjoint.runtime.Dual b,
                dev.adjoint.runtime.Dual[][] features, dev.adjoint.runtime.Dual[] labels) {
            return dev.adjoint.test.broken.ModelGrad.lossForward(w, b, features, labels);
        }

        public static ModelGrad.LossGradient lossGradient(double[] w, double b, double[][] features, double[] labels) {
            return ModelGrad.lossGradient(w, b, features, labels);
        }
    }

    @Test
    void aThrowingDerivative() {
        String message = failureOf(GradCheck.of(Model.class).gradClass(dev.adjoint.test.broken.ModelGrad.class)
                .method("select").at(1.0, 2.0, true));
        assertTrue(message.contains("selectGradient threw java.lang.IllegalStateException: tape underflow where the"
                + " method returns " + Model.select(1.0, 2.0, true)), message);
    }

    @Test
    void aWrongHessianEntryIsReported() {
        String message = failureOf(GradCheck.of(dev.adjoint.test.fixtures.Curvature.class)
                .gradClass(dev.adjoint.test.broken.CurvatureGrad.class).method("f").at(0.7, -1.1));
        double x = 0.7;
        double y = -1.1;
        double trueEntry = -x * x * Math.sin(x * y);
        assertTrue(message.contains("f(double, double) at point #0 (x=0.7, y=-1.1): fHessian entry H[y][y] = 0.0, but"
                + " differences of fGradient give " + String.valueOf(trueEntry).substring(0, 8)), message);
    }

    @Test
    void missingOrMisshapenGeneratedMembers() {
        GradCheckReport report = GradCheck.of(Model.class).gradClass(dev.adjoint.test.broken.ModelGrad.class)
                .method("power").run();
        assertEquals(1, report.failures().size(), report::toString);
        assertTrue(report.failures().get(0).startsWith("power(double, int, long): dev.adjoint.test.broken.ModelGrad"
                + " has no forward mode of power(double, int, long): expected powerForward taking Dual where power"
                + " takes a differentiated double, double[] or double[][]; there is no powerForward at all"), report::toString);

        GradCheckReport noGrad = GradCheck.of(Model.class).gradClass(String.class).method("cube").run();
        assertTrue(noGrad.failures().get(0).contains("java.lang.String has no forward mode of cube(double)"), noGrad::toString);
    }

    @Test
    void aStatefulHelperBreaksTheValues() {
        // Wrong.noisy calls a helper that returns a new value on every call, breaking the documented
        // rule; the generated code is right, but its values cannot equal the method's
        GradCheckReport report = GradCheck.of(Wrong.class).method("noisy").points(2).run();
        assertFalse(report.passed());
        assertTrue(report.failures().stream().anyMatch(f -> f.contains("noisyGradient(..).value() is")), report::toString);
    }

    @Test
    void aBranchTakenOnlyAtOnePointIsNotAKink() {
        // x != 0 ? x * x : 5 * x is differentiable at 0 with derivative 0 (both sides are x^2 near 0),
        // but Java takes the 5x branch there: Adjoint's convention gives 5, which nothing supports
        String message = failureOf(GradCheck.of(Wrong.class).method("isolated").at(0.0));
        assertTrue(message.contains("isolated(double) at point #0 (x=0.0): d/dx: forward 5.0, reverse 5.0,"
                + " finite difference 0.0"), message);
        // away from 0 it is fine
        GradCheck.of(Wrong.class).method("isolated").points(20).check();
    }
}
