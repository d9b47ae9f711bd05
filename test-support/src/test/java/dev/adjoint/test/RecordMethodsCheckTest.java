package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.broken.Owned_ArmGrad;
import dev.adjoint.test.broken.Owned_GaussianGrad;
import dev.adjoint.test.broken.Owned_LayerGrad;
import dev.adjoint.test.fixtures.Owned.Arm;
import dev.adjoint.test.fixtures.Owned.Gaussian;
import dev.adjoint.test.fixtures.Owned.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A record's own {@code @Differentiable} methods: GradCheck checks them as their generated methods take
 * them, the record first as the input {@code self} (drawn, flattened and named like a record parameter:
 * {@code self.mu}, {@code J[x][self.length]}), with scalar and record results and a Hessian. Failures
 * come from the hand-written {@code broken.Owned_*Grad} classes.
 */
class RecordMethodsCheckTest {

    @Test
    void everyRecordsOwnMethodPasses() {
        // per point: tip 2 x (2 + 1); logPdf 3 inputs + 3 x 3 Hessian entries; score 3 + 1 + 3 (width passed through)
        for (Class<?> record : List.of(Arm.class, Gaussian.class, Layer.class)) {
            GradCheckReport report = GradCheck.of(record).domain(0.2, 1.2).points(10).seed(3).check();
            assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK), report::toString);
        }
        String summary = GradCheck.of(Gaussian.class).domain(0.2, 1.2).points(10).seed(3).check().toString();
        assertTrue(summary.contains("logPdf(double): 10 points, 120 derivatives against finite differences, 0 skipped"),
                summary);
        summary = GradCheck.of(Arm.class).domain(0.2, 1.2).points(10).seed(3).check().toString();
        assertTrue(summary.contains("tip(double): 10 points, 60 derivatives against finite differences, 0 skipped"),
                summary);
        summary = GradCheck.of(Layer.class).domain(0.2, 1.2).points(10).seed(3).check().toString();
        assertTrue(summary.contains("score(double[]): 10 points, 70 derivatives against finite differences, 0 skipped"),
                summary);
    }

    @Test
    void theRecordIsTheLeadingInputNamedSelf() {
        GradCheckReport report = GradCheck.of(Gaussian.class).at(new Gaussian(0.5, 2), 1.5).check();

        assertEquals(List.of("self.mu", "self.sigma", "x"), report.comparisons().stream().map(Comparison::input).toList());
        // z = (x - mu) / sigma = 0.5: d/dmu = z / sigma, d/dsigma = z^2 / sigma - 1 / sigma, d/dx = -z / sigma
        assertEquals(List.of(0.25, -0.375, -0.25), report.comparisons().stream().map(Comparison::reverse).toList());
        assertEquals(List.of(0.25, -0.375, -0.25), report.comparisons().stream().map(Comparison::forward).toList());
        assertEquals("self=Gaussian[mu=0.5, sigma=2], x=1.5", report.comparisons().get(0).where());
    }

    @Test
    void aRecordResultNamesEntriesByComponentAndSelfByItsComponents() {
        GradCheckReport report = GradCheck.of(Arm.class).at(new Arm(1.5, 0.5), 0.25).check();

        assertEquals(List.of("J[x][self.length]", "J[x][self.angle]", "J[x][base]",
                        "J[y][self.length]", "J[y][self.angle]", "J[y][base]"),
                report.comparisons().stream().map(Comparison::input).toList());
        assertEquals(-1.5 * Math.sin(0.75), report.comparisons().get(1).reverse(), 1e-15);
    }

    @Test
    void selfIsSetByNameAndAPointGivesTheRecordFirst() {
        GradCheckReport fixed = GradCheck.of(Gaussian.class).fixed("self", new Gaussian(0, 1)).points(3).check();
        assertTrue(fixed.comparisons().stream().allMatch(c -> c.where().startsWith("self=Gaussian[mu=0, sigma=1], x=")),
                fixed::toString);

        GradCheckReport narrowed = GradCheck.of(Gaussian.class).domain("self", 2, 3).points(3).check();
        assertTrue(narrowed.comparisons().stream().allMatch(c -> c.where().startsWith("self=Gaussian[mu=2")),
                narrowed::toString);

        IllegalArgumentException noRecord = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.of(Gaussian.class).at(1.5).run());
        assertEquals("at(Double) fits none of the selected methods [logPdf(double)] (a record's own method takes"
                + " the record first: at(record, arguments...))", noRecord.getMessage());
    }

    @Test
    void aForwardModeDroppingADirectionOfSelf() {
        GradCheckReport report = GradCheck.of(Arm.class).gradClass(Owned_ArmGrad.class).at(new Arm(1.5, 0.5), 0.25).run();
        String at = "tip(double) at point #0 (self=Arm[length=1.5, angle=0.5], base=0.25): ";
        double dxLength = Math.cos(0.75);
        double dyLength = Math.sin(0.75);
        List<String> failures = report.failures();
        assertEquals(4, failures.size(), report::toString);
        assertEquals(at + "tipJacobian entry J[x][self.length] = " + dxLength + ", but forward mode gives 0.0 and"
                + " reverse mode " + dxLength, failures.get(0));
        assertEquals(at + "tipJacobian entry J[y][self.length] = " + dyLength + ", but forward mode gives 0.0 and"
                + " reverse mode " + dyLength, failures.get(1));
        assertTrue(failures.get(2).startsWith(at + "J[x][self.length] = d tip.x/d self.length: forward 0.0, reverse "
                + dxLength + ", finite difference "), failures.get(2));
        assertTrue(failures.get(2).endsWith("; also forward 0.0 and reverse " + dxLength + " disagree"), failures.get(2));
        assertTrue(failures.get(3).startsWith(at + "J[y][self.length] = d tip.y/d self.length: forward 0.0, reverse "
                + dyLength + ", finite difference "), failures.get(3));
    }

    @Test
    void aWrongComponentOfSelfsPartial() {
        GradCheckReport report = GradCheck.of(Gaussian.class).gradClass(Owned_GaussianGrad.class)
                .at(new Gaussian(0.5, 2), 1.5).run();
        List<String> failures = report.failures();
        assertEquals(1, failures.size(), report::toString);
        assertTrue(failures.get(0).startsWith("logPdf(double) at point #0 (self=Gaussian[mu=0.5, sigma=2.0], x=1.5):"
                + " d/dself.sigma: forward -0.375, reverse 0.375, finite difference "), failures.get(0));
        assertTrue(failures.get(0).endsWith("; also forward -0.375 and reverse 0.375 disagree"), failures.get(0));
    }

    @Test
    void selfsPartialHoldingTheRecordsOwnArray() {
        GradCheckReport report = GradCheck.of(Layer.class).gradClass(Owned_LayerGrad.class)
                .at(new Layer(new double[] {1, 2}, 0.5, 2), new double[] {0.25, 0.75}).run();
        assertEquals(List.of("score(double[]) at point #0 (self=Layer[weights=[1.0, 2.0], bias=0.5, width=2],"
                        + " x=[0.25, 0.75]): scoreGradient's partial for self component weights is the caller's own"
                        + " array, not a fresh one"),
                report.failures());
    }
}
