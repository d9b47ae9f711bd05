package dev.adjoint.benchmarks;

import dev.adjoint.runtime.Tapes;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code @Differentiable(checkpoint = true)} costs in time, against the same gradient without it:
 * under the budget (the default 8 MiB: one comparison per iteration) and over it ({@code budgetKiB} 64:
 * each earlier stretch run again). The iterated map records one double per step, a million steps 8 MB;
 * the Monte Carlo price 1000 paths of 100 steps, a double per step and two ints per path. The tape memory
 * itself is {@link TapeMemory}'s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class CheckpointBench {

    @Param({"64", "8192"})
    public int budgetKiB;

    /** The map's steps: a million by default (7.6 MiB of tape, under the default budget). */
    @Param({"1000000"})
    public int mapSteps;
    public int paths = 1000;
    public int steps = 100;
    public double[] normals;

    @Setup
    public void setup() {
        Tapes.setLoopBudget(budgetKiB * 1024L);
        SplittableRandom random = new SplittableRandom(42);
        normals = new double[paths * steps];
        for (int i = 0; i < normals.length; i++) {
            normals[i] = Support.standardNormal(random);
        }
    }

    @TearDown
    public void tearDown() {
        Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);
    }

    @Benchmark
    public FunctionsGrad.IteratedMapGradient mapPlain() {
        return FunctionsGrad.iteratedMapGradient(0.5, mapSteps);
    }

    @Benchmark
    public StatefulFunctionsGrad.IteratedMapCheckpointedGradient mapCheckpointed() {
        return StatefulFunctionsGrad.iteratedMapCheckpointedGradient(0.5, mapSteps);
    }

    @Benchmark
    public StatefulFunctionsGrad.MonteCarloCallGradient monteCarloPlain() {
        return StatefulFunctionsGrad.monteCarloCallGradient(100, 0.03, 0.2, 105, 1.0, normals, paths, steps);
    }

    @Benchmark
    public StatefulFunctionsGrad.MonteCarloCallCheckpointedGradient monteCarloCheckpointed() {
        return StatefulFunctionsGrad.monteCarloCallCheckpointedGradient(100, 0.03, 0.2, 105, 1.0, normals, paths,
                steps);
    }
}
