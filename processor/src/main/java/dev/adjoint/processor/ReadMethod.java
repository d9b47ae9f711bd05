package dev.adjoint.processor;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Function;

/**
 * What the read stage hands on for a method it accepted: the method as IR, and which of its
 * variables and expressions depend on the differentiable inputs.
 */
record ReadMethod(Function function, Activity activity) {
}
