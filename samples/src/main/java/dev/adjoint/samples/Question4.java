package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook QUESTION 4 (cell {@code In [43]}): {@code f(x) = exp(-(x**2) - (2*x) - sin(x))} at
 * {@code x = 5}, where the derivative is tiny (about {@code -2e-14}).
 *
 * <pre>
 * def f(x):
 *     return np.exp(-(x**2)-(2*x)-(np.sin(x)))
 * def df(x):
 *     return -1*f(x)*(np.cos(x)+(2*x)+2)
 * </pre>
 *
 * <p>The analytical function printed {@code -2.0205821812141855e-14}; PyTorch printed
 * {@code tensor([-2.0206e-14])}.
 */
public final class Question4 {

    private Question4() {
    }

    /** The notebook's {@code f(x) = exp(-(x**2) - (2*x) - sin(x))}. */
    @Differentiable
    public static double f(double x) {
        return Math.exp(-(Math.pow(x, 2)) - (2 * x) - (Math.sin(x)));
    }

    /** The notebook's analytical {@code df(x) = -1*f(x)*(cos(x) + 2x + 2)}. */
    public static double df(double x) {
        return -1 * f(x) * (Math.cos(x) + (2 * x) + 2);
    }
}
