package dev.adjoint.benchmarks;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import net.finmath.montecarlo.automaticdifferentiation.RandomVariableDifferentiable;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import net.finmath.stochastic.RandomVariable;

/** Inputs, finite differences and finmath's gradient read-out, shared by the benchmarks. */
final class Support {

    private Support() {
    }

    /** Deterministic inputs in {@code [lo, hi)}. */
    static double[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * random.nextDouble();
        }
        return v;
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    static double standardNormal(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double step(double v) {
        return 1e-6 * Math.max(1, Math.abs(v));
    }

    /**
     * Central differences of {@code f} at {@code x}: 2n evaluations, perturbing {@code work} (a copy
     * of {@code x} owned by the caller) in place and restoring it.
     */
    static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] work) {
        double[] g = new double[work.length];
        for (int i = 0; i < work.length; i++) {
            double xi = work[i];
            double h = step(xi);
            work[i] = xi + h;
            double up = f.applyAsDouble(work);
            work[i] = xi - h;
            double down = f.applyAsDouble(work);
            work[i] = xi;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /** One finmath AAD input. */
    static RandomVariableDifferentiable variable(RandomVariableDifferentiableAADFactory factory, double value) {
        return (RandomVariableDifferentiable) factory.createRandomVariable(value);
    }

    /** The reverse sweep of finmath's AAD, read out as the gradient with respect to {@code inputs}. */
    static double[] finmathGradient(RandomVariable output, RandomVariableDifferentiable[] inputs) {
        Map<Long, RandomVariable> gradient = ((RandomVariableDifferentiable) output).getGradient();
        double[] g = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            RandomVariable gi = gradient.get(inputs[i].getID());
            g[i] = gi == null ? 0 : gi.get(0);
        }
        return g;
    }
}
