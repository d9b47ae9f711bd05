package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook QUESTION 6 (cell {@code In [45]}): three inputs,
 * {@code f(x, y, z) = tanh(log(1 + z*((2*x)/sin(y))))}, differentiated at {@code (1, 2, 3)}.
 *
 * <pre>
 * def TorchFunc(x,y,z):
 *     return torch.tanh(torch.log(1+(z*((2*x)/torch.sin(y)))))
 * </pre>
 *
 * <p>The analytical function printed {@code df/dx=0.0581308218679247  df/dy=0.02660400976902784
 * df/dz=0.019376940622641566}; PyTorch printed {@code tensor([0.0581])  tensor([0.0266])
 * tensor([0.0194])}.
 */
public final class Question6 {

    private Question6() {
    }

    /** The notebook's {@code TorchFunc(x, y, z) = tanh(log(1 + z*((2*x)/sin(y))))}. */
    @Differentiable
    public static double f(double x, double y, double z) {
        return Math.tanh(Math.log(1 + (z * ((2 * x) / Math.sin(y)))));
    }

    /** The three partial derivatives the notebook's analytical function returns. */
    public record Partials(double dfdx, double dfdy, double dfdz) {
    }

    /**
     * The notebook's analytical {@code f(x, y, z)}, which evaluates the function through
     * {@code a = 2x, b = sin(y), c = a/b, d = c*z, e = log(d+1), f = tanh(e)} and then runs the
     * chain rule backwards by hand, returning {@code (df/dx, df/dy, df/dz)}.
     */
    public static Partials analytical(double x, double y, double z) {
        double a = 2 * x;
        double b = Math.sin(y);
        double c = a / b;
        double d = c * z;
        double e = Math.log(d + 1);
        double f = Math.tanh(e);

        double dfde = 1 - Math.pow(f, 2);
        double dfdd = dfde * (1 / (d + 1));
        double dfdz = dfdd * c;
        double dfdc = dfdd * z;
        double dfdb = dfdc * (-a / Math.pow(b, 2));
        double dfdy = dfdb * Math.cos(y);
        double dfda = dfdc * (1 / b);
        double dfdx = dfda * 2;
        return new Partials(dfdx, dfdy, dfdz);
    }
}
