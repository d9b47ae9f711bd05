/**
 * Activity analysis: which variables and expressions depend on the differentiable inputs and reach
 * the result.
 *
 * <p>Takes an {@code ir.Function}. Gives an {@code Activity} that the transforms ask before writing
 * derivative code, and the errors of calls that would need a derivative nobody has given.
 */
package dev.adjoint.processor.analyze;
