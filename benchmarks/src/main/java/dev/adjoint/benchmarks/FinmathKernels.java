package dev.adjoint.benchmarks;

import net.finmath.stochastic.RandomVariable;

/**
 * {@link Functions} over finmath-lib's {@link RandomVariable} (deterministic, one path), run with
 * {@code RandomVariableDifferentiableAAD}. finmath has no {@code tanh}: {@code 1 - 2 / (e^{2u} + 1)}.
 */
final class FinmathKernels {

    private FinmathKernels() {
    }

    static RandomVariable tanh(RandomVariable u) {
        return u.mult(2).exp().add(1).invert().mult(-2).add(1);
    }

    static RandomVariable q6(RandomVariable x, RandomVariable y, RandomVariable z) {
        return tanh(z.mult(x.mult(2).div(y.sin())).add(1).log());
    }

    static RandomVariable erfc(RandomVariable x) {
        RandomVariable z = x.abs();
        RandomVariable t = z.mult(0.5).add(1).invert();
        RandomVariable poly = t.mult(0.17087277).add(-0.82215223);
        poly = t.mult(poly).add(1.48851587);
        poly = t.mult(poly).add(-1.13520398);
        poly = t.mult(poly).add(0.27886807);
        poly = t.mult(poly).add(-0.18628806);
        poly = t.mult(poly).add(0.09678418);
        poly = t.mult(poly).add(0.37409196);
        poly = t.mult(poly).add(1.00002368);
        RandomVariable ans = t.mult(z.squared().mult(-1).sub(1.26551223).add(t.mult(poly)).exp());
        return x.get(0) >= 0 ? ans : ans.mult(-1).add(2);
    }

    static RandomVariable normCdf(RandomVariable x) {
        return erfc(x.mult(-0.7071067811865476)).mult(0.5);
    }

    static RandomVariable blackScholes(RandomVariable s, RandomVariable k, RandomVariable t, RandomVariable r,
            RandomVariable sigma) {
        RandomVariable sqrtT = t.sqrt();
        RandomVariable sigmaSqrtT = sigma.mult(sqrtT);
        RandomVariable d1 = s.div(k).log().add(r.add(sigma.squared().mult(0.5)).mult(t)).div(sigmaSqrtT);
        RandomVariable d2 = d1.sub(sigmaSqrtT);
        return s.mult(normCdf(d1)).sub(k.mult(r.mult(-1).mult(t).exp()).mult(normCdf(d2)));
    }

    static RandomVariable rosenbrock(RandomVariable[] x) {
        RandomVariable sum = null;
        for (int i = 0; i < x.length - 1; i++) {
            RandomVariable a = x[i + 1].sub(x[i].squared());
            RandomVariable b = x[i].mult(-1).add(1);
            RandomVariable term = a.squared().mult(100).add(b.squared());
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    static RandomVariable logisticLoss(RandomVariable[] w, double[][] xs, double[] y) {
        RandomVariable sum = null;
        for (int i = 0; i < xs.length; i++) {
            RandomVariable z = w[0].mult(xs[i][0]);
            for (int j = 1; j < w.length; j++) {
                z = z.addProduct(w[j], xs[i][j]);
            }
            RandomVariable term = z.exp().add(1).log().sub(z.mult(y[i]));
            sum = sum == null ? term : sum.add(term);
        }
        return sum.div(xs.length);
    }

    static RandomVariable iteratedMap(RandomVariable x, int steps) {
        for (int k = 0; k < steps; k++) {
            x = x.sin().mult(1.5).add(x.mult(0.1));
        }
        return x;
    }
}
