package golden;

import dev.adjoint.Differentiable;
import lib.Energy;

/** Calls of another differentiable method of this class and of one from a jar, and an inactive call. */
public final class Calls {
    @Differentiable
    public static double square(double v) {
        return v * v;
    }

    static int twice(int n) {
        return 2 * n;
    }

    @Differentiable
    public static double total(double q, double p, int n) {
        return square(q) * Energy.energy(q, p, twice(n)) + Energy.energy(p, q, 1);
    }
}
