package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A differentiable method as the read stage understood it.
 *
 * @param name the method name
 * @param parameters the parameters in declaration order
 * @param differentiableParameters the parameters derivatives are taken with respect to, in
 *     declaration order: every double, double[] and double[][] one, or those named by {@code wrt}
 * @param returnType {@code double}, or {@code double[]} for a vector-valued method
 * @param body the method body
 */
public record Function(String name, List<Variable> parameters, List<Variable> differentiableParameters,
        Type returnType, Stmt.Block body) {

    public Function {
        parameters = List.copyOf(parameters);
        differentiableParameters = List.copyOf(differentiableParameters);
    }

    public boolean isDifferentiable(Variable parameter) {
        return differentiableParameters.contains(parameter);
    }
}
