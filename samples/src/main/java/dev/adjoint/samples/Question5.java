package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook QUESTION 5 (cell {@code In [44]}): the quartic
 * {@code f(x) = 8x**4 + 3x**3 + 7x**2 + 6x + 3} at {@code x = 2}.
 *
 * <pre>
 * def f(x):
 *     return 8*x**4+3*x**3+7*x**2+6*x+3
 * def computeGrad(x):
 *     grad=32*x**3+9*x**2+14*x+6
 *     return grad
 * </pre>
 *
 * <p>Both printed {@code 326.0}.
 */
public final class Question5 {

    private Question5() {
    }

    /** The notebook's {@code f(x) = 8*x**4 + 3*x**3 + 7*x**2 + 6*x + 3}. */
    @Differentiable
    public static double f(double x) {
        return 8 * Math.pow(x, 4) + 3 * Math.pow(x, 3) + 7 * Math.pow(x, 2) + 6 * x + 3;
    }

    /** The notebook's analytical {@code computeGrad(x) = 32*x**3 + 9*x**2 + 14*x + 6}. */
    public static double computeGrad(double x) {
        double grad = 32 * Math.pow(x, 3) + 9 * Math.pow(x, 2) + 14 * x + 6;
        return grad;
    }
}
