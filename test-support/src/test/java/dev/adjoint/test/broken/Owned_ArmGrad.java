package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Owned;
import dev.adjoint.test.fixtures.Owned.Arm;
import dev.adjoint.test.fixtures.Owned.Point;

/**
 * Hand-written, deliberately broken derivatives of {@link Owned.Arm#tip}, of the shape of the generated
 * {@code dev.adjoint.test.fixtures.Owned_ArmGrad}: forward mode drops the direction of
 * {@code self.length}, so its column of the Jacobian is 0; the pullback and the Jacobian are right.
 */
public final class Owned_ArmGrad {

    private Owned_ArmGrad() {
    }

    public static dev.adjoint.test.fixtures.Owned_ArmGrad.TipForward tipForward(Arm self, Arm selfDot, Dual base) {
        return dev.adjoint.test.fixtures.Owned_ArmGrad.tipForward(self, new Arm(0, selfDot.angle()), base);
    }

    public static dev.adjoint.test.fixtures.Owned_ArmGrad.TipPullback tipPullback(Arm self, double base, Point seed) {
        return dev.adjoint.test.fixtures.Owned_ArmGrad.tipPullback(self, base, seed);
    }

    public static double[][] tipJacobian(Arm self, double base) {
        return dev.adjoint.test.fixtures.Owned_ArmGrad.tipJacobian(self, base);
    }
}
