package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The runtime library's classes that generated code uses, and the calls of its tapes. Their names are
 * written here and nowhere else in the processor, so renaming one in {@code adjoint-runtime} is a change
 * in one place.
 */
public final class RuntimeTypes {

    public static final String PACKAGE = "dev.adjoint.runtime";

    /** A value and its tangent: forward mode's number. */
    public static final Type.Named DUAL = Type.Named.of(PACKAGE, "Dual");
    public static final Type.Named DUAL_ARRAYS = Type.Named.of(PACKAGE, "DualArrays");
    public static final Type.Named ADJOINT_ARRAYS = Type.Named.of(PACKAGE, "AdjointArrays");
    public static final Type.Named FLATTENING = Type.Named.of(PACKAGE, "Flattening");
    /** Forward mode's finiteness checks, and its tangent from reverse mode's partials where they fail. */
    public static final Type.Named DIRECTIONAL = Type.Named.of(PACKAGE, "Directional");
    /** Special functions derivatives call where a library's would lose digits. */
    public static final Type.Named SPECIAL_FUNCTIONS = Type.Named.of(PACKAGE, "SpecialFunctions");
    /** The thread's tapes together: the loop budget of checkpointed loops. */
    public static final Type.Named TAPES = Type.Named.of(PACKAGE, "Tapes");

    private RuntimeTypes() {
    }

    /** The tape of values of a primitive type, or of objects: {@code IntStack}, {@code DoubleStack}, {@code ObjectStack} ... */
    public static Type.Named stackOf(Type element) {
        String name = element instanceof Type.Named named ? named.simpleName() : element.toString();
        return Type.Named.of(PACKAGE, Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Stack");
    }

    /** The type of the values {@code type} records, {@code double} for {@code DoubleStack}; null for a type that is no tape. */
    public static Type stackElement(Type type) {
        for (Type element : List.of(Type.DOUBLE, Type.INT, Type.LONG, Type.BOOLEAN, Type.OBJECT)) {
            if (type.equals(stackOf(element))) {
                return element;
            }
        }
        return null;
    }

    /** {@code DoubleStack.forThisThread()}: the calling thread's tape of {@code stack}'s values. */
    public static Expr threadTape(Type.Named stack) {
        return new Expr.InvokeStatic(stack, "forThisThread", List.of(), stack);
    }

    /** Whether {@code e} is {@link #threadTape}: {@code DoubleStack.forThisThread()}, of any stack. */
    public static boolean isThreadTape(Expr e) {
        return e instanceof Expr.InvokeStatic call && call.name().equals("forThisThread")
                && stackElement(call.owner()) != null;
    }

    /** {@code tape.push(value)}. */
    public static Expr push(Variable tape, Expr value) {
        return new Expr.Invoke(Exprs.ref(tape), "push", List.of(value), Type.VOID);
    }

    /** {@code Tapes.loopBudget()}: how many entries a checkpointed loop's stretch may record on a tape. */
    public static Expr loopBudget() {
        return new Expr.InvokeStatic(TAPES, "loopBudget", List.of(), Type.INT);
    }

    /** {@code tape.size()}: how many values the tape holds. */
    public static Expr size(Variable tape) {
        return new Expr.Invoke(Exprs.ref(tape), "size", List.of(), Type.INT);
    }

    /** {@code tape.setSize(size)}: the values recorded after the first {@code size} dropped. */
    public static Expr setSize(Variable tape, Expr size) {
        return new Expr.Invoke(Exprs.ref(tape), "setSize", List.of(size), Type.VOID);
    }

    /** {@code tape.pop()}, a value of {@code type}, the tape's element type. */
    public static Expr pop(Variable tape, Type type) {
        return new Expr.Invoke(Exprs.ref(tape), "pop", List.of(), type);
    }
}
