package dev.adjoint.samples;

import dev.adjoint.test.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Every @Differentiable method of the samples checked the way a user would check theirs: forward,
 * reverse and finite differences at seeded random points, with adjoint-test's GradCheck.
 */
class GradCheckTest {

    @Test
    void notebookMethods() {
        for (Class<?> sample : new Class<?>[] {Example1.class, Example2.class, Example3.class, Example4.class,
                Question1.class, Question2.class, Question3.class, Question5.class}) {
            GradCheck.of(sample).domain(-2, 2).points(10).seed(7).check();
        }
        GradCheck.of(Question4.class).domain(-1, 1).points(10).seed(7).check();
        GradCheck.of(Question6.class).domain("x", 0.5, 2).domain("y", 0.5, 2.5).domain("z", 0.5, 3).points(10).seed(7)
                .check();
    }

    @Test
    void showcaseModels() {
        GradCheck.of(RosenbrockDescent.class).domain(-1.5, 1.5).arraySize(5).points(10).seed(7).check();
        GradCheck.of(LogisticRegressionTraining.class).domain(-1, 1)
                .generate("y", random -> {
                    double[] labels = new double[3];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = random.nextBoolean() ? 1 : 0;
                    }
                    return labels;
                })
                .points(10).seed(7).check();
        GradCheck.of(BlackScholesGreeks.class).method("callPrice")
                .domain("spot", 50, 150).domain("strike", 50, 150).domain("rate", 0, 0.1)
                .domain("volatility", 0.1, 0.5).domain("time", 0.1, 2).points(10).seed(7).check();
    }
}
