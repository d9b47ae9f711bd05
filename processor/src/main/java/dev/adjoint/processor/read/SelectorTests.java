package dev.adjoint.processor.read;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.List;

/**
 * How a switch's {@code if} chain tests its selector against a case label: {@code ==} for an
 * {@code int}, a {@code char} and an enum constant, {@code Objects.equals} for a {@code String}'s text.
 * A {@code String} or enum selector is first checked for null, where Java's switch throws.
 */
final class SelectorTests {

    private static final Type.Named OBJECTS = Type.Named.of("java.util", "Objects");

    /** {@code java.util.Objects.equals(String, String)}: a boolean of constants, never differentiated. */
    private static final CallTarget TEXT_EQUALS = new CallTarget(OBJECTS, OBJECTS, null, "equals",
            List.of(Type.STRING, Type.STRING), List.of("a", "b"), List.of(false, false), Type.BOOLEAN, false,
            List.of(), List.of());

    private SelectorTests() {
    }

    /** Whether {@code selector} matches the label {@code constant}. */
    static Expr matches(Expr selector, Expr constant, SourcePosition position) {
        if (selector.type().equals(Type.STRING)) {
            return new Expr.Call(TEXT_EQUALS, List.of(selector, constant), position);
        }
        return new Expr.Binary(BinaryOp.EQ, selector, constant, position);
    }

    /**
     * What a switch expression on an enum without {@code default} does when no case matches, which
     * only a constant added to the enum after the method was compiled can make happen: Java throws
     * {@code IncompatibleClassChangeError}. (A switch expression on anything else has a default.)
     */
    static Stmt noConstantMatched(SourcePosition position) {
        return new Stmt.Throw(Type.Named.of("java.lang", "IncompatibleClassChangeError"), List.of(), position);
    }

    /** {@code Objects.requireNonNull(selector);}: the NullPointerException Java's switch throws on null. */
    static Stmt nullCheck(Expr selector) {
        return new Stmt.Evaluate(new Expr.InvokeStatic(OBJECTS, "requireNonNull", List.of(selector), Type.VOID));
    }
}
