package lib;

import dev.adjoint.Differentiable;

/** Compiled first, on its own, as if it came from a jar. */
public final class Energy {
    @Differentiable
    public static double energy(double position, double velocity, int scale) {
        return scale * (0.5 * velocity * velocity + Math.cos(position));
    }
}
