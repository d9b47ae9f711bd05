package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A generated method, as the forward and reverse transforms build it and the emitter prints it.
 *
 * @param name the method name
 * @param returnType the return type
 * @param parameters the parameters, in order
 * @param body the body
 * @param javadoc the Javadoc text, one paragraph per element
 */
public record MethodDef(String name, Type returnType, List<Variable> parameters, Stmt.Block body, List<String> javadoc) {
}
