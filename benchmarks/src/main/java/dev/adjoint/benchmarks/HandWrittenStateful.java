package dev.adjoint.benchmarks;

import java.util.Arrays;

/**
 * Hand-written gradients of {@link StatefulFunctions}, what a careful programmer writes: pathwise
 * forward sensitivities for the Monte Carlo price (three tangents carried along each path, no storage),
 * and discrete adjoints for RK4 and the RNN (the trajectory stored in a forward pass, then swept back).
 * Each {@code ...Into} writes into the caller's buffers, scratch included, and allocates nothing; the
 * plain one allocates its result and scratch and calls it.
 */
public final class HandWrittenStateful {

    private HandWrittenStateful() {
    }

    /** Value and gradient of the RNN loss. */
    public record RnnGradient(double value, double[][] dW, double[][] dU, double[] dBias) {
    }

    /** Pathwise delta, rho and vega of {@link StatefulFunctions#monteCarloCall}, into {@code greeks}. */
    public static double monteCarloCallInto(double spot, double rate, double sigma, double strike, double maturity,
            double[] normals, int paths, int steps, double[] greeks) {
        double dt = maturity / steps;
        double sqrtDt = Math.sqrt(dt);
        double drift = rate * dt;
        double diffusion = sigma * sqrtDt;
        double sum = 0;
        double sumSpot = 0;
        double sumRate = 0;
        double sumSigma = 0;
        for (int p = 0; p < paths; p++) {
            double s = spot;
            double sSpot = 1;
            double sRate = 0;
            double sSigma = 0;
            for (int k = 0; k < steps; k++) {
                double z = normals[p * steps + k];
                double factor = 1 + drift + diffusion * z;
                sRate = sRate * factor + s * dt;
                sSigma = sSigma * factor + s * sqrtDt * z;
                sSpot *= factor;
                s *= factor;
            }
            if (s > strike) {
                sum += s - strike;
                sumSpot += sSpot;
                sumRate += sRate;
                sumSigma += sSigma;
            }
        }
        double discount = Math.exp(-rate * maturity);
        double value = discount * sum / paths;
        greeks[0] = discount * sumSpot / paths;
        greeks[1] = discount * sumRate / paths - maturity * value;
        greeks[2] = discount * sumSigma / paths;
        return value;
    }

    public static HandWritten.ArrayGradient monteCarloCall(double spot, double rate, double sigma, double strike,
            double maturity, double[] normals, int paths, int steps) {
        double[] greeks = new double[3];
        double value = monteCarloCallInto(spot, rate, sigma, strike, maturity, normals, paths, steps, greeks);
        return new HandWritten.ArrayGradient(value, greeks);
    }

    /**
     * Pathwise delta, rho and vega of {@link StatefulFunctions#monteCarloCall} by reverse mode, as a person
     * would write the adjoint Adjoint generates: a forward sweep keeping each path's states in
     * {@code states} ({@code paths * steps}, the caller's) and its final value in {@code finals}
     * ({@code paths}), then one backward sweep. The same algorithm and the same arithmetic as
     * {@code monteCarloCallGradient}, with arrays where the generated code pushes on the thread's tape.
     */
    public static double monteCarloCallAdjointInto(double spot, double rate, double sigma, double strike,
            double maturity, double[] normals, int paths, int steps, double[] greeks, double[] states,
            double[] finals) {
        double dt = maturity / steps;
        double drift = rate * dt;
        double sqrtDt = Math.sqrt(dt);
        double diffusion = sigma * sqrtDt;
        double sum = 0;
        for (int p = 0; p < paths; p++) {
            double s = spot;
            for (int k = 0; k < steps; k++) {
                states[p * steps + k] = s;
                s *= 1 + drift + diffusion * normals[p * steps + k];
            }
            finals[p] = s;
            sum += Math.max(s - strike, 0.0);
        }
        double discount = Math.exp(-rate * maturity);
        double value = discount * sum / paths;
        double sumAdj = discount / paths;
        double spotAdj = 0;
        double driftAdj = 0;
        double diffusionAdj = 0;
        for (int p = paths - 1; p >= 0; p--) {
            double sAdj = finals[p] - strike >= 0.0 ? sumAdj : 0.0;
            if (sAdj == 0.0) {
                continue;
            }
            for (int k = steps - 1; k >= 0; k--) {
                double z = normals[p * steps + k];
                double adj = sAdj * states[p * steps + k];
                driftAdj += adj;
                diffusionAdj += adj * z;
                sAdj *= 1 + drift + diffusion * z;
            }
            spotAdj += sAdj;
        }
        greeks[0] = spotAdj;
        greeks[1] = driftAdj * dt - sum / paths * discount * maturity;
        greeks[2] = diffusionAdj * sqrtDt;
        return value;
    }

