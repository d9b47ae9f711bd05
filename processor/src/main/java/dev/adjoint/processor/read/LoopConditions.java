package dev.adjoint.processor.read;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop whose condition has effects ({@code while ((k >>= 1) != 0)}, {@code while (n-- != 0)}): Java
 * runs them each time it evaluates the condition, so they go inside the loop, just before the test,
 * which becomes a {@code break}: {@code while (true) { effects; if (!condition) break; body }}. A
 * {@code continue} still reaches them (and a {@code for} loop's update before them). A {@code do}/
 * {@code while} loop tests at the end of its body, {@code while (true) { body; effects; if (!condition)
 * break; }}, which is the same loop only when its body has no {@code continue} and can complete
 * normally (else javac would find the test unreachable): the caller refuses the others.
 */
final class LoopConditions {

    private LoopConditions() {
    }

    static Stmt loop(boolean testFirst, List<Stmt> conditionEffects, Expr condition, Stmt.Block body,
            Stmt.Block update, SourcePosition position) {
        if (conditionEffects.isEmpty()) {
            return new Stmt.Loop(testFirst, condition, body, update, position);
        }
        List<Stmt> test = new ArrayList<>(conditionEffects);
        test.add(new Stmt.If(new Expr.Unary(UnaryOp.NOT, condition, condition.position()),
                new Stmt.Block(List.of(new Stmt.Break(position))), new Stmt.Block(List.of()), position));
        List<Stmt> iteration = new ArrayList<>();
        if (testFirst) {
            iteration.addAll(test);
            iteration.addAll(body.statements());
        } else {
            iteration.addAll(body.statements());
            iteration.addAll(test);
        }
        return new Stmt.Loop(true, Expr.Literal.of(true), new Stmt.Block(iteration), update, position);
    }
}
