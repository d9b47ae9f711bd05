package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The method of one user's {@code @DerivativeOf} rule: the static method {@code owner.method},
 * called with the function's arguments, gives the partial derivative with respect to one parameter.
 */
public record DerivativeOfMethod(Type.Named owner, String method) implements PartialRule {

    @Override
    public Expr partial(List<Expr> arguments) {
        return new Expr.InvokeStatic(owner, method, arguments, Type.DOUBLE);
    }
}
