package golden;

import dev.adjoint.Differentiable;

/** Nested loops with a break and a continue, and a while loop whose count depends on a value. */
public final class NestedLoops {
    @Differentiable
    public static double triangle(double x, double[] w, int n) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w.length; j++) {
                if (j > i) {
                    break;
                }
                if (w[j] < 0) {
                    continue;
                }
                acc = acc * Math.cos(x) + w[j] * x;
            }
        }
        int k = 0;
        while (acc > 1 && k < 5) {
            acc = Math.sqrt(acc);
            k++;
        }
        return acc;
    }
}
