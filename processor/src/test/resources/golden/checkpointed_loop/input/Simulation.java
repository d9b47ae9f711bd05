package golden;

import dev.adjoint.Differentiable;

/**
 * Loops whose tape memory is bounded (checkpoint = true): a path of Euler steps inside a loop over
 * paths, whose checkpoint holds the scalars the outer loop changes (not fused: the result reads the
 * sum through an active factor), an iterated map, and a state vector overwritten in place, which each
 * checkpoint copies whole.
 */
public final class Simulation {
    @Differentiable(checkpoint = true, wrt = {"spot", "sigma"})
    public static double pathMean(double spot, double sigma, double[] normals, int paths, int steps) {
        double sum = 0;
        for (int p = 0; p < paths; p++) {
            double s = spot;
            for (int k = 0; k < steps; k++) {
                s = s * (1 + sigma * normals[p * steps + k]);
            }
            sum += Math.max(s - 1.0, 0.0);
        }
        return Math.exp(-sigma) * sum / paths;
    }

    @Differentiable(checkpoint = true)
    public static double map(double x, int steps) {
        for (int k = 0; k < steps; k++) {
            x = Math.sin(x) * 1.5 + 0.1 * x;
        }
        return x;
    }

    @Differentiable(checkpoint = true)
    public static double oscillator(double x, double v, double h, int steps) {
        double[] state = new double[2];
        state[0] = x;
        state[1] = v;
        for (int k = 0; k < steps; k++) {
            state[1] -= h * Math.sin(state[0]);
            state[0] += h * state[1];
        }
        return state[0];
    }
}
