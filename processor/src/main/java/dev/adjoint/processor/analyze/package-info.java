/**
 * Activity analysis: which variables and expressions depend on the differentiable inputs and reach
 * the result; and which loops a second run reproduces exactly, the loops {@code checkpoint = true}
 * may run again ({@code ReplayableLoops}, with an error on each loop of such a method that does not
 * qualify).
 *
 * <p>Takes an {@code ir.Function}. Gives an {@code Activity} that the transforms ask before writing
 * derivative code, and the errors of calls that would need a derivative nobody has given.
 */
package dev.adjoint.processor.analyze;
