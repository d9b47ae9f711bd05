package golden;

import dev.adjoint.Differentiable;

/**
 * A record-like final class: final fields, a constructor storing each (in its own order), a private
 * field read through its getter, a package-private one read directly; its method takes it as self.
 */
public final class Normal {
    private final double mu;
    final double sigma;

    public Normal(double sigma, double mu) {
        this.sigma = sigma;
        this.mu = mu;
    }

    public double getMu() {
        return mu;
    }

    @Differentiable
    public double logPdf(double x) {
        double z = (x - mu) / this.sigma;
        return -0.5 * z * z - Math.log(sigma);
    }
}
