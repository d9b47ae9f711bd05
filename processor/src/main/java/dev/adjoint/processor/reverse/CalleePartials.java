package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.List;

/**
 * How a method's reverse mode receives the value and partials of a {@code @Differentiable} method it
 * calls: in the record the callee's {@code fGradient} returns, or, for a scalar callee of the same
 * generated class, from the callee's core {@code fGradientOnto}, which returns the value and leaves the
 * partials on the thread's double tape for the caller to pop right after the call. The record of a
 * callee too large to inline escapes and is allocated at every call; the tape is allocated once per thread.
 *
 * <p>A method calling itself keeps the record: the core's frame is larger than the gradient's (its tape
 * parameter, the popped partials), and measured, a recursive reverse mode on the tape went half as deep
 * as the primal on a thread's stack where it went three quarters as deep with records
 * ({@code benchmarks/.../StackDepth}); recursion is where a stack runs out.
 */
public final class CalleePartials {

    private static final CalleePartials IN_RECORDS = new CalleePartials(null, null);

    /** The generated class whose scalar methods hand back their partials on the tape; null for none. */
    private final Type.Named gradClass;
    /** The method whose reverse mode is being built, whose calls of itself keep the record; null before it is known. */
    private final Function caller;

    private CalleePartials(Type.Named gradClass, Function caller) {
        this.gradClass = gradClass;
        this.caller = caller;
    }

    /** Every callee's partials in its gradient record (second-order code). */
    public static CalleePartials inRecords() {
        return IN_RECORDS;
    }

    /**
     * The partials of the scalar methods of {@code gradClass}, the class being generated, on the tape;
     * any other callee's in its record.
     */
    public static CalleePartials onTapeWithin(Type.Named gradClass) {
        return new CalleePartials(gradClass, null);
    }

    /** This policy for the calls in {@code function}'s own reverse mode: a call of itself keeps the record. */
    CalleePartials forCaller(Function function) {
        return gradClass == null ? this : new CalleePartials(gradClass, function);
    }

    /**
     * Whether a call of {@code target} gets its partials on the tape: a differentiable method of the class
     * being generated, returning a {@code double}, whose differentiable parameters are all {@code double}
     * and which takes no array (its reverse mode is then {@code fGradient} with its adjoint code, never a
     * buffered entry point's wrapper) and no record, and which is not the method being differentiated.
     */
    boolean onTape(CallTarget target) {
        if (gradClass == null || !target.differentiable() || !gradClass.equals(target.gradOwner())
                || target.returnType() != Type.DOUBLE || target.resultRecord() != null
                || target.records().self() || !target.records().shapes().isEmpty() || callsItself(target)) {
            return false;
        }
        for (int i = 0; i < target.parameterTypes().size(); i++) {
            Type type = target.parameterTypes().get(i);
            if (type instanceof Type.Array || target.differentiableParameters().get(i) && !type.isDouble()) {
                return false;
            }
        }
        return true;
    }

    private boolean callsItself(CallTarget target) {
        if (caller == null || !target.name().equals(caller.name())) {
            return false;
        }
        List<Type> callerTypes = caller.parameters().stream().map(Variable::type).toList();
        return target.parameterTypes().equals(callerTypes);
    }
}
