package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the forward sweep records a value for the adjoint sweep, and how it gets it back: in a local
 * outside reversed loops; inside them on the thread's tape of the value's type (one per type for the
 * method); not at all when an integer step can be undone exactly. Takes the hoisted declarations,
 * where saved locals go; gives the save and restore statements, and the declarations of the thread tapes.
 */
final class TapePolicy {

    private final Map<Type, Variable> valueTapes = new LinkedHashMap<>();
    private final Hoisted hoisted;

    TapePolicy(Hoisted hoisted) {
        this.hoisted = hoisted;
    }

    /** The tape that saves values of {@code type} inside loops, one per type for the method. */
    Variable valueTape(Type type) {
        return valueTapes.computeIfAbsent(tapedAs(type), t -> Variable.generated(t + "Tape", RuntimeTypes.stackOf(t)));
    }

    /** The type a value is taped as: a float on the double tape, which holds it exactly. */
    private static Type tapedAs(Type type) {
        return type == Type.FLOAT ? Type.DOUBLE : type;
    }

    /** Whether the method uses the thread's tape of {@code type}'s values. */
    boolean uses(Type type) {
        return valueTapes.containsKey(tapedAs(type));
    }

    /** Takes back {@link #valueTape}: nothing the method keeps uses that tape. */
    void forget(Type type) {
        valueTapes.remove(tapedAs(type));
    }

    /** The declarations of the thread's shared tapes: what a call pushes, it pops, so calls share them safely. */
    List<Stmt> declarations() {
        List<Stmt> declarations = new ArrayList<>();
        valueTapes.values().forEach(tape -> declarations.add(new Stmt.Declare(tape,
                RuntimeTypes.threadTape((Type.Named) tape.type()), SourcePosition.NONE)));
        return declarations;
    }

    /** The thread's tapes the method uses, one per type. */
    List<Variable> threadTapes() {
        return List.copyOf(valueTapes.values());
    }

    static Expr pop(Variable tape, Type type) {
        Expr popped = RuntimeTypes.pop(tape, tapedAs(type));
        return type == Type.FLOAT ? new Expr.Cast(Type.FLOAT, popped, SourcePosition.NONE) : popped;
    }

    /**
     * Records, into {@code forward}, what the adjoint sweep needs to undo {@code a}; returns the
     * statement that undoes it.
     */
    Stmt saveOverwritten(Stmt.Assign a, TranslationContext context, List<Stmt> forward) {
        Stmt inverse = inverse(a);
        return inverse != null ? inverse : save(a.variable(), context, forward);
    }

    /**
     * Records, into {@code forward}, the element {@code w} overwrites in {@code array}; returns the
     * statement that restores it.
     */
    Stmt saveOverwritten(Stmt.ArrayWrite w, Variable array, TranslationContext context, List<Stmt> forward) {
        Type element = w.element().type();
        if (context.inReversedLoop()) {
            return new Stmt.ArrayWrite(w.array(), w.index(), tape(w.element(), element, forward), SourcePosition.NONE);
        }
        Variable saved = Variable.derived(array, "Old", element);
        forward.add(hoisted.declareVisible(saved, w.element(), context.depth(), SourcePosition.NONE));
        return new Stmt.ArrayWrite(w.array(), w.index(), Exprs.ref(saved), SourcePosition.NONE);
    }

    /**
     * Records {@code value}, of {@code type}, on the thread's tape of its type, into {@code forward}, in a
     * loop reversed after the forward sweep; returns the expression that reads it back.
     */
    Expr tape(Expr value, Type type, List<Stmt> forward) {
        Variable tape = valueTape(type);
        forward.add(new Stmt.Evaluate(RuntimeTypes.push(tape, value)));
        return pop(tape, type);
    }

    /**
     * Records the value {@code v} has now, for the adjoint sweep: in a local outside loops, on the
     * tape of its type inside them. Returns the statement that restores it.
     */
    private Stmt save(Variable v, TranslationContext context, List<Stmt> forward) {
        if (context.inReversedLoop()) {
            return new Stmt.Assign(v, tape(Exprs.ref(v), v.type(), forward), SourcePosition.NONE);
        }
        Variable saved = Variable.derived(v, "Old", v.type());
        forward.add(hoisted.declareVisible(saved, Exprs.ref(v), context.depth(), SourcePosition.NONE));
        return new Stmt.Assign(v, Exprs.ref(saved), SourcePosition.NONE);
    }

    /**
     * The assignment that undoes {@code a}, when integer arithmetic makes that exact: {@code i += c}
     * with a literal {@code c} (wrapping overflow included) is undone by {@code i -= c}, so loop
     * counters need no tape. That restore reads the value {@code a} gave (see {@link OverwriteSaves}).
     */
    static Stmt inverse(Stmt.Assign a) {
        Variable v = a.variable();
        if (!v.type().isIntegral() || !(a.value() instanceof Expr.Binary b)
                || !(b.left() instanceof Expr.Ref ref && ref.variable() == v)
                || !(b.right() instanceof Expr.Literal step && step.type().equals(v.type()))
                || (b.op() != BinaryOp.ADD && b.op() != BinaryOp.SUB)) {
            return null;
        }
        BinaryOp undo = b.op() == BinaryOp.ADD ? BinaryOp.SUB : BinaryOp.ADD;
        return new Stmt.Assign(v, Exprs.binary(undo, Exprs.ref(v), step), SourcePosition.NONE);
    }
}
