package dev.adjoint.processor.ir;

import java.util.Map;

/**
 * Copies an expression with some variables replaced, as transforms do when the generated method
 * keeps a variable under another name (a {@code Dual} parameter's value, say).
 */
public final class Substitution {

    private final Map<Variable, Variable> replacements;

    public Substitution(Map<Variable, Variable> replacements) {
        this.replacements = replacements;
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
            return new Expr.Call(call.target(), call.arguments().stream().map(this::apply).toList(), call.position());
        }
        return e;
    }
}
