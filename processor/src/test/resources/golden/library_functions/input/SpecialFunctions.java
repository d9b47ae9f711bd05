package golden;

import dev.adjoint.Differentiable;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/** Special functions of a library, differentiated by their closed-form derivatives. */
public class SpecialFunctions {

    /** The probability that a normal variable exceeds x. */
    @Differentiable
    public static double normalTail(double x, double mu, double sigma) {
        return 0.5 * Erf.erfc((x - mu) / (sigma * Math.sqrt(2)));
    }

    /** The log-density of a gamma distribution with shape k and unit scale. */
    @Differentiable
    public static double gammaLogDensity(double k, double x) {
        return (k - 1) * Math.log(x) - x - Gamma.logGamma(k);
    }

    /** The probability that a chi-squared variable with n degrees of freedom stays below x. */
    @Differentiable
    public static double chiSquaredCdf(double x, int n) {
        return Gamma.regularizedGammaP(n / 2.0, x / 2);
    }

    /** Black-Scholes with Commons Math's normal distribution, as it is often written. */
    @Differentiable
    public static double call(double s, double k, double t, double r, double sigma) {
        NormalDistribution n = new NormalDistribution(0, 1);
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.sqrt(t));
        double d2 = d1 - sigma * Math.sqrt(t);
        return s * n.cumulativeProbability(d1) - k * Math.exp(-r * t) * n.cumulativeProbability(d2);
    }
}
