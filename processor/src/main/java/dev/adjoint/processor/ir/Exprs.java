package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;

/**
 * Builds the arithmetic of generated derivative code, folding the identities a person would not
 * write ({@code 1 * a}, {@code a + 0}, {@code -(-a)}) so the output reads like hand-written code.
 *
 * <p>Only identities exact in IEEE arithmetic for finite values are folded; {@code 0 * a} is folded to
 * {@code 0} because a zero partial means "no dependence", which is what the derivative code wants.
 */
public final class Exprs {

    public static final Expr ZERO = Expr.Literal.of(0.0);
    public static final Expr ONE = Expr.Literal.of(1.0);

    private Exprs() {
    }

    public static Expr ref(Variable variable) {
        return new Expr.Ref(variable);
    }

    public static Expr number(double value) {
        return Expr.Literal.of(value);
    }

    public static boolean isZero(Expr e) {
        return e instanceof Expr.Literal literal && literal.isNumber(0);
    }

    public static boolean isOne(Expr e) {
        return e instanceof Expr.Literal literal && literal.isNumber(1);
    }

    private static boolean isMinusOne(Expr e) {
        return e instanceof Expr.Literal literal && literal.isNumber(-1);
    }

    public static Expr add(Expr a, Expr b) {
        return arithmetic(a, b, (x, y) -> foldAdd(x, y));
    }

    private static Expr foldAdd(Expr a, Expr b) {
        if (isZero(a)) {
            return b;
        }
        if (isZero(b)) {
            return a;
        }
        if (b instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
            return sub(a, u.operand());
        }
        return binary(BinaryOp.ADD, a, b);
    }

    public static Expr sub(Expr a, Expr b) {
        return arithmetic(a, b, (x, y) -> foldSub(x, y));
    }

    private static Expr foldSub(Expr a, Expr b) {
        if (isZero(b)) {
            return a;
        }
        if (isZero(a)) {
            return neg(b);
        }
        if (b instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
            return add(a, u.operand());
        }
        return binary(BinaryOp.SUB, a, b);
    }

    public static Expr mul(Expr a, Expr b) {
        return arithmetic(a, b, (x, y) -> foldMul(x, y));
    }

    private static Expr foldMul(Expr a, Expr b) {
        if (isZero(a) || isZero(b)) {
            return ZERO;
        }
        if (isOne(a)) {
            return b;
        }
        if (isOne(b)) {
            return a;
        }
        if (isRealReciprocal(b)) {
            return div(a, ((Expr.Binary) b).right());
        }
        if (isRealReciprocal(a)) {
            return div(b, ((Expr.Binary) a).right());
        }
        if (a instanceof Expr.Conditional c && hasZeroArm(c)) {
            return conditional(c.condition(), mul(c.whenTrue(), b), mul(c.whenFalse(), b));
        }
        if (b instanceof Expr.Conditional c && hasZeroArm(c)) {
            return conditional(c.condition(), mul(a, c.whenTrue()), mul(a, c.whenFalse()));
        }
        if (isMinusOne(a)) {
            return neg(b);
        }
        if (isMinusOne(b)) {
            return neg(a);
        }
        if (a instanceof Expr.Unary ua && ua.op() == UnaryOp.NEG) {
            return neg(mul(ua.operand(), b));
        }
        if (b instanceof Expr.Unary ub && ub.op() == UnaryOp.NEG) {
            return neg(mul(a, ub.operand()));
        }
        return binary(BinaryOp.MUL, a, b);
    }

    /**
     * {@code 1 / c} in real arithmetic, so that {@code (1 / c) * b} is {@code b / c}; not the integer
     * division {@code 1 / 2}, which is 0 in the user's code.
     */
    private static boolean isRealReciprocal(Expr e) {
        return e instanceof Expr.Binary reciprocal && reciprocal.op() == BinaryOp.DIV && isOne(reciprocal.left())
                && !(reciprocal.left().type().isIntegral() && reciprocal.right().type().isIntegral());
    }

    /**
     * A selection such as {@code min}'s partial {@code c ? 1 : 0}: multiplied into the other factor's
     * arms, so the branch not taken contributes exactly zero, even where the other factor is infinite
     * (0 × ∞ would be NaN), and both modes agree on it.
     */
    private static boolean hasZeroArm(Expr.Conditional c) {
        return isZero(c.whenTrue()) || isZero(c.whenFalse());
    }

    /**
     * {@code a / b}. Derivative code divides real numbers: where both operands are integers the
     * numerator is made a double, so that {@code 3 / 2} can never truncate a derivative to 1.
     */
    public static Expr div(Expr a, Expr b) {
        return arithmetic(a, b, (x, y) -> foldDiv(x, y));
    }

    private static Expr foldDiv(Expr a, Expr b) {
        if (isZero(a)) {
            return ZERO;
        }
        if (a.type().isIntegral() && b.type().isIntegral()) {
            a = asDouble(a);
        }
        if (isOne(b)) {
            return a;
        }
        if (a instanceof Expr.Unary ua && ua.op() == UnaryOp.NEG) {
            return neg(div(ua.operand(), b));
        }
        return binary(BinaryOp.DIV, a, b);
    }

    /**
     * Derivative arithmetic on two operands. A float operand (a literal, a constant, a value the
     * primal computed in float) is widened to double first: the primal's float value is kept exactly,
     * but what the derivative computes from it is computed in double, as every derivative is.
     */
    private static Expr arithmetic(Expr a, Expr b, java.util.function.BinaryOperator<Expr> fold) {
        Expr left = inDouble(a);
        Expr right = inDouble(b);
        return promoted(fold.apply(left, right), Type.promote(left.type(), right.type()));
    }

