package dev.adjoint.processor;

import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.emit.BytecodeEstimate;
import dev.adjoint.processor.ir.MethodDef;

/**
 * Generated methods must stay under the JVM's size limit for one method, or javac would fail in
 * generated code the user cannot change. Every generated method body goes through this one check.
 */
final class SizeLimit {

    private SizeLimit() {
    }

    /** Rejects {@code sourceMethod} when one of the methods generated for it would be too long. */
    static void check(String sourceMethod, MethodDef... generated) throws MethodRejected {
        for (MethodDef method : generated) {
            int estimate = BytecodeEstimate.of(method);
            if (estimate > BytecodeEstimate.LIMIT) {
                throw new MethodRejected(Message.METHOD_TOO_LONG, sourceMethod, method.name(), estimate);
            }
        }
    }
}
