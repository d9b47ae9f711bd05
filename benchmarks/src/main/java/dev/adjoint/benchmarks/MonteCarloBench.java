package dev.adjoint.benchmarks;

import java.util.SplittableRandom;
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
 * A loop carrying state: Monte Carlo price of a call, {@code paths} Euler paths of {@code steps} steps
 * each, the normals drawn beforehand (an input array); gradient in spot, rate and volatility.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MonteCarloBench {

    @Param({"1000"})
    public int paths;

    @Param({"50"})
    public int steps;

    public double spot = 100;
    public double rate = 0.03;
    public double sigma = 0.25;
    public double strike = 95;
    public double maturity = 0.75;
    public double[] normals;
    /** The caller's buffer of the into-buffer approaches: allocated once. */
    public double[] greeks = new double[3];
    /** The hand-written adjoint's record of the paths (its tape), allocated once. */
    public double[] states;
    public double[] finals;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(11);
        normals = new double[paths * steps];
        for (int i = 0; i < normals.length; i++) {
            normals[i] = Support.standardNormal(random);
        }
        states = new double[paths * steps];
        finals = new double[paths];
    }

    @Benchmark
    public double primal() {
        return StatefulFunctions.monteCarloCall(spot, rate, sigma, strike, maturity, normals, paths, steps);
    }

    @Benchmark
    public HandWritten.ArrayGradient handWritten() {
        return HandWrittenStateful.monteCarloCall(spot, rate, sigma, strike, maturity, normals, paths, steps);
    }

    @Benchmark
    public double handWrittenInto() {
        return HandWrittenStateful.monteCarloCallInto(spot, rate, sigma, strike, maturity, normals, paths, steps,
                greeks);
    }

    /** Reverse mode written by hand, the generated algorithm with arrays the caller owns instead of the tape. */
    @Benchmark
    public double handWrittenAdjointInto() {
        return HandWrittenStateful.monteCarloCallAdjointInto(spot, rate, sigma, strike, maturity, normals, paths,
                steps, greeks, states, finals);
    }

    @Benchmark
    public StatefulFunctionsGrad.MonteCarloCallGradient adjointReverse() {
        return StatefulFunctionsGrad.monteCarloCallGradient(spot, rate, sigma, strike, maturity, normals, paths, steps);
    }

}
