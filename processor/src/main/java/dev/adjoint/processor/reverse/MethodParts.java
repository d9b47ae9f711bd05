package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.Set;

/**
 * What the translations of one method's statements share and add to, for the method to be assembled
 * from afterwards.
 *
 * @param activity which variables and expressions are differentiated
 * @param jumps the ids of the method's jumps
 * @param adjoints the adjoint variables, in the order they were first needed
 * @param hoisted the declarations at the start of the method
 * @param tapes where values are recorded
 * @param strongZeros the candidate {@code adjoint != 0.0} guards
 * @param callees how the calls of other differentiable methods get their partials
 * @param value the variable that holds the method's result
 * @param seed for a vector-valued method, the cotangent the caller gives its result; else null
 * @param resultRecord for a method returning a record, its shape: the value and the seed are records of
 *     it, the body's returned array holds its leaves; else null
 * @param checkpointed the loops whose tape memory is bounded by running stretches of them again
 *     ({@link CheckpointedLoops})
 */
record MethodParts(Activity activity, Jumps jumps, AdjointVariables adjoints, Hoisted hoisted, TapePolicy tapes,
        StrongZeros strongZeros, Callees callees, Variable value, Variable seed, RecordShape resultRecord,
        Set<Stmt.Loop> checkpointed) {
}
