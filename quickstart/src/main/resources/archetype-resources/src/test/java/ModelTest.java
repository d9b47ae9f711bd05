package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.GradCheck;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void gradientMatchesTheClosedForm() {
        double x = 0.5;
        double y = 2.0;
        ModelGrad.FGradient g = ModelGrad.fGradient(x, y);

        double e = Math.exp(x * y);
        double d = 1 + y * y;
        assertEquals(Model.f(x, y), g.value(), 0.0);
        assertEquals(Math.sin(y) + y * e / d, g.dX(), 1e-12);
        assertEquals(x * Math.cos(y) + x * e / d - 2 * y * e / (d * d), g.dY(), 1e-12);

        // forward mode: seed x with tangent 1 for df/dx
        Dual dfdx = ModelGrad.fForward(Dual.variable(x), Dual.constant(y));
        assertEquals(g.dX(), dfdx.tangent(), 1e-12);
    }

    @Test
    void gradCheck() {
        // every @Differentiable method of Model: forward, reverse and finite differences agree
        // at 20 seeded random points in [-2, 2]
        GradCheck.of(Model.class).domain(-2, 2).points(20).seed(42).check();
    }
}
