package dev.adjoint.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import net.finmath.montecarlo.automaticdifferentiation.RandomVariableDifferentiable;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rosenbrock at every n: the approaches whose cost is O(n) per gradient. The O(n^2) ones (n forward
 * sweeps, forward-mode libraries, finite differences) are in {@link RosenbrockSmallNBench} and
 * {@link RosenbrockFdBench}, at the sizes where they finish.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RosenbrockBench {

    @Param({"10", "100", "1000", "10000", "100000"})
    public int n;

    public double[] x;
    /** The caller's buffer of the into-buffer approaches: allocated once, in {@link #setup}. */
    public double[] gradient;

    @Setup
    public void setup() {
        x = Support.uniform(n, -1.5, 1.5, 42);
        gradient = new double[n];
    }

    /** A seeded direction for one forward sweep, built outside the measurement. */
    @State(Scope.Benchmark)
    public static class AdjointForwardState {
        Dual[] seeded;

        @Setup
        public void setup(RosenbrockBench b) {
            seeded = DualArrays.of(b.x, Support.uniform(b.n, -1, 1, 7));
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
        return Functions.rosenbrock(x);
    }

    @Benchmark
    public HandWritten.ArrayGradient handWritten() {
        return HandWritten.rosenbrock(x);
    }

    @Benchmark
    public FunctionsGrad.RosenbrockGradient adjointReverse() {
        return FunctionsGrad.rosenbrockGradient(x);
    }

    /** The hand-written gradient into the caller's buffer: the baseline of {@code adjointReverseInto}. */
    @Benchmark
    public double handWrittenInto() {
        return HandWritten.rosenbrockInto(x, gradient);
    }

    /** {@code rosenbrockGradientInto}: the reverse sweep into the caller's buffer, nothing allocated. */
    @Benchmark
    public double adjointReverseInto() {
        return FunctionsGrad.rosenbrockGradientInto(x, gradient);
    }

    /** One directional derivative. */
    @Benchmark
    public Dual adjointForward(AdjointForwardState s) {
        return FunctionsGrad.rosenbrockForward(s.seeded);
    }

    @Benchmark
    public double[] finmathAAD(FinmathState s) {
        RandomVariableDifferentiable[] in = new RandomVariableDifferentiable[n];
        for (int i = 0; i < n; i++) {
            in[i] = Support.variable(s.factory, x[i]);
        }
        return Support.finmathGradient(FinmathKernels.rosenbrock(in), in);
    }
}
