package dev.adjoint.processor.ir;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Copies an expression with some variables replaced, as transforms do when the generated method
 * keeps a variable under another name (a {@code Dual} parameter's value, say).
 */
public final class Substitution {

    private final Map<Variable, Variable> replacements;
    private final UnaryOperator<Expr> onRead;
    private final UnaryOperator<Expr> onWholeArray;
    private final UnaryOperator<Expr> onInvoke;
    private final Expr.Visitor<Expr> rewriter = new Rewriter();

    public Substitution(Map<Variable, Variable> replacements) {
        this(replacements, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * @param onRead applied to every array element read and every read of a replaced variable, after
     *     substitution; forward mode uses it to read the value out of a {@code Dual} (an element of a
     *     {@code Dual[]}, a parameter the body never assigns)
     * @param onWholeArray applied to a whole array passed to a call after substitution; forward mode
     *     uses it to pass the values of a {@code Dual[]}
     */
    public Substitution(Map<Variable, Variable> replacements, UnaryOperator<Expr> onRead,
            UnaryOperator<Expr> onWholeArray) {
        this(replacements, onRead, onWholeArray, UnaryOperator.identity());
    }

    private Substitution(Map<Variable, Variable> replacements, UnaryOperator<Expr> onRead,
            UnaryOperator<Expr> onWholeArray, UnaryOperator<Expr> onInvoke) {
        this.replacements = replacements;
        this.onRead = onRead;
        this.onWholeArray = onWholeArray;
        this.onInvoke = onInvoke;
    }

    /**
     * Copies expressions with each call of an object's method ({@link Expr.Invoke}, not searched inside)
     * replaced by {@code onInvoke}'s result, and no variable replaced.
     */
    public static Substitution ofInvocations(UnaryOperator<Expr> onInvoke) {
        return new Substitution(Map.of(), UnaryOperator.identity(), UnaryOperator.identity(), onInvoke);
    }

    public Variable apply(Variable v) {
        return replacements.getOrDefault(v, v);
    }

    public Expr apply(Expr e) {
        return e.accept(rewriter);
    }

    /** An argument of a call, rewritten as {@link Expr.Call}'s are: a whole array through {@code onWholeArray}. */
    public Expr applyToArgument(Expr argument) {
        return argument.type() instanceof Type.Array ? onWholeArray.apply(applyToArray(argument)) : apply(argument);
    }

    private List<Expr> apply(List<Expr> expressions) {
        return expressions.stream().map(this::apply).toList();
    }

    /** An array operand: its rows stay rows, only the elements read out of it go through {@code onRead}. */
    private Expr applyToArray(Expr array) {
        if (array instanceof Expr.ArrayRead row) {
            return new Expr.ArrayRead(applyToArray(row.array()), apply(row.index()), row.position());
        }
        return apply(array);
    }

    /** One method per expression kind: each copies its node with the substitution applied inside. */
    private final class Rewriter implements Expr.Visitor<Expr> {
        @Override
        public Expr visitLiteral(Expr.Literal node) {
            return node;
        }

        @Override
        public Expr visitRef(Expr.Ref node) {
            Variable v = apply(node.variable());
            return v == node.variable() ? node : onRead.apply(new Expr.Ref(v, node.position()));
        }

        @Override
        public Expr visitStaticField(Expr.StaticField node) {
            return node;
        }

        @Override
        public Expr visitUnary(Expr.Unary node) {
            return new Expr.Unary(node.op(), apply(node.operand()), node.position());
        }

        @Override
        public Expr visitBinary(Expr.Binary node) {
            return new Expr.Binary(node.op(), apply(node.left()), apply(node.right()), node.position());
        }

        @Override
        public Expr visitConditional(Expr.Conditional node) {
            return new Expr.Conditional(apply(node.condition()), apply(node.whenTrue()), apply(node.whenFalse()),
                    node.type(), node.position());
        }

        @Override
        public Expr visitCast(Expr.Cast node) {
            return new Expr.Cast(node.type(), apply(node.operand()), node.position());
        }

        @Override
        public Expr visitMathCall(Expr.MathCall node) {
            return new Expr.MathCall(node.owner(), node.function(), apply(node.arguments()), node.position());
        }

        @Override
        public Expr visitCall(Expr.Call node) {
            return new Expr.Call(node.target(), node.arguments().stream()
                    .map(Substitution.this::applyToArgument)
                    .toList(), node.position());
        }

        @Override
        public Expr visitArrayRead(Expr.ArrayRead node) {
            return onRead.apply(new Expr.ArrayRead(applyToArray(node.array()), apply(node.index()), node.position()));
        }

        @Override
        public Expr visitArrayLength(Expr.ArrayLength node) {
            return new Expr.ArrayLength(applyToArray(node.array()), node.position());
        }

        @Override
        public Expr visitNewArray(Expr.NewArray node) {
            return new Expr.NewArray(node.type(), apply(node.dimensions()), node.position());
        }

        /*
         * The nodes only generated code has are kept as they are, operands included: a substitution
         * rewrites what the read stage made, which has none of them.
         */

        @Override
        public Expr visitInvoke(Expr.Invoke node) {
            return onInvoke.apply(node);
        }

        @Override
        public Expr visitInvokeStatic(Expr.InvokeStatic node) {
            return node;
        }

        @Override
        public Expr visitNew(Expr.New node) {
            return node;
        }
    }
}
