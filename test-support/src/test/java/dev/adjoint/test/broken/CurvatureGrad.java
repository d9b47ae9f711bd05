package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Curvature;

/**
 * Hand-written, deliberately broken second derivatives of {@link Curvature}: first order delegates to
 * the generated {@code dev.adjoint.test.fixtures.CurvatureGrad}, and {@code fHessian} gets one entry
 * wrong, as a bug in the second-order code would.
 */
public final class CurvatureGrad {

    private CurvatureGrad() {
    }

    public static Dual fForward(Dual x, Dual y) {
        return dev.adjoint.test.fixtures.CurvatureGrad.fForward(x, y);
    }

    public static dev.adjoint.test.fixtures.CurvatureGrad.FGradient fGradient(double x, double y) {
        return dev.adjoint.test.fixtures.CurvatureGrad.fGradient(x, y);
    }

    /** d²f/dy² is x² (-sin(xy)) · ... : here the sine term is left out, so H[y][y] is 0. */
    public static double[][] fHessian(double x, double y) {
        double[][] h = dev.adjoint.test.fixtures.CurvatureGrad.fHessian(x, y);
        h[1][1] = 0;
        return h;
    }
}
