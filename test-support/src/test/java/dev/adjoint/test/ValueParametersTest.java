package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.fixtures.Options;
import dev.adjoint.test.fixtures.Options.Kind;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Methods with char, String and enum parameters: an enum takes every constant at random points, a
 * char or a String is given by the user (explicit points, fixed, generate) or the check says how, and
 * a derivative wrong for one constant only is caught. The fixtures are compiled without -parameters,
 * so those parameters are named arg0, arg1... by position.
 */
class ValueParametersTest {

    @Test
    void anEnumTakesEveryConstantAtEveryRandomPoint() {
        GradCheckReport report = GradCheck.of(Options.class).method("price").domain(-2, 2).points(4).seed(7).check();

        assertTrue(report.passed(), report::toString);
        assertEquals(4 * 3 * 2, report.comparisons().size(), report::toString);
        assertTrue(report.toString().contains("price(double, double, Kind): 12 points"), report::toString);
        // every drawn point is checked once per constant, with the same doubles
        for (Kind kind : Kind.values()) {
            List<String> where = report.comparisons().stream().filter(c -> c.where().endsWith("arg2=" + kind))
                    .map(Comparison::where).toList();
            assertEquals(4 * 2, where.size(), kind + "\n" + report);
        }
        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK), report::toString);
    }

    @Test
    void explicitPointsCarryCharsStringsAndEnumConstants() {
        GradCheckReport report = GradCheck.of(Options.class)
                .at(0.3, 'a').at(0.3, 'x')
                .at(0.7, "bp").at(0.7, "pct")
                .at(0.5, 1.5, Kind.PUT)
                .check();

        Set<String> points = report.comparisons().stream().map(c -> c.method() + " #" + c.point() + " " + c.where())
                .collect(Collectors.toSet());
        assertEquals(Set.of("graded(double, char) #0 x=0.3, arg1='a'", "graded(double, char) #1 x=0.3, arg1='x'",
                "inUnit(double, String) #0 x=0.7, arg1=\"bp\"", "inUnit(double, String) #1 x=0.7, arg1=\"pct\"",
                "price(double, double, Kind) #0 s=0.5, k=1.5, arg2=PUT"), points, report::toString);
    }

    @Test
    void charsAndStringsAtRandomPointsAreGivenByTheUser() {
        GradCheckReport report = GradCheck.of(Options.class).method("graded").points(6)
                .generate("arg1", r -> r.nextBoolean() ? 'a' : 'q').check();
        assertEquals(6, report.comparisons().size());
        assertTrue(report.comparisons().stream().allMatch(c -> c.where().matches(".*arg1='[aq]'")), report::toString);

        GradCheckReport fixed = GradCheck.of(Options.class).method("inUnit").points(3).fixed("arg1", "bp").check();
        assertEquals(3, fixed.comparisons().size());
        assertTrue(fixed.comparisons().stream().allMatch(c -> c.where().endsWith("arg1=\"bp\"")), fixed::toString);
    }

    @Test
    void aCharOrAStringNotGivenIsAnErrorSayingHowToGiveIt() {
        IllegalArgumentException charError = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.of(Options.class).method("graded").points(2).run());
        assertEquals("graded(double, char): parameter arg1 is a char, which GradCheck does not draw at random"
                + " points; give its values with fixed(\"arg1\", ...) or generate(\"arg1\", r -> ...), or check"
                + " explicit points with at(...)", charError.getMessage());
        IllegalArgumentException stringError = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.of(Options.class).method("inUnit").run());
        assertTrue(stringError.getMessage().startsWith("inUnit(double, String): parameter arg1 is a String,"),
                stringError.getMessage());
    }

    @Test
    void aDerivativeWrongForOneConstantIsCaught() {
        GradCheckReport report = GradCheck.of(Options.class).gradClass(dev.adjoint.test.broken.OptionsGrad.class)
                .method("price").domain(-2, 2).points(3).seed(11).run();

        assertFalse(report.passed());
        List<Comparison> mismatches = report.comparisons().stream().filter(c -> c.status() == Status.MISMATCH).toList();
        // d/ds is wrong at every PUT point (k is never 1 there), d/dk and the other constants are right
        assertEquals(3, mismatches.size(), report::toString);
        assertTrue(mismatches.stream().allMatch(c -> c.where().endsWith("arg2=PUT") && c.input().equals("s")),
                report::toString);
        assertTrue(report.toString().contains("price(double, double, Kind) at point #"), report::toString);
        assertTrue(report.failures().stream().allMatch(f -> f.contains("arg2=PUT")), report::toString);
    }
}
