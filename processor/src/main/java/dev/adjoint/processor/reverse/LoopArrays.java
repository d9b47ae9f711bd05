package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A local array declared inside a reversed loop ({@code double[] t = new double[i + 1];} in a loop
 * body): each execution creates a fresh array, possibly of another length, and the array it replaces
 * is dead for the forward sweep. The adjoint sweep needs that array back when it reverses the
 * iteration that used it, so the declaration records it on the thread's primitive tapes, no tape of
 * objects: its elements (when an adjoint reads them) on the tape of the element type, then its length
 * on the int tape, {@code -1} when there was none yet (the declaration's first run in this call).
 *
 * <p>The adjoint of the declaration rebuilds that array from the tapes: its elements as they were when
 * it was replaced, which is the state the invariant of the adjoint sweep asks for at the end of its
 * iteration (the element tape then undoes its earlier writes as the sweep walks back). Its adjoint
 * array starts from zeros: an array's adjoint only collects contributions from the uses of that array,
 * all inside its own iteration, which the sweep has not reversed yet. At the start of the adjoint
 * sweep the variable holds the last array, whose adjoint, made with it, is still zero.
 *
 * <p>Takes the parts of the method the translator shares; gives the translation of such a declaration.
 */
final class LoopArrays {

    private final Activity activity;
    private final Recording recording;
    private final AdjointVariables adjoints;
    private final Hoisted hoisted;
    private final TapePolicy tapes;

    LoopArrays(Activity activity, Recording recording, AdjointVariables adjoints, Hoisted hoisted, TapePolicy tapes) {
        this.activity = activity;
        this.recording = recording;
        this.adjoints = adjoints;
        this.hoisted = hoisted;
        this.tapes = tapes;
    }

    /** {@code d}, the declaration of a local array, in a reversed loop. */
    Translation declaration(Stmt.Declare d) {
        Variable array = d.variable();
        hoisted.declareZero(array);
        Variable adjoint = activity.isActive(array) ? adjoints.declaredWithPrimal(array) : null;
        if (adjoint != null) {
            hoisted.declareZero(adjoint);
        }
        return replacing(array, new Stmt.Assign(array, d.init(), d.position()), recording.savesOverwrittenValue(d));
    }

    /**
     * {@code a}, a local array given a new array ({@code v = new double[n];}), anywhere: the
     * array it replaces dies as in a declaration run again. The variable and its adjoint are declared
     * with the array's declaration.
     */
    Translation recreation(Stmt.Assign a) {
        Variable array = a.variable();
        if (activity.isActive(array)) {
            adjoints.declaredWithPrimal(array);
        }
        return replacing(array, a, recording.savesOverwrittenValue(a));
    }

    /**
     * {@code create}, which puts a new array in {@code array}, recording the array it replaces.
     *
     * @param valuesRead whether an adjoint reads the replaced array's elements, so that they are taped
     */
    private Translation replacing(Variable array, Stmt.Assign create, boolean valuesRead) {
        boolean active = activity.isActive(array);
        if (!active && !valuesRead) {
            // No adjoint reads this array nor has one: created as the primal creates it, nothing recorded.
            return new Translation(List.of(create), List.of(), Set.of());
        }
        Variable adjoint = active ? adjoints.of(array) : null;
        Type element = array.type().scalar();
        boolean matrix = ((Type.Array) array.type()).element() instanceof Type.Array;
        Variable lengths = tapes.valueTape(Type.INT);
        List<Stmt> forward = new ArrayList<>();
        if (valuesRead) {
            forward.add(ifExists(array, pushElements(Exprs.ref(array), tapes.valueTape(element))));
        }
        if (matrix) {
            // A local matrix is rectangular (its rows are never replaced): its row length says its shape.
            forward.add(new Stmt.Evaluate(RuntimeTypes.push(lengths, columnsOrNone(array))));
        }
        forward.add(new Stmt.Evaluate(RuntimeTypes.push(lengths, lengthOrNone(array))));
        forward.add(create);
        if (adjoint != null) {
            forward.add(new Stmt.Assign(adjoint, AdjointVariables.zerosLike(array), SourcePosition.NONE));
        }

        List<Stmt> reverse = new ArrayList<>();
        List<Expr> dimensions = new ArrayList<>();
        Variable length = Variable.derived(array, "Length", Type.INT);
        reverse.add(new Stmt.Declare(length, TapePolicy.pop(lengths, Type.INT), SourcePosition.NONE));
        dimensions.add(Exprs.ref(length));
        if (matrix) {
            Variable columns = Variable.derived(array, "Columns", Type.INT);
            reverse.add(new Stmt.Declare(columns, TapePolicy.pop(lengths, Type.INT), SourcePosition.NONE));
            dimensions.add(Exprs.ref(columns));
        }
        reverse.add(new Stmt.Assign(array, sized(array, length, dimensions), SourcePosition.NONE));
        if (valuesRead) {
            reverse.add(popElements(Exprs.ref(array), dimensions, tapes.valueTape(element), element));
        }
        if (adjoint != null) {
            reverse.add(new Stmt.Assign(adjoint, sized(adjoint, length, dimensions), SourcePosition.NONE));
        }
        return new Translation(forward, reverse, Set.of());
    }

    /** {@code array == null ? -1 : array.length}: what the length tape records. */
    private static Expr lengthOrNone(Variable array) {
        return new Expr.Conditional(isNone(array), Expr.Literal.ofInt(-1),
                new Expr.ArrayLength(Exprs.ref(array), SourcePosition.NONE), Type.INT, SourcePosition.NONE);
    }

    /** {@code array == null || array.length == 0 ? 0 : array[0].length}, for a matrix. */
    private static Expr columnsOrNone(Variable array) {
        Expr noRows = Exprs.binary(BinaryOp.OR, isNone(array), Exprs.binary(BinaryOp.EQ,
                new Expr.ArrayLength(Exprs.ref(array), SourcePosition.NONE), Expr.Literal.ofInt(0)));
        Expr firstRow = new Expr.ArrayRead(Exprs.ref(array), Expr.Literal.ofInt(0), SourcePosition.NONE);
        return new Expr.Conditional(noRows, Expr.Literal.ofInt(0), new Expr.ArrayLength(firstRow, SourcePosition.NONE),
                Type.INT, SourcePosition.NONE);
    }

    /** {@code length < 0 ? null : new T[length]...}, for {@code v} of an array type with these dimensions. */
    private static Expr sized(Variable v, Variable length, List<Expr> dimensions) {
        Type.Array type = (Type.Array) v.type();
        return new Expr.Conditional(Exprs.binary(BinaryOp.LT, Exprs.ref(length), Expr.Literal.ofInt(0)),
                none(type), new Expr.NewArray(type, dimensions, SourcePosition.NONE), type, SourcePosition.NONE);
    }

    private static Expr none(Type type) {
        return new Expr.Literal(null, type, SourcePosition.NONE);
    }

    private static Expr isNone(Variable array) {
        return Exprs.binary(BinaryOp.EQ, Exprs.ref(array), none(array.type()));
    }

    private static Stmt ifExists(Variable array, Stmt then) {
        return new Stmt.If(Exprs.binary(BinaryOp.NE, Exprs.ref(array), none(array.type())),
                new Stmt.Block(List.of(then)), new Stmt.Block(List.of()), SourcePosition.NONE);
    }

    /** {@code for (int k = 0; k < array.length; k++) tape.push(array[k]);}, row by row for a matrix. */
    private static Stmt pushElements(Expr array, Variable tape) {
        Variable k = Variable.numbered("k", Type.INT);
        Expr element = new Expr.ArrayRead(array, Exprs.ref(k), SourcePosition.NONE);
        Stmt body = element.type() instanceof Type.Array ? pushElements(element, tape)
                : new Stmt.Evaluate(RuntimeTypes.push(tape, element));
        return countingLoop(k, Expr.Literal.ofInt(0),
                Exprs.binary(BinaryOp.LT, Exprs.ref(k), new Expr.ArrayLength(array, SourcePosition.NONE)),
                BinaryOp.ADD, body);
    }

    /**
     * {@code for (int k = length - 1; k >= 0; k--) array[k] = tape.pop();}, row by row for a matrix: the
     * pushes, undone in reverse order.
     */
    private static Stmt popElements(Expr array, List<Expr> dimensions, Variable tape, Type element) {
        Variable k = Variable.numbered("k", Type.INT);
        Stmt body = dimensions.size() > 1
                ? popElements(new Expr.ArrayRead(array, Exprs.ref(k), SourcePosition.NONE),
                        dimensions.subList(1, dimensions.size()), tape, element)
                : new Stmt.ArrayWrite(array, Exprs.ref(k), TapePolicy.pop(tape, element), SourcePosition.NONE);
        return countingLoop(k, Exprs.binary(BinaryOp.SUB, dimensions.get(0), Expr.Literal.ofInt(1)),
                Exprs.binary(BinaryOp.GE, Exprs.ref(k), Expr.Literal.ofInt(0)), BinaryOp.SUB, body);
    }

    private static Stmt countingLoop(Variable k, Expr start, Expr condition, BinaryOp step, Stmt body) {
        Stmt update = new Stmt.Assign(k, Exprs.binary(step, Exprs.ref(k), Expr.Literal.ofInt(1)), SourcePosition.NONE);
        return new Stmt.Block(List.of(new Stmt.Declare(k, start, SourcePosition.NONE),
                new Stmt.Loop(true, condition, new Stmt.Block(List.of(body)), new Stmt.Block(List.of(update)),
                        SourcePosition.NONE)));
    }
}
