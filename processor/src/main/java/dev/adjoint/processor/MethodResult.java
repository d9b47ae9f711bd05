package dev.adjoint.processor;

import dev.adjoint.processor.diagnostics.Diagnostics;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/**
 * One annotated method after the first-order stages: its first-order code when it got that far, and
 * its errors. Later steps of the round only add errors (a call of a method that failed, a Hessian that
 * cannot be built). Maps and sets key methods by {@code element}: record equality would compare
 * whole method bodies.
 */
record MethodResult(ExecutableElement element, Diagnostics diagnostics, Optional<FirstOrderMethod> firstOrder) {

    /** Whether the method has its first-order code and no error. */
    boolean succeeded() {
        return firstOrder.isPresent() && !diagnostics.hasErrors();
    }
}
