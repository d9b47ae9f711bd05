package dev.adjoint.processor;

import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.emit.BufferEntryPoints;
import dev.adjoint.processor.emit.BytecodeEstimate;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.emit.SplitLongMethods;
import dev.adjoint.processor.ir.MethodDef;
import java.util.Optional;

/**
 * Generated methods must stay under the JVM's size limit for one method, or javac would fail in
 * generated code the user cannot change. Every generated method body goes through this one check: a
 * method the writer prints in parts ({@code SplitLongMethods}) is as long as its longest part, so only
 * code that cannot be split where a part must end (one loop longer than the limit) is refused.
 */
final class SizeLimit {

    private SizeLimit() {
    }

    /**
     * Rejects a method when its forward mode, its reverse mode as the transform built it, or the core that
     * holds that adjoint code when the method gets {@code fGradientInto}, would be too long. (The core's
     * callers, {@code fGradient} and {@code fGradientInto}, are a few statements per parameter.)
     */
    static void check(GradClassWriter.FirstOrder code) throws MethodRejected {
        check(code.sourceMethod(), code.forward(), code.reverse());
        Optional<MethodDef> core = BufferEntryPoints.core(code);
        if (core.isPresent()) {
            check(code.sourceMethod(), core.get());
        }
    }

    /** Rejects {@code sourceMethod} when one of the methods generated for it would be too long. */
    static void check(String sourceMethod, MethodDef... generated) throws MethodRejected {
        for (MethodDef method : generated) {
            int estimate = SplitLongMethods.longestEstimate(method);
            if (estimate > BytecodeEstimate.LIMIT) {
                throw new MethodRejected(Message.METHOD_TOO_LONG, sourceMethod, method.name(), estimate);
            }
        }
    }
}
