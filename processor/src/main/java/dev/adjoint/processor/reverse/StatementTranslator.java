package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.ONE;
import static dev.adjoint.processor.ir.Exprs.ZERO;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.ValueNames;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Translates the statements of the user's method into both sweeps: each statement's forward code,
 * which records what the adjoint needs, and its adjoint code, which runs backwards from the result's
 * adjoint. Takes the method's shared parts and the {@link Recording} decided for the way the method is
 * translated; gives a {@link Translation} per statement sequence, in a {@link TranslationContext}.
 *
 * <p>The adjoint sweep keeps one invariant: when it reaches a statement, every variable holds the value
 * it had just after that statement ran. Reversing an assignment restores the old value.
 */
final class StatementTranslator {

    private final Activity activity;
    private final Recording recording;
    private final Jumps jumps;
    private final AdjointVariables adjoints;
    private final Hoisted hoisted;
    private final TapePolicy tapes;
    private final StrongZeros strongZeros;
    private final Callees callees;
    private final Variable value;
    private final Variable seed;
    /** The record the method returns, read as the array of its leaves; null for other methods. */
    private final RecordShape resultRecord;
    private final LoopArrays loopArrays;
    private final DeclarationTranslator declarations;
    private final Set<Stmt.Loop> checkpointed;
    /**
     * The records of a branch's way made at the jumps out of it, by the variable holding the way: dropped
     * where no adjoint reads the way.
     */
    private final Map<Variable, List<Stmt>> recordsAtJumps = new IdentityHashMap<>();

    StatementTranslator(MethodParts parts, Recording recording) {
        this.activity = parts.activity();
        this.recording = recording;
        this.jumps = parts.jumps();
        this.adjoints = parts.adjoints();
        this.hoisted = parts.hoisted();
        this.tapes = parts.tapes();
        this.strongZeros = parts.strongZeros();
        this.callees = parts.callees();
        this.value = parts.value();
        this.seed = parts.seed();
        this.resultRecord = parts.resultRecord();
        this.loopArrays = new LoopArrays(activity, recording, adjoints, hoisted, tapes);
        this.declarations = new DeclarationTranslator(this, parts, recording, loopArrays);
        this.checkpointed = parts.checkpointed();
    }

    Recording recording() {
        return recording;
    }

    /**
     * {@code statements} in both sweeps: forward in order, adjoint backwards, the adjoint of each
     * statement headed by the statement it comes from.
     */
    Translation sequence(List<Stmt> statements, TranslationContext context) {
        return sequence(statements, context, true);
    }

    /** @param headed whether to head adjoints with their statements; a loop's update is bookkeeping */
    private Translation sequence(List<Stmt> statements, TranslationContext context, boolean headed) {
        List<Translation> parts = new ArrayList<>();
        for (Stmt s : statements) {
            Translation part = s.accept(new Translating(context));
            parts.add(headed ? headed(s, part) : part);
        }
        List<Stmt> forward = new ArrayList<>();
        Set<Integer> jumpIds = new TreeSet<>();
        parts.forEach(t -> {
            forward.addAll(t.forward());
            jumpIds.addAll(t.jumps());
        });
        // Backwards: the adjoint of what follows a statement that may jump runs only if it did not.
        List<Stmt> adjoint = new ArrayList<>();
        for (int i = parts.size() - 1; i >= 0; i--) {
            Translation part = parts.get(i);
            if (!part.jumps().isEmpty() && !adjoint.isEmpty()) {
                adjoint = new ArrayList<>(List.of(new Stmt.If(Jumps.didNotJumpIn(part.jumps(), context.guard()),
                        new Stmt.Block(adjoint), new Stmt.Block(List.of()), SourcePosition.NONE)));
            }
            adjoint.addAll(part.adjoint());
        }
        return new Translation(forward, adjoint, jumpIds);
    }

