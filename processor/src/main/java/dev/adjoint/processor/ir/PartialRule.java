package dev.adjoint.processor.ir;

/**
 * A user's derivative rule for one parameter of a function: the static method
 * {@code owner.method}, called with the function's arguments, gives the partial derivative.
 */
public record PartialRule(Type.Named owner, String method) {
}
