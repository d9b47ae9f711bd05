package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook QUESTION 2 (cell {@code In [41]}): a neuron with a ReLU-like activation,
 * {@code a = max(w*x + b, 0)} written as an if/else, differentiated at
 * {@code (w, x, b) = (3, 1, 2)}.
 *
 * <pre>
 * u=w*x
 * v=u+b
 * if(v>0): a=v
 * else: a=0
 * a.backward()        # da/dw(w=3.0) using torch: 1.0
 * </pre>
 *
 * <p>All three of {@code w, x, b} had {@code requires_grad=True}; the notebook printed only
 * {@code w.grad}.
 */
public final class Question2 {

    private Question2() {
    }

    /** The computation PyTorch traced, including its if/else on {@code v}. */
    @Differentiable
    public static double neuron(double w, double x, double b) {
        double u = w * x;
        double v = u + b;
        double a;
        if (v > 0) a = v;
        else a = 0;
        return a;
    }

    /** The notebook's analytical {@code getGrad(w, x, b)}: {@code da/dw}. */
    public static double getGrad(double w, double x, double b) {
        double u = w * x;
        double v = u + b;
        double a;
        if (v > 0) a = v;
        else a = 0;
        if (a == 0) return 0;
        double dadv = 1;
        double dvdu = 1;
        double dudw = x;
        double dadw = dadv * dvdu * dudw;
        return dadw;
    }

    /** {@code da/dx}, not in the notebook, derived the same way as {@link #getGrad}. */
    public static double getGradX(double w, double x, double b) {
        double v = w * x + b;
        if (v <= 0) return 0;
        double dadv = 1;
        double dvdu = 1;
        double dudx = w;
        return dadv * dvdu * dudx;
    }

    /** {@code da/db}, not in the notebook, derived the same way as {@link #getGrad}. */
    public static double getGradB(double w, double x, double b) {
        double v = w * x + b;
        if (v <= 0) return 0;
        double dadv = 1;
        double dvdb = 1;
        return dadv * dvdb;
    }
}
