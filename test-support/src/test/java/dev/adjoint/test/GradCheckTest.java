package dev.adjoint.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.test.GradCheckReport.Comparison;
import dev.adjoint.test.GradCheckReport.Status;
import dev.adjoint.test.fixtures.Curvature;
import dev.adjoint.test.fixtures.Model;
import dev.adjoint.test.fixtures.Scaled;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The passing paths: correct generated derivatives pass, with the points and inputs the builder asked for. */
class GradCheckTest {

    @Test
    void everyDifferentiableMethodOfAClassAtRandomPoints() {
        GradCheckReport report = GradCheck.of(Model.class).domain(-2, 2).points(20).seed(42).check();

        assertTrue(report.passed(), report::toString);
        Set<String> methods = report.comparisons().stream().map(Comparison::method).collect(Collectors.toSet());
        assertEquals(Set.of("cube(double)", "f(double)", "f(double, double)", "loss(double[], double, double[][], double[])",
                "power(double, int, long)", "select(double, double, boolean)"), methods, "helper() is not @Differentiable");
        // loss: w (3) + b + features (3 x 3) + labels (3) = 16 inputs at each of 20 points
        assertEquals(16 * 20, report.comparisons().stream().filter(c -> c.method().startsWith("loss")).count());
        assertTrue(report.skipped().isEmpty(), report::toString);
        assertTrue(report.comparisons().stream().allMatch(c -> c.status() == Status.OK));
        assertTrue(report.comparisons().stream().allMatch(c -> c.margin() <= 1));
        assertTrue(report.toString().contains("passed"), report::toString);
    }

    @Test
    void oneMethodAtOnePoint() {
        double[] w = {0.5, -1.0, 0.25};
        double[][] features = {{1, 2, 3}, {-1, 0.5, 2}};
        double[] labels = {1, 0};

        GradCheckReport report = GradCheck.of(Model.class).method("loss").at(w, 0.5, features, labels).check();

        assertEquals(3 + 1 + 6 + 2, report.comparisons().size());
        assertEquals(List.of("w[0]", "w[1]", "w[2]", "b", "features[0][0]", "features[0][1]", "features[0][2]",
                        "features[1][0]", "features[1][1]", "features[1][2]", "labels[0]", "labels[1]"),
                report.comparisons().stream().map(Comparison::input).toList());
        assertArrayEquals(new double[] {0.5, -1.0, 0.25}, w);
        // the worst-per-input table names every input
        assertEquals(12, report.worstPerInput().size());
        assertTrue(report.table().contains("features[1][2]"), report::table);
    }

    @Test
    void explicitPointsAreCopiedAndNumbersWidened() {
        double[] c = {1, 2, 3};
        GradCheck check = GradCheck.of(Model.Inner.class).at(2, c); // an int for the double x
        c[0] = Double.NaN; // changed after at(): must not matter
        GradCheckReport report = check.check();
        assertEquals(1 + 3, report.comparisons().size());
        assertTrue(report.comparisons().get(0).where().startsWith("x=2, c=[1, 2, 3]"), report::toString);
    }

    @Test
    void nestedClassesUseTheirUnderscoredGradClass() {
        assertEquals("dev.adjoint.test.fixtures.Model_InnerGrad", GradCheck.generatedClass(Model.Inner.class).getName());
        GradCheckReport report = GradCheck.of(Model.Inner.class).arraySize("c", 6).domain("c", -3, 3).check();
        assertEquals(10 * (1 + 6), report.comparisons().size());
    }

    @Test
    void anOverloadBySignature() {
        GradCheckReport report = GradCheck.of(Model.class).method("f", double.class, double.class)
                .domain(0.5, 2).points(5).check();
        assertEquals(Set.of("f(double, double)"),
                report.comparisons().stream().map(Comparison::method).collect(Collectors.toSet()));
        GradCheckReport both = GradCheck.of(Model.class).method("f").points(5).check();
        assertEquals(Set.of("f(double)", "f(double, double)"),
                both.comparisons().stream().map(Comparison::method).collect(Collectors.toSet()));
    }

    @Test
    void anExplicitPointGoesToTheOverloadsItFits() {
        GradCheckReport report = GradCheck.of(Model.class).method("f").at(0.3).at(0.3, 0.7).check();
        assertEquals(List.of("f(double)", "f(double, double)", "f(double, double)"),
                report.comparisons().stream().map(Comparison::method).toList());
    }

