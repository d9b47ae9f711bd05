package dev.adjoint.benchmarks;

import dev.adjoint.DerivativeOf;
import dev.adjoint.Differentiable;

/**
 * The benchmarked functions, written once as plain Java; Adjoint generates {@code FunctionsGrad}
 * from them. Every other approach in this module (hand-written gradients, Hipparchus, Commons Math,
 * finmath, finite differences) evaluates exactly these formulas.
 */
public final class Functions {

    private Functions() {
    }

    /** The seed notebook's question 6: {@code tanh(log(1 + z * (2x / sin y)))}. */
    @Differentiable
    public static double q6(double x, double y, double z) {
        return Math.tanh(Math.log(1 + z * (2 * x / Math.sin(y))));
    }

    /**
     * {@code erfc(x)} by the Chebyshev fit of Numerical Recipes ({@code erfcc}, fractional error below
     * 1.2e-7 everywhere): only {@code exp}, arithmetic and a branch, so every library can run it.
     */
    @Differentiable
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }

    /** The standard normal CDF, {@code erfc(-x / sqrt 2) / 2}. */
    @Differentiable
    public static double normCdf(double x) {
        return 0.5 * erfc(-x * 0.7071067811865476);
    }

    /**
     * Black-Scholes price of a European call; its gradient is the five Greeks: delta ({@code dS}),
     * dual delta ({@code dK}), minus theta ({@code dT}), rho ({@code dR}) and vega ({@code dSigma}).
     */
    @Differentiable
    public static double blackScholes(double s, double k, double t, double r, double sigma) {
        double sqrtT = Math.sqrt(t);
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
        double d2 = d1 - sigma * sqrtT;
        return s * normCdf(d1) - k * Math.exp(-r * t) * normCdf(d2);
    }

    /**
     * The same normal CDF as {@link #normCdf}, not differentiated through its body: its derivative is
     * the rule below, the exact normal density, as a hand-written gradient would use it.
     */
    public static double normCdfByRule(double x) {
        return 0.5 * erfc(-x * 0.7071067811865476);
    }

    /** The normal density, {@code exp(-x²/2) / sqrt(2π)}: the derivative of the normal CDF. */
    @DerivativeOf("normCdfByRule")
    static double normalDensity(double x) {
        return Math.exp(-0.5 * x * x) * 0.3989422804014327;
    }

    /** {@link #blackScholes} with the CDF differentiated by its {@code @DerivativeOf} rule. */
    @Differentiable
    public static double blackScholesRule(double s, double k, double t, double r, double sigma) {
        double sqrtT = Math.sqrt(t);
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
        double d2 = d1 - sigma * sqrtT;
        return s * normCdfByRule(d1) - k * Math.exp(-r * t) * normCdfByRule(d2);
    }

    /** {@link #blackScholes} with the normal CDF written out inline: one method, no calls. */
    @Differentiable
    public static double blackScholesInline(double s, double k, double t, double r, double sigma) {
        double sqrtT = Math.sqrt(t);
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
        double d2 = d1 - sigma * sqrtT;
        double z1 = Math.abs(d1 * 0.7071067811865476);
        double t1 = 1 / (1 + 0.5 * z1);
        double e1 = t1 * Math.exp(-z1 * z1 - 1.26551223 + t1 * (1.00002368 + t1 * (0.37409196 + t1 * (0.09678418
                + t1 * (-0.18628806 + t1 * (0.27886807 + t1 * (-1.13520398 + t1 * (1.48851587
                + t1 * (-0.82215223 + t1 * 0.17087277)))))))));
        double n1 = d1 >= 0 ? 1 - 0.5 * e1 : 0.5 * e1;
        double z2 = Math.abs(d2 * 0.7071067811865476);
        double t2 = 1 / (1 + 0.5 * z2);
        double e2 = t2 * Math.exp(-z2 * z2 - 1.26551223 + t2 * (1.00002368 + t2 * (0.37409196 + t2 * (0.09678418
                + t2 * (-0.18628806 + t2 * (0.27886807 + t2 * (-1.13520398 + t2 * (1.48851587
                + t2 * (-0.82215223 + t2 * 0.17087277)))))))));
        double n2 = d2 >= 0 ? 1 - 0.5 * e2 : 0.5 * e2;
        return s * n1 - k * Math.exp(-r * t) * n2;
    }

    /** The Rosenbrock function, {@code sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2}. */
    @Differentiable
    public static double rosenbrock(double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }

    /**
     * Mean logistic-regression loss of weights {@code w} on samples {@code xs} (n rows of d features)
     * with labels {@code y} in {0, 1}: {@code mean(log(1 + exp(z)) - y z)}, {@code z = xs[i] . w}.
     */
    @Differentiable
    public static double logisticLoss(double[] w, double[][] xs, double[] y) {
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            double z = 0;
            for (int j = 0; j < w.length; j++) {
                z += xs[i][j] * w[j];
            }
            sum += Math.log1p(Math.exp(z)) - y[i] * z;
        }
        return sum / xs.length;
    }

    /** {@link #logisticLoss} differentiated with respect to the weights only ({@code wrt}). */
    @Differentiable(wrt = "w")
    public static double logisticLossWrtW(double[] w, double[][] xs, double[] y) {
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            double z = 0;
            for (int j = 0; j < w.length; j++) {
                z += xs[i][j] * w[j];
            }
            sum += Math.log1p(Math.exp(z)) - y[i] * z;
        }
        return sum / xs.length;
    }

    /** {@code steps} iterations of the map {@code x <- 1.5 sin(x) + 0.1 x}. */
    @Differentiable
    public static double iteratedMap(double x, int steps) {
        for (int k = 0; k < steps; k++) {
            x = Math.sin(x) * 1.5 + 0.1 * x;
        }
        return x;
    }
}
