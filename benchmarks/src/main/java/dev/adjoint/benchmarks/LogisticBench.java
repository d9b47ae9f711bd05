package dev.adjoint.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import net.finmath.montecarlo.automaticdifferentiation.RandomVariableDifferentiable;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Mean logistic-regression loss of d weights on n samples; the gradient wanted is the one in the
 * weights. (Adjoint's reverse mode also returns the gradient in the samples and labels, since every
 * {@code double[]} parameter is differentiable: see BENCHMARKS.md.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class LogisticBench {

    @Param({"1000"})
    public int n;

    @Param({"50"})
    public int d;

    public double[] w;
    public double[][] xs;
    public double[] y;
    /** The caller's buffers of the into-buffer approaches: allocated once, in {@link #setup}. */
    public double[] gradientW;
    public double[][] gradientXs;
    public double[] gradientY;

    @Setup
    public void setup() {
        w = Support.uniform(d, -0.1, 0.1, 1);
        xs = new double[n][];
        y = new double[n];
        SplittableRandom random = new SplittableRandom(2);
        double[] truth = Support.uniform(d, -1, 1, 3);
        for (int i = 0; i < n; i++) {
            xs[i] = Support.uniform(d, -1, 1, 100 + i);
            double z = 0;
            for (int j = 0; j < d; j++) {
                z += xs[i][j] * truth[j];
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        gradientW = new double[d];
        gradientXs = new double[n][d];
        gradientY = new double[n];
    }

    /** Constant duals for the samples and labels, a seeded direction for the weights. */
    @State(Scope.Benchmark)
    public static class AdjointForwardState {
        Dual[] seeded;
        Dual[] constantW;
        Dual[][] xs;
        Dual[] y;

        @Setup
        public void setup(LogisticBench b) {
            seeded = DualArrays.of(b.w, Support.uniform(b.d, -1, 1, 7));
            constantW = DualArrays.constant(b.w);
            xs = DualArrays.constant(b.xs);
            y = DualArrays.constant(b.y);
        }
    }

    @State(Scope.Benchmark)
    public static class HipparchusDSState {
        DSFactory factory;

        @Setup
        public void setup(LogisticBench b) {
            factory = new DSFactory(b.d, 1);
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

    @State(Scope.Benchmark)
    public static class FiniteDifferenceState {
        double[] work;

        @Setup
        public void setup(LogisticBench b) {
            work = b.w.clone();
        }
    }

    @Benchmark
    public double primal() {
        return Functions.logisticLoss(w, xs, y);
    }

    @Benchmark
    public HandWritten.ArrayGradient handWritten() {
        return HandWritten.logisticLoss(w, xs, y);
    }

    @Benchmark
    public FunctionsGrad.LogisticLossGradient adjointReverse() {
        return FunctionsGrad.logisticLossGradient(w, xs, y);
    }

    /** The same loss declared {@code @Differentiable(wrt = "w")}: no gradient in xs and y. */
    @Benchmark
    public FunctionsGrad.LogisticLossWrtWGradient adjointReverseWrt() {
        return FunctionsGrad.logisticLossWrtWGradient(w, xs, y);
    }

    /** The hand-written gradient in w into the caller's buffer: the baseline of the {@code ...Into} approaches. */
    @Benchmark
    public double handWrittenInto() {
        return HandWritten.logisticLossInto(w, xs, y, gradientW);
    }

    /** {@code logisticLossGradientInto}: every partial (w, xs, y) into the caller's buffers. */
    @Benchmark
    public double adjointReverseInto() {
        return FunctionsGrad.logisticLossGradientInto(w, xs, y, gradientW, gradientXs, gradientY);
    }

    /** {@code logisticLossWrtWGradientInto}: the gradient in w only, into the caller's buffer. */
    @Benchmark
    public double adjointReverseWrtInto() {
        return FunctionsGrad.logisticLossWrtWGradientInto(w, xs, y, gradientW);
    }

    @Benchmark
    public Dual adjointForward(AdjointForwardState s) {
        return FunctionsGrad.logisticLossForward(s.seeded, s.xs, s.y);
    }

    /** The gradient in the weights by d forward sweeps. */
    @Benchmark
    public double[] adjointForwardFull(AdjointForwardState s) {
        Dual[] dw = s.constantW;
        double[] g = new double[d];
        for (int j = 0; j < d; j++) {
            Dual constant = dw[j];
            dw[j] = Dual.variable(w[j]);
            g[j] = FunctionsGrad.logisticLossForward(dw, s.xs, s.y).tangent();
            dw[j] = constant;
        }
        return g;
    }

    @Benchmark
    public double[] hipparchusGradient() {
        Gradient[] in = new Gradient[d];
        for (int j = 0; j < d; j++) {
            in[j] = Gradient.variable(d, j, w[j]);
        }
        return FieldKernels.logisticLoss(in, xs, y).getGradient();
    }

    @Benchmark
    public double[] hipparchusDS(HipparchusDSState s) {
        DerivativeStructure[] in = new DerivativeStructure[d];
        for (int j = 0; j < d; j++) {
            in[j] = s.factory.variable(j, w[j]);
        }
        return FieldKernels.logisticLoss(in, xs, y).getAllDerivatives();
    }

    @Benchmark
    public double[] commonsMathDS() {
        org.apache.commons.math3.analysis.differentiation.DerivativeStructure[] in =
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure[d];
        for (int j = 0; j < d; j++) {
            in[j] = new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(d, 1, j, w[j]);
        }
        return CommonsMathKernels.logisticLoss(in, xs, y).getAllDerivatives();
    }

    @Benchmark
    public double[] finmathAAD(FinmathState s) {
        RandomVariableDifferentiable[] in = new RandomVariableDifferentiable[d];
        for (int j = 0; j < d; j++) {
            in[j] = Support.variable(s.factory, w[j]);
        }
        return Support.finmathGradient(FinmathKernels.logisticLoss(in, xs, y), in);
    }

    @Benchmark
    public double[] finiteDifferences(FiniteDifferenceState s) {
        return Support.centralDifferences(v -> Functions.logisticLoss(v, xs, y), s.work);
    }
}
