package golden;

import dev.adjoint.Differentiable;

public class LoopArrays {
    /** A fresh array each iteration, one longer each time, whose elements the adjoint sweep reads back. */
    @Differentiable
    public static double growing(double x, double[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            double[] tmp = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                tmp[j] = w[j] * x;
            }
            s += Math.sin(tmp[0] * tmp[i]);
        }
        return s;
    }

    /** An initializer per iteration, left by a break; its elements are only summed, so only lengths are taped. */
    @Differentiable
    public static double pairs(double x, double y, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double[] p = {x * i, y};
            if (s > 10) {
                break;
            }
            s += p[0] + p[1];
        }
        return s;
    }

    /** Given a new array written out from the one it replaces, each iteration. */
    @Differentiable
    public static double rotated(double x, double y, int n) {
        double[] p = {x, y};
        for (int i = 0; i < n; i++) {
            p = new double[] {p[1] * 0.9, Math.sin(p[0]) + p[1]};
        }
        return p[0] * p[1];
    }
}
