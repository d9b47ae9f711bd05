/**
 * The annotation processor: runs a round's stages and hands each method's results from one to the
 * next.
 *
 * <p>Takes the round's {@code @Differentiable} methods and {@code @DerivativeOf} rules. Gives one
 * {@code *Grad} source file per class, and every error as a javac diagnostic. Per method, in immutable
 * hand-overs: read ({@code ReadMethod}), first order ({@code FirstOrderMethod}), second order
 * ({@code GradClassWriter.SecondOrder}), emitted together as {@code GradClassWriter.Derivatives}. A
 * stage gives up on a method by throwing {@code MethodRejected}, caught only by {@code StageGuard}.
 */
package dev.adjoint.processor;
