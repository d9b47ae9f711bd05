package dev.adjoint.processor;

import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.ir.Function;

/**
 * What the first-order stage hands on for a method: its generated forward and reverse code, and what
 * they were built from, which second order builds on in turn.
 */
record FirstOrderMethod(ReadMethod read, GradClassWriter.FirstOrder code) {

    Function function() {
        return read.function();
    }
}
