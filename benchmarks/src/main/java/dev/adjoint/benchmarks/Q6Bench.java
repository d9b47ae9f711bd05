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

/** The seed notebook's question 6, {@code tanh(log(1 + z (2x / sin y)))}, at (1, 2, 3). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class Q6Bench {

    // Non-final fields: JMH reads them each call, so nothing is constant-folded.
    public double x = 1;
    public double y = 2;
    public double z = 3;
    /** The caller's buffer of the into-buffer approaches: allocated once. */
    public double[] partials = new double[3];

    @State(Scope.Benchmark)
    public static class HipparchusDSState {
        DSFactory factory;

        @Setup
        public void setup() {
            factory = new DSFactory(3, 1);
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
        return Functions.q6(x, y, z);
    }

    @Benchmark
    public HandWritten.Scalars handWritten() {
        return HandWritten.q6(x, y, z);
    }

    @Benchmark
    public FunctionsGrad.Q6Gradient adjointReverse() {
        return FunctionsGrad.q6Gradient(x, y, z);
    }

    /** The hand-written gradient into the caller's buffer: the baseline of {@code adjointReverse}
     * (q6 takes scalars only: its record is what reverse mode allocates; there is no q6GradientInto). */
    @Benchmark
    public double handWrittenInto() {
        return HandWritten.q6Into(x, y, z, partials);
    }


    /** One forward sweep: d/dx. */
    @Benchmark
    public Dual adjointForward() {
        return FunctionsGrad.q6Forward(Dual.variable(x), Dual.constant(y), Dual.constant(z));
    }

    /** The full gradient by three forward sweeps. */
    @Benchmark
    public void adjointForwardFull(Blackhole bh) {
        bh.consume(FunctionsGrad.q6Forward(Dual.variable(x), Dual.constant(y), Dual.constant(z)).tangent());
        bh.consume(FunctionsGrad.q6Forward(Dual.constant(x), Dual.variable(y), Dual.constant(z)).tangent());
        bh.consume(FunctionsGrad.q6Forward(Dual.constant(x), Dual.constant(y), Dual.variable(z)).tangent());
    }

    @Benchmark
    public double[] hipparchusGradient() {
        return FieldKernels.q6(Gradient.variable(3, 0, x), Gradient.variable(3, 1, y), Gradient.variable(3, 2, z))
                .getGradient();
    }

    @Benchmark
    public double[] hipparchusDS(HipparchusDSState s) {
        return FieldKernels.q6(s.factory.variable(0, x), s.factory.variable(1, y), s.factory.variable(2, z))
                .getAllDerivatives();
    }

    @Benchmark
    public double[] commonsMathDS() {
        return CommonsMathKernels.q6(new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(3, 1, 0, x),
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(3, 1, 1, y),
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(3, 1, 2, z))
                .getAllDerivatives();
    }

    @Benchmark
    public double[] finmathAAD(FinmathState s) {
        RandomVariableDifferentiable[] in = {
            Support.variable(s.factory, x), Support.variable(s.factory, y), Support.variable(s.factory, z)};
        return Support.finmathGradient(FinmathKernels.q6(in[0], in[1], in[2]), in);
    }

    @Benchmark
    public double[] finiteDifferences() {
        double hx = Support.step(x);
        double hy = Support.step(y);
        double hz = Support.step(z);
        return new double[] {
            (Functions.q6(x + hx, y, z) - Functions.q6(x - hx, y, z)) / (2 * hx),
            (Functions.q6(x, y + hy, z) - Functions.q6(x, y - hy, z)) / (2 * hy),
            (Functions.q6(x, y, z + hz) - Functions.q6(x, y, z - hz)) / (2 * hz)};
    }
}
