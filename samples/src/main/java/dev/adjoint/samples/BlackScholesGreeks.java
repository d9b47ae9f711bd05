package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.util.Locale;

/**
 * Showcase: the Greeks of a European call from one reverse sweep through the Black-Scholes price,
 * against their closed forms.
 *
 * <p>{@link #callPrice} is the textbook formula {@code C = S N(d1) - K e^(-rT) N(d2)}, and the normal
 * CDF {@link #normalCdf} it calls is itself {@code @Differentiable} plain Java: {@link #erfc} is a
 * series for {@code |x| < 1} ({@link #erfSeries}, all terms positive, so no cancellation) and a
 * continued fraction beyond ({@link #erfcContinuedFraction}), accurate to a few units in the last
 * place; the switch sits at 1, not further out, because the derivative of the series loses digits to
 * cancellation as {@code x} grows (a factor {@code x sqrt(pi) erf(x) e^(x^2)}: 4 at 1, 150 at 2). Adjoint differentiates all of it, loops and data-dependent trip counts included; nobody
 * writes {@code N'(x) = phi(x)} down. One call to the generated {@code callPriceGradient} gives the
 * price and its five partials:
 *
 * <ul>
 *   <li>delta {@code = dC/dS = N(d1)};
 *   <li>vega {@code = dC/dsigma = S phi(d1) sqrt(T)};
 *   <li>rho {@code = dC/dr = K T e^(-rT) N(d2)};
 *   <li>theta {@code = -dC/dT = -S phi(d1) sigma / (2 sqrt(T)) - r K e^(-rT) N(d2)}: the convention
 *       of the trading desk, the change of value as calendar time passes (time to expiry {@code T}
 *       shrinks), per year; so theta of a call is negative;
 *   <li>{@code dC/dK = -e^(-rT) N(d2)} (the discounted probability of exercise, negated).
 * </ul>
 *
 * <p>{@link #main} prints them next to the closed forms, with their differences.
 */
public final class BlackScholesGreeks {

    /** {@code 1 / sqrt(2)}. */
    static final double SQRT1_2 = 0.7071067811865476;
    /** {@code 2 / sqrt(pi)}. */
    static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    /** {@code 1 / sqrt(pi)}. */
    static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    /** {@code 1 / sqrt(2 pi)}. */
    static final double ONE_OVER_SQRT_2PI = 0.3989422804014327;
    /** Below this, {@link #erf} and {@link #erfc} sum the series; from here on, the continued fraction. */
    static final double SERIES_LIMIT = 1.0;
    /** Terms of the continued fraction: enough for full double precision from {@link #SERIES_LIMIT} on. */
    static final int CONTINUED_FRACTION_TERMS = 200;

    private BlackScholesGreeks() {
    }

    /**
     * {@code erf(x)} for {@code 0 <= x < 1} from {@code erf(x) = 2/sqrt(pi) e^(-x^2)
     * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))}, summed until a term no longer counts.
     */
    @Differentiable
    public static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        int n = 0;
        while (term > 1e-17 * sum && n < 200) {
            n++;
            term = term * 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /**
     * {@code erfc(x)} for {@code x >= 1} from the continued fraction {@code erfc(x) = e^(-x^2)/sqrt(pi)
     * / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))}, evaluated bottom up.
     */
    @Differentiable
    public static double erfcContinuedFraction(double x) {
        double t = x;
        for (int k = CONTINUED_FRACTION_TERMS; k >= 1; k--) {
            t = x + 0.5 * k / t;
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / t;
    }

    /** The error function, odd: {@code erf(-x) = -erf(x)}. */
    @Differentiable
    public static double erf(double x) {
        if (x < 0) {
            return -erf(-x);
        }
        if (x < SERIES_LIMIT) {
            return erfSeries(x);
        }
        return 1 - erfcContinuedFraction(x);
    }

    /** The complementary error function {@code 1 - erf(x)}, accurate relative to itself for large x. */
    @Differentiable
    public static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < SERIES_LIMIT) {
            return 1 - erfSeries(x);
        }
        return erfcContinuedFraction(x);
    }

