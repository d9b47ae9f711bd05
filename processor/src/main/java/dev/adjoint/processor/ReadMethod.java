package dev.adjoint.processor;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import java.util.Set;

/**
 * What the read stage hands on for a method it accepted: the method as IR, which of its variables and
 * expressions depend on the differentiable inputs, and the loops {@code checkpoint = true} bounds (none
 * unless the method asks).
 */
record ReadMethod(Function function, Activity activity, Set<Stmt.Loop> checkpointed) {
}
