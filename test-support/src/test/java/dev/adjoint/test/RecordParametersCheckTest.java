package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.broken.FitsGrad;
import dev.adjoint.test.fixtures.Fits;
import dev.adjoint.test.fixtures.Fits.Arm;
import dev.adjoint.test.fixtures.Fits.Chain;
import dev.adjoint.test.fixtures.Fits.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Methods taking records: GradCheck draws them (every double in the domain, arrays of the set sizes,
 * int components in [1, 3]), flattens their inputs in declaration order ({@code chain.line.slope},
 * {@code chain.weights[0]}), passes forward mode each record's direction beside it and reads a
 * record's partial from a record of its type; with scalar, {@code double[]}, record results and a
 * Hessian. Failures come from the hand-written {@link FitsGrad}.
 */
class RecordParametersCheckTest {

    @Test
    void everyMethodTakingARecordPasses() {
        GradCheckReport report = GradCheck.of(Fits.class).domain(0.2, 1.2).points(10).seed(9).check();

        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK), report::toString);
        // per point: bowl 3 inputs + 3 x 3 Hessian entries; energy 2 + 3 + 1; loss 2 + 3 + 3;
        // reach 2 x 2 (wrt arm); residuals 3 x 8; tip 2 x 3
        String summary = report.toString();
        for (String method : List.of("bowl(Line, double): 10 points, 120", "energy(Chain, double): 10 points, 60",
                "loss(Line, double[], double[]): 10 points, 80", "reach(Arm, double): 10 points, 40",
                "residuals(Line, double[], double[]): 10 points, 240", "tip(Arm, double): 10 points, 60")) {
            assertTrue(summary.contains(method + " derivatives against finite differences, 0 skipped"), summary);
        }
    }

    @Test
    void inputsAreNamedByComponentNestedRecordsInPlace() {
        GradCheckReport report = GradCheck.of(Fits.class).method("energy")
                .at(new Chain(new Line(0.5, 0.25), new double[] {1, 2}, 2), 0.75).check();

        assertEquals(List.of("chain.line.slope", "chain.line.intercept", "chain.weights[0]", "chain.weights[1]", "x"),
                report.comparisons().stream().map(Comparison::input).toList());
        // d/d weights[1] = (0.5 * 0.75 + 0.25)^2
        assertEquals(0.390625, report.comparisons().get(3).forward(), 1e-15);
    }

    @Test
    void aRecordInARecordOutNamesEntriesByComponentOnBothSides() {
        GradCheckReport report = GradCheck.of(Fits.class).method("tip").at(new Arm(1.5, 0.5), 0.25).check();

        assertEquals(List.of("J[x][arm.length]", "J[x][arm.angle]", "J[x][base]",
                        "J[y][arm.length]", "J[y][arm.angle]", "J[y][base]"),
                report.comparisons().stream().map(Comparison::input).toList());
        assertEquals(-1.5 * Math.sin(0.75), report.comparisons().get(1).reverse(), 1e-15);
    }

    @Test
    void aRecordsOwnMethodIsCheckedWithTheRecordAsSelf() {
        GradCheckReport report = GradCheck.of(Arm.class).check();
        assertEquals(List.of("self.length", "self.angle", "base"),
                report.comparisons().stream().limit(3).map(Comparison::input).toList());
    }

    @Test
    void aWrongComponentOfARecordsPartial() {
        GradCheckReport report = GradCheck.of(Fits.class).gradClass(FitsGrad.class).method("tip")
                .at(new Arm(1.5, 0.5), 0.25).run();
        String at = "tip(Arm, double) at point #0 (arm=Arm[length=1.5, angle=0.5], base=0.25): ";
        double dxAngle = -1.5 * Math.sin(0.75);
        double dyAngle = 1.5 * Math.cos(0.75);
        List<String> failures = report.failures();
        assertEquals(4, failures.size(), report::toString);
        assertEquals(at + "tipJacobian entry J[x][arm.angle] = " + dxAngle + ", but forward mode gives " + dxAngle
                + " and reverse mode " + (-dxAngle), failures.get(0));
        assertEquals(at + "tipJacobian entry J[y][arm.angle] = " + dyAngle + ", but forward mode gives " + dyAngle
                + " and reverse mode " + (-dyAngle), failures.get(1));
        assertTrue(failures.get(2).startsWith(at + "J[x][arm.angle] = d tip.x/d arm.angle: forward " + dxAngle
                + ", reverse " + (-dxAngle) + ", finite difference "), failures.get(2));
        assertTrue(failures.get(3).startsWith(at + "J[y][arm.angle] = d tip.y/d arm.angle: forward " + dyAngle
                + ", reverse " + (-dyAngle) + ", finite difference "), failures.get(3));
    }

    @Test
    void aRecordsPartialHoldingTheCallersArray() {
        GradCheckReport report = GradCheck.of(Fits.class).gradClass(FitsGrad.class).method("energy")
                .at(new Chain(new Line(0.5, 0.25), new double[] {1, 2}, 2), 0.75).run();
        assertEquals(List.of("energy(Chain, double) at point #0 (chain=Chain[line=Line[slope=0.5, intercept=0.25],"
                        + " weights=[1.0, 2.0], power=2], x=0.75): energyGradient's partial for chain component weights"
                        + " is the caller's own array, not a fresh one"),
                report.failures());
    }
}
