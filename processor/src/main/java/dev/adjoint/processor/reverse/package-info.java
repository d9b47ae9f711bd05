/**
 * Reverse mode: every partial derivative from one forward sweep and one adjoint sweep.
 *
 * <p>Takes an {@code ir.Function}, its {@code Activity} and the record to return. Gives
 * {@code fGradient} (or {@code fPullback} for a vector-valued method) as an {@code ir.MethodDef}.
 */
package dev.adjoint.processor.reverse;
