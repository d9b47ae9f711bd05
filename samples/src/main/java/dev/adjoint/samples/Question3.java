package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook QUESTION 3 (cell {@code In [42]}): a neuron with a sigmoid activation,
 * {@code a = 1/(1 + exp(-(w*x + b)))}, differentiated at {@code (w, x, b) = (1, 5, 1)}.
 *
 * <pre>
 * u=w*x
 * v=u+b
 * a=1/(1+torch.exp(-1*v))
 * a.backward()        # using torch: da/dw(w=1.0)=0.012332547456026077   (float32)
 *                     # using analytical function: 0.012332546456800243  (float64)
 * </pre>
 *
 * <p>All three of {@code w, x, b} had {@code requires_grad=True}; the notebook printed only
 * {@code w.grad}.
 */
public final class Question3 {

    private Question3() {
    }

    /** The computation PyTorch traced. */
    @Differentiable
    public static double neuron(double w, double x, double b) {
        double u = w * x;
        double v = u + b;
        double a = 1 / (1 + Math.exp(-1 * v));
        return a;
    }

    /** The notebook's {@code diffSigmoid(v)}: the sigmoid's derivative by the chain rule. */
    public static double diffSigmoid(double v) {
        double a = -v;
        double b = Math.exp(a);
        double c = 1 + b;
        double s = 1 / c;
        // to find ds/dv
        double dsdc = -1 / Math.pow(c, 2);
        double dsdb = dsdc * 1;
        double dsda = dsdb * Math.exp(a);
        double dsdv = dsda * (-1);
        return dsdv;
    }

    /** The notebook's analytical {@code compGrad(w, x, b)}: {@code da/dw}. */
    public static double compGrad(double w, double x, double b) {
        double u = w * x;
        double v = u + b;
        double a = 1 / (1 + Math.exp(-v));
        if (a == 0) return 0;
        double dadv = diffSigmoid(v);
        double dadu = dadv * 1;
        double dadw = dadu * x;
        return dadw;
    }

    /** {@code da/dx}, not in the notebook, derived the same way as {@link #compGrad}. */
    public static double compGradX(double w, double x, double b) {
        double v = w * x + b;
        double dadv = diffSigmoid(v);
        double dadu = dadv * 1;
        double dudx = w;
        return dadu * dudx;
    }

    /** {@code da/db}, not in the notebook, derived the same way as {@link #compGrad}. */
    public static double compGradB(double w, double x, double b) {
        double v = w * x + b;
        double dadv = diffSigmoid(v);
        double dvdb = 1;
        return dadv * dvdb;
    }
}
