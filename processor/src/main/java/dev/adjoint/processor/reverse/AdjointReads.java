package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Which primal variables the adjoint of a statement reads: the values its derivative rules need
 * ({@link NeededValues}), the indices it writes adjoint elements at again, and the statement's own
 * result where a rule reuses it. Takes the method's activity; gives sets of variables.
 */
final class AdjointReads {

    private final Activity activity;

    AdjointReads(Activity activity) {
        this.activity = activity;
    }

    /** Adds the variables the adjoint of {@code differentiated} reads to {@code into}. */
    void addReads(Expr differentiated, Set<Variable> into) {
        into.addAll(NeededValues.variablesRead(differentiated, activity));
    }

    /**
     * Adds to {@code into} the variables the adjoint of {@code v = value} reads of the values before the
     * write. Where {@code v} holds the value ({@link #holdsResult}), a rule that reuses it (tanh, exp,
     * sqrt, a quotient) reads {@code v} ({@link #addResultRead}), not the variables of {@code value}.
     */
    void addValueReads(Variable v, Expr value, Set<Variable> into) {
        into.addAll(NeededValues.variablesRead(value, activity, holdsResult(v, value)));
    }

    /**
     * Whether the adjoint of {@code v = value} reads {@code v} itself as the value of {@code value}
     * (exp, sqrt and division reuse their result): then a later overwrite of {@code v} must be undone
     * for it.
     */
    boolean readsResult(Expr value) {
        Expr root = value;
        while (root instanceof Expr.Cast cast) {
            root = cast.operand();
        }
        boolean usesResult = root instanceof Expr.MathCall call && call.function().usesResult()
                || root instanceof Expr.Binary b && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM);
        return usesResult && activity.isActive(value);
    }

    /**
     * Whether the adjoint of {@code v = value} finds the value in {@code v} (the translator hands it
     * {@code v} as the expression's result): unless {@code v} is passive, the write accumulates
     * ({@code v += e}, whose adjoint reads only the addend) or {@code value} reads {@code v} itself (that
     * adjoint runs after {@code v} is restored, and computes what it needs again).
     */
    boolean holdsResult(Variable v, Expr value) {
        return activity.isActive(v) && Accumulation.of(new Stmt.Assign(v, value, SourcePosition.NONE)) == null
                && !(activity.isActive(value) && StatementWalker.reads(value, v));
    }

    /** Adds {@code v} to {@code into} when the adjoint of {@code v = value} reads {@code v} as its result. */
    void addResultRead(Variable v, Expr value, Set<Variable> into) {
        if (readsResult(value)) {
            into.add(v);
        }
    }

    /**
     * Adds to {@code into} the variables the adjoint of the element write {@code w} reads of the values
     * before the write: those of its value, but for the value's own variables where the adjoint reads
     * the result from the element ({@code elementHoldsResult}), and those of its indices.
     */
    void addElementWriteReads(Stmt.ArrayWrite w, boolean elementHoldsResult, Set<Variable> into) {
        if (activity.isActive(StatementWalker.arrayVariable(w.array()))) {
            into.addAll(NeededValues.variablesRead(w.value(), activity, elementHoldsResult));
        }
        addIndexReads(w.element(), into);
    }

    /**
     * Whether the adjoint of the element write {@code w}, in a loop reversed after the forward sweep, can
     * read the write's result from the element (before restoring it) instead of computing the value
     * again: a rule of the value's root reuses the value (tanh, exp, sqrt, a quotient), and the element
     * holds it exactly (the value has the element's type, so storing it converts nothing). Exact only
     * where the array counts as read from the write on, so that every later overwrite of the element
     * saves it and the adjoint sweep puts the result back before it gets there ({@link OverwriteSaves}).
     */
    boolean mayReadElementResult(Stmt.ArrayWrite w) {
        Expr value = w.value();
        return activity.isActive(StatementWalker.arrayVariable(w.array())) && activity.isActive(value)
                && value.type().equals(w.element().type()) && NeededValues.in(value, activity).contains(value);
    }

    /** The variables in the indices of an element: the adjoint sweep indexes with them again. */
    static void addIndexReads(Expr.ArrayRead element, Set<Variable> into) {
        for (Expr e = element; e instanceof Expr.ArrayRead read; e = read.array()) {
            StatementWalker.addVariables(read.index(), into);
        }
    }

    /** The variables the adjoints of the statements in {@code statement} read, wherever they are. */
    Set<Variable> readsIn(Stmt statement) {
        Set<Variable> reads = newSet();
        StatementWalker.forEachStatement(statement, s -> s.accept(new OwnReads(reads)));
        return reads;
    }

    static Set<Variable> newSet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Adds what the adjoint of one statement reads, not counting the statements nested in it. */
    private final class OwnReads implements Stmt.Visitor<Void> {
        private final Set<Variable> into;

        OwnReads(Set<Variable> into) {
            this.into = into;
        }

        @Override
        public Void visitDeclare(Stmt.Declare node) {
            if (node.init() != null && activity.isActive(node.variable())) {
                addValueReads(node.variable(), node.init(), into);
                addResultRead(node.variable(), node.init(), into);
            }
            return null;
        }

        @Override
        public Void visitAssign(Stmt.Assign node) {
            if (activity.isActive(node.variable())) {
                addValueReads(node.variable(), node.value(), into);
                addResultRead(node.variable(), node.value(), into);
            }
            return null;
        }

        @Override
        public Void visitArrayWrite(Stmt.ArrayWrite node) {
            // As if it computed its value again: whether it reads its result instead is decided in
            // execution order (OverwriteSaves), and only where its array counts as read already.
            addElementWriteReads(node, false, into);
            return null;
        }

        @Override
        public Void visitBlock(Stmt.Block node) {
            return null;
        }

        @Override
        public Void visitIf(Stmt.If node) {
            return null;
        }

        @Override
        public Void visitReturn(Stmt.Return node) {
            return null;
        }

        @Override
        public Void visitLoop(Stmt.Loop node) {
            return null;
        }

        @Override
        public Void visitBreak(Stmt.Break node) {
            return null;
        }

        @Override
        public Void visitContinue(Stmt.Continue node) {
            return null;
        }

        @Override
        public Void visitEvaluate(Stmt.Evaluate node) {
            return null;
        }

        @Override
        public Void visitLabeled(Stmt.Labeled node) {
            return null;
        }

        @Override
        public Void visitBreakLabel(Stmt.BreakLabel node) {
            return null;
        }

        @Override
        public Void visitComment(Stmt.Comment node) {
            return null;
        }

        @Override
        public Void visitThrow(Stmt.Throw node) {
            return null;
        }
    }
}
