package golden;

import dev.adjoint.Differentiable;

/**
 * A recurrent cell: the accumulator {@code a} is reset each step, summed in two inner loops and read
 * by tanh after them. No write of {@code a} saves it: the additions' adjoints read no {@code a}, and
 * tanh's derivative is written with its result {@code h}, which the adjoint reads instead.
 */
public final class Recurrence {
    @Differentiable
    public static double recurrence(double[] w, double[] u, double[][] xs, double h0) {
        double h = h0;
        for (int t = 0; t < xs.length; t++) {
            double a = 0;
            for (int j = 0; j < w.length; j++) {
                a += w[j] * h;
            }
            for (int j = 0; j < u.length; j++) {
                a += u[j] * xs[t][j];
            }
            h = Math.tanh(a);
        }
        return h;
    }
}
