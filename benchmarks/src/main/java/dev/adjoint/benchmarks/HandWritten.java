package dev.adjoint.benchmarks;

/**
 * Hand-written analytic gradients of {@link Functions}: what a careful programmer writes without any
 * tool, the value and the gradient fused in one pass. Each comes twice: returning the value and the
 * gradient in a fresh record (as {@code fGradient} does), and {@code ...Into}, writing the gradient into
 * the caller's buffer and returning the value (as {@code fGradientInto} does: buffers overwritten).
 */
public final class HandWritten {

    private HandWritten() {
    }

    /** Value and partials of a scalar function. */
    public record Scalars(double value, double d0, double d1, double d2, double d3, double d4) {
    }

    /** Value and gradient of a function of an array. */
    public record ArrayGradient(double value, double[] gradient) {
    }

    private static final double INV_SQRT_2PI = 0.3989422804014327;

    public static Scalars q6(double x, double y, double z) {
        double sinY = Math.sin(y);
        double c = 2 * x / sinY;
        double d = 1 + z * c;
        double f = Math.tanh(Math.log(d));
        double dd = (1 - f * f) / d;
        double dc = dd * z;
        return new Scalars(f, dc * 2 / sinY, -dc * c / sinY * Math.cos(y), dd * c, 0, 0);
    }

    /**
     * The textbook Greeks: delta N(d1), dual delta -e^{-rT} N(d2), dC/dT, rho and vega from the
     * normal density; N is the same {@link Functions#normCdf} as the function's.
     */
    public static Scalars blackScholes(double s, double k, double t, double r, double sigma) {
        double sqrtT = Math.sqrt(t);
        double sigmaSqrtT = sigma * sqrtT;
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
        double d2 = d1 - sigmaSqrtT;
        double nd1 = Functions.normCdf(d1);
        double nd2 = Functions.normCdf(d2);
        double disc = Math.exp(-r * t);
        double kDisc = k * disc;
        double value = s * nd1 - kDisc * nd2;
        double pdf1 = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
        double dT = s * pdf1 * sigma / (2 * sqrtT) + r * kDisc * nd2;
        return new Scalars(value, nd1, -disc * nd2, dT, t * kDisc * nd2, s * pdf1 * sqrtT);
    }

    /**
     * The gradient of {@link LongFormula#chain}, written as its recurrence: the values in an array, then
     * the adjoints from the last statement back, each statement's partials by its shape ({@code k % 4}).
     */
    public static Scalars longChain(double x, double y) {
        int n = LongFormula.STATEMENTS;
        double[] v = new double[n];
        v[0] = x * y;
        v[1] = Math.sin(x) + y;
        for (int k = 2; k < n; k++) {
            double a = v[k - 1];
            double b = v[k - 2];
            switch (k % 4) {
                case 0 -> v[k] = a * y + Math.sin(b);
                case 1 -> v[k] = Math.exp(-a * a) + x * b;
                case 2 -> v[k] = a / (1 + b * b);
                default -> v[k] = Math.log1p(a * a) - 0.5 * b;
            }
        }
        double[] adjoint = new double[n];
        adjoint[n - 1] = 1;
        adjoint[0] = 1;
        double dx = 0;
        double dy = 0;
        for (int k = n - 1; k >= 2; k--) {
            double a = v[k - 1];
            double b = v[k - 2];
            double g = adjoint[k];
            switch (k % 4) {
                case 0 -> {
                    adjoint[k - 1] += g * y;
                    dy += g * a;
                    adjoint[k - 2] += g * Math.cos(b);
                }
                case 1 -> {
                    adjoint[k - 1] -= g * 2 * a * Math.exp(-a * a);
                    dx += g * b;
                    adjoint[k - 2] += g * x;
                }
                case 2 -> {
                    double d = 1 + b * b;
                    adjoint[k - 1] += g / d;
                    adjoint[k - 2] -= g * a * 2 * b / (d * d);
                }
                default -> {
                    adjoint[k - 1] += g * 2 * a / (1 + a * a);
                    adjoint[k - 2] -= 0.5 * g;
                }
            }
        }
        dx += adjoint[0] * y + adjoint[1] * Math.cos(x);
        dy += adjoint[0] * x + adjoint[1];
        return new Scalars(v[n - 1] + v[0], dx, dy, 0, 0, 0);
    }

