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
 * and {@link LongFormula#guardedChain}, the chain behind an early return, whose reverse mode is split
 * inside its sweeps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class LongMethodBench {

    // Non-final fields: JMH reads them each call, so nothing is constant-folded.
    public double x = 0.3;
    public double y = 0.7;

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
    public HandWritten.Scalars handWritten() {
        return HandWritten.longChain(x, y);
    }
}
