package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A {@code for} loop whose counter's last value follows from its trip count: {@code for (int j = 0; j < n;
 * j++)} or {@code for (int j = i + 1; ...)}: the counter declared with sums and products of constants and
 * at most one {@code int} variable, which the loop does not change; stepped by a constant in the update
 * and nowhere else; the loop left by its condition only (a {@code continue} may skip to the update).
 * After {@code trips} iterations the counter is {@code start + trips * step} (in {@code int} arithmetic,
 * which wraps as the steps did), so the adjoint sweep sets it to that before it runs the iterations
 * backwards, instead of finding it where the loop left it (the variable {@code start} reads counts as
 * read there). Inside an outer loop that is what spares the tape: the next run of the declaration overwrites the last value, which
 * would otherwise be saved on the int tape and restored, once per run of the inner loop (in the RNN
 * benchmark: two ints per hidden unit and step, and one per step).
 *
 * @param loop the loop
 * @param counter the counter, declared by the {@code for} and stepped by its update
 * @param start what it is declared with
 * @param step what the update adds to it (negative for a decrement)
 */
record CountedLoop(Stmt.Loop loop, Variable counter, Expr start, int step) {

    /** The counted loop {@code block} holds, a {@code for} loop's initialisers and then the loop; else null. */
    static CountedLoop of(Stmt.Block block) {
        Stmt.Loop loop = block.lastLoop();
        if (loop == null || !loop.testFirst() || loop.update().statements().size() != 1
                || !(loop.update().statements().get(0) instanceof Stmt.Assign update)
                || TapePolicy.inverse(update) == null || !update.variable().type().equals(Type.INT)) {
            return null;
        }
        Variable counter = update.variable();
        ControlFlow flow = ControlFlow.of(loop.body());
        // A continue goes on to the update, so it counts as a step like any other iteration's end.
        if (flow.mayBreakEnclosingLoop() || flow.mayReturn()
                || StatementWalker.assigns(loop.body(), counter)) {
            return null;
        }
        for (Stmt s : block.beforeLastLoop()) {
            if (!(s instanceof Stmt.Declare)) {
                return null;
            }
            if (s instanceof Stmt.Declare d && d.variable() == counter) {
                if (!unchangedIntegerArithmetic(d.init(), loop) || variablesIn(d.init()) > 1) {
                    return null;
                }
                Expr.Binary stepped = (Expr.Binary) update.value();
                int by = ((Number) ((Expr.Literal) stepped.right()).value()).intValue();
                return new CountedLoop(loop, counter, d.init(), stepped.op() == BinaryOp.ADD ? by : -by);
            }
        }
        return null;
    }

    /**
     * Whether {@code e} is {@code int} constants and variables under {@code +}, {@code -} and {@code *},
     * the variables ones {@code loop} does not change: its value where the loop ends is the one it had
     * where the loop started.
     */
    private static boolean unchangedIntegerArithmetic(Expr e, Stmt.Loop loop) {
        if (e == null || !e.type().equals(Type.INT)) {
            return false;
        }
        if (e instanceof Expr.Literal literal) {
            return literal.value() instanceof Integer;
        }
        if (e instanceof Expr.Ref ref) {
            return !StatementWalker.assigns(loop, ref.variable());
        }
        return e instanceof Expr.Binary b
                && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB || b.op() == BinaryOp.MUL)
                && unchangedIntegerArithmetic(b.left(), loop) && unchangedIntegerArithmetic(b.right(), loop);
    }

    /**
     * How many variables {@code e} reads. One at most, so that where the counter's last value is no
     * longer saved, at most one value is saved in its place (a variable of the outer loop that a later
     * statement of its iteration changes); the outer loop's counter, undone by arithmetic, costs nothing.
     */
    private static int variablesIn(Expr e) {
        Set<Variable> read = Collections.newSetFromMap(new IdentityHashMap<>());
        StatementWalker.addVariables(e, read);
        return read.size();
    }

    /** The counter's value once {@code trips} iterations have run, {@code start + trips * step}, written plainly. */
    Expr last(Variable trips) {
        // Math.abs leaves Integer.MIN_VALUE as it is, and subtracting it wraps to the same as adding it.
        int size = Math.abs(step);
        Expr steps = size == 1 ? Exprs.ref(trips)
                : Exprs.binary(BinaryOp.MUL, Exprs.ref(trips), Expr.Literal.ofInt(size));
        if (step < 0) {
            return Exprs.binary(BinaryOp.SUB, start, steps);
        }
        return start instanceof Expr.Literal zero && zero.isNumber(0) ? steps
                : Exprs.binary(BinaryOp.ADD, start, steps);
    }
}
