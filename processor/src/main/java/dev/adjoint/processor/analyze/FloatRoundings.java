package dev.adjoint.processor.analyze;

import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;

/**
 * Refuses float values that depend on a differentiable input. A @Differentiable method computes with
 * float literals, constants and locals exactly as Java does, but never differentiates through them:
 * a float value is inactive, like an int. The only way an input's value reaches a float is a
 * narrowing to float, explicit ({@code (float) x}) or implicit ({@code f += x}); its derivative would be
 * lost, so it is an error on its line rather than a silently zero gradient.
 */
final class FloatRoundings {

    private FloatRoundings() {
    }

    static void check(Stmt body, Activity activity, Diagnostics diagnostics) {
        StatementWalker.expressions(body, e -> {
            if (e instanceof Expr.Cast cast && cast.type() == Type.FLOAT && activity.isActive(cast.operand())) {
                SourcePosition at = cast.position() != SourcePosition.NONE ? cast.position() : cast.operand().position();
                diagnostics.error(at, Message.UNSUPPORTED_EXPRESSION,
                        "rounding to float a value that depends on a differentiable parameter",
                        "float values are computed exactly but never differentiated; keep this value a double");
            }
        });
    }
}