    /** A float value as an exact double: a literal rewritten, anything else cast; other types unchanged. */
    private static Expr inDouble(Expr e) {
        if (e.type() != Type.FLOAT) {
            return e;
        }
        return e instanceof Expr.Literal literal && literal.value() instanceof Number n
                ? number(n.doubleValue()) : new Expr.Cast(Type.DOUBLE, e, SourcePosition.NONE);
    }

    /**
     * Folding {@code 1.0 * n} to {@code n} must not turn double arithmetic into int arithmetic
     * (where {@code n * m} could overflow or {@code 3 / 2} truncate): such a result is widened back.
     */
    private static Expr promoted(Expr e, Type expected) {
        if (expected.isDouble() && e.type().isIntegral()) {
            return asDouble(e);
        }
        return e;
    }

    /** An integer expression as a double: a literal rewritten, anything else cast. */
    private static Expr asDouble(Expr integral) {
        return integral instanceof Expr.Literal literal && literal.value() instanceof Number n
                ? number(n.doubleValue()) : new Expr.Cast(Type.DOUBLE, integral, SourcePosition.NONE);
    }

    /**
     * {@code factor * partial} where a zero factor (a tangent or an adjoint) must give exactly zero
     * even if the partial is infinite: the convention that keeps an untouched input's derivative 0.
     */
    public static Expr strongZeroProduct(Expr factor, Expr partial) {
        Expr product = mul(factor, partial);
        if (factor instanceof Expr.Literal || isZero(product)) {
            return product;
        }
        return new Expr.Conditional(binary(BinaryOp.EQ, factor, ZERO), ZERO, product, Type.DOUBLE,
                SourcePosition.NONE);
    }

    public static Expr neg(Expr a) {
        if (isZero(a)) {
            return ZERO;
        }
        if (a instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
            return u.operand();
        }
        if (a instanceof Expr.Literal literal && literal.value() instanceof Double d) {
            return number(-d);
        }
        return new Expr.Unary(UnaryOp.NEG, a, SourcePosition.NONE);
    }

    public static Expr binary(BinaryOp op, Expr a, Expr b) {
        return new Expr.Binary(op, a, b, SourcePosition.NONE);
    }

    public static Expr not(Expr a) {
        return new Expr.Unary(UnaryOp.NOT, a, SourcePosition.NONE);
    }

    public static Expr conditional(Expr condition, Expr whenTrue, Expr whenFalse) {
        if (whenTrue.equals(whenFalse)) {
            return whenTrue;
        }
        return new Expr.Conditional(condition, whenTrue, whenFalse, Type.DOUBLE, SourcePosition.NONE);
    }

    /** A call of {@code owner.function(arguments)}, where owner is a class that provides it. */
    public static Expr math(Type.Named owner, MathFunction function, Expr... arguments) {
        return new Expr.MathCall(owner, function, List.of(arguments), SourcePosition.NONE);
    }

    /**
     * An integer as an operand of double arithmetic in a derivative rule, where Java would widen it
     * at the call; widened explicitly so that a rule's {@code x * x} cannot overflow.
     */
    public static Expr widened(Expr e) {
        if (e.type() == Type.FLOAT) {
            return inDouble(e);
        }
        if (!e.type().isIntegral()) {
            return e;
        }
        if (e instanceof Expr.Literal literal && literal.value() instanceof Number n) {
            return e;
        }
        return new Expr.Cast(Type.DOUBLE, e, SourcePosition.NONE);
    }

    /**
     * Whether {@code scaled} is {@code c * a}, {@code a * c} for a literal {@code c}, or {@code -a}:
     * then {@code scaled * a} is {@code c a²}, whose derivative is {@code 2 (c a) da}, one term.
     */
    public static boolean isScaled(Expr scaled, Expr a) {
        if (scaled instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
            return sameValue(u.operand(), a);
        }
        return scaled instanceof Expr.Binary p && p.op() == BinaryOp.MUL
                && (p.left() instanceof Expr.Literal && sameValue(p.right(), a)
                        || p.right() instanceof Expr.Literal && sameValue(p.left(), a));
    }

    /** Whether two expressions compute the same value: the same tree, positions aside. */
    public static boolean sameValue(Expr a, Expr b) {
        return withoutPositions(a).equals(withoutPositions(b));
    }

    /** {@code e} with every source position dropped, so that equal expressions compare equal. */
    public static Expr withoutPositions(Expr e) {
        return e.accept(PositionEraser.INSTANCE);
    }

    /** The zero of a type: what Java initialises a field of that type to. */
    public static Expr zero(Type type) {
        if (type instanceof Type.Array || type instanceof Type.Named) {
            return new Expr.Literal(null, type, SourcePosition.NONE);
        }
        if (type == Type.BOOLEAN) {
            return Expr.Literal.of(false);
        }
        if (type == Type.INT) {
            return Expr.Literal.ofInt(0);
        }
        if (type == Type.LONG) {
            return new Expr.Literal(0L, Type.LONG, SourcePosition.NONE);
        }
        if (type == Type.FLOAT) {
            return new Expr.Literal(0.0f, Type.FLOAT, SourcePosition.NONE);
        }
        if (type == Type.CHAR) {
            return new Expr.Literal('\0', Type.CHAR, SourcePosition.NONE);
        }
        return ZERO;
    }

    /** An expression that is a name or a literal: cheap and safe to repeat. */
    public static boolean isAtom(Expr e) {
        return Atoms.isAtom(e);
    }
}
