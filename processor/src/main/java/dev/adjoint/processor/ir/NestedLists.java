package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Copies a statement with each statement list nested in it (a block's, a branch's, a loop's body and
 * update, a labelled block's) passed through {@link #rewrite}; a simple statement is returned as it is.
 * For passes over finished code that work list by list, such as merging or grouping neighbouring
 * statements.
 */
public abstract class NestedLists implements Stmt.Visitor<Stmt> {

    /** The statements a nested list becomes. */
    protected abstract List<Stmt> rewrite(List<Stmt> statements);

    private Stmt.Block block(Stmt.Block block) {
        return block == null ? null : new Stmt.Block(rewrite(block.statements()));
    }

    @Override
    public Stmt visitDeclare(Stmt.Declare node) {
        return node;
    }

    @Override
    public Stmt visitAssign(Stmt.Assign node) {
        return node;
    }

    @Override
    public Stmt visitArrayWrite(Stmt.ArrayWrite node) {
        return node;
    }

    @Override
    public Stmt visitBlock(Stmt.Block node) {
        return block(node);
    }

    @Override
    public Stmt visitIf(Stmt.If node) {
        return new Stmt.If(node.condition(), block(node.thenBranch()), block(node.elseBranch()), node.position());
    }

    @Override
    public Stmt visitReturn(Stmt.Return node) {
        return node;
    }

    @Override
    public Stmt visitLoop(Stmt.Loop node) {
        return new Stmt.Loop(node.testFirst(), node.condition(), block(node.body()), block(node.update()),
                node.position());
    }

    @Override
    public Stmt visitBreak(Stmt.Break node) {
        return node;
    }

    @Override
    public Stmt visitContinue(Stmt.Continue node) {
        return node;
    }

    @Override
    public Stmt visitEvaluate(Stmt.Evaluate node) {
        return node;
    }

    @Override
    public Stmt visitLabeled(Stmt.Labeled node) {
        return new Stmt.Labeled(node.label(), block(node.body()));
    }

    @Override
    public Stmt visitBreakLabel(Stmt.BreakLabel node) {
        return node;
    }

    @Override
    public Stmt visitThrow(Stmt.Throw node) {
        return node;
    }

    @Override
    public Stmt visitComment(Stmt.Comment node) {
        return node;
    }
}
