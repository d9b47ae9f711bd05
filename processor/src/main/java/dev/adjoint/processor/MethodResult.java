package dev.adjoint.processor;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.ir.Function;
import javax.lang.model.element.ExecutableElement;

/** One method's journey through the stages: what each stage made of it, and its errors. */
final class MethodResult {
    final ExecutableElement element;
    final Diagnostics diagnostics = new Diagnostics();
    Function function;
    Activity activity;
    GradClassWriter.Derivatives derivatives;

    MethodResult(ExecutableElement element) {
        this.element = element;
    }

    boolean succeeded() {
        return derivatives != null && !diagnostics.hasErrors();
    }
}
