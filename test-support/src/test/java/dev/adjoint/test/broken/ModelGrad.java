package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Model;

/**
 * Hand-written, deliberately broken derivatives of {@link Model}, of the same shape as the generated
 * {@code dev.adjoint.test.fixtures.ModelGrad}: each method delegates to the generated one and breaks
 * one thing, the way a bug in a code generator (or in a hand-written adjoint) would. The tests check
 * {@code Model} against this class with {@code GradCheck.gradClass} and expect each break reported.
 */
public final class ModelGrad {

    private ModelGrad() {
    }

    // cube: forward mode right, reverse mode off by 1e-2
    public static Dual cubeForward(Dual x) {
        return dev.adjoint.test.fixtures.ModelGrad.cubeForward(x);
    }

    public static CubeGradient cubeGradient(double x) {
        var g = dev.adjoint.test.fixtures.ModelGrad.cubeGradient(x);
        return new CubeGradient(g.value(), g.dX() + 1e-2);
    }

    // f(double): derivatives right, value one ulp off in reverse mode
    public static Dual fForward(Dual x) {
        return dev.adjoint.test.fixtures.ModelGrad.fForward(x);
    }

    public static FDoubleGradient fGradient(double x) {
        var g = dev.adjoint.test.fixtures.ModelGrad.fGradient(x);
        return new FDoubleGradient(Math.nextUp(g.value()), g.dX());
    }

    // f(double, double): both modes swap the partials (forward by swapping the tangents)
    public static Dual fForward(Dual x, Dual y) {
        Dual d = dev.adjoint.test.fixtures.ModelGrad.fForward(new Dual(x.value(), y.tangent()), new Dual(y.value(), x.tangent()));
        return d;
    }

    public static FDoubleDoubleGradient fGradient(double x, double y) {
        var g = dev.adjoint.test.fixtures.ModelGrad.fGradient(x, y);
        return new FDoubleDoubleGradient(g.value(), g.dY(), g.dX());
    }

    // loss: reverse mode writes into the caller's labels and hands back the caller's w as dW;
    // forward mode writes into its Dual[][] argument
    public static Dual lossForward(Dual[] w, Dual b, Dual[][] features, Dual[] labels) {
        Dual d = dev.adjoint.test.fixtures.ModelGrad.lossForward(w, b, features, labels);
        features[0][0] = Dual.constant(0);
        return d;
    }

    public static LossGradient lossGradient(double[] w, double b, double[][] features, double[] labels) {
        var g = dev.adjoint.test.fixtures.ModelGrad.lossGradient(w, b, features, labels);
        labels[0] = 0.5;
        System.arraycopy(g.dW(), 0, w, 0, w.length);
        return new LossGradient(g.value(), w, g.dB(), g.dFeatures(), g.dLabels());
    }

    // select: reverse mode throws
    public static Dual selectForward(Dual x, Dual y, boolean first) {
        return dev.adjoint.test.fixtures.ModelGrad.selectForward(x, y, first);
    }

    public static SelectGradient selectGradient(double x, double y, boolean first) {
        throw new IllegalStateException("tape underflow");
    }

    // power: the gradient record has the wrong shape (a partial too few); no powerForward at all

    public static PowerGradient powerGradient(double x, int n, long k) {
        return new PowerGradient(Model.power(x, n, k));
    }

    public record CubeGradient(double value, double dX) {
    }

    public record FDoubleGradient(double value, double dX) {
    }

    public record FDoubleDoubleGradient(double value, double dX, double dY) {
    }

    public record LossGradient(double value, double[] dW, double dB, double[][] dFeatures, double[] dLabels) {
    }

    public record SelectGradient(double value, double dX, double dY) {
    }

    public record PowerGradient(double value) {
    }
}
