package dev.adjoint.samples.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.runtime.DoubleStack;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import org.junit.jupiter.api.Test;

/** An exception out of the middle of a taped loop leaves the thread's tapes as it found them, fit for the next gradient. */
class ExceptionInLoopTest {

    @Test
    void theNextGradientOnTheThreadIsRight() {
        double[] w = {0.3, -1.2, 0.7, 2.0, 0.1};
        KernelsGrad.WalkGradient before = KernelsGrad.walkGradient(0.4, w, 5);

        int taped = DoubleStack.forThisThread().size();
        for (int attempt = 0; attempt < 3; attempt++) {
            // the forward sweep has pushed five steps when w[5] throws, as the primal does
            assertThrows(ArrayIndexOutOfBoundsException.class, () -> Kernels.walk(0.4, w, 9));
            assertThrows(ArrayIndexOutOfBoundsException.class, () -> KernelsGrad.walkGradient(0.4, w, 9));
            // and the gradient took those steps back off the thread's tape
            assertEquals(taped, DoubleStack.forThisThread().size());
        }

        KernelsGrad.WalkGradient after = KernelsGrad.walkGradient(0.4, w, 5);
        assertEquals(Double.doubleToRawLongBits(before.value()), Double.doubleToRawLongBits(after.value()));
        assertEquals(Double.doubleToRawLongBits(before.dX()), Double.doubleToRawLongBits(after.dX()));
        assertArrayEquals(before.dW(), after.dW(), 0.0);
        // and both agree with forward mode
        assertEquals(before.dX(), KernelsGrad.walkForward(Dual.variable(0.4), DualArrays.constant(w), 5).tangent(), 1e-14);
    }
}
