package dev.adjoint.processor.ir;

import java.util.List;

/**
 * How one partial derivative of a function that is not {@code @Differentiable} is computed: an
 * expression of the call's argument values (atoms, already evaluated). Forward mode multiplies it by
 * the argument's tangent, reverse mode by the result's adjoint.
 */
public interface PartialRule {

    /** The partial at the point given by {@code arguments}, one atom per parameter of the function. */
    Expr partial(List<Expr> arguments);
}
