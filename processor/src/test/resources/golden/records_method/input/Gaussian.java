package golden;

import dev.adjoint.Differentiable;

/** A differentiable method of a record: its components read directly, through this and through accessors. */
public record Gaussian(double mu, double sigma) {
    @Differentiable
    public double logPdf(double x) {
        double z = (x - mu) / this.sigma;
        return -0.5 * z * z - Math.log(sigma()) - 0.5 * Math.log(2 * Math.PI);
    }
}
