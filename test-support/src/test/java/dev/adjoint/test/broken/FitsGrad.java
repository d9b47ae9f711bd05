package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Fits;
import dev.adjoint.test.fixtures.Fits.Arm;
import dev.adjoint.test.fixtures.Fits.Chain;
import dev.adjoint.test.fixtures.Fits.Point;

/**
 * Hand-written, deliberately broken derivatives of {@link Fits}, of the shape of the generated
 * {@code dev.adjoint.test.fixtures.FitsGrad}: each method delegates to the generated one and breaks
 * one thing about a record parameter's partial.
 */
public final class FitsGrad {

    private FitsGrad() {
    }

    // tip: the pullback's partial for arm.angle has the wrong sign
    public static dev.adjoint.test.fixtures.FitsGrad.TipForward tipForward(Arm arm, Arm armDot, Dual base) {
        return dev.adjoint.test.fixtures.FitsGrad.tipForward(arm, armDot, base);
    }

    public static TipPullback tipPullback(Arm arm, double base, Point seed) {
        var p = dev.adjoint.test.fixtures.FitsGrad.tipPullback(arm, base, seed);
        return new TipPullback(p.value(), new Arm(p.dArm().length(), -p.dArm().angle()), p.dBase());
    }

    public static double[][] tipJacobian(Arm arm, double base) {
        return dev.adjoint.test.fixtures.FitsGrad.tipJacobian(arm, base);
    }

    // energy: the partial for chain.weights is the caller's own array
    public static Dual energyForward(Chain chain, Chain chainDot, Dual x) {
        return dev.adjoint.test.fixtures.FitsGrad.energyForward(chain, chainDot, x);
    }

    public static EnergyGradient energyGradient(Chain chain, double x) {
        var g = dev.adjoint.test.fixtures.FitsGrad.energyGradient(chain, x);
        return new EnergyGradient(g.value(), new Chain(g.dChain().line(), chain.weights(), chain.power()), g.dX());
    }

    public record TipPullback(Point value, Arm dArm, double dBase) {
    }

    public record EnergyGradient(double value, Chain dChain, double dX) {
    }
}
