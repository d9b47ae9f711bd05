package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the parts keep what they pass on: {@code width} entries of one of the thread's tapes (the
 * double tape for numbers, the object tape for objects) from {@code start} (a parameter of each part),
 * reserved by the method calling the parts and given back when the last returns; a part reaches them
 * through {@code array}, the tape's array. Each part takes the tape again with {@code declaration};
 * null where the method is given the tape.
 */
record Frame(Variable tape, Stmt.Declare declaration, Variable array, Variable start, int width) {

    /** This frame, {@code width} entries wide. */
    Frame withWidth(int width) {
        return new Frame(tape, declaration, array, start, width);
    }

    /**
     * A frame on the thread's tape of {@code element}s ({@code double} or {@code Object}), taken with
     * {@code forThisThread()}: its variables {@code doubleTape}, {@code frame}, {@code frameStart} for
     * numbers, {@code objectTape}, {@code objects}, {@code objectFrameStart} for objects.
     */
    static Frame onThreadTape(Type element, int width) {
        Type.Named stack = RuntimeTypes.stackOf(element);
        boolean numbers = element == Type.DOUBLE;
        Variable tape = Variable.generated(numbers ? "doubleTape" : "objectTape", stack);
        return new Frame(tape, new Stmt.Declare(tape, RuntimeTypes.threadTape(stack), SourcePosition.NONE),
                Variable.generated(numbers ? "frame" : "objects", new Type.Array(element)),
                Variable.generated(numbers ? "frameStart" : "objectFrameStart", Type.INT), width);
    }

    /** Whether the frame is on the object tape. */
    boolean holdsObjects() {
        return RuntimeTypes.stackElement(tape.type()) == Type.OBJECT;
    }

    /** The tape taken, the frame's start its size, then {@link #width} entries more. */
    List<Stmt> reserve() {
        List<Stmt> reserve = new ArrayList<>();
        if (declaration != null) {
            reserve.add(declaration);
        }
        reserve.add(new Stmt.Declare(start, RuntimeTypes.size(tape), SourcePosition.NONE));
        reserve.add(new Stmt.Evaluate(new Expr.Invoke(ref(tape), "room", List.of(values(),
                ref(start), Expr.Literal.ofInt(width)), array.type())));
        reserve.add(new Stmt.Evaluate(RuntimeTypes.setSize(tape, new Expr.Binary(BinaryOp.ADD, ref(start),
                Expr.Literal.ofInt(width), SourcePosition.NONE))));
        return reserve;
    }

    /**
     * {@code Arrays.fill(tape.values(), start, start + width, 0.0)}: every slot +0.0 (an object frame's
     * entries are null when reserved).
     */
    Stmt zero() {
        return new Stmt.Evaluate(new Expr.InvokeStatic(Type.Named.of("java.util", "Arrays"), "fill", List.of(values(),
                ref(start), new Expr.Binary(BinaryOp.ADD, ref(start), Expr.Literal.ofInt(width), SourcePosition.NONE),
                Expr.Literal.of(0.0)), Type.VOID));
    }

    /** {@code tape.remove(start, width)}: the frame's entries given back, those above moved down. */
    Stmt release() {
        return new Stmt.Evaluate(new Expr.Invoke(ref(tape), "remove", List.of(ref(start),
                Expr.Literal.ofInt(width)), Type.VOID));
    }

    /** The {@code double} a part left in slot {@code slot}, or the {@code Dual} in the two from it. */
    Expr handedBack(int slot, Type type) {
        Expr value = new Expr.ArrayRead(values(), index(slot), SourcePosition.NONE);
        if (type != Type.DOUBLE) {
            value = new Expr.New(RuntimeTypes.DUAL, List.of(value,
                    new Expr.ArrayRead(values(), index(slot + 1), SourcePosition.NONE)));
        }
        return value;
    }

    /** {@code tape.values()[frameStart + slot] = value;}: where the part's array may be out of date. */
    Stmt writeThroughTape(int slot, Expr value) {
        return new Stmt.ArrayWrite(values(), index(slot), value, SourcePosition.NONE);
    }

    /** {@code double[] frame = tape.values();}, or the assignment. */
    Stmt array(boolean declare) {
        return declare ? new Stmt.Declare(array, values(), SourcePosition.NONE)
                : new Stmt.Assign(array, values(), SourcePosition.NONE);
    }

    /** {@code frame[frameStart + slot] = value;}. */
    Stmt write(int slot, Expr value) {
        return new Stmt.ArrayWrite(ref(array), index(slot), value, SourcePosition.NONE);
    }

    /** {@code frameStart + slot}. */
    Expr index(int slot) {
        return slot == 0 ? ref(start)
                : new Expr.Binary(BinaryOp.ADD, ref(start), Expr.Literal.ofInt(slot), SourcePosition.NONE);
    }

    /** {@code tape.values()}: the tape's array as it is now. */
    Expr values() {
        return new Expr.Invoke(ref(tape), "values", List.of(), array.type());
    }

    private static Expr ref(Variable v) {
        return new Expr.Ref(v, SourcePosition.NONE);
    }
}
