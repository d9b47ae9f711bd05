package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook EXAMPLE 4 (cell {@code In [39]}): the sigmoid {@code 1/(1 + exp(-x))} at {@code x = 2}.
 *
 * <pre>
 * def sigmoid(x):
 *     y=1.0/(1.0+torch.exp(-x))
 *     return y
 * </pre>
 *
 * <p>PyTorch (float32) printed {@code 0.10499356687068939}; the analytical function (float64)
 * printed {@code 0.1049935854035065}.
 */
public final class Example4 {

    private Example4() {
    }

    /** The notebook's {@code sigmoid(x) = 1.0/(1.0 + exp(-x))}. */
    @Differentiable
    public static double sigmoid(double x) {
        double y = 1.0 / (1.0 + Math.exp(-x));
        return y;
    }

    /**
     * The notebook's analytical {@code grad(x)}: the chain rule through {@code a = -x},
     * {@code b = exp(a)}, {@code c = 1 + b}, {@code s = 1/c}.
     */
    public static double grad(double x) {
        double a = -x;
        double b = Math.exp(a);
        double c = 1 + b;
        double s = 1 / c;

        double dsdc = -1 * (1 / Math.pow(c, 2));
        double dsdb = dsdc * 1;
        double dsda = dsdb * Math.exp(a);
        double dsdx = -1 * dsda;
        return dsdx;
    }
}
