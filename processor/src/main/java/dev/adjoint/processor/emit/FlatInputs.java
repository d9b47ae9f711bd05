package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;

/** The flattened differentiable inputs that Hessians and Jacobians index: how many each parameter adds. */
final class FlatInputs {

    static final ClassName FLATTENING = ClassName.get("dev.adjoint.runtime", "Flattening");

    private FlatInputs() {
    }

    /** 1 for a double, the length of an array, the element count of a matrix. */
    static CodeBlock sizeOf(Variable p) {
        if (p.type().isDouble()) {
            return CodeBlock.of("1");
        }
        if (p.type().equals(Type.DOUBLE_ARRAY)) {
            return CodeBlock.of("$N.length", p.name());
        }
        return CodeBlock.of("$T.size($N)", FLATTENING, p.name());
    }
}
