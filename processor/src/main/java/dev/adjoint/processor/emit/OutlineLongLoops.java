package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A method split by {@link SplitLongMethods} whose parts cannot end close enough together because a loop
 * of its body is longer than a part, rewritten so that the loop's body runs in parts of its own, called
 * in turn on each iteration. A part of the method holds the loop, its head (initialisers, condition and
 * update) as written; the body's parts are {@code mGradientLoop1Part1}, {@code mGradientLoop1Part2}, ...
 *
 * <pre>{@code
 * for (int i = 0; i < n; i++) {      {
 *     A;                                 int i = 0;
 *     B;                     =>          doubleTape.values()[frameStart + 1] = s;
 * }                                      for (; i < n; i++) {
 *                                            doubleTape.values()[frameStart] = i;
 *                                            mGradientLoop1Part1(x, n, frameStart);
 *                                            mGradientLoop1Part2(x, n, frameStart);
 *                                        }
 *                                        s = doubleTape.values()[frameStart + 1];
 *                                    }
 * }</pre>
 *
 * <p>The variables the body uses but does not declare live in the frame while the loop runs, a slot
 * each, the slot they have wherever they pass ({@link FrameSpace}): each of the body's parts reads
 * those it uses from their slots where it starts and writes those it assigns where it ends, so that a
 * value passes from one part to the next, from one iteration to the next, and out of the loop. Before
 * the loop the part holding it writes them to their slots (a variable the loop's update assigns, on
 * each iteration); after it, it reads back those the body assigns (one the loop's head reads, on each
 * iteration). Of these the part keeps only the writes of values the frame may not hold yet and the
 * reads back of values it uses after the loop ({@link SplitLongMethods}). Exceptions: the method's
 * parameters the body does not assign, which each part is passed, and the objects each part declares
 * again as the method does (a thread's tape). A variable declared without a value whose value here
 * this cannot vouch for is given its zero where it is declared, so that the write before the loop is
 * one Java accepts.
 *
 * <p>A loop is outlined where it stands in the method's body, alone in a branch without an else there
 * (a group of a method that returns early, {@link UnnestLongStatements}), or in a branch or block there
 * (with every write and read back). Only a body left by its loop's condition alone is outlined: no
 * {@code return}, no {@code break} or {@code continue} of this loop or an outer one. The price is a
 * call per part and the frame's reads and writes on each iteration; the gain, a loop the JIT compiles
 * instead of one the interpreter runs, and a method under the JVM's limit of 64 KB where its loop alone
 * would not be.
 */
final class OutlineLongLoops {

    /**
     * The body of the long loop {@code statement}, split into parts named {@code name + "Part" + k}, of the
     * method {@code whole}: the variables that live in the frame while it runs, with their slots, and the
     * objects its parts declare again as the method does.
     */
    record LoopBody(Stmt.Loop statement, String name, String whole, Map<Variable, Integer> residents,
            Map<Variable, Stmt.Declare> inherited) {
    }

    /**
     * A loop whose body runs in parts, as the part holding it runs it: its initialisers; the writes of the
     * variables that live in the frame while it runs, each variable's apart; the loop, which calls the
     * body's parts (with the writes of what its update assigns and the reads of what its head reads, on
     * each iteration); the reads back of those the body assigns, each variable's apart. The part keeps
     * a write where the frame may not hold the variable's value yet, and a read back where it uses the
     * variable after the loop ({@link SplitLongMethods}).
     *
     * @param guard where the loop stands alone in a branch without an else ({@code if (!left) { loop }}, a
     *     group of a method that returns early), that branch; else null
     * @param uses the variables the loop reads where the part holds it: in its head (and its guard's
     *     condition), its writes on each iteration, the arguments of the parts' calls
     * @param assigns the variables its initialisers, update and reads on each iteration assign
     * @param bytes the estimated bytecode of the initialisers and the loop, without the writes before and
     *     the reads after
     */
    record OutlinedLoop(Stmt.If guard, List<Stmt> initialisers, Map<Variable, List<Stmt>> writesBefore, Stmt.Loop loop,
            Map<Variable, Stmt> readsAfter, Set<Variable> uses, Set<Variable> assigns, int bytes) {

        /** The statement, with the writes before of the variables {@code write} and the reads after of {@code read}. */
        Stmt statement(Predicate<Variable> write, Predicate<Variable> read) {
            Stmt.Block statements = unguarded(write, read);
            return guard == null ? statements
                    : new Stmt.If(guard.condition(), statements, guard.elseBranch(), guard.position());
        }

        private Stmt.Block unguarded(Predicate<Variable> write, Predicate<Variable> read) {
            List<Stmt> statements = new ArrayList<>(initialisers);
            writesBefore.forEach((v, writes) -> {
                if (write.test(v)) {
                    statements.addAll(writes);
                }
            });
            statements.add(loop);
            readsAfter.forEach((v, readBack) -> {
                if (read.test(v)) {
                    statements.add(readBack);
                }
            });
            return new Stmt.Block(statements);
        }
    }

    /** A method with its long loops outlined: the statements of its body that stand for them, by index. */
    record Outlined(MethodDef method, Map<Integer, OutlinedLoop> loops) {
    }

    private OutlineLongLoops() {
    }

    /**
     * The method {@code enclosing} lays out with each statement longer than a part that is a loop whose
     * body can be outlined, outlined (with every write and read back); its parts added to the frame
     * space; empty when there is none.
     */
    static Optional<Outlined> of(SplitLongMethods enclosing, Type.Named owner) {
        MethodDef method = enclosing.method();
        List<Stmt> statements = new ArrayList<>();
        Map<Integer, OutlinedLoop> loops = new LinkedHashMap<>();
        boolean outlinedAny = false;
        Set<Variable> zeroed = new LinkedHashSet<>();
        for (int i = 0; i < method.body().statements().size(); i++) {
            Stmt statement = method.body().statements().get(i);
            if (!enclosing.longerThanAPart(i)) {
                statements.add(statement);
                continue;
            }
            Stmt.If guard = guardedLoop(statement);
            Optional<Stmt> rewritten;
            if (loopShaped(statement) || guard != null) {
                Stmt loop = guard == null ? statement : guard.thenBranch().statements().get(0);
                Optional<OutlinedLoop> outlined = outline(enclosing, i, loop, guard, List.of(), zeroed, owner);
                int index = i;
                outlined.ifPresent(o -> loops.put(index, o));
                rewritten = outlined.map(o -> o.statement(v -> true, v -> true));
            } else {
                rewritten = within(enclosing, i, statement, List.of(), zeroed, owner);
            }
            outlinedAny |= rewritten.isPresent();
            statements.add(rewritten.orElse(statement));
        }
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) instanceof Stmt.Declare d && d.init() == null && zeroed.contains(d.variable())) {
                statements.set(i, new Stmt.Declare(d.variable(), Exprs.zero(d.variable().type()), d.position()));
            }
        }
        return outlinedAny ? Optional.of(new Outlined(new MethodDef(method.name(), method.returnType(),
                method.parameters(), new Stmt.Block(statements), method.javadoc()), loops)) : Optional.empty();
    }

    /** {@code statement} where it is a branch without an else holding one loop and nothing else; else null. */
    private static Stmt.If guardedLoop(Stmt statement) {
        return statement instanceof Stmt.If branch && branch.elseBranch().statements().isEmpty()
                && branch.thenBranch().statements().size() == 1 && loopShaped(branch.thenBranch().statements().get(0))
                ? branch : null;
    }

    /** Whether one of {@code statements} declares {@code v} without a value. */
    private static boolean declaredWithoutValue(List<Stmt> statements, Variable v) {
        return statements.stream().anyMatch(s -> s instanceof Stmt.Declare d && d.variable() == v && d.init() == null);
    }

    /** Whether {@code statement} is a loop, or a {@code for} loop's block (its initialisers, then the loop). */
    private static boolean loopShaped(Stmt statement) {
        return statement instanceof Stmt.Loop || statement instanceof Stmt.Block b && b.lastLoop() != null
                && b.beforeLastLoop().stream().allMatch(s -> s instanceof Stmt.Declare || s instanceof Stmt.Assign);
    }

    /**
     * {@code statement}, part of statement {@code index} of the body (a branch, a block, a labelled block:
     * where a method that returns early keeps its loops), with the long loops in it that no loop encloses
     * outlined, each with every write before it and read back after it; empty where it has none.
     * {@code before} are the statements that run before it in statement {@code index}.
     */
    private static Optional<Stmt> within(SplitLongMethods enclosing, int index, Stmt statement, List<Stmt> before,
            Set<Variable> zeroed, Type.Named owner) {
        if (loopShaped(statement)) {
            return enclosing.longerThanAPart(statement)
                    ? outline(enclosing, index, statement, null, before, zeroed, owner)
                            .map(o -> o.statement(v -> true, v -> true))
                    : Optional.empty();
        }
        if (statement instanceof Stmt.If branch) {
            Optional<Stmt.Block> thenBranch = within(enclosing, index, branch.thenBranch(), before, zeroed, owner);
            Optional<Stmt.Block> elseBranch = within(enclosing, index, branch.elseBranch(), before, zeroed, owner);
            return thenBranch.isEmpty() && elseBranch.isEmpty() ? Optional.empty()
                    : Optional.of(new Stmt.If(branch.condition(), thenBranch.orElse(branch.thenBranch()),
                            elseBranch.orElse(branch.elseBranch()), branch.position()));
        }
        if (statement instanceof Stmt.Labeled labeled) {
            return within(enclosing, index, labeled.body(), before, zeroed, owner)
                    .map(b -> new Stmt.Labeled(labeled.label(), b));
        }
        if (statement instanceof Stmt.Block block) {
            return within(enclosing, index, block, before, zeroed, owner).map(b -> b);
        }
        return Optional.empty();
    }

    private static Optional<Stmt.Block> within(SplitLongMethods enclosing, int index, Stmt.Block block, List<Stmt> before,
            Set<Variable> zeroed, Type.Named owner) {
        List<Stmt> statements = new ArrayList<>();
        List<Stmt> ranBefore = new ArrayList<>(before);
        boolean outlinedAny = false;
        for (Stmt s : block.statements()) {
            Optional<Stmt> rewritten = within(enclosing, index, s, ranBefore, zeroed, owner);
            outlinedAny |= rewritten.isPresent();
            statements.add(rewritten.orElse(s));
            ranBefore.add(s);
        }
        return outlinedAny ? Optional.of(new Stmt.Block(statements)) : Optional.empty();
    }

    private static Optional<OutlinedLoop> outline(SplitLongMethods enclosing, int index, Stmt statement,
            Stmt.If guard, List<Stmt> before, Set<Variable> zeroed, Type.Named owner) {
        MethodDef method = enclosing.method();
        Stmt.Loop loop = statement instanceof Stmt.Loop l ? l : statement instanceof Stmt.Block b ? b.lastLoop() : null;
        if (loop == null || !leftOnlyByItsCondition(loop.body().statements(), false, Set.of())) {
            return Optional.empty();
        }
        List<Stmt> initialisers = statement instanceof Stmt.Block b ? b.beforeLastLoop() : List.of();
        Set<Variable> declaredInBody = new LinkedHashSet<>();
        StatementWalker.forEachStatement(loop.body(), s -> {
            if (s instanceof Stmt.Declare d) {
                declaredInBody.add(d.variable());
            }
        });
        Set<Variable> assignedInBody = StatementWalker.assigned(loop.body());
        Set<Variable> usedInBody = new LinkedHashSet<>(assignedInBody);
        StatementWalker.addVariables(loop.body(), usedInBody);
        usedInBody.removeAll(declaredInBody);
        assignedInBody.removeAll(declaredInBody);
        Set<Variable> headReads = new LinkedHashSet<>();
        StatementWalker.addVariables(loop.condition(), headReads);
        StatementWalker.addVariables(loop.update(), headReads);
        Set<Variable> headAssigns = StatementWalker.assigned(loop.update());

        // What the body's parts are passed, declare again, or find in the frame
        List<Variable> residents = new ArrayList<>();
        Map<Variable, Stmt.Declare> inherited = new LinkedHashMap<>();
        for (Variable v : usedInBody) {
            Stmt.Declare again = enclosing.declaredAgain(v);
            if (assignedInBody.contains(v) || !method.parameters().contains(v) && again == null) {
                residents.add(v);
            } else if (again != null) {
                inherited.put(v, again);
            }
        }
        // Each variable is written to the frame before the loop: the loop may leave it as it was, and the
        // part holding the loop reads it back. Java must see it assigned there; where this cannot tell,
        // a variable declared without a value in the method's body is given its zero (never read: where
        // Java does not see it assigned, the method assigns it before it reads it), else the loop stays.
        List<Stmt> ranBefore = new ArrayList<>(before);
        ranBefore.addAll(initialisers);
        Set<Variable> unassigned = new LinkedHashSet<>();
        for (Variable v : residents) {
            if (!hasValue(v, ranBefore, enclosing, index)) {
                if (!declaredWithoutValue(method.body().statements().subList(0, index), v)) {
                    return Optional.empty();
                }
                unassigned.add(v);
            }
        }

        FrameSpace space = enclosing.space();
        FrameSpace.Mark mark = space.mark();
        Frame frame = space.doubles(() -> enclosing.frame(index - 1));
        Map<Variable, Integer> slots = new LinkedHashMap<>();
        residents.forEach(v -> slots.put(v, space.home(v)));
        String whole = enclosing.loop() == null ? method.name() : enclosing.loop().whole();
        LoopBody body = new LoopBody(loop, whole + "Loop" + space.nextLoop(), whole, slots, inherited);
        List<Variable> passed = method.parameters().stream().filter(p -> !slots.containsKey(p)).toList();
        Optional<List<Stmt>> calls = SplitLongMethods.loopBody(
                new MethodDef(body.name(), Type.VOID, passed, loop.body(), List.of()), space, body, owner);
        if (calls.isEmpty()) {
            space.reset(mark);
            return Optional.empty();
        }
        Frame objectFrame = space.reservedFrame(true);
        Map<Variable, List<Stmt>> writesBefore = new LinkedHashMap<>();
        List<Stmt> iteration = new ArrayList<>();
        Map<Variable, Stmt> readsAfter = new LinkedHashMap<>();
        for (Variable v : residents) {
            Frame home = SplitLongMethods.fitsInADouble(v.type()) ? frame : objectFrame;
            if (headAssigns.contains(v)) {
                iteration.addAll(write(v, home, slots.get(v)));
            } else {
                writesBefore.put(v, write(v, home, slots.get(v)));
            }
        }
        iteration.addAll(calls.get());
        for (Variable v : residents) {
            Frame home = SplitLongMethods.fitsInADouble(v.type()) ? frame : objectFrame;
            if (assignedInBody.contains(v) && headReads.contains(v)) {
                iteration.add(readBack(v, home, slots.get(v)));
            }
            if (assignedInBody.contains(v) && !declaredIn(initialisers, v)) {
                readsAfter.put(v, readBack(v, home, slots.get(v)));
            }
        }
        Stmt.Loop outlined = new Stmt.Loop(loop.testFirst(), loop.condition(), new Stmt.Block(iteration), loop.update(),
                loop.position());
        List<Stmt> core = new ArrayList<>(initialisers);
        core.add(outlined);
        Stmt.Block coreBlock = new Stmt.Block(core);
        Set<Variable> uses = new LinkedHashSet<>();
        StatementWalker.addVariables(coreBlock, uses);
        Set<Variable> assigns = StatementWalker.assigned(coreBlock);
        int bytes = BytecodeEstimate.ofStatements(method, List.of(guard == null ? coreBlock
                : new Stmt.If(guard.condition(), coreBlock, guard.elseBranch(), guard.position())))[0];
        if (guard != null) {
            StatementWalker.addVariables(guard.condition(), uses);
        }
        zeroed.addAll(unassigned);
        return Optional.of(new OutlinedLoop(guard, initialisers, writesBefore, outlined, readsAfter, uses, assigns, bytes));
    }

    /**
     * Whether {@code v} surely has a value where the loop starts: given one by the statements that run
     * before it in statement {@code index} of the body ({@code before}: a declaration with a value, an
     * assignment on every way through), else before that statement. Where this says no, Java may still
     * see it assigned (after a branch whose other arm throws): the caller outlines no loop whose body
     * reads such a variable.
     */
    private static boolean hasValue(Variable v, List<Stmt> before, SplitLongMethods enclosing, int index) {
        boolean declaredHere = false;
        boolean assigned = false;
        for (Stmt s : before) {
            if (s instanceof Stmt.Declare d && d.variable() == v) {
                declaredHere = true;
                assigned = d.init() != null;
            } else if (SplitLongMethods.surelyAssigns(s, v)) {
                assigned = true;
            }
        }
        return assigned || !declaredHere && enclosing.hasValueBefore(v, index);
    }

    private static boolean declaredIn(List<Stmt> initialisers, Variable v) {
        return initialisers.stream().anyMatch(s -> s instanceof Stmt.Declare d && d.variable() == v);
    }

    /** {@code v} written to its slot {@code slot} through the tape (the part's array of it may be out of date). */
    private static List<Stmt> write(Variable v, Frame frame, int slot) {
        List<Expr> values = SplitLongMethods.slotValues(v);
        List<Stmt> writes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            writes.add(frame.writeThroughTape(slot + i, values.get(i)));
        }
        return writes;
    }

    /** {@code v = tape.values()[frameStart + slot];}, converted back to {@code v}'s type. */
    private static Stmt readBack(Variable v, Frame frame, int slot) {
        return new Stmt.Assign(v, SplitLongMethods.slotValue(frame.values(), frame, slot, v.type()),
                SourcePosition.NONE);
    }

    /**
     * Whether {@code statements}, a loop's body (or, {@code nested}, a loop's in it), leave it only by its
     * condition: no return, no {@code break} or {@code continue} of that loop, no {@code break} to a label
     * outside it ({@code labels} are those of the blocks around, inside the body).
     */
    private static boolean leftOnlyByItsCondition(List<Stmt> statements, boolean nested, Set<String> labels) {
        for (Stmt s : statements) {
            boolean stays;
            if (s instanceof Stmt.Return) {
                stays = false;
            } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
                stays = nested;
            } else if (s instanceof Stmt.BreakLabel b) {
                stays = labels.contains(b.label());
            } else if (s instanceof Stmt.Loop l) {
                stays = leftOnlyByItsCondition(StatementWalker.nestedStatements(l), true, labels);
            } else if (s instanceof Stmt.Labeled l) {
                Set<String> inner = new LinkedHashSet<>(labels);
                inner.add(l.label());
                stays = leftOnlyByItsCondition(l.body().statements(), nested, inner);
            } else {
                stays = leftOnlyByItsCondition(StatementWalker.nestedStatements(s), nested, labels);
            }
            if (!stays) {
                return false;
            }
        }
        return true;
    }
}
