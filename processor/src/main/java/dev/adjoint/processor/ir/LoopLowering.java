package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a {@code for} loop's update at the end of its body, as generated code prints loops. A
 * {@code continue} must still reach the update, so when the body has one, the body goes into a
 * labelled block and each {@code continue} of this loop leaves that block instead.
 */
public final class LoopLowering {

    private LoopLowering() {
    }

    public static Stmt.Block withUpdate(Stmt.Block body, Stmt.Block update, String label) {
        if (update.statements().isEmpty()) {
            return body;
        }
        List<Stmt> statements = new ArrayList<>();
        if (ControlFlow.of(body).mayContinueEnclosingLoop()) {
            statements.add(new Stmt.Labeled(label, (Stmt.Block) replaceContinues(body, label)));
        } else {
            statements.addAll(body.statements());
        }
        statements.addAll(update.statements());
        return new Stmt.Block(statements);
    }

    private static Stmt replaceContinues(Stmt s, String label) {
        if (s instanceof Stmt.Continue) {
            return new Stmt.BreakLabel(label);
        }
        if (s instanceof Stmt.Block block) {
            return new Stmt.Block(block.statements().stream().map(x -> replaceContinues(x, label)).toList());
        }
        if (s instanceof Stmt.If i) {
            return new Stmt.If(i.condition(), (Stmt.Block) replaceContinues(i.thenBranch(), label),
                    (Stmt.Block) replaceContinues(i.elseBranch(), label), i.position());
        }
        if (s instanceof Stmt.Labeled labeled) {
            return new Stmt.Labeled(labeled.label(), (Stmt.Block) replaceContinues(labeled.body(), label));
        }
        return s;
    }
}
