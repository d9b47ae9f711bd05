package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook EXAMPLE 2 (cell {@code In [37]}): {@code f(x) = (x-2)**2} at {@code x = 1}.
 *
 * <pre>
 * def f(x):
 *     return (x-2)**2
 * def df(x):
 *     return 2*(x-2)
 * </pre>
 *
 * <p>PyTorch printed {@code tensor([-2.])} for both.
 */
public final class Example2 {

    private Example2() {
    }

    /** The notebook's {@code f(x) = (x-2)**2}; note the base {@code x-2} is negative at {@code x = 1}. */
    @Differentiable
    public static double f(double x) {
        return Math.pow(x - 2, 2);
    }

    /** The notebook's analytical {@code df(x) = 2*(x-2)}. */
    public static double df(double x) {
        return 2 * (x - 2);
    }
}
