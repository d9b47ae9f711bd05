package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The partial derivative of an assignment {@code v = e(v)} whose only active operand is {@code v}
 * itself ({@code x = Math.sin(x) * 1.5 + 0.1 * x}): one number, {@code 1.5 * Math.cos(x) + 0.1}.
 *
 * <p>In a reversed loop, such an assignment would save the old {@code v} for its own adjoint, which
 * computes the partial from it in the adjoint sweep. Where no other adjoint reads that old value
 * ({@link OverwriteSaves}), the forward sweep tapes the partial instead, computed where the primal
 * computes the step: the same one number per iteration on the tape, and the partial's work (a
 * {@code cos} beside the step's {@code sin}) overlaps the primal's instead of running alone in the
 * adjoint sweep, whose step becomes one product. Statement-level preaccumulation, as operator-overloading
 * tools call it, for the one-operand case where it tapes no more than the value it replaces.
 *
 * <p>Takes the assignment and the method's activity; gives the statements naming the values the
 * partial needs, the partial itself, from the same rules as every adjoint ({@link ExpressionAdjoint}
 * seeded with 1), and the assigned value reading the named values ({@code tanh} computed once for both).
 */
record LocalPartial(List<Stmt> namedValues, Expr partial, Expr primal, boolean singular) {

    /**
     * Whether {@code a} has a local partial to tape: a {@code double} assigned a value whose only
     * active variable is the one assigned, built of arithmetic, casts and {@code Math} calls (no call of
     * the user's, which could use the tapes, and no {@code ?:}, whose adjoint branches).
     */
    static boolean applies(Stmt.Assign a, Activity activity) {
        Variable v = a.variable();
        if (!v.type().equals(Type.DOUBLE) || !activity.isActive(v) || !activity.isActive(a.value())) {
            return false;
        }
        boolean[] plain = {true};
        StatementWalker.walk(a.value(), e -> plain[0] &= e instanceof Expr.Literal || e instanceof Expr.Ref
                || e instanceof Expr.StaticField || e instanceof Expr.Unary || e instanceof Expr.Binary
                || e instanceof Expr.Cast || e instanceof Expr.MathCall
                || e instanceof Expr.ArrayRead read && !activity.isActive(read)
                || e instanceof Expr.ArrayLength);
        if (!plain[0]) {
            return false;
        }
        return soleActiveVariable(a.value(), activity) == v;
    }

    /** The one active variable {@code value} reads, or null where it reads none or several. */
    static Variable soleActiveVariable(Expr value, Activity activity) {
        Set<Variable> read = AdjointReads.newSet();
        StatementWalker.addVariables(value, read);
        read.removeIf(u -> !activity.isActive(u));
        return read.size() == 1 ? read.iterator().next() : null;
    }

    /**
     * The partial of {@code a}, which {@link #applies}, read at the point of the assignment, before it: the
     * statements naming the values its rules need (the primal's value reads them too), the partial, and the
     * assignment's value in terms of the named values.
     */
    static LocalPartial of(Stmt.Assign a, Activity activity) {
        Variable sum = Variable.generated("partial", Type.DOUBLE);
        List<Stmt> named = new ArrayList<>();
        ExpressionAdjoint value = ExpressionAdjoint.prepare(a.value(), null, activity, u -> sum, null,
                Temporaries.into(named));
        List<Stmt> propagated = new ArrayList<>();
        value.propagate(Exprs.ONE, propagated);
        Expr partial = null;
        for (Stmt s : propagated) {
            if (s instanceof Stmt.Declare d) {
                named.add(d);
            } else if (s instanceof Stmt.Assign update && update.variable() == sum
                    && update.value() instanceof Expr.Binary b && b.left() instanceof Expr.Ref ref && ref.variable() == sum
                    && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
                // sum += term, or sum -= term for a negated one
                boolean added = b.op() == BinaryOp.ADD;
                partial = partial == null ? (added ? b.right() : Exprs.neg(b.right()))
                        : added ? Exprs.add(partial, b.right()) : Exprs.sub(partial, b.right());
            } else {
                throw new IllegalStateException("a local partial met an adjoint it cannot sum: " + s);
            }
        }
        boolean[] singular = {false};
        StatementWalker.walk(a.value(), e -> singular[0] |= e instanceof Expr.MathCall call
                && call.function().isSingular());
        return new LocalPartial(named, partial == null ? Exprs.ZERO : partial, value.primal(), singular[0]);
    }

    /**
     * The contribution of the adjoint {@code seed} through the taped partial {@code taped}: their product,
     * exactly 0 for a zero seed where a rule of the value is singular, as its adjoint would give.
     */
    Expr times(Expr seed, Expr taped) {
        return singular ? Exprs.strongZeroProduct(seed, taped) : Exprs.mul(seed, taped);
    }
}
