/**
 * Reverse mode: every partial derivative from one forward sweep and one adjoint sweep.
 *
 * <p>Takes an {@code ir.Function}, its {@code Activity} and the record to return. Gives
 * {@code fGradient} (or {@code fPullback} for a vector-valued method) as an {@code ir.MethodDef}.
 *
 * <p>How, after Clad and Tapenade. {@code RecordingAnalysis} first decides, before anything is
 * translated, what the forward sweep must record ({@code Recording}): which loop-local declarations
 * are recomputed instead of taped ({@code RecomputableDeclarations}), which inner loops' counters the
 * adjoint sweep sets from their trip counts ({@code CountedLoop}), and the old values of
 * overwritten variables that a derivative reads before the next write ({@code OverwriteSaves}), or, where
 * only an assignment's own adjoint reads the value it destroys, the assignment's partial derivative
 * ({@code LocalPartial}). {@code StatementTranslator} then turns each statement into its
 * forward-sweep code and its adjoint code (a {@code Translation}), in an immutable
 * {@code TranslationContext} (depth, enclosing loops, guard); {@code ExpressionAdjoint} does the same
 * for an expression, with {@code NeededValues} and {@code NamedValues} naming each intermediate value
 * a rule reads once; in straight-line code, a part of it that reads one variable through a long chain
 * of sums and products (a polynomial by Horner's rule) is differentiated in the forward sweep, beside
 * its value, by forward mode's rule ({@code Preaccumulated}). {@code Jumps} numbers breaks, continues
 * and returns and records which one ran;
 * {@code TapePolicy} says which values go on the thread's primitive tapes ({@code DoubleStack}, ...)
 * and which stay in locals (outside loops), and integer counters are undone by arithmetic instead of
 * taped. A call of another differentiable method gets the callee's value and partials from its reverse
 * mode, in its record or, for a scalar method of the same class, popped off the double tape right after
 * the call ({@code CalleePartials}). For {@code checkpoint = true}, a loop outside loops that a second run
 * reproduces ({@code analyze.ReplayableLoops}) keeps at most {@code Tapes.loopBudget()} entries of a
 * stretch on a tape, a checkpoint of its state for the rest, and the adjoint sweep runs each earlier
 * stretch again before reversing it ({@code CheckpointedLoops}). {@code ReverseTransform} assembles the
 * method: the forward sweep, then the adjoint sweep visiting statements backwards.
 *
 * <p>Passes shape the result. {@code LoopFusion} and {@code FusedSweeps}: when the last loops
 * before the result only accumulate sums that nothing else reads, each iteration's adjoint runs
 * right after the iteration, one pass with no tape. {@code StrongZeros}: an adjoint that no path from
 * the result reached contributes exactly 0, even times an infinite partial; a definition's adjoint gets
 * an {@code if (vAdj != 0.0)} guard only where a path may have skipped it. {@code ElementSums} adds
 * up an array element's contributions in a local. {@code AdjointsAtFirstWrite} declares or assigns an
 * adjoint where it is first written instead of adding to a zero, and {@code NegatedSeeds} lets an
 * accumulation inside a loop carry a negation ({@code xAdj[i] -= bAdj}) instead of a temporary holding
 * it. {@code InvariantGuards} tests a strong-zero guard that an innermost loop repeats on every trip
 * once, outside it, where the loop never writes the adjoint it tests. Last, {@code TapeCursors}: a
 * loop that calls nothing that could use the thread's tapes reads and writes the double and int tapes'
 * arrays through an index of its own instead of calling {@code push} and {@code pop} for each value
 * (and reads or cuts back a tape's size, a checkpointed loop's, through that index).
 */
package dev.adjoint.processor.reverse;
