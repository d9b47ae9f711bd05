package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.Dual;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every derivative of the seed notebook, in Adjoint's forward mode and reverse mode, against the
 * double-precision values the notebook's analytical functions give and against the notebook's
 * hand-derived gradients translated to Java. Integer-valued derivatives are asserted exactly; the
 * others to {@value #RELATIVE} relative.
 */
class NotebookTest {

    private static final double RELATIVE = 1e-12;

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = RELATIVE * Math.abs(expected);
        assertTrue(Math.abs(expected - actual) <= tolerance,
                () -> what + ": expected " + expected + " to 1e-12 relative but was " + actual);
    }

    /** Zero either way round: {@code 0 * -3} is {@code -0.0}, an equally correct derivative. */
    private static void assertZero(double actual, String what) {
        assertEquals(0.0, actual, 0.0, what);
    }

    @Test
    @DisplayName("Example 1: dz/dx at x=3.5 is 14")
    void example1() {
        double x = 3.5;
        Dual forward = Example1Grad.zForward(Dual.variable(x));
        Example1Grad.ZGradient reverse = Example1Grad.zGradient(x);
        assertEquals(14.0, forward.tangent(), "forward");
        assertEquals(14.0, reverse.dX(), "reverse");
        assertEquals(14.0, Example1.dzdx(x), "analytical");
        assertEquals(27.5, forward.value(), "forward value (the notebook printed z=27.5)");
        assertEquals(27.5, reverse.value(), "reverse value (the notebook printed z=27.5)");
    }

    @Test
    @DisplayName("Example 2: df/dx of (x-2)**2 at x=1 is -2 (negative base of the power)")
    void example2() {
        double x = 1;
        Dual forward = Example2Grad.fForward(Dual.variable(x));
        Example2Grad.FGradient reverse = Example2Grad.fGradient(x);
        assertEquals(-2.0, forward.tangent(), "forward");
        assertEquals(-2.0, reverse.dX(), "reverse");
        assertEquals(-2.0, Example2.df(x), "analytical");
        assertEquals(1.0, forward.value(), "forward value");
        assertEquals(1.0, reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Example 3: dy/dx of x**2 + 5 at x=2 is 4")
    void example3() {
        double x = 2;
        Dual forward = Example3Grad.yForward(Dual.variable(x));
        Example3Grad.YGradient reverse = Example3Grad.yGradient(x);
        assertEquals(4.0, forward.tangent(), "forward");
        assertEquals(4.0, reverse.dX(), "reverse");
        assertEquals(4.0, Example3.dy(x), "analytical");
        assertEquals(9.0, forward.value(), "forward value");
        assertEquals(9.0, reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Example 4: sigmoid'(2) is 0.1049935854035065")
    void example4() {
        double x = 2;
        double expected = 0.1049935854035065;
        Dual forward = Example4Grad.sigmoidForward(Dual.variable(x));
        Example4Grad.SigmoidGradient reverse = Example4Grad.sigmoidGradient(x);
        assertClose(expected, forward.tangent(), "forward");
        assertClose(expected, reverse.dX(), "reverse");
        assertClose(expected, Example4.grad(x), "analytical");
        assertClose(Example4.sigmoid(x), forward.value(), "forward value");
        assertClose(Example4.sigmoid(x), reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Question 1: dz/da = 34 and dz/db = 114 at (a,b)=(1,2)")
    void question1() {
        double a = 1;
        double b = 2;
        Question1Grad.ZGradient reverse = Question1Grad.zGradient(a, b);
        assertEquals(34.0, Question1Grad.zForward(Dual.variable(a), Dual.constant(b)).tangent(), "forward dz/da");
        assertEquals(114.0, Question1Grad.zForward(Dual.constant(a), Dual.variable(b)).tangent(), "forward dz/db");
        assertEquals(34.0, reverse.dA(), "reverse dz/da");
        assertEquals(114.0, reverse.dB(), "reverse dz/db");
        assertEquals(34.0, Question1.grad(a, b), "analytical dz/da");
        assertEquals(114.0, Question1.gradB(a, b), "analytical dz/db");
        assertEquals(Question1.z(a, b), reverse.value(), "reverse value");
        assertEquals(Question1.z(a, b), Question1Grad.zForward(Dual.variable(a), Dual.constant(b)).value(),
                "forward value");
    }

    @Test
    @DisplayName("Question 2: da/dw = 1 (and da/dx = 3, da/db = 1) at (w,x,b)=(3,1,2), active branch")
    void question2() {
        double w = 3;
        double x = 1;
        double b = 2;
        Question2Grad.NeuronGradient reverse = Question2Grad.neuronGradient(w, x, b);
        assertEquals(1.0, Question2Grad.neuronForward(Dual.variable(w), Dual.constant(x), Dual.constant(b)).tangent(),
                "forward da/dw");
        assertEquals(3.0, Question2Grad.neuronForward(Dual.constant(w), Dual.variable(x), Dual.constant(b)).tangent(),
                "forward da/dx");
        assertEquals(1.0, Question2Grad.neuronForward(Dual.constant(w), Dual.constant(x), Dual.variable(b)).tangent(),
                "forward da/db");
        assertEquals(1.0, reverse.dW(), "reverse da/dw");
        assertEquals(3.0, reverse.dX(), "reverse da/dx");
        assertEquals(1.0, reverse.dB(), "reverse da/db");
        assertEquals(1.0, Question2.getGrad(w, x, b), "analytical da/dw");
        assertEquals(3.0, Question2.getGradX(w, x, b), "analytical da/dx");
        assertEquals(1.0, Question2.getGradB(w, x, b), "analytical da/db");
        assertEquals(5.0, reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Question 2, other branch: v <= 0 gives a = 0 and zero gradient")
    void question2InactiveBranch() {
        double w = -3;
        double x = 1;
        double b = 2;
        Question2Grad.NeuronGradient reverse = Question2Grad.neuronGradient(w, x, b);
        assertZero(reverse.value(), "reverse value");
        assertZero(reverse.dW(), "reverse da/dw");
        assertZero(reverse.dX(), "reverse da/dx");
        assertZero(reverse.dB(), "reverse da/db");
        Dual forward = Question2Grad.neuronForward(Dual.variable(w), Dual.constant(x), Dual.constant(b));
        assertZero(forward.value(), "forward value");
        assertZero(forward.tangent(), "forward da/dw");
        assertZero(Question2.getGrad(w, x, b), "analytical da/dw");
    }

    @Test
    @DisplayName("Question 3: da/dw = 0.012332546456800243 at (w,x,b)=(1,5,1)")
    void question3() {
        double w = 1;
        double x = 5;
        double b = 1;
        double expected = 0.012332546456800243;
        Question3Grad.NeuronGradient reverse = Question3Grad.neuronGradient(w, x, b);
        assertClose(expected,
                Question3Grad.neuronForward(Dual.variable(w), Dual.constant(x), Dual.constant(b)).tangent(),
                "forward da/dw");
        assertClose(expected, reverse.dW(), "reverse da/dw");
        assertClose(expected, Question3.compGrad(w, x, b), "analytical da/dw");

        double expectedXb = Question3.compGradX(w, x, b);
        assertClose(expected / 5, expectedXb, "analytical da/dx = da/dw * w/x");
        assertClose(expectedXb, Question3.compGradB(w, x, b), "analytical da/db");
        assertClose(expectedXb,
                Question3Grad.neuronForward(Dual.constant(w), Dual.variable(x), Dual.constant(b)).tangent(),
                "forward da/dx");
        assertClose(expectedXb,
                Question3Grad.neuronForward(Dual.constant(w), Dual.constant(x), Dual.variable(b)).tangent(),
                "forward da/db");
        assertClose(expectedXb, reverse.dX(), "reverse da/dx");
        assertClose(expectedXb, reverse.dB(), "reverse da/db");
        assertClose(Question3.neuron(w, x, b), reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Question 4: df/dx at x=5 is -2.0205821812141855e-14")
    void question4() {
        double x = 5;
        double expected = -2.0205821812141855e-14;
        Dual forward = Question4Grad.fForward(Dual.variable(x));
        Question4Grad.FGradient reverse = Question4Grad.fGradient(x);
        assertClose(expected, forward.tangent(), "forward");
        assertClose(expected, reverse.dX(), "reverse");
        assertClose(expected, Question4.df(x), "analytical");
        assertClose(Question4.f(x), forward.value(), "forward value");
        assertClose(Question4.f(x), reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Question 5: df/dx of the quartic at x=2 is 326")
    void question5() {
        double x = 2;
        Dual forward = Question5Grad.fForward(Dual.variable(x));
        Question5Grad.FGradient reverse = Question5Grad.fGradient(x);
        assertEquals(326.0, forward.tangent(), "forward");
        assertEquals(326.0, reverse.dX(), "reverse");
        assertEquals(326.0, Question5.computeGrad(x), "analytical");
        assertEquals(195.0, forward.value(), "forward value");
        assertEquals(195.0, reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Question 6: (df/dx, df/dy, df/dz) at (1,2,3)")
    void question6() {
        double x = 1;
        double y = 2;
        double z = 3;
        double dx = 0.0581308218679247;
        double dy = 0.02660400976902784;
        double dz = 0.019376940622641566;
        Question6Grad.FGradient reverse = Question6Grad.fGradient(x, y, z);
        assertClose(dx, Question6Grad.fForward(Dual.variable(x), Dual.constant(y), Dual.constant(z)).tangent(),
                "forward df/dx");
        assertClose(dy, Question6Grad.fForward(Dual.constant(x), Dual.variable(y), Dual.constant(z)).tangent(),
                "forward df/dy");
        assertClose(dz, Question6Grad.fForward(Dual.constant(x), Dual.constant(y), Dual.variable(z)).tangent(),
                "forward df/dz");
        assertClose(dx, reverse.dX(), "reverse df/dx");
        assertClose(dy, reverse.dY(), "reverse df/dy");
        assertClose(dz, reverse.dZ(), "reverse df/dz");
        Question6.Partials analytical = Question6.analytical(x, y, z);
        assertClose(dx, analytical.dfdx(), "analytical df/dx");
        assertClose(dy, analytical.dfdy(), "analytical df/dy");
        assertClose(dz, analytical.dfdz(), "analytical df/dz");
        assertClose(Question6.f(x, y, z), reverse.value(), "reverse value");
    }

    @Test
    @DisplayName("Question 6: forward mode along (1,1,1) is the sum of the partials")
    void question6Directional() {
        Dual all = Question6Grad.fForward(Dual.variable(1), Dual.variable(2), Dual.variable(3));
        assertClose(0.0581308218679247 + 0.02660400976902784 + 0.019376940622641566, all.tangent(),
                "directional derivative");
    }

    @Test
    @DisplayName("The Notebook table: 17 rows, every one agreeing and consistent with PyTorch's figure")
    void notebookTable() {
        List<Notebook.Row> rows = Notebook.rows();
        assertEquals(17, rows.size());
        for (Notebook.Row row : rows) {
            assertTrue(row.agrees(), () -> "disagrees: " + row);
            assertTrue(row.consistentWithPytorch(), () -> "inconsistent with PyTorch: " + row);
        }
    }
}