    @Test
    void perParameterSettings() {
        // int and long parameters: named arg1, arg2 here (this module's tests compile without -parameters)
        GradCheckReport report = GradCheck.of(Model.class).method("power")
                .domain("x", 0.5, 1.5).fixed("arg1", 4).domain("arg2", 2, 2).points(8).check();
        assertTrue(report.comparisons().stream().allMatch(c -> c.where().contains("arg1=4, arg2=2L")), report::toString);
        assertTrue(report.comparisons().stream().allMatch(c -> {
            double x = Double.parseDouble(c.where().substring(2, c.where().indexOf(',')));
            return x >= 0.5 && x <= 1.5;
        }), report::toString);

        GradCheckReport loss = GradCheck.of(Model.class).method("loss").arraySize(2).matrixSize("features", 5, 2)
                .generate("labels", r -> {
                    double[] y = new double[5];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = r.nextInt(2);
                    }
                    return y;
                }).points(4).check();
        assertEquals(4 * (2 + 1 + 10 + 5), loss.comparisons().size());
        assertTrue(loss.comparisons().stream().allMatch(c -> c.where().contains("labels=[")
                && c.where().matches(".*labels=\\[[01], [01], [01], [01], \\.\\.\\. 5 elements].*")), loss::toString);
    }

    @Test
    void booleansTakeBothValues() {
        GradCheckReport report = GradCheck.of(Model.class).method("select").points(20).check();
        assertTrue(report.comparisons().stream().anyMatch(c -> c.where().endsWith("arg2=true")));
        assertTrue(report.comparisons().stream().anyMatch(c -> c.where().endsWith("arg2=false")));
    }

    @Test
    void theSameSeedGivesTheSamePoints() {
        List<String> a = GradCheck.of(Model.class).seed(7).points(3).check().comparisons().stream().map(Comparison::where).toList();
        List<String> b = GradCheck.of(Model.class).seed(7).points(3).check().comparisons().stream().map(Comparison::where).toList();
        List<String> c = GradCheck.of(Model.class).seed(8).points(3).check().comparisons().stream().map(Comparison::where).toList();
        assertEquals(a, b);
        assertNotEquals(a, c);
        // one method's points do not depend on which other methods are selected
        List<String> cubeAlone = GradCheck.of(Model.class).method("cube").seed(7).points(3).check()
                .comparisons().stream().map(Comparison::where).toList();
        assertEquals(cubeAlone, a.subList(0, 3));
    }

    @Test
    void methodsWithWrtAreCheckedOnTheParametersTheyDifferentiate() {
        GradCheckReport report = GradCheck.of(Scaled.class).domain(-2, 2).arraySize(3)
                .points(10).seed(7).check();

        assertTrue(report.passed(), report::toString);
        Set<String> inputs = report.comparisons().stream()
                .map(c -> c.method().substring(0, c.method().indexOf('(')) + " " + c.input().replaceAll("\\[.*", "[]"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("scaled x", "squaredError w[]", "squaredError b"), inputs,
                "only the wrt parameters are compared");
        // scaled: x at 10 points; squaredError: w (3) + b at 10 points
        assertEquals(10 + 4 * 10, report.comparisons().size(), report::toString);
    }

    @Test
    void hessiansAreCheckedAgainstDifferencesOfTheGradient() {
        GradCheckReport report = GradCheck.of(Curvature.class).domain(-1.5, 1.5).arraySize(3).points(10).seed(11)
                .check();
        assertTrue(report.passed(), report::toString);
        // every point of both methods also compared its Hessian entry by entry (2 x 2 and 4 x 4)
        String text = report.toString();
        assertTrue(text.contains("f(double, double): 10 points, " + 10 * (2 + 4) + " derivatives"), text);
        assertTrue(text.contains("energy(double, double[]): 10 points, " + 10 * (4 + 16) + " derivatives"), text);
    }

    @Test
    void mistakesInTheSetUpAreReportedAsSuch() {
        IllegalArgumentException noParam = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.of(Model.class).method("loss").domain("lables", 0, 1).check());
        assertTrue(noParam.getMessage().contains("'lables'") && noParam.getMessage().contains("labels"), noParam::getMessage);

        IllegalArgumentException noMethod = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.of(Model.class).method("los").check());
        assertTrue(noMethod.getMessage().contains("no @Differentiable method los"), noMethod::getMessage);

        IllegalArgumentException noOverload = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.of(Model.class).method("f", int.class).check());
        assertTrue(noOverload.getMessage().contains("f(int)"), noOverload::getMessage);

        IllegalArgumentException badPoint = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.of(Model.class).method("cube").at("one").check());
        assertTrue(badPoint.getMessage().contains("at(String) fits none"), badPoint::getMessage);

        assertThrows(IllegalArgumentException.class, () -> GradCheck.of(String.class).check());
        assertThrows(IllegalArgumentException.class, () -> GradCheck.of(Model.class).domain(1, -1));
    }

    @Test
    void aMethodThatThrowsAtARandomPointIsReported() {
        // power with n drawn from [1, 3] is fine; an array index out of range is not
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.of(Model.class).method("loss")
                .arraySize("labels", 4).points(1).check());
        assertTrue(e.getMessage().contains("the method itself threw java.lang.ArrayIndexOutOfBoundsException"), e::getMessage);
        assertFalse(e.getMessage().contains("passed"));
    }
}
