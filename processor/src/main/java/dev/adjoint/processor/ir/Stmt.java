package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;

/**
 * A statement of the IR. Compound assignments and increments are read as plain {@link Assign}s,
 * so transforms see one way to write a variable.
 */
public sealed interface Stmt {

    SourcePosition position();

    /** Dispatches to the visitor's method for this node's kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per statement kind: a pass that implements it handles every kind, so adding a kind is a
     * compile error in each pass until it says what the new kind means there.
     */
    interface Visitor<R> {
        R visitDeclare(Declare node);

        R visitAssign(Assign node);

        R visitArrayWrite(ArrayWrite node);

        R visitBlock(Block node);

        R visitIf(If node);

        R visitReturn(Return node);

        R visitLoop(Loop node);

        R visitBreak(Break node);

        R visitContinue(Continue node);

        R visitEvaluate(Evaluate node);

        R visitLabeled(Labeled node);

        R visitBreakLabel(BreakLabel node);

        R visitComment(Comment node);

        R visitThrow(Throw node);
    }

    /** {@code Type v = init;} or {@code Type v;} when {@code init} is null. */
    record Declare(Variable variable, Expr init, SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDeclare(this);
        }
    }

    record Assign(Variable variable, Expr value, SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAssign(this);
        }
    }

    /** {@code array[index] = value}, into a local array ({@code array} is its name or one of its rows). */
    record ArrayWrite(Expr array, Expr index, Expr value, SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitArrayWrite(this);
        }

        /** The written element, as an expression. */
        public Expr.ArrayRead element() {
            return new Expr.ArrayRead(array, index, position);
        }
    }

    record Block(List<Stmt> statements) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBlock(this);
        }

        /**
         * The loop this block ends with, or null. A {@code for} statement is read as a block of its
         * initialisers and its loop, whose update holds the statement's update.
         */
        public Loop lastLoop() {
            return !statements.isEmpty() && statements.get(statements.size() - 1) instanceof Loop loop ? loop : null;
        }

        /** The statements before {@link #lastLoop()}: a {@code for} statement's initialisers. */
        public List<Stmt> beforeLastLoop() {
            return statements.subList(0, statements.size() - 1);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /** {@code if (condition) thenBranch else elseBranch}; an absent else is an empty block. */
    record If(Expr condition, Block thenBranch, Block elseBranch, SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitIf(this);
        }
    }

    record Return(Expr value, SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitReturn(this);
        }
    }

    /**
     * {@code while}, {@code do}/{@code while} and {@code for} loops. A {@code for} loop is its
     * initialisers (in an enclosing block) followed by a loop whose {@code update} runs after each
     * iteration that completes normally or by {@code continue}.
     */
    record Loop(boolean testFirst, Expr condition, Block body, Block update, SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLoop(this);
        }
    }

    /** An unlabelled {@code break} of the innermost loop. */
    record Break(SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBreak(this);
        }
    }

    /** An unlabelled {@code continue} of the innermost loop. */
    record Continue(SourcePosition position) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitContinue(this);
        }
    }

    /**
     * An expression evaluated for its effect: in generated code a tape push, in the user's a call of a
     * static method made for what it does ({@code MathUtils.checkFinite(x);}, an {@code Expr.InvokeStatic}),
     * whose arguments are values only, never differentiated.
     */
    record Evaluate(Expr expression) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitEvaluate(this);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /** Generated code only: a labelled block that {@link BreakLabel} leaves. */
    record Labeled(String label, Block body) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLabeled(this);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    record BreakLabel(String label) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBreakLabel(this);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /**
     * {@code throw new exception(arguments)}: an unchecked exception, thrown where the user's method
     * throws it. Its arguments are values only (numbers, strings, constants), never differentiated.
     */
    record Throw(Type.Named exception, List<Expr> arguments, SourcePosition position) implements Stmt {
        public Throw {
            arguments = List.copyOf(arguments);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitThrow(this);
        }
    }

    /**
     * Generated code only: a line comment in the output. When {@code quoted} is not null the comment
     * ends with that statement, printed as Java on the same line: a simple statement (a declaration,
     * an assignment, an element write or a return) whole ({@code // grad of: y = f(x);}), an
     * {@code if} or a loop by its head ({@code // grad of: while (k < 5)}), a block that is a
     * {@code for} loop by the loop's head ({@code // grad of: for (int i = 0; i < n; i++)}).
     */
    record Comment(String text, Stmt quoted) implements Stmt {
        public Comment {
            if (quoted != null && !(quoted instanceof Declare || quoted instanceof Assign
                    || quoted instanceof ArrayWrite || quoted instanceof Return || quoted instanceof If
                    || quoted instanceof Loop || quoted instanceof Block b && !b.statements().isEmpty()
                    && b.statements().get(b.statements().size() - 1) instanceof Loop)) {
                throw new IllegalArgumentException("a comment quotes a simple statement, an if or a loop: " + quoted);
            }
        }

        public Comment(String text) {
            this(text, null);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitComment(this);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }
}
