package golden;

import dev.adjoint.Differentiable;

/** Index and flag arrays: never differentiated, they choose which doubles are read. */
public final class IndexArrays {
    @Differentiable
    public static double gather(double[] x, int[] idx, boolean[] mask) {
        int[] counts = new int[x.length];
        double s = 0;
        for (int k = 0; k < idx.length; k++) {
            if (mask[k]) {
                counts[idx[k]]++;
                s = s * 0.5 + x[idx[k]] * counts[idx[k]];
            }
        }
        return s;
    }
}