    public static ArrayGradient rosenbrock(double[] x) {
        int n = x.length;
        double[] g = new double[n];
        double sum = 0;
        for (int i = 0; i < n - 1; i++) {
            double xi = x[i];
            double a = x[i + 1] - xi * xi;
            double b = 1 - xi;
            sum += 100 * a * a + b * b;
            g[i] += -400 * a * xi - 2 * b;
            g[i + 1] += 200 * a;
        }
        return new ArrayGradient(sum, g);
    }

    /** Gradient with respect to the weights only: {@code mean((sigmoid(z_i) - y_i) xs[i])}. */
    public static ArrayGradient logisticLoss(double[] w, double[][] xs, double[] y) {
        int n = xs.length;
        int d = w.length;
        double[] g = new double[d];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] row = xs[i];
            double z = 0;
            for (int j = 0; j < d; j++) {
                z += row[j] * w[j];
            }
            double e = Math.exp(z);
            sum += Math.log1p(e) - y[i] * z;
            double r = (e / (1 + e) - y[i]) / n;
            for (int j = 0; j < d; j++) {
                g[j] += r * row[j];
            }
        }
        return new ArrayGradient(sum / n, g);
    }

    /** Forward accumulation of {@code dx_k/dx_0}: no tape needed for one input. */
    public static Scalars iteratedMap(double x, int steps) {
        double dx = 1;
        for (int k = 0; k < steps; k++) {
            dx *= 1.5 * Math.cos(x) + 0.1;
            x = Math.sin(x) * 1.5 + 0.1 * x;
        }
        return new Scalars(x, dx, 0, 0, 0, 0);
    }

    // ---- into the caller's buffers: nothing allocated ----

    /** {@link #q6} into {@code partials} (d/dx, d/dy, d/dz). */
    public static double q6Into(double x, double y, double z, double[] partials) {
        double sinY = Math.sin(y);
        double c = 2 * x / sinY;
        double d = 1 + z * c;
        double f = Math.tanh(Math.log(d));
        double dd = (1 - f * f) / d;
        double dc = dd * z;
        partials[0] = dc * 2 / sinY;
        partials[1] = -dc * c / sinY * Math.cos(y);
        partials[2] = dd * c;
        return f;
    }

    /** {@link #blackScholes} into {@code greeks} (the five partials in parameter order). */
    public static double blackScholesInto(double s, double k, double t, double r, double sigma, double[] greeks) {
        double sqrtT = Math.sqrt(t);
        double sigmaSqrtT = sigma * sqrtT;
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
        double d2 = d1 - sigmaSqrtT;
        double nd1 = Functions.normCdf(d1);
        double nd2 = Functions.normCdf(d2);
        double disc = Math.exp(-r * t);
        double kDisc = k * disc;
        double pdf1 = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
        greeks[0] = nd1;
        greeks[1] = -disc * nd2;
        greeks[2] = s * pdf1 * sigma / (2 * sqrtT) + r * kDisc * nd2;
        greeks[3] = t * kDisc * nd2;
        greeks[4] = s * pdf1 * sqrtT;
        return s * nd1 - kDisc * nd2;
    }

    /** {@link #rosenbrock} into {@code g}, a {@code double[x.length]}. */
    public static double rosenbrockInto(double[] x, double[] g) {
        int n = x.length;
        java.util.Arrays.fill(g, 0.0);
        double sum = 0;
        for (int i = 0; i < n - 1; i++) {
            double xi = x[i];
            double a = x[i + 1] - xi * xi;
            double b = 1 - xi;
            sum += 100 * a * a + b * b;
            g[i] += -400 * a * xi - 2 * b;
            g[i + 1] += 200 * a;
        }
        return sum;
    }

    /** {@link #logisticLoss} (gradient in the weights) into {@code g}, a {@code double[w.length]}. */
    public static double logisticLossInto(double[] w, double[][] xs, double[] y, double[] g) {
        int n = xs.length;
        int d = w.length;
        java.util.Arrays.fill(g, 0.0);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] row = xs[i];
            double z = 0;
            for (int j = 0; j < d; j++) {
                z += row[j] * w[j];
            }
            double e = Math.exp(z);
            sum += Math.log1p(e) - y[i] * z;
            double r = (e / (1 + e) - y[i]) / n;
            for (int j = 0; j < d; j++) {
                g[j] += r * row[j];
            }
        }
        return sum / n;
    }

    /** {@link #iteratedMap} into {@code partials[0]}. */
    public static double iteratedMapInto(double x, int steps, double[] partials) {
        double dx = 1;
        for (int k = 0; k < steps; k++) {
            dx *= 1.5 * Math.cos(x) + 0.1;
            x = Math.sin(x) * 1.5 + 0.1 * x;
        }
        partials[0] = dx;
        return x;
    }
}
