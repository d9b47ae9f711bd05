package dev.adjoint.samples.load;

import dev.adjoint.Differentiable;

/** The two loop shapes whose reverse mode uses per-thread state: a taped loop and a fused one. */
public final class Kernels {

    private Kernels() {
    }

    /** Carries state from step to step: the reverse sweep reads its values back from the thread's tape. */
    @Differentiable
    public static double damped(double x, double a, double b, int steps) {
        for (int i = 0; i < steps; i++) {
            x = Math.sin(a * x) + b * x;
        }
        return x;
    }

    /** Only accumulates: reverse mode fuses it into one pass with no tape. */
    @Differentiable
    public static double weightedSquares(double[] w, double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double r = w[i] * x[i] - 1;
            sum += r * r * Math.exp(-w[i]);
        }
        return sum;
    }

    /** Throws ArrayIndexOutOfBoundsException in the middle of its taped loop when {@code steps > w.length}. */
    @Differentiable
    public static double walk(double x, double[] w, int steps) {
        for (int i = 0; i < steps; i++) {
            x = Math.cos(x * w[i]) + x;
        }
        return x;
    }
}