    /**
     * {@code part}, the translation of {@code s}, with its adjoint headed by {@code // grad of: s}, so a
     * reader finds the source of each stretch of adjoint code: a simple statement whole, an {@code if}
     * or a loop by its head (which says what {@code branch2} or {@code while (trips2 > 0)} reverses).
     * A statement without adjoint code gets no header, nor does a plain block.
     */
    private static Translation headed(Stmt s, Translation part) {
        boolean quotable = s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.ArrayWrite
                || s instanceof Stmt.Return || s instanceof Stmt.If || s instanceof Stmt.Loop
                || s instanceof Stmt.Block block && initialisesLoop(block);
        if (!quotable || part.adjoint().isEmpty()) {
            return part;
        }
        List<Stmt> adjoint = new ArrayList<>();
        adjoint.add(new Stmt.Comment("grad of:", s));
        adjoint.addAll(part.adjoint());
        return new Translation(part.forward(), adjoint, part.jumps());
    }

    /** Whether {@code block} is a {@code for} loop: its initialisers, then the loop. */
    private static boolean initialisesLoop(Stmt.Block block) {
        return block.lastLoop() != null && !block.lastLoop().update().statements().isEmpty();
    }

    private Variable adjointOf(Variable v) {
        return adjoints.of(v);
    }

    /** Translates one statement of the user's method, in a context, into both sweeps. */
    private final class Translating implements Stmt.Visitor<Translation> {
        private final TranslationContext context;

        Translating(TranslationContext context) {
            this.context = context;
        }

        private Translation unexpected(Stmt s) {
            throw new IllegalStateException("reverse mode met an unexpected statement: " + s);
        }

        @Override
        public Translation visitDeclare(Stmt.Declare node) {
            return declarations.translate(node, context);
        }

        @Override
        public Translation visitAssign(Stmt.Assign node) {
            if (node.variable().type() instanceof Type.Array) {
                return loopArrays.recreation(node);
            }
            if (recording.tapesPartial(node)) {
                return tapedPartial(node, context);
            }
            return assign(node, context, recording.savesOverwrittenValue(node));
        }

        @Override
        public Translation visitArrayWrite(Stmt.ArrayWrite node) {
            return arrayWrite(node, context);
        }

        @Override
        public Translation visitBlock(Stmt.Block node) {
            // A for loop's initialisers are bookkeeping, like its update: no headers.
            Translation inner = sequence(node.statements(), context.nested(), !initialisesLoop(node));
            return new Translation(List.of(new Stmt.Block(inner.forward())), inner.adjoint(), inner.jumps());
        }

        @Override
        public Translation visitIf(Stmt.If node) {
            return branch(node, context);
        }

        @Override
        public Translation visitReturn(Stmt.Return node) {
            return ret(node, context);
        }

        @Override
        public Translation visitLoop(Stmt.Loop node) {
            return loop(node, context);
        }

        @Override
        public Translation visitBreak(Stmt.Break node) {
            return Translation.concat(new Translation(recordBranchesLeft(context, false), List.of(), Set.of()),
                    jumps.breakOf(node, context.loop()));
        }

        @Override
        public Translation visitContinue(Stmt.Continue node) {
            return Translation.concat(new Translation(recordBranchesLeft(context, false), List.of(), Set.of()),
                    jumps.continueOf(node, context.loop()));
        }

        @Override
        public Translation visitEvaluate(Stmt.Evaluate node) {
            // A call made for its effect: made where the primal makes it; nothing to differentiate.
            return new Translation(List.of(node), List.of(), Set.of());
        }

        @Override
        public Translation visitLabeled(Stmt.Labeled node) {
            return unexpected(node);
        }

        @Override
        public Translation visitBreakLabel(Stmt.BreakLabel node) {
            return unexpected(node);
        }

        @Override
        public Translation visitComment(Stmt.Comment node) {
            return unexpected(node);
        }

        @Override
        public Translation visitThrow(Stmt.Throw node) {
            // Thrown where the primal throws; the adjoint sweep never runs after it.
            return new Translation(List.of(node), List.of(), Set.of());
        }
    }

