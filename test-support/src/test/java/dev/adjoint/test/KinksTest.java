package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.fixtures.Kinks;
import org.junit.jupiter.api.Test;

/** Points where finite differences cannot judge: skipped and reported, never passed by a looser tolerance. */
class KinksTest {

    @Test
    void atAKinkTheModesTakeOneSideAndThePointIsSkipped() {
        GradCheckReport abs = GradCheck.of(Kinks.class).method("abs").at(0.0).maxSkippedFraction(1).check();
        Comparison c = abs.comparisons().get(0);
        assertEquals(Status.SKIPPED, c.status());
        assertEquals(1.0, c.forward());
        assertEquals("kink: left derivative -1, right 1; both modes take the right one", c.note());
        assertTrue(abs.toString().contains("1 comparison skipped"), abs::toString);

        Comparison relu = GradCheck.of(Kinks.class).method("relu").at(0.0).maxSkippedFraction(1).check().comparisons().get(0);
        assertEquals(Status.SKIPPED, relu.status());
        assertEquals("kink: left derivative 0, right 1; both modes take the left one", relu.note());
    }

    @Test
    void atAJumpLikewise() {
        Comparison c = GradCheck.of(Kinks.class).method("stairs").at(0.5).maxSkippedFraction(1).check().comparisons().get(0);
        assertEquals(Status.SKIPPED, c.status());
        assertTrue(c.note().startsWith("jump: left derivative unreliable, right 1; both modes take the right one"), c::note);
    }

    @Test
    void tooManySkipsFail() {
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.of(Kinks.class).method("abs").at(0.0).check());
        assertTrue(e.getMessage().contains("abs(double): 1 of 1 comparisons against finite differences were skipped"
                + " (more than 0.25)"), e::getMessage);
    }

    @Test
    void nearAKinkTheSmallerStepDecides() {
        // 1e-4 from the kink: the first step (1e-2) straddles it, the retry (1e-5) does not
        GradCheckReport report = GradCheck.of(Kinks.class).method("abs").at(1e-4).at(-1e-4).check();
        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK), report::toString);
    }

    @Test
    void randomPointsOnAStaircase() {
        GradCheckReport report = GradCheck.of(Kinks.class).domain(-2, 2).points(200).seed(3).check();
        assertEquals(600, report.comparisons().size());
        assertTrue(report.skipped().size() < 10, report::toString);
    }
}
