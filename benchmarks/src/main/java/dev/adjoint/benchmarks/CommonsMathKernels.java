package dev.adjoint.benchmarks;

import org.apache.commons.math3.RealFieldElement;

/** {@link Functions} over Commons Math 3's {@link RealFieldElement}, run with its {@code DerivativeStructure}. */
final class CommonsMathKernels {

    private CommonsMathKernels() {
    }

    static <T extends RealFieldElement<T>> T q6(T x, T y, T z) {
        return z.multiply(x.multiply(2).divide(y.sin())).add(1).log().tanh();
    }

    static <T extends RealFieldElement<T>> T erfc(T x) {
        T z = x.abs();
        T t = z.multiply(0.5).add(1).reciprocal();
        T poly = t.multiply(0.17087277).add(-0.82215223);
        poly = t.multiply(poly).add(1.48851587);
        poly = t.multiply(poly).add(-1.13520398);
        poly = t.multiply(poly).add(0.27886807);
        poly = t.multiply(poly).add(-0.18628806);
        poly = t.multiply(poly).add(0.09678418);
        poly = t.multiply(poly).add(0.37409196);
        poly = t.multiply(poly).add(1.00002368);
        T ans = t.multiply(z.multiply(z).negate().subtract(1.26551223).add(t.multiply(poly)).exp());
        return x.getReal() >= 0 ? ans : ans.negate().add(2);
    }

    static <T extends RealFieldElement<T>> T normCdf(T x) {
        return erfc(x.multiply(-0.7071067811865476)).multiply(0.5);
    }

    static <T extends RealFieldElement<T>> T blackScholes(T s, T k, T t, T r, T sigma) {
        T sqrtT = t.sqrt();
        T sigmaSqrtT = sigma.multiply(sqrtT);
        T d1 = s.divide(k).log().add(r.add(sigma.multiply(sigma).multiply(0.5)).multiply(t)).divide(sigmaSqrtT);
        T d2 = d1.subtract(sigmaSqrtT);
        return s.multiply(normCdf(d1)).subtract(k.multiply(r.negate().multiply(t).exp()).multiply(normCdf(d2)));
    }

    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T sum = x[0].getField().getZero();
        for (int i = 0; i < x.length - 1; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            sum = sum.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return sum;
    }

    static <T extends RealFieldElement<T>> T logisticLoss(T[] w, double[][] xs, double[] y) {
        T sum = w[0].getField().getZero();
        for (int i = 0; i < xs.length; i++) {
            T z = w[0].getField().getZero();
            for (int j = 0; j < w.length; j++) {
                z = z.add(w[j].multiply(xs[i][j]));
            }
            sum = sum.add(z.exp().log1p().subtract(z.multiply(y[i])));
        }
        return sum.divide(xs.length);
    }

    static <T extends RealFieldElement<T>> T iteratedMap(T x, int steps) {
        for (int k = 0; k < steps; k++) {
            x = x.sin().multiply(1.5).add(x.multiply(0.1));
        }
        return x;
    }
}
