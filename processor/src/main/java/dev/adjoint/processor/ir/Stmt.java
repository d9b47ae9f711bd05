package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;

/**
 * A statement of the IR. Compound assignments and increments are read as plain {@link Assign}s,
 * so transforms see one way to write a variable.
 */
public sealed interface Stmt {

    SourcePosition position();

    /** {@code Type v = init;} or {@code Type v;} when {@code init} is null. */
    record Declare(Variable variable, Expr init, SourcePosition position) implements Stmt {
    }

    record Assign(Variable variable, Expr value, SourcePosition position) implements Stmt {
    }

    /** {@code array[index] = value}, into a local array ({@code array} is its name or one of its rows). */
    record ArrayWrite(Expr array, Expr index, Expr value, SourcePosition position) implements Stmt {
        /** The written element, as an expression. */
        public Expr.ArrayRead element() {
            return new Expr.ArrayRead(array, index, position);
        }
    }

    record Block(List<Stmt> statements) implements Stmt {
        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /** {@code if (condition) thenBranch else elseBranch}; an absent else is an empty block. */
    record If(Expr condition, Block thenBranch, Block elseBranch, SourcePosition position) implements Stmt {
    }

    record Return(Expr value, SourcePosition position) implements Stmt {
    }

    /**
     * {@code while}, {@code do}/{@code while} and {@code for} loops. A {@code for} loop is its
     * initialisers (in an enclosing block) followed by a loop whose {@code update} runs after each
     * iteration that completes normally or by {@code continue}.
     */
    record Loop(boolean testFirst, Expr condition, Block body, Block update, SourcePosition position) implements Stmt {
    }

    /** An unlabelled {@code break} of the innermost loop. */
    record Break(SourcePosition position) implements Stmt {
    }

    /** An unlabelled {@code continue} of the innermost loop. */
    record Continue(SourcePosition position) implements Stmt {
    }

    /** Generated code only: an expression evaluated for its effect, such as a tape push. */
    record Evaluate(Expr expression) implements Stmt {
        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /** Generated code only: a labelled block that {@link BreakLabel} leaves. */
    record Labeled(String label, Block body) implements Stmt {
        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    record BreakLabel(String label) implements Stmt {
        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /** Generated code only: a line comment in the output. */
    record Comment(String text) implements Stmt {
        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }
}
