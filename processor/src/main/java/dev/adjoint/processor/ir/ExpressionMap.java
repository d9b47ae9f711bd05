package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Copies a statement with each expression it evaluates, and those of the statements nested in it,
 * replaced by a function's result; the function may refuse an expression (null), and then the whole
 * copy is refused. Comments are kept as they are: what they quote is the user's code. Passes over
 * finished code use it to rewrite the reads of some variables.
 */
public final class ExpressionMap implements Stmt.Visitor<Stmt> {

    private final UnaryOperator<Expr> map;

    private ExpressionMap(UnaryOperator<Expr> map) {
        this.map = map;
    }

    /** {@code s} with every expression through {@code map}, or null when {@code map} refuses one. */
    public static Stmt apply(Stmt s, UnaryOperator<Expr> map) {
        return s.accept(new ExpressionMap(map));
    }

    /** The statements of {@code block} through {@code map}, or null when one is refused. */
    public static Stmt.Block apply(Stmt.Block block, UnaryOperator<Expr> map) {
        return new ExpressionMap(map).block(block);
    }

    private Stmt.Block block(Stmt.Block block) {
        List<Stmt> statements = new ArrayList<>(block.statements().size());
        for (Stmt s : block.statements()) {
            Stmt mapped = s.accept(this);
            if (mapped == null) {
                return null;
            }
            statements.add(mapped);
        }
        return new Stmt.Block(statements);
    }

    /** The expressions through {@code map}, or null when one is refused. */
    private List<Expr> all(List<Expr> expressions) {
        List<Expr> mapped = new ArrayList<>(expressions.size());
        for (Expr e : expressions) {
            Expr m = map.apply(e);
            if (m == null) {
                return null;
            }
            mapped.add(m);
        }
        return mapped;
    }

    @Override
    public Stmt visitDeclare(Stmt.Declare node) {
        if (node.init() == null) {
            return node;
        }
        Expr init = map.apply(node.init());
        return init == null ? null : new Stmt.Declare(node.variable(), init, node.position());
    }

    @Override
    public Stmt visitAssign(Stmt.Assign node) {
        Expr value = map.apply(node.value());
        return value == null ? null : new Stmt.Assign(node.variable(), value, node.position());
    }

    @Override
    public Stmt visitArrayWrite(Stmt.ArrayWrite node) {
        List<Expr> parts = all(List.of(node.array(), node.index(), node.value()));
        return parts == null ? null : new Stmt.ArrayWrite(parts.get(0), parts.get(1), parts.get(2), node.position());
    }

    @Override
    public Stmt visitBlock(Stmt.Block node) {
        return block(node);
    }

    @Override
    public Stmt visitIf(Stmt.If node) {
        Expr condition = map.apply(node.condition());
        Stmt.Block thenBranch = block(node.thenBranch());
        Stmt.Block elseBranch = block(node.elseBranch());
        return condition == null || thenBranch == null || elseBranch == null ? null
                : new Stmt.If(condition, thenBranch, elseBranch, node.position());
    }

    @Override
    public Stmt visitReturn(Stmt.Return node) {
        if (node.value() == null) {
            return node;
        }
        Expr value = map.apply(node.value());
        return value == null ? null : new Stmt.Return(value, node.position());
    }

    @Override
    public Stmt visitLoop(Stmt.Loop node) {
        Expr condition = node.condition() == null ? null : map.apply(node.condition());
        Stmt.Block body = block(node.body());
        Stmt.Block update = block(node.update());
        return (node.condition() != null && condition == null) || body == null || update == null ? null
                : new Stmt.Loop(node.testFirst(), condition, body, update, node.position());
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
        Expr e = map.apply(node.expression());
        return e == null ? null : new Stmt.Evaluate(e);
    }

    @Override
    public Stmt visitLabeled(Stmt.Labeled node) {
        Stmt.Block body = block(node.body());
        return body == null ? null : new Stmt.Labeled(node.label(), body);
    }

    @Override
    public Stmt visitBreakLabel(Stmt.BreakLabel node) {
        return node;
    }

    @Override
    public Stmt visitComment(Stmt.Comment node) {
        return node;
    }

    @Override
    public Stmt visitThrow(Stmt.Throw node) {
        List<Expr> arguments = all(node.arguments());
        return arguments == null ? null : new Stmt.Throw(node.exception(), arguments, node.position());
    }
}
