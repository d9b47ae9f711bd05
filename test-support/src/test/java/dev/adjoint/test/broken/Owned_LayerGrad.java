package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Owned;
import dev.adjoint.test.fixtures.Owned.Layer;

/**
 * Hand-written, deliberately broken derivatives of {@link Owned.Layer#score}, of the shape of the
 * generated {@code dev.adjoint.test.fixtures.Owned_LayerGrad}: the partial of {@code self} holds the
 * record's own weights array instead of a fresh one.
 */
public final class Owned_LayerGrad {

    private Owned_LayerGrad() {
    }

    public static Dual scoreForward(Layer self, Layer selfDot, Dual[] x) {
        return dev.adjoint.test.fixtures.Owned_LayerGrad.scoreForward(self, selfDot, x);
    }

    public static ScoreGradient scoreGradient(Layer self, double[] x) {
        var g = dev.adjoint.test.fixtures.Owned_LayerGrad.scoreGradient(self, x);
        return new ScoreGradient(g.value(), new Layer(self.weights(), g.dSelf().bias(), self.width()), g.dX());
    }

    public record ScoreGradient(double value, Layer dSelf, double[] dX) {
    }
}
