package dev.adjoint.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
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
 * Rosenbrock, the approaches that cost O(n^2) per gradient (n forward sweeps; forward-mode libraries,
 * whose every operation carries all n partials): n = 10, 100, 1000 only. At n = 10 000 one gradient
 * would take seconds (Hipparchus Gradient at n = 1000 already allocates tens of MB per call).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RosenbrockSmallNBench {

    @Param({"10", "100", "1000"})
    public int n;

    public double[] x;

    @Setup
    public void setup() {
        x = Support.uniform(n, -1.5, 1.5, 42);
    }

    /** All-constant duals; each sweep seeds one element and restores it. */
    @State(Scope.Benchmark)
    public static class AdjointForwardFullState {
        Dual[] duals;

        @Setup
        public void setup(RosenbrockSmallNBench b) {
            duals = DualArrays.constant(b.x);
        }
    }

    @State(Scope.Benchmark)
    public static class HipparchusDSState {
        DSFactory factory;

        @Setup
        public void setup(RosenbrockSmallNBench b) {
            factory = new DSFactory(b.n, 1);
        }
    }

    /** The full gradient by n forward sweeps. */
    @Benchmark
    public double[] adjointForwardFull(AdjointForwardFullState s) {
        Dual[] d = s.duals;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            Dual constant = d[i];
            d[i] = Dual.variable(x[i]);
            g[i] = FunctionsGrad.rosenbrockForward(d).tangent();
            d[i] = constant;
        }
        return g;
    }

    @Benchmark
    public double[] hipparchusGradient() {
        Gradient[] in = new Gradient[n];
        for (int i = 0; i < n; i++) {
            in[i] = Gradient.variable(n, i, x[i]);
        }
        return FieldKernels.rosenbrock(in).getGradient();
    }

    @Benchmark
    public double[] hipparchusDS(HipparchusDSState s) {
        DerivativeStructure[] in = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            in[i] = s.factory.variable(i, x[i]);
        }
        return FieldKernels.rosenbrock(in).getAllDerivatives();
    }

    @Benchmark
    public double[] commonsMathDS() {
        org.apache.commons.math3.analysis.differentiation.DerivativeStructure[] in =
                new org.apache.commons.math3.analysis.differentiation.DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            in[i] = new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(n, 1, i, x[i]);
        }
        return CommonsMathKernels.rosenbrock(in).getAllDerivatives();
    }
}
