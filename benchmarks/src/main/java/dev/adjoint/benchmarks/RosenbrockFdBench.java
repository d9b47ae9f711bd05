package dev.adjoint.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rosenbrock by central finite differences (2n evaluations of the function, O(n^2)): up to n = 10 000;
 * at n = 100 000 one gradient would take about half a minute.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RosenbrockFdBench {

    @Param({"10", "100", "1000", "10000"})
    public int n;

    /** Perturbed in place and restored by each gradient. */
    public double[] work;

    @Setup
    public void setup() {
        work = Support.uniform(n, -1.5, 1.5, 42);
    }

    @Benchmark
    public double[] finiteDifferences() {
        return Support.centralDifferences(Functions::rosenbrock, work);
    }
}
