package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;

/**
 * The calls of other differentiable methods in one method's reverse mode: which of them hand back their
 * partials on the thread's double tape ({@link CalleePartials}), and that tape, declared once for the
 * method with the tapes its loops use.
 */
final class Callees {

    private final CalleePartials policy;
    private final TapePolicy tapes;

    Callees(CalleePartials policy, TapePolicy tapes) {
        this.policy = policy;
        this.tapes = tapes;
    }

    /** Whether a call of {@code target} returns its value and leaves its partials on {@link #tape()}. */
    boolean onTape(CallTarget target) {
        return policy.onTape(target);
    }

    /** The thread's double tape, the one taped loops share: declared at the start of the method. */
    Variable tape() {
        return tapes.valueTape(Type.DOUBLE);
    }
}
