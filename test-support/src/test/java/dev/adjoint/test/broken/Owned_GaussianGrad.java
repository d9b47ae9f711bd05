package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Owned;
import dev.adjoint.test.fixtures.Owned.Gaussian;

/**
 * Hand-written, deliberately broken derivatives of {@link Owned.Gaussian#logPdf}, of the shape of the
 * generated {@code dev.adjoint.test.fixtures.Owned_GaussianGrad} (without the Hessian): the gradient's
 * partial for {@code self.sigma} has the wrong sign; forward mode is right.
 */
public final class Owned_GaussianGrad {

    private Owned_GaussianGrad() {
    }

    public static Dual logPdfForward(Gaussian self, Gaussian selfDot, Dual x) {
        return dev.adjoint.test.fixtures.Owned_GaussianGrad.logPdfForward(self, selfDot, x);
    }

    public static LogPdfGradient logPdfGradient(Gaussian self, double x) {
        var g = dev.adjoint.test.fixtures.Owned_GaussianGrad.logPdfGradient(self, x);
        return new LogPdfGradient(g.value(), new Gaussian(g.dSelf().mu(), -g.dSelf().sigma()), g.dX());
    }

    public record LogPdfGradient(double value, Gaussian dSelf, double dX) {
    }
}
