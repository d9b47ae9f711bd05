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
 * A loop carrying state: an Elman RNN of {@code hidden} units over {@code steps} inputs of
 * {@code features}; gradient in both weight matrices and the bias (backpropagation through time).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RnnBench {

    @Param({"16"})
    public int hidden;

    @Param({"8"})
    public int features;

    @Param({"50"})
    public int steps;

    public double[][] w;
    public double[][] u;
    public double[] bias;
    public double[][] inputs;
    /** The caller's buffers of the into-buffer approaches (scratch included): allocated once. */
    public double[][] dW;
    public double[][] dU;
    public double[] dBias;
    public double[][] hs;
    public double[] hBar;
    public double[] aBar;

    @Setup
    public void setup() {
        w = new double[hidden][];
        u = new double[hidden][];
        for (int i = 0; i < hidden; i++) {
            w[i] = Support.uniform(hidden, -0.3, 0.3, 20 + i);
            u[i] = Support.uniform(features, -0.3, 0.3, 200 + i);
        }
        bias = Support.uniform(hidden, -0.1, 0.1, 3);
        inputs = new double[steps][];
        for (int t = 0; t < steps; t++) {
            inputs[t] = Support.uniform(features, -1, 1, 1000 + t);
        }
        dW = new double[hidden][hidden];
        dU = new double[hidden][features];
        dBias = new double[hidden];
        hs = new double[steps + 1][hidden];
        hBar = new double[hidden];
        aBar = new double[hidden];
    }

    @Benchmark
    public double primal() {
        return StatefulFunctions.rnnLoss(w, u, bias, inputs);
    }

    @Benchmark
    public HandWrittenStateful.RnnGradient handWritten() {
        return HandWrittenStateful.rnnLoss(w, u, bias, inputs);
    }

    @Benchmark
    public double handWrittenInto() {
        return HandWrittenStateful.rnnLossInto(w, u, bias, inputs, dW, dU, dBias, hs, hBar, aBar);
    }

    @Benchmark
    public StatefulFunctionsGrad.RnnLossGradient adjointReverse() {
        return StatefulFunctionsGrad.rnnLossGradient(w, u, bias, inputs);
    }

    @Benchmark
    public double adjointReverseInto() {
        return StatefulFunctionsGrad.rnnLossGradientInto(w, u, bias, inputs, dW, dU, dBias);
    }
}
