package golden;

import dev.adjoint.Differentiable;

/** System.arraycopy: from a parameter into a local array, then within it (a shift register). */
public final class ArrayCopies {
    @Differentiable
    public static double register(double[] w, double x, int rounds) {
        double[] h = new double[w.length];
        System.arraycopy(w, 0, h, 0, w.length);
        for (int r = 0; r < rounds; r++) {
            System.arraycopy(h, 0, h, 1, h.length - 1);
            h[0] = Math.sin(h[1] * x);
        }
        return h[h.length - 1];
    }
}
