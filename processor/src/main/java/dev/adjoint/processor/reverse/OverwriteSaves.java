package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which overwrites save the value they destroy (Tapenade's and Clad's to-be-recorded analysis): the
 * overwrite {@code W} of {@code v} saves it exactly when, in execution order, the adjoint of some
 * statement between the previous write of {@code v} and {@code W} reads {@code v} (or {@code W}'s own
 * adjoint reads the old value). The adjoint sweep restores only at saving overwrites, so a variable
 * holds the value an adjoint reads: the last write before that adjoint's statement set it, and every
 * later write that an adjoint read in between restores it on the way back.
 *
 * <p>A forward may-analysis of the variables read by an adjoint since their last write: a read adds
 * the variable, a write removes it, branches join by union, a loop iterates to a fixpoint with the end
 * of an iteration flowing into the next (and the loop may run zero times), a {@code break} flows to the
 * loop's exit, a {@code continue} to its update, and nothing flows past a {@code return} or a
 * {@code throw}. Arrays keep the old, coarser rule: an element write does not end the reads of the
 * other elements, so an array once read stays read, and inside a loop every array its adjoints read
 * counts as read from the loop's start. So where an element write in a loop reversed after the forward
 * sweep finds its array read already, its adjoint may read the write's result from the element instead
 * of computing a rule's value again ({@code tanh}), at no new save: every later overwrite of the element
 * saves it anyway.
 *
 * <p>A saving assignment {@code v = e(v)} in a reversed loop whose old value no adjoint but its own
 * read, on every pass, and whose only active operand is {@code v} ({@link LocalPartial#applies}) tapes
 * its partial derivative instead of the old value; nothing then restores {@code v} there, and nothing
 * needs it restored: an adjoint reading it between the previous write and this one would have made it
 * read already when this write was reached.
 *
 * <p>Takes the activity and the declarations the adjoint sweep recomputes (decided before); gives the
 * saving overwrites, those element writes and those assignments.
 */
final class OverwriteSaves {

    private final Activity activity;
    private final AdjointReads reads;
    private final Set<Stmt.Declare> recomputed;
    private final Map<Stmt.Loop, List<Stmt.Declare>> recomputations;
    private final Map<Stmt.Loop, CountedLoop> countedLoops;
    private final Set<Stmt> saving = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Stmt.ArrayWrite> elementResults = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Saving assignments whose old value only their own adjoint read, on every pass so far. */
    private final Set<Stmt.Assign> ownReadsOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Saving overwrites whose old value another adjoint read, on some pass. */
    private final Set<Stmt> readByOthers = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Where the breaks and continues of the loops around the statement being walked go, innermost first. */
    private final Deque<Jumped> loops = new ArrayDeque<>();
    /** How many loops around the statement being walked replay their iterations after the forward sweep. */
    private int reversedLoops;

    private OverwriteSaves(Activity activity, Set<Stmt.Declare> recomputed,
            Map<Stmt.Loop, List<Stmt.Declare>> recomputations, Map<Stmt.Loop, CountedLoop> countedLoops) {
        this.activity = activity;
        this.reads = new AdjointReads(activity);
        this.recomputed = recomputed;
        this.recomputations = recomputations;
        this.countedLoops = countedLoops;
    }

    /**
     * What the analysis decides: the overwrites that save the value they destroy, the element writes
     * whose adjoints read their result from the element (in loops reversed after the forward sweep), and
     * the assignments that tape their {@link LocalPartial} instead of the value they destroy.
     */
    record Decisions(Set<Stmt> savingOverwrites, Set<Stmt.ArrayWrite> elementResults, Set<Stmt.Assign> tapedPartials) {
    }

    /** The decisions for {@code statements}, with every loop reversed after the forward sweep. */
    static Decisions unfused(List<Stmt> statements, Activity activity, Set<Stmt.Declare> recomputed,
            Map<Stmt.Loop, List<Stmt.Declare>> recomputations, Map<Stmt.Loop, CountedLoop> countedLoops) {
        OverwriteSaves analysis = new OverwriteSaves(activity, recomputed, recomputations, countedLoops);
        analysis.sequence(statements, AdjointReads.newSet());
        return analysis.decisions();
    }

    /**
     * The decisions for a method body with {@code candidate}'s loops fused: the statements before them,
     * then each loop's body as straight-line code, since each iteration is reversed right after it.
     */
    static Decisions fused(LoopFusion.Candidate candidate, Activity activity, Set<Stmt.Declare> recomputed,
            Map<Stmt.Loop, List<Stmt.Declare>> recomputations, Map<Stmt.Loop, CountedLoop> countedLoops) {
        OverwriteSaves analysis = new OverwriteSaves(activity, recomputed, recomputations, countedLoops);
        Set<Variable> read = analysis.sequence(candidate.before(), AdjointReads.newSet());
        for (LoopFusion.FusableLoop loop : candidate.loops()) {
            read = analysis.sequence(loop.loop().body().statements(), read);
        }
        return analysis.decisions();
    }

    private Decisions decisions() {
        Set<Stmt.Assign> tapedPartials = Collections.newSetFromMap(new IdentityHashMap<>());
        ownReadsOnly.stream().filter(a -> !readByOthers.contains(a)).forEach(tapedPartials::add);
        Set<Stmt> saves = Collections.newSetFromMap(new IdentityHashMap<>());
        saving.stream().filter(s -> !tapedPartials.contains(s)).forEach(saves::add);
        return new Decisions(saves, elementResults, tapedPartials);
    }

    /** The variables read since their last write after {@code statements}, given those before; may change {@code read}. */
    private Set<Variable> sequence(List<Stmt> statements, Set<Variable> read) {
        Set<Variable> state = read;
        for (Stmt s : statements) {
            state = s.accept(new Transfer(state));
        }
        return state;
    }

    /**
     * An overwrite of {@code v} by {@code value}: an assignment, or a declaration a reversed loop runs
     * again. Saves the old value when an adjoint read it since it was written, its own adjoint included.
     */
    private Set<Variable> overwrite(Stmt overwrite, Variable v, Expr value, Set<Variable> read) {
        boolean active = activity.isActive(v);
        boolean readBefore = read.contains(v);
        if (active) {
            reads.addValueReads(v, value, read);
        }
        Stmt.Assign assignment = new Stmt.Assign(v, value, SourcePosition.NONE);
        boolean saves = read.contains(v);
        if (saves) {
            saving.add(overwrite);
            // Only its own adjoint reads the old value: in a reversed loop, it may tape its partial instead.
            if (!readBefore && reversedLoops > 0 && overwrite instanceof Stmt.Assign a
                    && LocalPartial.applies(a, activity)) {
                ownReadsOnly.add(a);
            } else {
                readByOthers.add(overwrite);
            }
        }
        if (!(v.type() instanceof Type.Array)) {
            read.remove(v);
        }
        if (saves && TapePolicy.inverse(assignment) != null) {
            // Undone by arithmetic (i -= 1), the restore reads the value the write gave: so must the
            // next write's restore have put it back.
            read.add(v);
        }
        if (reads.holdsResult(v, value)) {
            reads.addResultRead(v, value, read);
        }
        return read;
    }

    /**
     * A loop reversed after the forward sweep: its body and update walked until what flows around the
     * back edge adds nothing; each pass may only add saves, so the last pass's are the loop's.
     */
    private Set<Variable> loop(Stmt.Loop loop, Set<Variable> before) {
        Set<Variable> entry = copy(before);
        reads.readsIn(loop).stream().filter(v -> v.type() instanceof Type.Array).forEach(entry::add);
        Set<Variable> recomputationReads = AdjointReads.newSet();
        StatementWalker.forEachStatement(loop, s -> {
            if (s instanceof Stmt.Loop inner) {
                recomputations.getOrDefault(inner, List.of()).forEach(d -> StatementWalker.addVariables(d.init(),
                        recomputationReads));
            }
        });
        recomputationReads.stream().filter(v -> v.type() instanceof Type.Array).forEach(entry::add);
        List<Stmt.Declare> recomputedHere = recomputations.getOrDefault(loop, List.of());
        reversedLoops++;
        Set<Variable> head = copy(entry);
        while (true) {
            Jumped jumped = new Jumped(AdjointReads.newSet(), AdjointReads.newSet());
            loops.push(jumped);
            Set<Variable> end = sequence(loop.body().statements(), copy(head));
            end.addAll(jumped.continued());
            // Each reversed iteration recomputes these first, after its update is undone.
            recomputedHere.forEach(d -> StatementWalker.addVariables(d.init(), end));
            Set<Variable> afterUpdate = sequence(loop.update().statements(), end);
            loops.pop();
            Set<Variable> next = copy(entry);
            next.addAll(afterUpdate);
            // Growing only, so that the passes end: a pass that reads an element's result instead of
            // its value's variables may read less than the one before.
            next.addAll(head);
            if (next.equals(head)) {
                reversedLoops--;
                // The condition is tested before each iteration (testFirst) or after it.
                Set<Variable> exit = loop.testFirst() ? head : afterUpdate;
                exit.addAll(jumped.broken());
                CountedLoop counted = countedLoops.get(loop);
                if (counted != null) {
                    // Its reversal sets the counter from the declaration's expression: no adjoint needs the value
                    // the loop leaves, and the expression's variable is read here.
                    exit.remove(counted.counter());
                    StatementWalker.addVariables(counted.start(), exit);
                }
                return exit;
            }
            head = next;
        }
    }

    private static Set<Variable> copy(Set<Variable> set) {
        Set<Variable> copy = AdjointReads.newSet();
        copy.addAll(set);
        return copy;
    }

    /** What flows out of a loop's iteration by its breaks and its continues. */
    private record Jumped(Set<Variable> broken, Set<Variable> continued) {
    }

    /** One statement: the variables read since their last write after it, given those before it. */
    private final class Transfer implements Stmt.Visitor<Set<Variable>> {
        private final Set<Variable> read;

        Transfer(Set<Variable> read) {
            this.read = read;
        }

        @Override
        public Set<Variable> visitDeclare(Stmt.Declare node) {
            Variable v = node.variable();
            if (reversedLoops > 0 && !recomputed.contains(node)) {
                // Run again each iteration, a declaration overwrites the previous iteration's value.
                return overwrite(node, v, node.init() == null ? Exprs.zero(v.type()) : node.init(), read);
            }
            if (node.init() != null && activity.isActive(v)) {
                reads.addValueReads(v, node.init(), read);
            }
            if (reversedLoops == 0 && !(v.type() instanceof Type.Array)) {
                // A fresh variable (or, in a fused loop, one whose last iteration is reversed already).
                read.remove(v);
            }
            if (node.init() != null && activity.isActive(v)) {
                reads.addResultRead(v, node.init(), read);
            }
            return read;
        }

        @Override
        public Set<Variable> visitAssign(Stmt.Assign node) {
            return overwrite(node, node.variable(), node.value(), read);
        }

        @Override
        public Set<Variable> visitArrayWrite(Stmt.ArrayWrite node) {
            Variable array = StatementWalker.arrayVariable(node.array());
            // Its adjoint reads its result from the element where the array counts as read already: every
            // later overwrite of the element then saves it, at no new cost (an array, once read, stays
            // read). Decided once for all passes over a loop, the array is added after it on each pass.
            boolean readsResult = elementResults.contains(node)
                    || reversedLoops > 0 && read.contains(array) && reads.mayReadElementResult(node);
            reads.addElementWriteReads(node, readsResult, read);
            if (read.contains(array)) {
                saving.add(node);
            }
            if (readsResult) {
                elementResults.add(node);
                read.add(array);
            }
            return read;
        }

        @Override
        public Set<Variable> visitBlock(Stmt.Block node) {
            return sequence(node.statements(), read);
        }

        @Override
        public Set<Variable> visitIf(Stmt.If node) {
            // The adjoint sweep reads the recorded decision, not the condition.
            Set<Variable> whenTrue = sequence(node.thenBranch().statements(), copy(read));
            Set<Variable> whenFalse = sequence(node.elseBranch().statements(), read);
            whenFalse.addAll(whenTrue);
            return whenFalse;
        }

        @Override
        public Set<Variable> visitReturn(Stmt.Return node) {
            // Nothing runs after it: its adjoint reads the values it left.
            return AdjointReads.newSet();
        }

        @Override
        public Set<Variable> visitLoop(Stmt.Loop node) {
            return loop(node, read);
        }

        @Override
        public Set<Variable> visitBreak(Stmt.Break node) {
            innermostLoop(node).broken().addAll(read);
            return AdjointReads.newSet();
        }

        @Override
        public Set<Variable> visitContinue(Stmt.Continue node) {
            innermostLoop(node).continued().addAll(read);
            return AdjointReads.newSet();
        }

        private Jumped innermostLoop(Stmt jump) {
            if (loops.isEmpty()) {
                throw new IllegalStateException("a jump outside a reversed loop: " + jump);
            }
            return loops.peek();
        }

        @Override
        public Set<Variable> visitEvaluate(Stmt.Evaluate node) {
            return read; // a call made for its effect: its arguments are read where it stands
        }

        @Override
        public Set<Variable> visitLabeled(Stmt.Labeled node) {
            return unexpected(node);
        }

        @Override
        public Set<Variable> visitBreakLabel(Stmt.BreakLabel node) {
            return unexpected(node);
        }

        @Override
        public Set<Variable> visitComment(Stmt.Comment node) {
            return unexpected(node);
        }

        @Override
        public Set<Variable> visitThrow(Stmt.Throw node) {
            return AdjointReads.newSet(); // the adjoint sweep never runs after it
        }

        private Set<Variable> unexpected(Stmt s) {
            throw new IllegalStateException("reverse mode met an unexpected statement: " + s);
        }
    }
}
