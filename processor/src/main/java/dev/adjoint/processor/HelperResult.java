package dev.adjoint.processor;

import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A private static helper after the first-order stages, for the generated class that copies it: the
 * helper as IR (its value copy is printed from it) and, for one returning a double of double
 * parameters, its forward and reverse code. Its errors are reported on the calls of it, not on it.
 *
 * @param name the copy's name in the generated class
 */
record HelperResult(ExecutableElement element, String name, Diagnostics diagnostics, Optional<Code> code) {

    record Code(Function function, Optional<GradClassWriter.FirstOrder> derivatives) {
    }

    boolean succeeded() {
        return code.isPresent() && !diagnostics.hasErrors();
    }

    /** What the generated class gets for it; only for one that succeeded. */
    GradClassWriter.PrivateHelper toWrite() {
        Function function = code.orElseThrow().function();
        TypeElement owner = (TypeElement) element.getEnclosingElement();
        return new GradClassWriter.PrivateHelper(owner.getSimpleName() + "." + element.getSimpleName(),
                new MethodDef(name, function.returnType(), function.parameters(), function.body(), List.of()),
                code.orElseThrow().derivatives());
    }
}
