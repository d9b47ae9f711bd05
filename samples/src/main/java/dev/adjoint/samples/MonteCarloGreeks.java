package dev.adjoint.samples;

import com.sun.management.ThreadMXBean;
import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Tapes;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Showcase: pathwise Greeks of a European call by Monte Carlo, one reverse sweep through a simulation
 * of ten million steps whose tape stays within a budget ({@code checkpoint = true}).
 *
 * <p>{@link #callPrice} simulates {@code paths} paths of geometric Brownian motion in {@code steps}
 * exact log-normal steps each, from normals drawn beforehand, and averages the discounted payoff. Its
 * reverse mode records each step's state for the adjoint sweep: a double per step, 80 MB for 200 000
 * paths of 50 steps. With {@code checkpoint = true} the gradient keeps at most
 * {@code Tapes.loopBudget()} of the loop recorded ({@link #BUDGET_BYTES} here, set with
 * {@code Tapes.setLoopBudget}; 8 MiB by default), a checkpoint of the loop's scalars per stretch of
 * paths for the rest, and runs each earlier stretch of paths again before reversing it.
 * The Greeks are the pathwise estimators, delta {@code dC/dS}, vega {@code dC/dsigma} and rho
 * {@code dC/dr}; with exact steps their only error is the sampling error, so they agree with
 * Black-Scholes' closed forms to within a few standard errors (about 0.3 % here).
 */
public final class MonteCarloGreeks {

    static final double SPOT = 100;
    static final double STRIKE = 105;
    static final double RATE = 0.03;
    static final double VOLATILITY = 0.2;
    static final double MATURITY = 1.0;
    static final int PATHS = 200_000;
    static final int STEPS = 50;
    /** The tape budget of the gradient: 1 MiB, a stretch of about 2 600 paths. */
    static final long BUDGET_BYTES = 1 << 20;

    private MonteCarloGreeks() {
    }

    /**
     * The Monte Carlo price of a European call: {@code paths} paths of {@code steps} steps
     * {@code s <- s exp((r - sigma^2 / 2) dt + sigma sqrt(dt) z)}, the {@code z} taken path after path
     * from {@code normals}, and the mean payoff {@code max(s - strike, 0)} discounted.
     */
    @Differentiable(wrt = {"spot", "rate", "sigma"}, checkpoint = true)
    public static double callPrice(double spot, double rate, double sigma, double strike, double maturity,
            double[] normals, int paths, int steps) {
        double dt = maturity / steps;
        double drift = (rate - 0.5 * sigma * sigma) * dt;
        double diffusion = sigma * Math.sqrt(dt);
        double sum = 0;
        for (int p = 0; p < paths; p++) {
            double s = spot;
            for (int k = 0; k < steps; k++) {
                s = s * Math.exp(drift + diffusion * normals[p * steps + k]);
            }
            sum += Math.max(s - strike, 0.0);
        }
        return Math.exp(-rate * maturity) * sum / paths;
    }

    /** {@code n} standard normals from a fixed seed (Box-Muller). */
    static double[] normals(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] z = new double[n];
        for (int i = 0; i < n; i += 2) {
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            z[i] = radius * Math.cos(angle);
            if (i + 1 < n) {
                z[i + 1] = radius * Math.sin(angle);
            }
        }
        return z;
    }

    /** Price, delta, vega and rho of the call from Black-Scholes' closed forms. */
    static double[] closedForm() {
        BlackScholesGreeks.Greeks exact = BlackScholesGreeks.closedForm(
                new BlackScholesGreeks.Market(SPOT, STRIKE, RATE, VOLATILITY, MATURITY));
        return new double[] {exact.price(), exact.delta(), exact.vega(), exact.rho()};
    }

    /** The Monte Carlo price and Greeks, and the bytes the gradient allocated on this thread. */
    record Estimate(double[] values, long allocatedBytes) {
    }

    static Estimate estimate() {
        double[] z = normals(PATHS * STEPS, 20261207L);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Tapes.setLoopBudget(BUDGET_BYTES);
        try {
            long before = threads.getCurrentThreadAllocatedBytes();
            MonteCarloGreeksGrad.CallPriceGradient g = MonteCarloGreeksGrad.callPriceGradient(SPOT, RATE, VOLATILITY,
                    STRIKE, MATURITY, z, PATHS, STEPS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            return new Estimate(new double[] {g.value(), g.dSpot(), g.dSigma(), g.dRate()}, allocated);
        } finally {
            Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
        }
    }

    /** Prints the estimates next to the closed forms; returns whether each is within 1 % of its closed form. */
    public static boolean run() {
        Estimate mc = estimate();
        double[] exact = closedForm();
        String[] names = {"price", "delta", "vega", "rho"};
        System.out.printf(Locale.ROOT, "Monte Carlo call: S=%s K=%s r=%s sigma=%s T=%s, %d paths x %d steps%n",
                SPOT, STRIKE, RATE, VOLATILITY, MATURITY, PATHS, STEPS);
        System.out.printf(Locale.ROOT, "%-6s  %14s  %14s  %9s%n", "", "Monte Carlo", "closed form", "rel diff");
        boolean ok = true;
        for (int i = 0; i < names.length; i++) {
            double relative = Math.abs(mc.values()[i] - exact[i]) / Math.abs(exact[i]);
            ok &= relative <= 0.01;
            System.out.printf(Locale.ROOT, "%-6s  %14.6f  %14.6f  %9.2e%n", names[i], mc.values()[i], exact[i],
                    relative);
        }
        long tape = 8L * PATHS * STEPS;
        System.out.printf(Locale.ROOT, "The gradient allocated %.1f MB on this thread, where its whole tape would be"
                + " %.0f MB: checkpoint = true keeps %d KiB of it at a time (Tapes.setLoopBudget).%n",
                mc.allocatedBytes() / 1e6, tape / 1e6, BUDGET_BYTES >> 10);
        System.out.printf(Locale.ROOT, "%s: the Greeks within 1 %% of Black-Scholes (the sampling error).%n",
                ok ? "OK" : "FAILED");
        return ok;
    }

    public static void main(String[] args) {
        if (!run()) {
            System.exit(1);
        }
    }
}