    /** The standard normal CDF {@code N(x) = erfc(-x/sqrt(2)) / 2}. */
    @Differentiable
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * SQRT1_2);
    }

    /** The standard normal density {@code phi(x)}, for the closed forms (Adjoint never needs it). */
    public static double normalPdf(double x) {
        return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /**
     * The Black-Scholes price of a European call on a stock without dividends.
     *
     * @param spot the stock price {@code S}
     * @param strike the strike {@code K}
     * @param rate the continuously compounded risk-free rate {@code r}, per year
     * @param volatility the volatility {@code sigma}, per square root of a year
     * @param time the time to expiry {@code T}, in years
     */
    @Differentiable
    public static double callPrice(double spot, double strike, double rate, double volatility, double time) {
        double sqrtT = Math.sqrt(time);
        double d1 = (Math.log(spot / strike) + (rate + 0.5 * volatility * volatility) * time)
                / (volatility * sqrtT);
        double d2 = d1 - volatility * sqrtT;
        return spot * normalCdf(d1) - strike * Math.exp(-rate * time) * normalCdf(d2);
    }

    /** An option and its market: the five inputs of {@link #callPrice}. */
    public record Market(double spot, double strike, double rate, double volatility, double time) {
    }

    /** A price and its Greeks; theta is {@code -dC/dT} (see the class comment). */
    public record Greeks(double price, double delta, double vega, double rho, double theta, double dStrike) {

        /** The six numbers in the order printed. */
        double[] values() {
            return new double[] {price, delta, vega, rho, theta, dStrike};
        }
    }

    /** The names of {@link Greeks#values()}, as printed. */
    static final String[] NAMES = {"price", "delta  dC/dS", "vega   dC/dsigma", "rho    dC/dr",
        "theta  -dC/dT", "dC/dK"};

    /** The example: an in-the-money call, nine months to expiry. */
    public static final Market EXAMPLE = new Market(100, 95, 0.05, 0.2, 0.75);

    /** The price and all Greeks from one call of the generated reverse mode. */
    public static Greeks adjoint(Market m) {
        BlackScholesGreeksGrad.CallPriceGradient g = BlackScholesGreeksGrad.callPriceGradient(
                m.spot(), m.strike(), m.rate(), m.volatility(), m.time());
        return new Greeks(g.value(), g.dSpot(), g.dVolatility(), g.dRate(), -g.dTime(), g.dStrike());
    }

    /** The textbook closed forms (with {@link #normalCdf} for {@code N}). */
    public static Greeks closedForm(Market m) {
        double sqrtT = Math.sqrt(m.time());
        double d1 = (Math.log(m.spot() / m.strike()) + (m.rate() + 0.5 * m.volatility() * m.volatility()) * m.time())
                / (m.volatility() * sqrtT);
        double d2 = d1 - m.volatility() * sqrtT;
        double discount = Math.exp(-m.rate() * m.time());
        double nd1 = normalCdf(d1);
        double nd2 = normalCdf(d2);
        double price = m.spot() * nd1 - m.strike() * discount * nd2;
        double delta = nd1;
        double vega = m.spot() * normalPdf(d1) * sqrtT;
        double rho = m.strike() * m.time() * discount * nd2;
        double theta = -m.spot() * normalPdf(d1) * m.volatility() / (2 * sqrtT) - m.rate() * m.strike() * discount * nd2;
        double dStrike = -discount * nd2;
        return new Greeks(price, delta, vega, rho, theta, dStrike);
    }

    /** The largest relative difference between the Greeks (and price) of {@code a} and {@code b}. */
    public static double maxRelativeDifference(Greeks a, Greeks b) {
        double[] x = a.values();
        double[] y = b.values();
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, relative(x[i], y[i]));
        }
        return worst;
    }

    static double relative(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    /** Prints the table; returns whether every Greek agrees with its closed form to 1e-12 relative. */
    public static boolean run() {
        Market m = EXAMPLE;
        Greeks ad = adjoint(m);
        Greeks exact = closedForm(m);
        System.out.printf(Locale.ROOT, "Black-Scholes call: S=%s K=%s r=%s sigma=%s T=%s (years)%n",
                fmt(m.spot()), fmt(m.strike()), fmt(m.rate()), fmt(m.volatility()), fmt(m.time()));
        System.out.println("One reverse sweep (BlackScholesGreeksGrad.callPriceGradient) vs. the closed forms;"
                + " theta = -dC/dT, per year (value lost as time passes).");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-17s  %22s  %22s  %10s  %10s%n",
                "", "Adjoint (reverse)", "closed form", "abs diff", "rel diff");
        double[] a = ad.values();
        double[] c = exact.values();
        for (int i = 0; i < a.length; i++) {
            System.out.printf(Locale.ROOT, "%-17s  %22.16g  %22.16g  %10.2e  %10.2e%n",
                    NAMES[i], a[i], c[i], Math.abs(a[i] - c[i]), relative(a[i], c[i]));
        }
        double worst = maxRelativeDifference(ad, exact);
        boolean ok = worst <= 1e-12;
        System.out.printf(Locale.ROOT, "%s: largest relative difference %.1e (N(x) is erfc: a series and a continued"
                + " fraction, differentiated by Adjoint).%n", ok ? "OK" : "FAILED", worst);
        return ok;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
    }

    /** Prints the Greeks next to their closed forms; exits with status 1 if they disagree. */
    public static void main(String[] args) {
        if (!run()) {
            System.exit(1);
        }
    }
}
