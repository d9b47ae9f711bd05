/**
 * Forward mode: derivatives along tangents, with dual numbers.
 *
 * <p>Takes an {@code ir.Function} and its {@code Activity}. Gives {@code fForward} as an
 * {@code ir.MethodDef}, and for second order the tangent function {@code fTangent} as another
 * {@code ir.Function}, which reverse mode then takes in turn.
 */
package dev.adjoint.processor.forward;
