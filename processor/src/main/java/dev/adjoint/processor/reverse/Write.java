package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;

/**
 * What one statement writes by itself, not through the statements nested in it: the variable a
 * declaration or an assignment sets, or the array whose element an element write sets. The reverse
 * passes ask it to know what a loop or a stretch of code changes.
 */
record Write(Kind kind, Variable variable) {

    enum Kind {
        DECLARATION, ASSIGNMENT, ELEMENT
    }

    /** What {@code statement} writes itself, or null when it writes nothing (a block, a branch, a jump, ...). */
    static Write of(Stmt statement) {
        return statement.accept(OF);
    }

    /** Whether this sets the variable itself (a declaration or an assignment), not an element of it. */
    boolean setsVariable() {
        return kind != Kind.ELEMENT;
    }

    private static final Stmt.Visitor<Write> OF = new Stmt.Visitor<>() {
        @Override
        public Write visitDeclare(Stmt.Declare node) {
            return new Write(Kind.DECLARATION, node.variable());
        }

        @Override
        public Write visitAssign(Stmt.Assign node) {
            return new Write(Kind.ASSIGNMENT, node.variable());
        }

        @Override
        public Write visitArrayWrite(Stmt.ArrayWrite node) {
            return new Write(Kind.ELEMENT, StatementWalker.arrayVariable(node.array()));
        }

        @Override
        public Write visitBlock(Stmt.Block node) {
            return null;
        }

        @Override
        public Write visitIf(Stmt.If node) {
            return null;
        }

        @Override
        public Write visitReturn(Stmt.Return node) {
            return null;
        }

        @Override
        public Write visitLoop(Stmt.Loop node) {
            return null;
        }

        @Override
        public Write visitBreak(Stmt.Break node) {
            return null;
        }

        @Override
        public Write visitContinue(Stmt.Continue node) {
            return null;
        }

        @Override
        public Write visitEvaluate(Stmt.Evaluate node) {
            return null;
        }

        @Override
        public Write visitLabeled(Stmt.Labeled node) {
            return null;
        }

        @Override
        public Write visitBreakLabel(Stmt.BreakLabel node) {
            return null;
        }

        @Override
        public Write visitComment(Stmt.Comment node) {
            return null;
        }

        @Override
        public Write visitThrow(Stmt.Throw node) {
            return null;
        }
    };
}