    /**
     * The discrete adjoint of {@link StatefulFunctions#lotkaVolterraRk4}: partials in x, y, a, b, c, d
     * into {@code partials}; {@code trajectory} ({@code 2 * steps}) keeps the state at each step's start.
     */
    public static double lotkaVolterraRk4Into(double x, double y, double a, double b, double c, double d, double h,
            int steps, double[] partials, double[] trajectory) {
        for (int k = 0; k < steps; k++) {
            trajectory[2 * k] = x;
            trajectory[2 * k + 1] = y;
            double k1x = a * x - b * x * y;
            double k1y = d * x * y - c * y;
            double x2 = x + 0.5 * h * k1x;
            double y2 = y + 0.5 * h * k1y;
            double k2x = a * x2 - b * x2 * y2;
            double k2y = d * x2 * y2 - c * y2;
            double x3 = x + 0.5 * h * k2x;
            double y3 = y + 0.5 * h * k2y;
            double k3x = a * x3 - b * x3 * y3;
            double k3y = d * x3 * y3 - c * y3;
            double x4 = x + h * k3x;
            double y4 = y + h * k3y;
            double k4x = a * x4 - b * x4 * y4;
            double k4y = d * x4 * y4 - c * y4;
            x = x + h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            y = y + h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
        }
        double value = x * x + y * y;
        double xBar = 2 * x;
        double yBar = 2 * y;
        double aBar = 0;
        double bBar = 0;
        double cBar = 0;
        double dBar = 0;
        for (int k = steps - 1; k >= 0; k--) {
            double x0 = trajectory[2 * k];
            double y0 = trajectory[2 * k + 1];
            // the stages again, from the stored start of the step
            double k1x = a * x0 - b * x0 * y0;
            double k1y = d * x0 * y0 - c * y0;
            double x2 = x0 + 0.5 * h * k1x;
            double y2 = y0 + 0.5 * h * k1y;
            double k2x = a * x2 - b * x2 * y2;
            double k2y = d * x2 * y2 - c * y2;
            double x3 = x0 + 0.5 * h * k2x;
            double y3 = y0 + 0.5 * h * k2y;
            double k3x = a * x3 - b * x3 * y3;
            double k3y = d * x3 * y3 - c * y3;
            double x4 = x0 + h * k3x;
            double y4 = y0 + h * k3y;
            // x' = x0 + h/6 (k1 + 2 k2 + 2 k3 + k4)
            double k1xBar = h / 6 * xBar;
            double k1yBar = h / 6 * yBar;
            double k2xBar = h / 3 * xBar;
            double k2yBar = h / 3 * yBar;
            double k3xBar = h / 3 * xBar;
            double k3yBar = h / 3 * yBar;
            double k4xBar = h / 6 * xBar;
            double k4yBar = h / 6 * yBar;
            double x0Bar = xBar;
            double y0Bar = yBar;
            // k4 = f(x4, y4); x4 = x0 + h k3
            double x4Bar = k4xBar * (a - b * y4) + k4yBar * d * y4;
            double y4Bar = -k4xBar * b * x4 + k4yBar * (d * x4 - c);
            aBar += k4xBar * x4;
            bBar -= k4xBar * x4 * y4;
            cBar -= k4yBar * y4;
            dBar += k4yBar * x4 * y4;
            x0Bar += x4Bar;
            y0Bar += y4Bar;
            k3xBar += h * x4Bar;
            k3yBar += h * y4Bar;
            // k3 = f(x3, y3); x3 = x0 + h/2 k2
            double x3Bar = k3xBar * (a - b * y3) + k3yBar * d * y3;
            double y3Bar = -k3xBar * b * x3 + k3yBar * (d * x3 - c);
            aBar += k3xBar * x3;
            bBar -= k3xBar * x3 * y3;
            cBar -= k3yBar * y3;
            dBar += k3yBar * x3 * y3;
            x0Bar += x3Bar;
            y0Bar += y3Bar;
            k2xBar += 0.5 * h * x3Bar;
            k2yBar += 0.5 * h * y3Bar;
            // k2 = f(x2, y2); x2 = x0 + h/2 k1
            double x2Bar = k2xBar * (a - b * y2) + k2yBar * d * y2;
            double y2Bar = -k2xBar * b * x2 + k2yBar * (d * x2 - c);
            aBar += k2xBar * x2;
            bBar -= k2xBar * x2 * y2;
            cBar -= k2yBar * y2;
            dBar += k2yBar * x2 * y2;
            x0Bar += x2Bar;
            y0Bar += y2Bar;
            k1xBar += 0.5 * h * x2Bar;
            k1yBar += 0.5 * h * y2Bar;
            // k1 = f(x0, y0)
            x0Bar += k1xBar * (a - b * y0) + k1yBar * d * y0;
            y0Bar += -k1xBar * b * x0 + k1yBar * (d * x0 - c);
            aBar += k1xBar * x0;
            bBar -= k1xBar * x0 * y0;
            cBar -= k1yBar * y0;
            dBar += k1yBar * x0 * y0;
            xBar = x0Bar;
            yBar = y0Bar;
        }
        partials[0] = xBar;
        partials[1] = yBar;
        partials[2] = aBar;
        partials[3] = bBar;
        partials[4] = cBar;
        partials[5] = dBar;
        return value;
    }