    /**
     * Names the values the adjoint of {@code value} will need. Outside loops that happens in the
     * forward sweep, which computes them anyway and assigns each once (declared at the top when
     * nested), and differentiates there the parts that read one variable through a long chain
     * ({@link Preaccumulated}); inside loops the adjoint sweep computes them again instead of taping them.
     */
    ExpressionAdjoint prepare(Expr value, Expr result, TranslationContext context, List<Stmt> forward) {
        if (context.inReversedLoop() || context.partialsRecomputed()) {
            return ExpressionAdjoint.deferred(value, result, activity, this::adjointOf, callees);
        }
        Temporaries temps = hoisted.temporaries(context.depth(), forward);
        return ExpressionAdjoint.preaccumulating(value, result, activity, this::adjointOf, callees, temps);
    }

    /**
     * The adjoint statements a definition's adjoint {@code seed} sends on, as a candidate for a
     * {@code seed != 0.0} guard that {@link StrongZeros} keeps where the seed may be structurally zero.
     */
    List<Stmt> seeded(Variable seed, Consumer<List<Stmt>> propagation) {
        List<Stmt> group = new ArrayList<>();
        propagation.accept(group);
        return strongZeros.candidate(seed, group);
    }


    /** @param saves whether the forward sweep saves the old value for the adjoint sweep to restore */
    Translation assign(Stmt.Assign a, TranslationContext context, boolean saves) {
        Variable v = a.variable();
        List<Stmt> forward = new ArrayList<>();
        Stmt restore = saves ? tapes.saveOverwritten(a, context, forward) : null;
        List<Stmt> adjoint = new ArrayList<>();
        if (!activity.isActive(v)) {
            forward.add(a);
            if (restore != null) {
                adjoint.add(restore);
            }
            return new Translation(forward, adjoint, Set.of());
        }
        Variable vAdj = adjointOf(v);
        Accumulation accumulation = Accumulation.of(a);
        if (accumulation != null) {
            ExpressionAdjoint addend = prepare(accumulation.addend(), null, context, forward);
            forward.add(new Stmt.Assign(v, accumulation.withAddend(addend.primal()), a.position()));
            if (restore != null) {
                adjoint.add(restore);
            }
            adjoint.addAll(seeded(vAdj, group -> addend.propagate(accumulation.addendSeed(Exprs.ref(vAdj)), group)));
            return new Translation(forward, adjoint, Set.of());
        }
        boolean readsItself = activity.isActive(a.value()) && StatementWalker.reads(a.value(), v);
        ExpressionAdjoint prepared = prepare(a.value(), readsItself ? null : Exprs.ref(v), context, forward);
        forward.add(new Stmt.Assign(v, prepared.primal(), a.position()));
        if (readsItself) {
            // The partials may need the old value of v, and the old v gets a share of the adjoint.
            if (restore != null) {
                adjoint.add(restore);
            }
            Variable next = takeAdjoint(vAdj, adjoint);
            adjoint.addAll(seeded(next, group -> prepared.propagate(Exprs.ref(next), group)));
        } else {
            adjoint.addAll(seeded(vAdj, group -> prepared.propagate(Exprs.ref(vAdj), group)));
            adjoint.add(new Stmt.Assign(vAdj, ZERO, SourcePosition.NONE));
            if (restore != null) {
                adjoint.add(restore);
            }
        }
        return new Translation(forward, adjoint, Set.of());
    }

    /**
     * {@code v = e(v)} in a reversed loop, where no adjoint but its own reads the old {@code v}: the
     * forward sweep tapes the {@link LocalPartial} instead of the old value, and the adjoint sweep
     * multiplies it into the adjoint, leaving {@code v} unrestored (nothing before reads it).
     */
    private Translation tapedPartial(Stmt.Assign a, TranslationContext context) {
        Variable v = a.variable();
        LocalPartial local = LocalPartial.of(a, activity);
        List<Stmt> forward = new ArrayList<>(local.namedValues());
        Expr taped = tapes.tape(local.partial(), Type.DOUBLE, forward);
        forward.add(new Stmt.Assign(v, local.primal(), a.position()));
        Variable vAdj = adjointOf(v);
        Variable partial = Variable.derived(v, "Partial", Type.DOUBLE);
        List<Stmt> adjoint = new ArrayList<>();
        adjoint.add(new Stmt.Declare(partial, taped, SourcePosition.NONE));
        Variable next = takeAdjoint(vAdj, adjoint);
        adjoint.addAll(seeded(next, group -> group.add(new Stmt.Assign(vAdj,
                Exprs.add(Exprs.ref(vAdj), local.times(Exprs.ref(next), Exprs.ref(partial))), SourcePosition.NONE))));
        return new Translation(forward, adjoint, Set.of());
    }

