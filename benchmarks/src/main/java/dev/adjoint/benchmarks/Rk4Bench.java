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
 * A loop carrying state: {@code steps} RK4 steps of the Lotka-Volterra system; gradient in the initial
 * state and the four parameters. The hand-written adjoint stores the trajectory in the caller's scratch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class Rk4Bench {

    @Param({"1000"})
    public int steps;

    public double x = 1.0;
    public double y = 0.5;
    public double a = 1.1;
    public double b = 0.4;
    public double c = 0.4;
    public double d = 0.1;
    public double h = 0.01;
    /** The caller's buffers of the into-buffer approaches: allocated once. */
    public double[] partials = new double[6];
    public double[] trajectory;

    @Setup
    public void setup() {
        trajectory = new double[2 * steps];
    }

    @Benchmark
    public double primal() {
        return StatefulFunctions.lotkaVolterraRk4(x, y, a, b, c, d, h, steps);
    }

    @Benchmark
    public HandWritten.ArrayGradient handWritten() {
        return HandWrittenStateful.lotkaVolterraRk4(x, y, a, b, c, d, h, steps);
    }

    @Benchmark
    public double handWrittenInto() {
        return HandWrittenStateful.lotkaVolterraRk4Into(x, y, a, b, c, d, h, steps, partials, trajectory);
    }

    @Benchmark
    public StatefulFunctionsGrad.LotkaVolterraRk4Gradient adjointReverse() {
        return StatefulFunctionsGrad.lotkaVolterraRk4Gradient(x, y, a, b, c, d, h, steps);
    }

}
