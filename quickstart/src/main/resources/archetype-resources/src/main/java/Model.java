package ${package};

import dev.adjoint.Differentiable;

/**
 * A model with one differentiable function. Compiling it makes Adjoint's annotation processor write
 * {@code ModelGrad} next to it (see target/generated-sources/annotations): {@code fGradient(x, y)}
 * returns the value and both partials from one reverse sweep, {@code fForward(Dual x, Dual y)} the
 * value and a directional derivative in forward mode.
 */
public final class Model {

    private Model() {
    }

    /** {@code f(x, y) = x sin(y) + exp(x y) / (1 + y^2)}. */
    @Differentiable
    public static double f(double x, double y) {
        double damping = 1 + y * y;
        return x * Math.sin(y) + Math.exp(x * y) / damping;
    }
}
