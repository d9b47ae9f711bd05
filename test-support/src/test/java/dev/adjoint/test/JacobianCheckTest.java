package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.broken.VectorsGrad;
import dev.adjoint.test.fixtures.Vectors;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Vector-valued methods: GradCheck compares each Jacobian entry of forward mode (fForward, column by
 * column) and reverse mode (fPullback, row by row) with finite differences of that result element,
 * and fJacobian with both. Failures come from the hand-written {@link VectorsGrad}, which breaks the
 * generated derivatives in one way per method.
 */
class JacobianCheckTest {

    @Test
    void everyVectorValuedMethodPasses() {
        GradCheckReport report = GradCheck.of(Vectors.class).domain(0.2, 1.2).fixed("arg2", 6).points(10).seed(3)
                .check();

        assertTrue(report.passed(), report::toString);
        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK), report::toString);
        // entries per point: polar 2 x 2, trajectory 6 x 2, moments 2 x (3 + 1), rotate 2 x 1 (wrt theta)
        assertEquals(10 * (4 + 12 + 8 + 2), report.comparisons().size(), report::toString);
        assertEquals(Set.of("J[0][theta]", "J[1][theta]"), report.comparisons().stream()
                .filter(c -> c.method().startsWith("rotate")).map(Comparison::input).collect(Collectors.toSet()));
    }

    @Test
    void entriesAreNamedByOutputAndInput() {
        GradCheckReport report = GradCheck.of(Vectors.class).method("moments").at(new double[] {0.5, 1, 2}, 0.25)
                .check();
        assertEquals(List.of("J[0][x[0]]", "J[0][x[1]]", "J[0][x[2]]", "J[0][shift]",
                        "J[1][x[0]]", "J[1][x[1]]", "J[1][x[2]]", "J[1][shift]"),
                report.comparisons().stream().map(Comparison::input).toList());
        Comparison meanAlongShift = report.comparisons().get(3);
        assertEquals(-1, meanAlongShift.forward(), 1e-15);
        assertEquals(-1, meanAlongShift.reverse(), 1e-15);
        assertEquals(-1, meanAlongShift.finiteDifference(), 1e-9);
    }

    @Test
    void aWrongReverseSweepIsCaughtEntryByEntry() {
        GradCheckReport report = GradCheck.of(Vectors.class).gradClass(VectorsGrad.class).method("polar")
                .at(1.5, 0.5).run();
        assertFalse(report.passed());
        String all = String.join("\n", report.failures());
        double r = 1.5;
        double theta = 0.5;
        // the broken entry, named by result element and input, with forward mode and differences agreeing
        assertTrue(all.contains("polar(double, double) at point #0 (r=1.5, theta=0.5): J[0][theta] = d polar[0]/d theta:"
                + " forward " + (-r * Math.sin(theta)) + ", reverse " + (r * Math.sin(theta))), all);
        assertTrue(all.contains("forward " + (-r * Math.sin(theta)) + " and reverse " + (r * Math.sin(theta)) + " disagree"), all);
        // fJacobian, built from the broken reverse sweeps, agrees with reverse mode but not with forward mode
        assertTrue(all.contains("polarJacobian entry J[0][theta] = " + (r * Math.sin(theta)) + ", but forward mode gives "
                + (-r * Math.sin(theta))), all);
        // the other three entries are fine
        assertEquals(3, report.comparisons().stream().filter(c -> c.status() == Status.OK).count(), report::toString);
        assertEquals(Status.MISMATCH, report.comparisons().get(1).status());
    }

    @Test
    void aJacobianThatDisagreesWithBothSweeps() {
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.of(Vectors.class)
                .gradClass(VectorsGrad.class).method("trajectory").at(1.0, 0.7, 4).check());
        String message = e.getMessage();
        assertTrue(message.contains("trajectoryJacobian entry J[3][v] = 0.0, but forward mode gives"), message);
        // the sweeps themselves pass
        assertFalse(message.contains("MISMATCH"), message);
    }

    @Test
    void aPullbackRightOnlyForUnitSeeds() {
        GradCheckReport report = GradCheck.of(Vectors.class).gradClass(VectorsGrad.class).method("moments")
                .at(new double[] {0.5, 1, 2}, 0.25).run();
        String all = String.join("\n", report.failures());
        assertTrue(all.contains("momentsPullback with seed [0.5, -2.0] gives"), all);
        assertTrue(all.contains("(a pullback must be linear in its seed)"), all);
        // and its forward mode's value of element [1] is one ulp off
        assertTrue(all.contains("momentsForward seeded on x[0]: element [1] has value"), all);
        assertTrue(all.contains("(values must be equal bit for bit)"), all);
    }

    @Test
    void aMissingPullbackIsNamed() {
        GradCheckReport report = GradCheck.of(Vectors.class).gradClass(VectorsGrad.class).method("rotate").run();
        assertEquals(1, report.failures().size(), report::toString);
        assertTrue(report.failures().get(0).contains("has no forward mode of rotate(double[], double)"), report::toString);
    }
}