    /**
     * {@code double vAdjNext = vAdj; vAdj = 0.0;} into {@code adjoint}: the adjoint of an overwrite of
     * {@code v} takes {@code v}'s adjoint as its seed and clears it for the old value's contributions.
     */
    private static Variable takeAdjoint(Variable vAdj, List<Stmt> adjoint) {
        Variable next = Variable.derived(vAdj, "Next", Type.DOUBLE);
        adjoint.add(new Stmt.Declare(next, Exprs.ref(vAdj), SourcePosition.NONE));
        adjoint.add(new Stmt.Assign(vAdj, ZERO, SourcePosition.NONE));
        return next;
    }

    /**
     * An element write into a local array. The adjoint sweep restores the old element first (the
     * value was computed before the write), takes the element's adjoint as the seed and clears it. In a
     * loop reversed after the forward sweep, a rule that reuses the value ({@code Math.tanh}) reads it
     * from the element, taken before the restore, instead of computing it again, where the recording
     * says the element still holds it then.
     */
    private Translation arrayWrite(Stmt.ArrayWrite w, TranslationContext context) {
        Variable array = StatementWalker.arrayVariable(w.array());
        boolean active = activity.isActive(array);
        List<Stmt> forward = new ArrayList<>();
        Stmt restore = recording.savesOverwrittenValue(w) ? tapes.saveOverwritten(w, array, context, forward) : null;
        Variable result = active && context.inReversedLoop() && recording.readsElementResult(w)
                ? ValueNames.temporary(w.value(), "", "tmp", w.value().type()) : null;
        ExpressionAdjoint prepared = active
                ? prepare(w.value(), result == null ? null : Exprs.ref(result), context, forward) : null;
        forward.add(active ? new Stmt.ArrayWrite(w.array(), w.index(), prepared.primal(), w.position()) : w);
        List<Stmt> adjoint = new ArrayList<>();
        if (result != null) {
            adjoint.add(new Stmt.Declare(result, w.element(), SourcePosition.NONE));
        }
        if (restore != null) {
            adjoint.add(restore);
        }
        if (active) {
            Expr.ArrayRead elementAdjoint = ExpressionAdjoint.adjointElement(w.element(), this::adjointOf);
            Variable next = Variable.derived(array, "AdjNext", Type.DOUBLE);
            adjoint.add(new Stmt.Declare(next, elementAdjoint, SourcePosition.NONE));
            adjoint.add(new Stmt.ArrayWrite(elementAdjoint.array(), elementAdjoint.index(), ZERO, SourcePosition.NONE));
            adjoint.addAll(seeded(next, group -> prepared.propagate(Exprs.ref(next), group)));
        }
        return new Translation(forward, adjoint, Set.of());
    }