    public static HandWritten.ArrayGradient lotkaVolterraRk4(double x, double y, double a, double b, double c,
            double d, double h, int steps) {
        double[] partials = new double[6];
        double value = lotkaVolterraRk4Into(x, y, a, b, c, d, h, steps, partials, new double[2 * steps]);
        return new HandWritten.ArrayGradient(value, partials);
    }

    /**
     * Backpropagation through time for {@link StatefulFunctions#rnnLoss}, into {@code dW}, {@code dU},
     * {@code dBias}; scratch: {@code hs} ({@code inputs.length + 1} rows of H), {@code hBar} and {@code aBar} (H).
     */
    public static double rnnLossInto(double[][] w, double[][] u, double[] bias, double[][] inputs, double[][] dW,
            double[][] dU, double[] dBias, double[][] hs, double[] hBar, double[] aBar) {
        int hidden = bias.length;
        int steps = inputs.length;
        Arrays.fill(hs[0], 0.0);
        for (int t = 0; t < steps; t++) {
            double[] h = hs[t];
            double[] x = inputs[t];
            for (int i = 0; i < hidden; i++) {
                double[] wi = w[i];
                double[] ui = u[i];
                double a = bias[i];
                for (int j = 0; j < hidden; j++) {
                    a += wi[j] * h[j];
                }
                for (int j = 0; j < x.length; j++) {
                    a += ui[j] * x[j];
                }
                hs[t + 1][i] = Math.tanh(a);
            }
        }
        double loss = 0;
        for (int i = 0; i < hidden; i++) {
            loss += hs[steps][i];
        }
        for (double[] row : dW) {
            Arrays.fill(row, 0.0);
        }
        for (double[] row : dU) {
            Arrays.fill(row, 0.0);
        }
        Arrays.fill(dBias, 0.0);
        Arrays.fill(hBar, 1.0);
        for (int t = steps - 1; t >= 0; t--) {
            double[] h = hs[t];
            double[] next = hs[t + 1];
            double[] x = inputs[t];
            for (int i = 0; i < hidden; i++) {
                double ai = hBar[i] * (1 - next[i] * next[i]);
                aBar[i] = ai;
                dBias[i] += ai;
                double[] dWi = dW[i];
                for (int j = 0; j < hidden; j++) {
                    dWi[j] += ai * h[j];
                }
                double[] dUi = dU[i];
                for (int j = 0; j < x.length; j++) {
                    dUi[j] += ai * x[j];
                }
            }
            for (int j = 0; j < hidden; j++) {
                double sum = 0;
                for (int i = 0; i < hidden; i++) {
                    sum += aBar[i] * w[i][j];
                }
                hBar[j] = sum;
            }
        }
        return loss;
    }

    public static RnnGradient rnnLoss(double[][] w, double[][] u, double[] bias, double[][] inputs) {
        int hidden = bias.length;
        double[][] dW = new double[hidden][hidden];
        double[][] dU = new double[hidden][u[0].length];
        double[] dBias = new double[hidden];
        double value = rnnLossInto(w, u, bias, inputs, dW, dU, dBias, new double[inputs.length + 1][hidden],
                new double[hidden], new double[hidden]);
        return new RnnGradient(value, dW, dU, dBias);
    }
}
