package dev.adjoint.processor.ir;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Copies an expression with some variables replaced, as transforms do when the generated method
 * keeps a variable under another name (a {@code Dual} parameter's value, say).
 */
public final class Substitution {

    private final Map<Variable, Variable> replacements;
    private final UnaryOperator<Expr> onElement;
    private final UnaryOperator<Expr> onWholeArray;

    public Substitution(Map<Variable, Variable> replacements) {
        this(replacements, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * @param onElement applied to every array element read after substitution; forward mode uses it
     *     to read the value out of an element of a {@code Dual[]}
     * @param onWholeArray applied to a whole array passed to a call after substitution; forward mode
     *     uses it to pass the values of a {@code Dual[]}
     */
    public Substitution(Map<Variable, Variable> replacements, UnaryOperator<Expr> onElement,
            UnaryOperator<Expr> onWholeArray) {
        this.replacements = replacements;
        this.onElement = onElement;
        this.onWholeArray = onWholeArray;
    }

    public Variable apply(Variable v) {
        return replacements.getOrDefault(v, v);
    }

    public Expr apply(Expr e) {
        if (e instanceof Expr.Ref ref) {
            Variable v = apply(ref.variable());
            return v == ref.variable() ? e : new Expr.Ref(v, ref.position());
        }
        if (e instanceof Expr.Unary u) {
            return new Expr.Unary(u.op(), apply(u.operand()), u.position());
        }
        if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), apply(b.left()), apply(b.right()), b.position());
        }
        if (e instanceof Expr.Conditional c) {
            return new Expr.Conditional(apply(c.condition()), apply(c.whenTrue()), apply(c.whenFalse()), c.type(),
                    c.position());
        }
        if (e instanceof Expr.Cast c) {
            return new Expr.Cast(c.type(), apply(c.operand()), c.position());
        }
        if (e instanceof Expr.MathCall call) {
            return new Expr.MathCall(call.owner(), call.function(), call.arguments().stream().map(this::apply).toList(),
                    call.position());
        }
        if (e instanceof Expr.Call call) {
            return new Expr.Call(call.target(), call.arguments().stream()
                    .map(a -> a.type() instanceof Type.Array ? onWholeArray.apply(applyToArray(a)) : apply(a))
                    .toList(), call.position());
        }
        if (e instanceof Expr.ArrayRead read) {
            return onElement.apply(new Expr.ArrayRead(applyToArray(read.array()), apply(read.index()), read.position()));
        }
        if (e instanceof Expr.ArrayLength length) {
            return new Expr.ArrayLength(applyToArray(length.array()), length.position());
        }
        if (e instanceof Expr.NewArray created) {
            return new Expr.NewArray(created.type(), created.dimensions().stream().map(this::apply).toList(),
                    created.position());
        }
        return e;
    }

    /** An array operand: its rows stay rows, only the elements read out of it go through {@code onElement}. */
    private Expr applyToArray(Expr array) {
        if (array instanceof Expr.ArrayRead row) {
            return new Expr.ArrayRead(applyToArray(row.array()), apply(row.index()), row.position());
        }
        return apply(array);
    }
}
