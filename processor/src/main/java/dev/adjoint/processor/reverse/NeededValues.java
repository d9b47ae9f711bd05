package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What the adjoint of an expression reads of the primal: the sub-expressions whose values its
 * derivative rules need (the other factor of a product, the divisor, a function's argument or
 * result, a call's arguments), and the variables those values and its structure (indices of active
 * elements, conditions of active {@code ?:}) read. Takes an expression and its activity; gives sets.
 */
final class NeededValues {

    private final Activity activity;
    private final Set<Expr> needed = Collections.newSetFromMap(new IdentityHashMap<>());

    private NeededValues(Activity activity) {
        this.activity = activity;
    }

    /** The sub-expressions of {@code e} whose values some derivative rule in it reads. */
    static Set<Expr> in(Expr e, Activity activity) {
        NeededValues values = new NeededValues(activity);
        values.mark(e);
        return values.needed;
    }

    /**
     * The variables whose values the adjoint of {@code e} reads: those in the sub-expressions a
     * derivative rule needs, in the indices of active array elements, and in the conditions of active
     * {@code ?:}. A variable only summed ({@code s + x}) is not among them, so overwriting it needs no
     * tape.
     */
    static Set<Variable> variablesRead(Expr e, Activity activity) {
        return variablesRead(e, activity, false);
    }

    /**
     * The variables whose values the adjoint of {@code e} reads ({@link #variablesRead(Expr, Activity)}).
     *
     * @param resultHeld whether a variable holds the value of {@code e} when its adjoint runs, handed to
     *     the adjoint as {@code e}'s result: a rule that reuses {@code e}'s own value (tanh, exp, sqrt, a
     *     quotient) then reads that variable instead of computing {@code e} again, so {@code e}'s
     *     variables are read only where a rule needs its operands ({@code y} in {@code x / y})
     */
    static Set<Variable> variablesRead(Expr e, Activity activity, boolean resultHeld) {
        Set<Variable> read = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!activity.isActive(e)) {
            return read;
        }
        for (Expr value : in(e, activity)) {
            if (!(resultHeld && value == e)) {
                StatementWalker.addVariables(value, read);
            }
        }
        e.accept(new StructuralReads(activity, read));
        return read;
    }

    private void mark(Expr e) {
        if (activity.isActive(e)) {
            e.accept(marking);
        }
    }

    private void markChildren(Expr e) {
        StatementWalker.children(e).forEach(this::mark);
    }

    /** Marks the sub-expressions whose values some derivative rule below an active expression reads. */
    private final Expr.Visitor<Void> marking = new Expr.Visitor<>() {
        @Override
        public Void visitLiteral(Expr.Literal node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitRef(Expr.Ref node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitStaticField(Expr.StaticField node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitUnary(Expr.Unary node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitBinary(Expr.Binary node) {
            boolean leftActive = activity.isActive(node.left());
            boolean rightActive = activity.isActive(node.right());
            switch (node.op()) {
                case MUL -> {
                    if (rightActive) {
                        needed.add(node.left());
                    }
                    if (leftActive) {
                        needed.add(node.right());
                    }
                }
                case DIV -> {
                    needed.add(node.right());
                    if (rightActive) {
                        needed.add(node);
                    }
                }
                case REM -> {
                    needed.add(node.left());
                    needed.add(node.right());
                    needed.add(node);
                }
                default -> { }
            }
            markChildren(node);
            return null;
        }

        @Override
        public Void visitConditional(Expr.Conditional node) {
            // Each arm's adjoint is written on its own, with the values it needs.
            return null;
        }

        @Override
        public Void visitCast(Expr.Cast node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitMathCall(Expr.MathCall node) {
            for (int i = 0; i < node.arguments().size(); i++) {
                if (node.function().usesArgument(i)) {
                    needed.add(node.arguments().get(i));
                }
            }
            if (node.function().usesResult()) {
                needed.add(node);
            }
            markChildren(node);
            return null;
        }

        @Override
        public Void visitCall(Expr.Call node) {
            needed.addAll(node.arguments());
            markChildren(node);
            return null;
        }

        @Override
        public Void visitArrayRead(Expr.ArrayRead node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitArrayLength(Expr.ArrayLength node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitNewArray(Expr.NewArray node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitInvoke(Expr.Invoke node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitInvokeStatic(Expr.InvokeStatic node) {
            markChildren(node);
            return null;
        }

        @Override
        public Void visitNew(Expr.New node) {
            markChildren(node);
            return null;
        }
    };

    /** Adds what the structure of an active expression's adjoint reads: element indices, {@code ?:} conditions. */
    private record StructuralReads(Activity activity, Set<Variable> read) implements Expr.Visitor<Void> {
        private void visit(Expr e) {
            if (activity.isActive(e)) {
                e.accept(this);
            }
        }

        private Void children(Expr e) {
            StatementWalker.children(e).forEach(this::visit);
            return null;
        }

        @Override
        public Void visitLiteral(Expr.Literal node) {
            return children(node);
        }

        @Override
        public Void visitRef(Expr.Ref node) {
            return children(node);
        }

        @Override
        public Void visitStaticField(Expr.StaticField node) {
            return children(node);
        }

        @Override
        public Void visitUnary(Expr.Unary node) {
            return children(node);
        }

        @Override
        public Void visitBinary(Expr.Binary node) {
            return children(node);
        }

        @Override
        public Void visitConditional(Expr.Conditional node) {
            StatementWalker.addVariables(node.condition(), read);
            read.addAll(variablesRead(node.whenTrue(), activity));
            read.addAll(variablesRead(node.whenFalse(), activity));
            return null;
        }

        @Override
        public Void visitCast(Expr.Cast node) {
            return children(node);
        }

        @Override
        public Void visitMathCall(Expr.MathCall node) {
            return children(node);
        }

        @Override
        public Void visitCall(Expr.Call node) {
            return children(node);
        }

        @Override
        public Void visitArrayRead(Expr.ArrayRead node) {
            StatementWalker.addVariables(node.index(), read);
            visit(node.array());
            return null;
        }

        @Override
        public Void visitArrayLength(Expr.ArrayLength node) {
            return children(node);
        }

        @Override
        public Void visitNewArray(Expr.NewArray node) {
            return children(node);
        }

        @Override
        public Void visitInvoke(Expr.Invoke node) {
            return children(node);
        }

        @Override
        public Void visitInvokeStatic(Expr.InvokeStatic node) {
            return children(node);
        }

        @Override
        public Void visitNew(Expr.New node) {
            return children(node);
        }
    }
}
