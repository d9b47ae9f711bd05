package dev.adjoint.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.adjoint.runtime.Dual;
import net.finmath.montecarlo.automaticdifferentiation.RandomVariableDifferentiable;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Black-Scholes call price and its five Greeks at S = 100, K = 95, T = 0.75, r = 0.03, sigma = 0.25.
 * The normal CDF is {@link Functions#normCdf}, itself {@code @Differentiable}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class BlackScholesBench {

    public double s = 100;
    public double k = 95;
    public double t = 0.75;
    public double r = 0.03;
    public double sigma = 0.25;
    /** The caller's buffer of the into-buffer approaches: allocated once. */
    public double[] greeks = new double[5];

    @State(Scope.Benchmark)
    public static class HipparchusDSState {
        DSFactory factory;

        @Setup
        public void setup() {
            factory = new DSFactory(5, 1);
        }
    }

    @State(Scope.Benchmark)
    public static class FinmathState {
        RandomVariableDifferentiableAADFactory factory;

        @Setup
        public void setup() {
            factory = new RandomVariableDifferentiableAADFactory();
        }
    }

    @Benchmark
    public double primal() {
        return Functions.blackScholes(s, k, t, r, sigma);
    }

    @Benchmark
    public HandWritten.Scalars handWritten() {
        return HandWritten.blackScholes(s, k, t, r, sigma);
    }

    @Benchmark
    public FunctionsGrad.BlackScholesGradient adjointReverse() {
        return FunctionsGrad.blackScholesGradient(s, k, t, r, sigma);
    }

    /** The hand-written Greeks into the caller's buffer: the baseline of
     * {@code adjointReverse} (scalars only: no blackScholesGradientInto). */
    @Benchmark
    public double handWrittenInto() {
        return HandWritten.blackScholesInto(s, k, t, r, sigma, greeks);
    }

    /** An argument of erfc near the one the CDF gives it at d1 above (-0.318), for the fit alone. */
    public double erfcArgument = -0.3;

    /** The erfc fit the CDF calls, alone: its exp and its polynomial. */
    @Benchmark
    public double erfcPrimal() {
        return Functions.erfc(erfcArgument);
    }

    /** The erfc fit's value and derivative, reverse mode. */
    @Benchmark
    public FunctionsGrad.ErfcGradient erfcAdjointReverse() {
        return FunctionsGrad.erfcGradient(erfcArgument);
    }

    /** The same formula with the normal CDF inlined by hand: one method, no calls between generated methods. */
    @Benchmark
    public FunctionsGrad.BlackScholesInlineGradient adjointReverseInline() {
        return FunctionsGrad.blackScholesInlineGradient(s, k, t, r, sigma);
    }

    /** The CDF differentiated by a {@code @DerivativeOf} rule (the normal density), like the hand-written Greeks. */
    @Benchmark
    public FunctionsGrad.BlackScholesRuleGradient adjointReverseRule() {
        return FunctionsGrad.blackScholesRuleGradient(s, k, t, r, sigma);
    }

    /** One forward sweep: delta. */
    @Benchmark
    public Dual adjointForward() {
        return FunctionsGrad.blackScholesForward(Dual.variable(s), Dual.constant(k), Dual.constant(t),
                Dual.constant(r), Dual.constant(sigma));
    }

    /** All five Greeks by five forward sweeps. */
    @Benchmark
    public void adjointForwardFull(Blackhole bh) {
        Dual cs = Dual.constant(s);
        Dual ck = Dual.constant(k);
        Dual ct = Dual.constant(t);
        Dual cr = Dual.constant(r);
        Dual csigma = Dual.constant(sigma);
        bh.consume(FunctionsGrad.blackScholesForward(Dual.variable(s), ck, ct, cr, csigma).tangent());
        bh.consume(FunctionsGrad.blackScholesForward(cs, Dual.variable(k), ct, cr, csigma).tangent());
        bh.consume(FunctionsGrad.blackScholesForward(cs, ck, Dual.variable(t), cr, csigma).tangent());
        bh.consume(FunctionsGrad.blackScholesForward(cs, ck, ct, Dual.variable(r), csigma).tangent());
        bh.consume(FunctionsGrad.blackScholesForward(cs, ck, ct, cr, Dual.variable(sigma)).tangent());
    }

    @Benchmark
    public double[] hipparchusGradient() {
        return FieldKernels.blackScholes(Gradient.variable(5, 0, s), Gradient.variable(5, 1, k),
                Gradient.variable(5, 2, t), Gradient.variable(5, 3, r), Gradient.variable(5, 4, sigma)).getGradient();
    }

    @Benchmark
    public double[] hipparchusDS(HipparchusDSState st) {
        DSFactory f = st.factory;
        return FieldKernels.blackScholes(f.variable(0, s), f.variable(1, k), f.variable(2, t), f.variable(3, r),
                f.variable(4, sigma)).getAllDerivatives();
    }

    @Benchmark
    public double[] commonsMathDS() {
        return CommonsMathKernels.blackScholes(
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(5, 1, 0, s),
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(5, 1, 1, k),
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(5, 1, 2, t),
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(5, 1, 3, r),
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(5, 1, 4, sigma))
                .getAllDerivatives();
    }

    @Benchmark
    public double[] finmathAAD(FinmathState st) {
        RandomVariableDifferentiable[] in = {
            Support.variable(st.factory, s), Support.variable(st.factory, k), Support.variable(st.factory, t),
            Support.variable(st.factory, r), Support.variable(st.factory, sigma)};
        return Support.finmathGradient(FinmathKernels.blackScholes(in[0], in[1], in[2], in[3], in[4]), in);
    }

    @Benchmark
    public double[] finiteDifferences() {
        double[] p = {s, k, t, r, sigma};
        double[] g = new double[5];
        for (int i = 0; i < 5; i++) {
            double pi = p[i];
            double h = Support.step(pi);
            p[i] = pi + h;
            double up = Functions.blackScholes(p[0], p[1], p[2], p[3], p[4]);
            p[i] = pi - h;
            double down = Functions.blackScholes(p[0], p[1], p[2], p[3], p[4]);
            p[i] = pi;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }
}
