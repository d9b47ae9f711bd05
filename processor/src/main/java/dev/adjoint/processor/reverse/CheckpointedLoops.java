package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ExpressionMap;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Loops whose tape memory is bounded, at the price of running part of the loop twice (checkpointing, as
 * Tapenade and JAX's {@code remat} do it). The forward sweep records as usual, but where one stretch of
 * the loop has recorded more than {@code Tapes.loopBudget()} entries on a tape, the stretch's records
 * are dropped and the loop's state at the start of the next stretch goes on the tape instead: the
 * numbers and the elements of the arrays the loop writes (a checkpoint), after the trip count of the
 * stretch just dropped. The adjoint sweep reverses the last stretch, whose records are still there, then each
 * earlier one after running it again, recording, from its checkpoint:
 *
 * <pre>{@code
 * while (stretches > 0) {
 *     while (trips > 0) { ... }          // the loop's adjoint, for the stretch on the tape
 *     s = doubleTape.pop();              // the stretch's checkpoint
 *     stretches--;
 *     if (stretches > 0) {
 *         stretchTrips = intTape.pop();  // the stretch before: its trips, and its checkpoint, kept
 *         s = doubleTape.pop();
 *         doubleTape.push(s);
 *         trips = 0;
 *         while (trips < stretchTrips) { trips++; ... }   // the forward sweep's iteration
 *     }
 * }
 * }</pre>
 *
 * A loop under the budget pays one comparison per iteration and a checkpoint at its start; over it,
 * one more recording run of all but its last stretch, and the tapes hold at most the budget's entries
 * of a stretch plus the checkpoints. A checkpoint holds the elements of the arrays the loop writes
 * too, all of them: where that is more than the budget (an array that keeps every step's value), the
 * budget is raised to the checkpoint's size, so that a checkpoint never replaces fewer records than
 * it holds.
 *
 * <p>For the loops of a method with {@code @Differentiable(checkpoint = true)} that running a stretch
 * again reproduces exactly ({@code analyze.ReplayableLoops}), translated outside every loop (and not
 * after fused loops, whose adjoint runs ahead of the code before them). Takes a loop's translation; gives the
 * checkpointed translation, or null where the loop records nothing, so there is nothing to bound.
 */
final class CheckpointedLoops {

    /** The types a checkpoint holds, of a number or of an array's elements: those of the double and int tapes. */
    private static final Set<Type> TAPED = Set.of(Type.DOUBLE, Type.FLOAT, Type.INT);

    private CheckpointedLoops() {
    }

    /**
     * The checkpointed translation of a loop whose forward sweep is {@code start} then
     * {@code while (condition) { iteration } update}, counting its trips in {@code trips}, and whose
     * adjoint sweep is {@code adjoint}; null where the loop records nothing. The loop's state is what it
     * assigns and did not declare: the user's variables, which {@code ReplayableLoops} checked are
     * numbers a tape holds, and the generated ones (inner loops' counters, temporaries), ints and doubles.
     */
    static Translation of(List<Stmt> start, Stmt.Loop forward, Variable trips, List<Stmt> adjoint,
            TapePolicy tapes, Hoisted hoisted) {
        Set<Variable> recordedOn = new LinkedHashSet<>();
        Set<Variable> declaredInside = new HashSet<>();
        Set<Variable> state = new LinkedHashSet<>();
        StatementWalker.forEachStatement(forward, s -> {
            if (s instanceof Stmt.Evaluate e && e.expression() instanceof Expr.Invoke call && call.name().equals("push")
                    && call.receiver() instanceof Expr.Ref tape && tapes.threadTapes().contains(tape.variable())) {
                recordedOn.add(tape.variable());
            } else if (s instanceof Stmt.Declare d) {
                declaredInside.add(d.variable());
            } else if (s instanceof Stmt.Assign a && a.variable() != trips) {
                state.add(a.variable());
            } else if (s instanceof Stmt.ArrayWrite w) {
                state.add(StatementWalker.arrayVariable(w.array()));
            }
        });
        state.removeAll(declaredInside);
        if (recordedOn.isEmpty() || !state.stream().allMatch(v -> TAPED.contains(v.type().scalar()))) {
            return null;
        }
        Checkpoint checkpoint = new Checkpoint(List.copyOf(state), tapes, hoisted);
        Variable intTape = tapes.valueTape(Type.INT);
        List<Variable> measured = new ArrayList<>(recordedOn);
        Variable budget = hoisted(hoisted, "tapeBudget");
        Variable stretches = hoisted(hoisted, "stretches");
        Variable stretchTrips = hoisted(hoisted, "stretchTrips");
        List<Variable> marks = measured.stream().map(tape -> hoisted(hoisted, tape.name() + "AtStretch")).toList();

        List<Stmt> forwardSweep = new ArrayList<>(start);
        forwardSweep.add(new Stmt.Comment(
                "Checkpointed: once a stretch of the loop has recorded Tapes.loopBudget()"));
        forwardSweep.add(new Stmt.Comment(
                "entries on a tape, they are dropped for the loop's state where the next starts"));
        forwardSweep.add(assign(budget, RuntimeTypes.loopBudget()));
        if (checkpoint.holdsArrays()) {
            // A checkpoint larger than the budget would cost more than the records it replaces: the
            // budget is at least the checkpoint, so a long loop never keeps more than it would unbounded.
            Variable entries = hoisted(hoisted, "checkpointEntries");
            forwardSweep.add(assign(entries, checkpoint.entriesTaped()));
            forwardSweep.addAll(checkpoint.save());
            forwardSweep.add(assign(entries,
                    Exprs.binary(BinaryOp.SUB, checkpoint.entriesTaped(), Exprs.ref(entries))));
            forwardSweep.add(new Stmt.If(Exprs.binary(BinaryOp.GT, Exprs.ref(entries), Exprs.ref(budget)),
                    new Stmt.Block(List.of(assign(budget, Exprs.ref(entries)))), new Stmt.Block(List.of()),
                    SourcePosition.NONE));
        } else {
            forwardSweep.addAll(checkpoint.save());
        }
        forwardSweep.add(assign(stretches, Expr.Literal.ofInt(1)));
        forwardSweep.addAll(marksAt(measured, marks));
        Expr overBudget = null;
        for (int i = 0; i < measured.size(); i++) {
            Expr taken = Exprs.binary(BinaryOp.SUB, RuntimeTypes.size(measured.get(i)), Exprs.ref(marks.get(i)));
            Expr over = Exprs.binary(BinaryOp.GT, taken, Exprs.ref(budget));
            overBudget = overBudget == null ? over : Exprs.binary(BinaryOp.OR, overBudget, over);
        }
        List<Stmt> cut = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            cut.add(new Stmt.Evaluate(RuntimeTypes.setSize(measured.get(i), Exprs.ref(marks.get(i)))));
        }
        cut.add(new Stmt.Evaluate(RuntimeTypes.push(intTape, Exprs.ref(trips))));
        cut.addAll(checkpoint.save());
        cut.add(assign(stretches, Exprs.binary(BinaryOp.ADD, Exprs.ref(stretches), Expr.Literal.ofInt(1))));
        cut.add(assign(trips, Expr.Literal.ofInt(0)));
        cut.addAll(marksAt(measured, marks));
        List<Stmt> iteration = new ArrayList<>();
        iteration.add(new Stmt.If(overBudget, new Stmt.Block(cut), new Stmt.Block(List.of()), SourcePosition.NONE));
        iteration.addAll(forward.body().statements());
        forwardSweep.add(new Stmt.Loop(forward.testFirst(), forward.condition(), new Stmt.Block(iteration),
                forward.update(), forward.position()));

        List<Stmt> rerun = new ArrayList<>();
        rerun.add(assign(stretchTrips, TapePolicy.pop(intTape, Type.INT)));
        rerun.addAll(checkpoint.restore());
        rerun.addAll(checkpoint.save());
        rerun.add(assign(trips, Expr.Literal.ofInt(0)));
        rerun.add(new Stmt.Loop(true, Exprs.binary(BinaryOp.LT, Exprs.ref(trips), Exprs.ref(stretchTrips)),
                copy(forward.body()), copy(forward.update()), SourcePosition.NONE));
        List<Stmt> stretch = new ArrayList<>(adjoint);
        stretch.addAll(checkpoint.restore());
        stretch.add(assign(stretches, Exprs.binary(BinaryOp.SUB, Exprs.ref(stretches), Expr.Literal.ofInt(1))));
        stretch.add(new Stmt.If(Exprs.binary(BinaryOp.GT, Exprs.ref(stretches), Expr.Literal.ofInt(0)),
                new Stmt.Block(rerun), new Stmt.Block(List.of()), SourcePosition.NONE));
        Stmt adjointSweep = new Stmt.Loop(true, Exprs.binary(BinaryOp.GT, Exprs.ref(stretches), Expr.Literal.ofInt(0)),
                new Stmt.Block(stretch), new Stmt.Block(List.of()), SourcePosition.NONE);
        return new Translation(forwardSweep, List.of(
                new Stmt.Comment("Stretch by stretch, the last first: each earlier one runs again from its checkpoint"),
                adjointSweep), Set.of());
    }

    private static Variable hoisted(Hoisted hoisted, String name) {
        Variable v = Variable.generated(name, Type.INT);
        hoisted.declareZero(v);
        return v;
    }

    private static Stmt assign(Variable v, Expr value) {
        return new Stmt.Assign(v, value, SourcePosition.NONE);
    }

    private static List<Stmt> marksAt(List<Variable> tapes, List<Variable> marks) {
        List<Stmt> statements = new ArrayList<>();
        for (int i = 0; i < tapes.size(); i++) {
            statements.add(assign(marks.get(i), RuntimeTypes.size(tapes.get(i))));
        }
        return statements;
    }

    /**
     * A loop's state on the tapes: its numbers, each on the tape of its type, and the elements of the
     * arrays it writes, row by row, each array's with a loop of its own.
     */
    private static final class Checkpoint {

        private final List<Variable> state;
        private final TapePolicy tapes;
        private final Hoisted hoisted;
        /** The index of each dimension of the arrays, made when first needed and shared by every array. */
        private final List<Variable> indexes = new ArrayList<>();

        Checkpoint(List<Variable> state, TapePolicy tapes, Hoisted hoisted) {
            this.state = state;
            this.tapes = tapes;
            this.hoisted = hoisted;
        }

        /** Whether the state holds arrays, whose checkpoint may be as large as a stretch's records. */
        boolean holdsArrays() {
            return state.stream().anyMatch(v -> v.type() instanceof Type.Array);
        }

        /** How many entries the tapes of a checkpoint hold, the double and the int tape's together. */
        Expr entriesTaped() {
            return Exprs.binary(BinaryOp.ADD, RuntimeTypes.size(tape(Type.DOUBLE)), RuntimeTypes.size(tape(Type.INT)));
        }

        /** The state pushed. */
        List<Stmt> save() {
            List<Stmt> statements = new ArrayList<>();
            for (Variable v : state) {
                Variable tape = tape(v.type().scalar());
                statements.add(v.type() instanceof Type.Array
                        ? eachElement(Exprs.ref(v), 0, e -> new Stmt.Evaluate(RuntimeTypes.push(tape, e)), true)
                        : new Stmt.Evaluate(RuntimeTypes.push(tape, Exprs.ref(v))));
            }
            return statements;
        }

        /** The state popped back, in the reverse order. */
        List<Stmt> restore() {
            List<Variable> backwards = new ArrayList<>(state);
            Collections.reverse(backwards);
            List<Stmt> statements = new ArrayList<>();
            for (Variable v : backwards) {
                Type element = v.type().scalar();
                Expr popped = TapePolicy.pop(tape(element), element);
                statements.add(v.type() instanceof Type.Array
                        ? eachElement(Exprs.ref(v), 0,
                                e -> new Stmt.ArrayWrite(e.array(), e.index(), popped, SourcePosition.NONE), false)
                        : assign(v, popped));
            }
            return statements;
        }

        private Variable tape(Type element) {
            return tapes.valueTape(element);
        }

        /**
         * {@code each} of the elements of {@code array} (of the dimension {@code depth} of its variable), in a
         * loop per dimension: first to last when {@code forwards}, else last to first.
         */
        private Stmt eachElement(Expr array, int depth, Function<Expr.ArrayRead, Stmt> each, boolean forwards) {
            if (indexes.size() == depth) {
                Variable index = Variable.generated("element", Type.INT);
                hoisted.declareZero(index);
                indexes.add(index);
            }
            Variable index = indexes.get(depth);
            Expr.ArrayRead element = new Expr.ArrayRead(array, Exprs.ref(index), SourcePosition.NONE);
            Stmt body = element.type() instanceof Type.Array ? eachElement(element, depth + 1, each, forwards)
                    : each.apply(element);
            Expr length = new Expr.ArrayLength(array, SourcePosition.NONE);
            Stmt start = assign(index, forwards ? Expr.Literal.ofInt(0)
                    : Exprs.binary(BinaryOp.SUB, length, Expr.Literal.ofInt(1)));
            Expr more = forwards ? Exprs.binary(BinaryOp.LT, Exprs.ref(index), length)
                    : Exprs.binary(BinaryOp.GE, Exprs.ref(index), Expr.Literal.ofInt(0));
            Stmt step = assign(index, Exprs.binary(forwards ? BinaryOp.ADD : BinaryOp.SUB, Exprs.ref(index),
                    Expr.Literal.ofInt(1)));
            return new Stmt.Block(List.of(start, new Stmt.Loop(true, more, new Stmt.Block(List.of(body)),
                    new Stmt.Block(List.of(step)), SourcePosition.NONE)));
        }
    }

    /** A copy of {@code block} made of new nodes, for passes that tell statements apart by identity. */
    private static Stmt.Block copy(Stmt.Block block) {
        return ExpressionMap.apply(block, UnaryOperator.identity());
    }
}