    private Translation branch(Stmt.If i, TranslationContext context) {
        ControlFlow flow = ControlFlow.of(i);
        Variable taken = Variable.generated("branch", Type.BOOLEAN);
        // A branch in a reversed loop that a jump may leave records its way at each jump out of it too
        boolean leftByJumps = context.inReversedLoop() && flow.mayJumpOut();
        boolean booleanTapeBefore = tapes.uses(Type.BOOLEAN);
        TranslationContext arms = leftByJumps ? context.inRecordedBranch(taken) : context.nested();
        Translation whenTrue = sequence(i.thenBranch().statements(), arms);
        Translation whenFalse = sequence(i.elseBranch().statements(), arms);
        Set<Integer> jumpIds = new TreeSet<>(whenTrue.jumps());
        jumpIds.addAll(whenFalse.jumps());
        if (whenTrue.adjoint().isEmpty() && whenFalse.adjoint().isEmpty()) {
            // No adjoint reads the way: the records at the jumps go, and the tape if nothing else uses it.
            Stmt.If plain = (Stmt.If) new Stmt.If(i.condition(), new Stmt.Block(whenTrue.forward()),
                    new Stmt.Block(whenFalse.forward()), i.position())
                    .accept(new Dropping(recordsAtJumps.getOrDefault(taken, List.of())));
            if (!booleanTapeBefore && tapes.uses(Type.BOOLEAN) && !StatementWalker.mentions(plain,
                    tapes.valueTape(Type.BOOLEAN))) {
                tapes.forget(Type.BOOLEAN);
            }
            return new Translation(List.of(plain), List.of(), jumpIds);
        }
        List<Stmt> forward = new ArrayList<>();
        forward.add(hoisted.declareVisible(taken, i.condition(), context.depth(), i.position()));
        Expr decision = Exprs.ref(taken);
        Stmt recordAfter = null;
        if (context.inReversedLoop()) {
            // Recorded where control leaves the branch, on the thread's tape: after it, and before each jump
            // out of it (recordBranchesLeft). Whatever the branch recorded lies beneath, so the adjoint
            // sweep reads the way first and the branch's records after it, as it needs them.
            Variable decisions = tapes.valueTape(Type.BOOLEAN);
            if (flow.completesNormally()) {
                recordAfter = new Stmt.Evaluate(RuntimeTypes.push(decisions, Exprs.ref(taken)));
            }
            decision = TapePolicy.pop(decisions, Type.BOOLEAN);
        }
        forward.add(new Stmt.If(Exprs.ref(taken), new Stmt.Block(whenTrue.forward()),
                new Stmt.Block(whenFalse.forward()), i.position()));
        if (recordAfter != null) {
            forward.add(recordAfter);
        }
        List<Stmt> adjoint = List.of(new Stmt.If(decision, new Stmt.Block(whenTrue.adjoint()),
                new Stmt.Block(whenFalse.adjoint()), SourcePosition.NONE));
        return new Translation(forward, adjoint, jumpIds);
    }

