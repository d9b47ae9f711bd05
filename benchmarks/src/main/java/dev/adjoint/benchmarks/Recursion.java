package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/** A recursive differentiable method, for {@link StackDepth}. */
public final class Recursion {

    private Recursion() {
    }

    @Differentiable
    public static double iterate(double x, int n) {
        if (n <= 0) {
            return x;
        }
        return Math.sin(iterate(x, n - 1)) + 0.5 * x;
    }
}
