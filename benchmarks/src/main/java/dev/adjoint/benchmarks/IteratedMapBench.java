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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code steps} iterations of {@code x <- 1.5 sin x + 0.1 x} from x = 0.5; one input, so one forward
 * sweep is the whole gradient (there is no separate "full" forward benchmark).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class IteratedMapBench {

    @Param({"10000"})
    public int steps;

    public double x = 0.5;
    /** The caller's buffer of the into-buffer approaches: allocated once. */
    public double[] partials = new double[1];

    @State(Scope.Benchmark)
    public static class HipparchusDSState {
        DSFactory factory;

        @Setup
        public void setup() {
            factory = new DSFactory(1, 1);
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
        return Functions.iteratedMap(x, steps);
    }

    @Benchmark
    public HandWritten.Scalars handWritten() {
        return HandWritten.iteratedMap(x, steps);
    }

    @Benchmark
    public FunctionsGrad.IteratedMapGradient adjointReverse() {
        return FunctionsGrad.iteratedMapGradient(x, steps);
    }

    /** The hand-written forward accumulation into the caller's buffer: the baseline of
     * {@code adjointReverse} (scalars only: no iteratedMapGradientInto). */
    @Benchmark
    public double handWrittenInto() {
        return HandWritten.iteratedMapInto(x, steps, partials);
    }


    @Benchmark
    public Dual adjointForward() {
        return FunctionsGrad.iteratedMapForward(Dual.variable(x), steps);
    }

    @Benchmark
    public double[] hipparchusGradient() {
        return FieldKernels.iteratedMap(Gradient.variable(1, 0, x), steps).getGradient();
    }

    @Benchmark
    public double[] hipparchusDS(HipparchusDSState s) {
        return FieldKernels.iteratedMap(s.factory.variable(0, x), steps).getAllDerivatives();
    }

    @Benchmark
    public double[] commonsMathDS() {
        return CommonsMathKernels.iteratedMap(
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(1, 1, 0, x), steps)
                .getAllDerivatives();
    }

    @Benchmark
    public double[] finmathAAD(FinmathState s) {
        RandomVariableDifferentiable[] in = {Support.variable(s.factory, x)};
        return Support.finmathGradient(FinmathKernels.iteratedMap(in[0], steps), in);
    }

    @Benchmark
    public double finiteDifferences() {
        double h = Support.step(x);
        return (Functions.iteratedMap(x + h, steps) - Functions.iteratedMap(x - h, steps)) / (2 * h);
    }
}
