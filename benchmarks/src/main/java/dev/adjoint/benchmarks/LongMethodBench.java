package dev.adjoint.benchmarks;

import dev.adjoint.runtime.Dual;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link LongFormula#chain}, a method of 130 straight-line statements whose derivatives are longer than
 * HotSpot's limit for compiling a method (8000 bytes of bytecode): the primal, the generated reverse
 * and forward modes (printed in parts the JIT compiles), and a hand-written adjoint of the recurrence;
 * {@link LongFormula#guardedChain}, the chain behind an early return, whose reverse mode is split
 * inside its sweeps; and {@link LongFormula#weightedChain}, the chain with an array of its own, which
 * passes from part to part on the thread's object tape; {@link LongFormula#loopedChain}, a loop whose body
 * alone is longer than a part, run eight times: the body runs in parts called on each iteration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class LongMethodBench {

    // Non-final fields: JMH reads them each call, so nothing is constant-folded.
    public double x = 0.3;
    public double y = 0.7;
    public int steps = 8;

    @Benchmark
    public double primal() {
        return LongFormula.chain(x, y);
    }

    @Benchmark
    public LongFormulaGrad.ChainGradient adjointReverse() {
        return LongFormulaGrad.chainGradient(x, y);
    }

    /** One forward sweep: d/dx. */
    @Benchmark
    public Dual adjointForward() {
        return LongFormulaGrad.chainForward(Dual.variable(x), Dual.constant(y));
    }

    @Benchmark
    public double guardedPrimal() {
        return LongFormula.guardedChain(x, y);
    }

    /** The same chain behind an early return: reverse mode split inside its labelled forward sweep. */
    @Benchmark
    public LongFormulaGrad.GuardedChainGradient guardedReverse() {
        return LongFormulaGrad.guardedChainGradient(x, y);
    }

    @Benchmark
    public double weightedPrimal() {
        return LongFormula.weightedChain(x, y);
    }

    /** The chain with an array of its own: the array and its adjoint pass from part to part on the object tape. */
    @Benchmark
    public LongFormulaGrad.WeightedChainGradient weightedReverse() {
        return LongFormulaGrad.weightedChainGradient(x, y);
    }

    /** One forward sweep of the chain with an array: d/dx. */
    @Benchmark
    public Dual weightedForward() {
        return LongFormulaGrad.weightedChainForward(Dual.variable(x), Dual.constant(y));
    }

    @Benchmark
    public double loopedPrimal() {
        return LongFormula.loopedChain(x, y, steps);
    }

    /** The loop of 110 statements: its two sweeps' bodies in parts, called on each of the 8 iterations. */
    @Benchmark
    public LongFormulaGrad.LoopedChainGradient loopedReverse() {
        return LongFormulaGrad.loopedChainGradient(x, y, steps);
    }

    /** One forward sweep of the loop: d/dx. */
    @Benchmark
    public Dual loopedForward() {
        return LongFormulaGrad.loopedChainForward(Dual.variable(x), Dual.constant(y), steps);
    }

    @Benchmark
    public HandWritten.Scalars handWritten() {
        return HandWritten.longChain(x, y);
    }
}
