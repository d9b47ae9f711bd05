package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;

/**
 * An expression of the IR. Expressions have no side effects: assignments and increments are
 * statements, so a transform may evaluate an expression again (as the reverse sweep does) and get
 * the same value.
 */
public sealed interface Expr {

    Type type();

    SourcePosition position();

    /** Dispatches to the visitor's method for this node's kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per expression kind: a pass that implements it handles every kind, so adding a kind is
     * a compile error in each pass until it says what the new kind means there.
     */
    interface Visitor<R> {
        R visitLiteral(Literal node);

        R visitRef(Ref node);

        R visitStaticField(StaticField node);

        R visitUnary(Unary node);

        R visitBinary(Binary node);

        R visitConditional(Conditional node);

        R visitCast(Cast node);

        R visitMathCall(MathCall node);

        R visitCall(Call node);

        R visitArrayRead(ArrayRead node);

        R visitArrayLength(ArrayLength node);

        R visitNewArray(NewArray node);

        R visitInvoke(Invoke node);

        R visitInvokeStatic(InvokeStatic node);

        R visitNew(New node);
    }

    /** A literal: {@code Double}, {@code Integer}, {@code Long} or {@code Boolean}. */
    record Literal(Object value, Type type, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLiteral(this);
        }

        public static Literal of(double value) {
            return new Literal(value, Type.DOUBLE, SourcePosition.NONE);
        }

        public static Literal ofInt(int value) {
            return new Literal(value, Type.INT, SourcePosition.NONE);
        }

        public static Literal of(boolean value) {
            return new Literal(value, Type.BOOLEAN, SourcePosition.NONE);
        }

        public boolean isNumber(double expected) {
            return value instanceof Number number && !(value instanceof Double d && d.isNaN())
                    && number.doubleValue() == expected;
        }
    }

    record Ref(Variable variable, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRef(this);
        }

        public Ref(Variable variable) {
            this(variable, SourcePosition.NONE);
        }

        @Override
        public Type type() {
            return variable.type();
        }
    }

    /** A static field read, such as {@code Math.PI} or the class's own {@code static final} constant. */
    record StaticField(Type.Named owner, String name, Type type, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitStaticField(this);
        }
    }

    record Unary(UnaryOp op, Expr operand, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitUnary(this);
        }

        @Override
        public Type type() {
            return op == UnaryOp.NOT ? Type.BOOLEAN : operand.type();
        }
    }

    record Binary(BinaryOp op, Expr left, Expr right, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBinary(this);
        }

        @Override
        public Type type() {
            if (op == BinaryOp.ADD && (left.type().equals(Type.STRING) || right.type().equals(Type.STRING))) {
                return Type.STRING; // only in the message of a thrown exception
            }
            if (op.isArithmetic() || op.isBitwise() && left.type().isIntegral()) {
                return Type.promote(left.type(), right.type());
            }
            // A shift has the (promoted) type of its left operand alone: int << long is an int.
            return op.isShift() ? Type.promote(left.type(), Type.INT) : Type.BOOLEAN;
        }
    }

    /** {@code condition ? whenTrue : whenFalse}. */
    record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, Type type, SourcePosition position)
            implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConditional(this);
        }
    }

    record Cast(Type type, Expr operand, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitCast(this);
        }
    }

    /**
     * A call of a function of the Math table ({@link MathFunction}) on a class that provides it:
     * {@code java.lang.Math}, {@code StrictMath}, or a library's drop-in replacement (see {@link MathFunction#OWNERS}).
     */
    record MathCall(Type.Named owner, MathFunction function, List<Expr> arguments, SourcePosition position)
            implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitMathCall(this);
        }

        @Override
        public Type type() {
            return Type.DOUBLE;
        }
    }

    /**
     * A call of another static method. When {@code target.differentiable()} the transforms call
     * its generated derivatives; otherwise every argument must be inactive and the call is emitted
     * unchanged.
     */
    record Call(CallTarget target, List<Expr> arguments, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitCall(this);
        }

        @Override
        public Type type() {
            return target.returnType();
        }
    }

    /** {@code array[index]}; {@code a[i][j]} reads the element {@code j} of the row {@code a[i]}. */
    record ArrayRead(Expr array, Expr index, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitArrayRead(this);
        }

        @Override
        public Type type() {
            return ((Type.Array) array.type()).element();
        }
    }

    /** {@code array.length}. */
    record ArrayLength(Expr array, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitArrayLength(this);
        }

        @Override
        public Type type() {
            return Type.INT;
        }
    }

    /** {@code new double[n]} or {@code new double[n][m]}: a zeroed array of the given dimensions. */
    record NewArray(Type.Array type, List<Expr> dimensions, SourcePosition position) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNewArray(this);
        }
    }

    /**
     * Generated code only: {@code receiver.name(arguments)}, such as {@code x.value()}; with
     * {@code field}, the read of the field {@code receiver.name} (a component of a record-like class
     * that has no getter).
     */
    record Invoke(Expr receiver, String name, List<Expr> arguments, Type type, boolean field) implements Expr {

        public Invoke(Expr receiver, String name, List<Expr> arguments, Type type) {
            this(receiver, name, arguments, type, false);
        }

        /** {@code receiver.name}, a field read. */
        public static Invoke field(Expr receiver, String name, Type type) {
            return new Invoke(receiver, name, List.of(), type, true);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInvoke(this);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /** Generated code only: {@code Owner.name(arguments)} for a class that is not the user's own. */
    record InvokeStatic(Type.Named owner, String name, List<Expr> arguments, Type type) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInvokeStatic(this);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }

    /** Generated code only: {@code new Type(arguments)}. */
    record New(Type.Named type, List<Expr> arguments) implements Expr {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNew(this);
        }

        @Override
        public SourcePosition position() {
            return SourcePosition.NONE;
        }
    }
}
