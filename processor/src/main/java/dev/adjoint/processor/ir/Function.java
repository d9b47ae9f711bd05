package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A differentiable method as the read stage understood it.
 *
 * @param name the method name
 * @param parameters the parameters in declaration order
 * @param returnType always {@code double} for now
 * @param body the method body
 */
public record Function(String name, List<Variable> parameters, Type returnType, Stmt.Block body) {

    /** The parameters derivatives are taken with respect to: the {@code double} ones, arrays included. */
    public List<Variable> differentiableParameters() {
        return parameters.stream().filter(p -> p.type().isDifferentiable()).toList();
    }
}
