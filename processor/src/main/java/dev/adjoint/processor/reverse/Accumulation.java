package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;

/**
 * An assignment {@code v = v + e} or {@code v = v - e} of a {@code double} whose addend {@code e} does
 * not read {@code v}: a sum being accumulated. Its adjoint leaves {@code v}'s adjoint as it is and
 * passes it, or its negation, to the addend, so nothing before it needs {@code v}'s old value.
 */
record Accumulation(Expr.Binary sum) {

    /** The accumulation {@code a} is, or null. */
    static Accumulation of(Stmt.Assign a) {
        if (!a.variable().type().equals(Type.DOUBLE) || !(a.value() instanceof Expr.Binary b)
                || (b.op() != BinaryOp.ADD && b.op() != BinaryOp.SUB)
                || !(b.left() instanceof Expr.Ref ref && ref.variable() == a.variable())
                || StatementWalker.reads(b.right(), a.variable())) {
            return null;
        }
        return new Accumulation(b);
    }

    Expr addend() {
        return sum.right();
    }

    /** The assignment's value with the addend written as {@code primalAddend}. */
    Expr withAddend(Expr primalAddend) {
        return new Expr.Binary(sum.op(), sum.left(), primalAddend, sum.position());
    }

    /** The addend's adjoint, given the accumulated variable's. */
    Expr addendSeed(Expr sumAdjoint) {
        return sum.op() == BinaryOp.ADD ? sumAdjoint : Exprs.neg(sumAdjoint);
    }
}
