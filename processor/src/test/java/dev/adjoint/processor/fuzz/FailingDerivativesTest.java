package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The derivatives the minimiser keeps failing while it shrinks a program (ExtendedFuzzTest.minimised). */
class FailingDerivativesTest {

    @Test
    void finiteDifferenceFailuresNameTheirInputs() {
        assertEquals(Set.of("d/dw[0]", "d/dx"), ExtendedFuzzTest.failingDerivatives("""
                finite differences disagree with both modes:
                  d/dw[0]: forward -0.0029473211082161038, reverse -0.0029473211082161033, finite differences -0.003094375082717293 ± 8.8e-09 (step factor 0.001, one branch path on the stencil)
                  d/dx: forward 1.0, reverse 1.0, finite differences 2.0 ± 1e-09 (step factor 0.01, one branch path on the stencil)"""));
    }

    @Test
    void hessianAndAdFailuresNameTheirEntries() {
        assertEquals(Set.of("H[x][w[1]]", "H[w[2]][y]"), ExtendedFuzzTest.failingDerivatives("""
                fHessian disagrees with differences of the reverse gradient:
                  H[x][w[1]] = 0.5, differences of the reverse gradient 0.25 ± 1e-09 (step factor 0.01)
                  H[w[2]][y] = 0.5, differences of the reverse gradient 0.25 ± 1e-09 (step factor 0.01)"""));
        assertEquals(Set.of("d/dy"), ExtendedFuzzTest.failingDerivatives("""
                AD check (values bit for bit, forward vs reverse) failed:
                  d/dy: forward 1.0 and reverse 2.0 disagree"""));
    }

    @Test
    void aFailureNamingNoDerivativeGivesNone() {
        assertEquals(Set.of(), ExtendedFuzzTest.failingDerivatives("fHessian has 2 rows for 3 inputs"));
    }
}
