package dev.adjoint.processor.ir;

/**
 * The method of one user's {@code @DerivativeOf} rule: the static method {@code owner.method},
 * called with the function's arguments, gives the partial derivative with respect to one parameter.
 */
public record DerivativeOfMethod(Type.Named owner, String method) {
}
