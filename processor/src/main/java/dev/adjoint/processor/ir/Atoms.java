package dev.adjoint.processor.ir;

/**
 * Which expressions are atoms: a name or a literal, cheap and safe to repeat, so that derivative code
 * may use them twice instead of naming them in a temporary first. A {@code Dual} variable's
 * {@code value()} or {@code tangent()} is one too: a record's field, read again for free, where a
 * temporary would hold the number in a local of its own, two slots of every frame of a recursive
 * forward method.
 */
final class Atoms implements Expr.Visitor<Boolean> {

    private static final Atoms INSTANCE = new Atoms();

    private Atoms() {
    }

    static boolean isAtom(Expr e) {
        return e.accept(INSTANCE);
    }

    @Override
    public Boolean visitLiteral(Expr.Literal node) {
        return true;
    }

    @Override
    public Boolean visitRef(Expr.Ref node) {
        return true;
    }

    @Override
    public Boolean visitStaticField(Expr.StaticField node) {
        return true;
    }

    @Override
    public Boolean visitUnary(Expr.Unary node) {
        return false;
    }

    @Override
    public Boolean visitBinary(Expr.Binary node) {
        return false;
    }

    @Override
    public Boolean visitConditional(Expr.Conditional node) {
        return false;
    }

    @Override
    public Boolean visitCast(Expr.Cast node) {
        return false;
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall node) {
        return false;
    }

    @Override
    public Boolean visitCall(Expr.Call node) {
        return false;
    }

    @Override
    public Boolean visitArrayRead(Expr.ArrayRead node) {
        return false;
    }

    @Override
    public Boolean visitArrayLength(Expr.ArrayLength node) {
        return false;
    }

    @Override
    public Boolean visitNewArray(Expr.NewArray node) {
        return false;
    }

    @Override
    public Boolean visitInvoke(Expr.Invoke node) {
        return node.receiver() instanceof Expr.Ref && node.receiver().type().equals(RuntimeTypes.DUAL)
                && node.arguments().isEmpty();
    }

    @Override
    public Boolean visitInvokeStatic(Expr.InvokeStatic node) {
        return false;
    }

    @Override
    public Boolean visitNew(Expr.New node) {
        return false;
    }
}
