package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;

/**
 * Copies an expression with every source position dropped, so that two expressions computing the
 * same value compare equal (see {@link Exprs#sameValue}).
 */
final class PositionEraser implements Expr.Visitor<Expr> {

    static final PositionEraser INSTANCE = new PositionEraser();

    private static final SourcePosition NONE = SourcePosition.NONE;

    private PositionEraser() {
    }

    private Expr erase(Expr e) {
        return e.accept(this);
    }

    private List<Expr> erase(List<Expr> expressions) {
        return expressions.stream().map(this::erase).toList();
    }

    @Override
    public Expr visitLiteral(Expr.Literal node) {
        return new Expr.Literal(node.value(), node.type(), NONE);
    }

    @Override
    public Expr visitRef(Expr.Ref node) {
        return new Expr.Ref(node.variable(), NONE);
    }

    @Override
    public Expr visitStaticField(Expr.StaticField node) {
        return new Expr.StaticField(node.owner(), node.name(), node.type(), NONE);
    }

    @Override
    public Expr visitUnary(Expr.Unary node) {
        return new Expr.Unary(node.op(), erase(node.operand()), NONE);
    }

    @Override
    public Expr visitBinary(Expr.Binary node) {
        return new Expr.Binary(node.op(), erase(node.left()), erase(node.right()), NONE);
    }

    @Override
    public Expr visitConditional(Expr.Conditional node) {
        return new Expr.Conditional(erase(node.condition()), erase(node.whenTrue()), erase(node.whenFalse()),
                node.type(), NONE);
    }

    @Override
    public Expr visitCast(Expr.Cast node) {
        return new Expr.Cast(node.type(), erase(node.operand()), NONE);
    }

    @Override
    public Expr visitMathCall(Expr.MathCall node) {
        return new Expr.MathCall(node.owner(), node.function(), erase(node.arguments()), NONE);
    }

    @Override
    public Expr visitCall(Expr.Call node) {
        return new Expr.Call(node.target(), erase(node.arguments()), NONE);
    }

    @Override
    public Expr visitArrayRead(Expr.ArrayRead node) {
        return new Expr.ArrayRead(erase(node.array()), erase(node.index()), NONE);
    }

    @Override
    public Expr visitArrayLength(Expr.ArrayLength node) {
        return new Expr.ArrayLength(erase(node.array()), NONE);
    }

    @Override
    public Expr visitNewArray(Expr.NewArray node) {
        return new Expr.NewArray(node.type(), erase(node.dimensions()), NONE);
    }

    /*
     * The nodes only generated code has carry no position of their own. They are kept as they are,
     * operands included: erasing inside them could make equal what compares unequal today, and so
     * change the generated code.
     */

    @Override
    public Expr visitInvoke(Expr.Invoke node) {
        return node;
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
