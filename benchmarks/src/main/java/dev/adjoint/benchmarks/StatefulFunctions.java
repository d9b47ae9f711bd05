package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/**
 * Loops that carry state from one iteration to the next, the case where reverse mode must record what
 * each step overwrites: a Monte Carlo path, an RK4 integration, an RNN recurrence. Adjoint generates
 * {@code StatefulFunctionsGrad}; {@link HandWrittenStateful} has the hand-written adjoints.
 */
public final class StatefulFunctions {

    private StatefulFunctions() {
    }

    /**
     * Monte Carlo price of a European call under geometric Brownian motion, {@code paths} paths of
     * {@code steps} Euler steps {@code s <- s (1 + r dt + sigma sqrt(dt) z)}, discounted mean payoff
     * {@code max(s - strike, 0)}. The standard normals {@code z} are drawn beforehand, path after path,
     * into {@code normals} ({@code paths * steps} of them). The gradient is in spot, rate and volatility:
     * pathwise delta, rho and vega.
     */
    @Differentiable(wrt = {"spot", "rate", "sigma"})
    public static double monteCarloCall(double spot, double rate, double sigma, double strike, double maturity,
            double[] normals, int paths, int steps) {
        double dt = maturity / steps;
        double drift = rate * dt;
        double diffusion = sigma * Math.sqrt(dt);
        double sum = 0;
        for (int p = 0; p < paths; p++) {
            double s = spot;
            for (int k = 0; k < steps; k++) {
                s = s * (1 + drift + diffusion * normals[p * steps + k]);
            }
            sum += Math.max(s - strike, 0.0);
        }
        return Math.exp(-rate * maturity) * sum / paths;
    }

    /**
     * {@link #monteCarloCall} with {@code checkpoint = true}: where the paths would record more than
     * {@code Tapes.loopBudget()} entries, the gradient keeps one stretch of paths recorded at a time and runs
     * the earlier stretches again ({@code CheckpointBench}).
     */
    @Differentiable(wrt = {"spot", "rate", "sigma"}, checkpoint = true)
    public static double monteCarloCallCheckpointed(double spot, double rate, double sigma, double strike,
            double maturity, double[] normals, int paths, int steps) {
        double dt = maturity / steps;
        double drift = rate * dt;
        double diffusion = sigma * Math.sqrt(dt);
        double sum = 0;
        for (int p = 0; p < paths; p++) {
            double s = spot;
            for (int k = 0; k < steps; k++) {
                s = s * (1 + drift + diffusion * normals[p * steps + k]);
            }
            sum += Math.max(s - strike, 0.0);
        }
        return Math.exp(-rate * maturity) * sum / paths;
    }

    /** {@code Functions.iteratedMap} with {@code checkpoint = true} ({@code CheckpointBench}). */
    @Differentiable(checkpoint = true)
    public static double iteratedMapCheckpointed(double x, int steps) {
        for (int k = 0; k < steps; k++) {
            x = Math.sin(x) * 1.5 + 0.1 * x;
        }
        return x;
    }

    /**
     * {@code steps} RK4 steps of size {@code h} of the Lotka-Volterra system {@code x' = a x - b x y},
     * {@code y' = d x y - c y} from {@code (x, y)}, then {@code x² + y²} of the final state: the
     * gradient in the initial state and the four parameters (not in the step size).
     */
    @Differentiable(wrt = {"x", "y", "a", "b", "c", "d"})
    public static double lotkaVolterraRk4(double x, double y, double a, double b, double c, double d, double h,
            int steps) {
        for (int k = 0; k < steps; k++) {
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
        return x * x + y * y;
    }

    /**
     * An Elman RNN over a sequence: {@code h_{t+1} = tanh(W h_t + U x_t + b)} from {@code h_0 = 0}, for the
     * {@code inputs.length} rows of {@code inputs}; the loss is the sum of the last hidden state. Hidden
     * states are kept in {@code hs} (one row per step, each written once). The gradient is in the weights
     * {@code w} (H×H), {@code u} (H×D) and the bias {@code bias} (H).
     */
    @Differentiable(wrt = {"w", "u", "bias"})
    public static double rnnLoss(double[][] w, double[][] u, double[] bias, double[][] inputs) {
        int hidden = bias.length;
        int steps = inputs.length;
        double[][] hs = new double[steps + 1][hidden];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < hidden; i++) {
                double a = bias[i];
                for (int j = 0; j < hidden; j++) {
                    a += w[i][j] * hs[t][j];
                }
                for (int j = 0; j < inputs[t].length; j++) {
                    a += u[i][j] * inputs[t][j];
                }
                hs[t + 1][i] = Math.tanh(a);
            }
        }
        double loss = 0;
        for (int i = 0; i < hidden; i++) {
            loss += hs[steps][i];
        }
        return loss;
    }
}
