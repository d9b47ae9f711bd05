package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.broken.ShapesGrad;
import dev.adjoint.test.fixtures.Shapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Methods returning records of doubles: GradCheck flattens the record (components in declaration
 * order, nested records in place) and checks every Jacobian entry as for a {@code double[]} result,
 * naming it by component ({@code J[to.x][radius] = d chord.to.x/d radius}). Failures come from the
 * hand-written {@link ShapesGrad}, which breaks the generated derivatives in one way per method.
 */
class RecordResultsCheckTest {

    @Test
    void everyMethodReturningARecordPasses() {
        GradCheckReport report = GradCheck.of(Shapes.class).domain(0.2, 1.2).points(10).seed(5).check();

        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK), report::toString);
        // entries per point: chord 5 x (3 + 1), polar 2 x 2, rotate 2 x 1 (wrt theta)
        assertEquals(10 * (20 + 4 + 2), report.comparisons().size(), report::toString);
    }

    @Test
    void entriesAreNamedByComponentNestedRecordsInPlace() {
        GradCheckReport report = GradCheck.of(Shapes.class).method("chord").at(new double[] {0.5, 1}, 2.0).check();

        assertEquals(List.of("J[from.x][angles[0]]", "J[from.x][angles[1]]", "J[from.x][radius]",
                        "J[from.y][angles[0]]", "J[from.y][angles[1]]", "J[from.y][radius]",
                        "J[to.x][angles[0]]", "J[to.x][angles[1]]", "J[to.x][radius]",
                        "J[to.y][angles[0]]", "J[to.y][angles[1]]", "J[to.y][radius]",
                        "J[length][angles[0]]", "J[length][angles[1]]", "J[length][radius]"),
                report.comparisons().stream().map(Comparison::input).toList());
        Comparison toXAlongRadius = report.comparisons().get(8);
        double expected = Math.cos(0.5) + Math.cos(1);
        assertEquals(expected, toXAlongRadius.forward(), 1e-15);
        assertEquals(expected, toXAlongRadius.reverse(), 1e-15);
        assertEquals(expected, toXAlongRadius.finiteDifference(), 1e-9);
    }

    @Test
    void aWrongReverseSweepIsCaughtEntryByEntry() {
        GradCheckReport report = GradCheck.of(Shapes.class).gradClass(ShapesGrad.class).method("polar")
                .at(1.5, 0.5).run();
        double right = -1.5 * Math.sin(0.5);
        double wrong = 1.5 * Math.sin(0.5);
        String at = "polar(double, double) at point #0 (r=1.5, theta=0.5): ";
        assertEquals(List.of(
                at + "polarJacobian entry J[x][theta] = " + wrong + ", but forward mode gives " + right
                        + " and reverse mode " + wrong,
                at + "J[x][theta] = d polar.x/d theta: forward " + right + ", reverse " + wrong
                        + ", finite difference " + report.comparisons().get(1).finiteDifference() + " ± "
                        + Values.err(report.comparisons().get(1).finiteDifferenceError()) + " (relative error 2.0,"
                        + " tolerance 1.0e-8 + 1.0e-6 * max); also forward " + right + " and reverse " + wrong + " disagree"),
                report.failures());
        // the broken entry, the three others fine
        assertEquals(Status.MISMATCH, report.comparisons().get(1).status());
        assertEquals(3, report.comparisons().stream().filter(c -> c.status() == Status.OK).count(), report::toString);
    }

    @Test
    void aSeedNonlinearPullbackAValueOneUlpOffAndAWrongJacobian() {
        GradCheckReport report = GradCheck.of(Shapes.class).gradClass(ShapesGrad.class).method("chord")
                .at(new double[] {0.5, 1}, 2.0).run();
        double toY = 2 * Math.sin(0.5) + 2 * Math.sin(1);
        double lengthAlongRadius = Math.hypot(Math.cos(0.5) + Math.cos(1), Math.sin(0.5) + Math.sin(1));
        String at = "chord(double[], double) at point #0 (angles=[0.5, 1.0], radius=2.0): ";
        List<String> failures = report.failures();
        assertEquals(3, failures.size(), report::toString);
        assertEquals(at + "chordForward seeded on angles[0]: component to.y has value " + Math.nextUp(toY)
                + " but the method's is " + toY + " (values must be equal bit for bit)", failures.get(0));
        assertTrue(failures.get(1).startsWith(at + "chordPullback with seed Segment[from=Point[x=0.5, y=-2.0],"
                + " to=Point[x=1.5, y=-4.0], length=2.5] gives "), failures.get(1));
        assertTrue(failures.get(1).endsWith("(a pullback must be linear in its seed)"), failures.get(1));
        assertTrue(failures.get(2).startsWith(at + "chordJacobian entry J[length][radius] = 0.0, but forward mode gives "
                + lengthAlongRadius), failures.get(2));
        // the sweeps themselves agree entry by entry
        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK), report::toString);
    }

    @Test
    void aMissingPullbackIsNamedWithItsRecordSeed() {
        GradCheckReport report = GradCheck.of(Shapes.class).gradClass(ShapesGrad.class).method("rotate").run();
        assertFalse(report.passed());
        assertEquals(List.of("rotate(double[], double): dev.adjoint.test.broken.ShapesGrad has no method"
                        + " rotatePullback(double[], double, Point) (was the class compiled with the current adjoint-processor?)"),
                report.failures());
    }
}