    /**
     * A loop. The forward sweep counts its iterations and, when its body can break or continue,
     * records how each iteration ended; the adjoint sweep runs the iterations backwards, each one
     * reversing exactly the statements that ran.
     */
    private Translation loop(Stmt.Loop loop, TranslationContext context) {
        List<Stmt.Declare> recomputations = recording.recomputations(loop);
        boolean nested = context.inReversedLoop();
        ControlFlow flow = ControlFlow.of(loop.body());
        Set<Integer> returns = jumps.ids(flow.returns());
        boolean endsEarly = flow.mayBreakOrContinueEnclosingLoop() || flow.mayReturn();
        boolean continues = flow.mayContinueEnclosingLoop();
        Variable trips = Variable.generated("trips", Type.INT);
        // How iterations ended, and inner trip counts, go on the int tape: pushed after everything the
        // iteration pushed, they are popped before it, in LIFO order.
        Variable codes = endsEarly ? tapes.valueTape(Type.INT) : null;
        Variable continued = continues ? Variable.generated("continued", Type.INT) : null;
        String label = "iteration" + (context.loopCount() + 1);
        Variable code = endsEarly ? Variable.generated("ended", Type.INT) : null;
        TranslationContext.LoopFrame frame = new TranslationContext.LoopFrame(codes, continued, label, trips, nested,
                false, context.loop());
        TranslationContext inside = context.inLoop(frame, code);
        Translation body = sequence(loop.body().statements(), inside);
        Translation update = sequence(loop.update().statements(), inside, false);

        List<Stmt> forward = new ArrayList<>();
        forward.add(hoisted.declareVisible(trips, Expr.Literal.ofInt(0), context.depth(), SourcePosition.NONE));
        List<Stmt> iteration = new ArrayList<>();
        iteration.add(new Stmt.Assign(trips, Exprs.binary(BinaryOp.ADD, Exprs.ref(trips), Expr.Literal.ofInt(1)),
                SourcePosition.NONE));
        if (continues) {
            hoisted.add(new Stmt.Declare(continued, Expr.Literal.ofInt(Jumps.NORMAL), SourcePosition.NONE));
            iteration.add(new Stmt.Assign(continued, Expr.Literal.ofInt(Jumps.NORMAL), SourcePosition.NONE));
            iteration.add(new Stmt.Labeled(label, new Stmt.Block(body.forward())));
        } else {
            iteration.addAll(body.forward());
        }
        // An iteration that always leaves by a return or a break never reaches its end: no code there
        // (javac would reject the push as unreachable).
        if (endsEarly && (flow.completesNormally() || continues)) {
            iteration.add(new Stmt.Evaluate(RuntimeTypes.push(codes,
                    continues ? Exprs.ref(continued) : Expr.Literal.ofInt(Jumps.NORMAL))));
        }
        // The update stays the loop's: the body has no continue left (the iteration's label replaced it).
        forward.add(new Stmt.Loop(loop.testFirst(), loop.condition(), new Stmt.Block(iteration),
                new Stmt.Block(update.forward()), loop.position()));
        Variable tripTape = null;
        if (nested) {
            tripTape = tapes.valueTape(Type.INT);
            forward.add(new Stmt.Evaluate(RuntimeTypes.push(tripTape, Exprs.ref(trips))));
        }

        List<Stmt> adjoint = new ArrayList<>();
        if (body.adjoint().isEmpty() && update.adjoint().isEmpty()) {
            // Nothing to reverse, but the tapes the forward sweep filled are still emptied in order.
            if (tripTape == null && !endsEarly) {
                return new Translation(forward, List.of(), returns);
            }
        }
        if (nested) {
            adjoint.add(new Stmt.Assign(trips, TapePolicy.pop(tripTape, Type.INT), SourcePosition.NONE));
        }
        CountedLoop counted = recording.countedLoop(loop);
        if (counted != null && !update.adjoint().isEmpty()) {
            // The iterations undo the counter's steps from its last value, computed rather than saved.
            adjoint.add(new Stmt.Assign(counted.counter(), counted.last(trips), SourcePosition.NONE));
        }
        List<Stmt> reversed = new ArrayList<>();
        reversed.add(new Stmt.Assign(trips, Exprs.binary(BinaryOp.SUB, Exprs.ref(trips), Expr.Literal.ofInt(1)),
                SourcePosition.NONE));
        if (endsEarly) {
            reversed.add(new Stmt.Declare(code, TapePolicy.pop(codes, Type.INT), SourcePosition.NONE));
            Set<Integer> breaks = jumps.ids(flow.breaks());
            breaks.addAll(returns);
            if (!update.adjoint().isEmpty() && !breaks.isEmpty()) {
                // The update did not run after a break or a return.
                reversed.add(new Stmt.If(Jumps.didNotJumpIn(breaks, code), new Stmt.Block(update.adjoint()),
                        new Stmt.Block(List.of()), SourcePosition.NONE));
            } else {
                reversed.addAll(update.adjoint());
            }
            reversed.addAll(body.adjoint());
        } else {
            reversed.addAll(update.adjoint());
            recomputations.forEach(d -> reversed.add(new Stmt.Assign(d.variable(), d.init(), SourcePosition.NONE)));
            reversed.addAll(body.adjoint());
        }
        adjoint.add(new Stmt.Loop(true, Exprs.binary(BinaryOp.GT, Exprs.ref(trips), Expr.Literal.ofInt(0)),
                new Stmt.Block(reversed), new Stmt.Block(List.of()), SourcePosition.NONE));
        if (checkpointed.contains(loop) && context.loop() == null && !context.partialsRecomputed() && !endsEarly) {
            Translation checkpointed = CheckpointedLoops.of(forward.subList(0, 1), (Stmt.Loop) forward.get(1), trips,
                    adjoint, tapes, hoisted);
            if (checkpointed != null) {
                return checkpointed;
            }
        }
        // A return inside leaves the loop and what follows it.
        return new Translation(forward, adjoint, returns);
    }

    private Translation ret(Stmt.Return r, TranslationContext context) {
        List<Stmt> forward = new ArrayList<>();
        // A returned array is copied: the adjoint sweep restores the elements of the local array.
        // (A return is at depth 0 exactly when it is the method's single exit.)
        ExpressionAdjoint prepared = seed == null ? prepare(r.value(), Exprs.ref(value), context, forward) : null;
        Expr returned = seed == null ? prepared.primal() : resultRecord != null
                ? resultRecord.pack(leaf -> elementOf(r.value(), resultRecord.leaves().indexOf(leaf)))
                : new Expr.Invoke(r.value(), "clone", List.of(), value.type());
        forward.addAll(recordBranchesLeft(context, true));
        forward.addAll(jumps.leaveLoops(r, context.loop(), tapes));
        if (jumps.singleExit()) {
            forward.add(new Stmt.Declare(value, returned, r.position()));
        } else {
            forward.add(new Stmt.Assign(value, returned, r.position()));
            forward.addAll(jumps.leaveMethod(r));
        }
        List<Stmt> adjoint = new ArrayList<>();
        if (seed != null) {
            // The returned local array's elements get the caller's cotangent as their adjoints.
            if (activity.isActive(r.value()) && resultRecord != null) {
                // A returned record: element i of the array its returns write gets the seed's i-th leaf.
                Expr adjointArray = Exprs.ref(adjointOf(((Expr.Ref) r.value()).variable()));
                List<Expr> seedLeaves = resultRecord.leafReads(Exprs.ref(seed));
                for (int i = 0; i < seedLeaves.size(); i++) {
                    adjoint.add(new Stmt.ArrayWrite(adjointArray, Expr.Literal.ofInt(i),
                            Exprs.binary(BinaryOp.ADD, elementOf(adjointArray, i), seedLeaves.get(i)), SourcePosition.NONE));
                }
            } else if (activity.isActive(r.value())) {
                Variable array = ((Expr.Ref) r.value()).variable();
                adjoint.add(new Stmt.Evaluate(new Expr.InvokeStatic(RuntimeTypes.ADJOINT_ARRAYS, "addScaled",
                        List.of(Exprs.ref(adjointOf(array)), ONE, Exprs.ref(seed)), Type.BOOLEAN)));
            }
        } else {
            prepared.propagate(ONE, adjoint);
        }
        return new Translation(forward, adjoint, Set.of(jumps.id(r)));
    }

    /**
     * The records of the ways of the branches a jump from {@code context} leaves (a return all of them),
     * innermost first, so that each lies above what the branches inside it recorded.
     */
    private List<Stmt> recordBranchesLeft(TranslationContext context, boolean leavingTheMethod) {
        List<Stmt> records = new ArrayList<>();
        for (Variable taken : context.branchesLeft(leavingTheMethod)) {
            Stmt record = new Stmt.Evaluate(RuntimeTypes.push(tapes.valueTape(Type.BOOLEAN), Exprs.ref(taken)));
            recordsAtJumps.computeIfAbsent(taken, k -> new ArrayList<>()).add(record);
            records.add(record);
        }
        return records;
    }

    /** A statement without the given ones (by identity), wherever they are nested. */
    private static final class Dropping extends NestedLists {
        private final Set<Stmt> dropped = Collections.newSetFromMap(new IdentityHashMap<>());

        Dropping(List<Stmt> dropped) {
            this.dropped.addAll(dropped);
        }

        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            List<Stmt> kept = new ArrayList<>();
            for (Stmt s : statements) {
                if (!dropped.contains(s)) {
                    kept.add(s.accept(this));
                }
            }
            return kept;
        }
    }

    private static Expr elementOf(Expr array, int index) {
        return new Expr.ArrayRead(array, Expr.Literal.ofInt(index), SourcePosition.NONE);
    }
}
