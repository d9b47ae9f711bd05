package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the loops whose iterations the reverse sweep can reverse one at a time, each right after it
 * ran, instead of replaying all of them backwards once the forward sweep is over: the last statements
 * before the result is computed, in a method shaped {@code before; loop; ... loop; double r = ...;
 * return ...}.
 *
 * <p>That is exact when the iterations are independent but for sums: every active variable the loop
 * writes and that outlives an iteration is only accumulated ({@code s += e}, {@code s -= e}, with
 * {@code s} read nowhere else in the loop), so its adjoint is the same in every iteration; the loop
 * writes no array that outlives an iteration; and it has no {@code break}, {@code continue} or
 * {@code return} of its own. Then each iteration's adjoint only adds into adjoints that outlive it,
 * and the order in which those additions happen does not matter. What else must hold, which this
 * syntactic check cannot see (the adjoint of what follows the loop must not need what the loop
 * computes; the adjoints of what precedes it must not read what the loop overwrites), the reverse
 * transform checks as it translates.
 */
final class LoopFusion {

    /**
     * A method body split around its fusable loops.
     *
     * @param before the statements before the loops
     * @param loops the loops in source order, each with the block of its {@code for} initialisers
     * @param after the declarations after the loops and the final {@code return}
     * @param written every variable and array the loops write
     */
    record Candidate(List<Stmt> before, List<FusableLoop> loops, List<Stmt> after, Set<Variable> written) {
    }

    /**
     * One loop that only accumulates sums.
     *
     * @param prelude declarations with constant values just before the loop, such as its sums' zeros
     * @param statement the loop, or the block of its {@code for} initialisers and the loop
     * @param written every variable and array the prelude and the loop write
     * @param read every variable the loop reads
     */
    record FusableLoop(List<Stmt.Declare> prelude, Stmt statement, Stmt.Loop loop, Set<Variable> written,
            Set<Variable> read) {

        FusableLoop after(Stmt.Declare declaration) {
            List<Stmt.Declare> longer = new ArrayList<>(List.of(declaration));
            longer.addAll(prelude);
            Set<Variable> more = identitySet();
            more.addAll(written);
            more.add(declaration.variable());
            return new FusableLoop(longer, statement, loop, more, read);
        }
    }

    private LoopFusion() {
    }

    /**
     * The candidate loops of a method body, or null when it has none: the loops just before the
     * result's declarations, as many as are fusable and independent: none reads what another writes.
     * (Fused, an earlier loop is reversed before a later one runs: a later loop adding to an earlier
     * one's sums would come too late, an earlier loop adding to a later one's too early.)
     */
    static Candidate find(List<Stmt> top, Activity activity) {
        int last = top.size() - 1;
        if (last < 1 || !(top.get(last) instanceof Stmt.Return)) {
            return null;
        }
        int k = last - 1;
        while (k >= 0 && top.get(k) instanceof Stmt.Declare d && d.init() != null
                && !(d.variable().type() instanceof Type.Array)) {
            k--;
        }
        List<FusableLoop> loops = new ArrayList<>();
        int first = k;
        for (; first >= 0; first--) {
            Stmt statement = top.get(first);
            if (!loops.isEmpty() && statement instanceof Stmt.Declare d && d.init() != null
                    && !activity.isActive(d.init()) && !(d.variable().type() instanceof Type.Array)) {
                loops.set(0, loops.get(0).after(d));
                continue;
            }
            FusableLoop loop = fusable(statement, activity);
            if (loop == null || loops.stream().anyMatch(later -> !Collections.disjoint(loop.written(), later.read())
                    || !Collections.disjoint(later.written(), loop.read()))) {
                break;
            }
            loops.add(0, loop);
        }
        if (loops.isEmpty()) {
            return null;
        }
        Set<Variable> written = identitySet();
        loops.forEach(loop -> written.addAll(loop.written()));
        return new Candidate(top.subList(0, first + 1), loops, top.subList(k + 1, top.size()), written);
    }

    /** {@code statement} as a loop that only accumulates sums, or null. */
    private static FusableLoop fusable(Stmt statement, Activity activity) {
        Stmt.Loop loop = loopOf(statement, activity);
        if (loop == null || ControlFlow.of(loop.body()).mayBreakOrContinueEnclosingLoop()
                || ControlFlow.of(statement).mayReturn()
                || !loop.update().statements().stream().allMatch(s -> inactiveAssignment(s, activity))) {
            return null;
        }
        Set<Variable> locals = identitySet();
        Set<Variable> written = identitySet();
        List<Write> writes = new ArrayList<>();
        StatementWalker.forEachStatement(statement, s -> {
            Write write = Write.of(s);
            if (write != null) {
                writes.add(write);
            }
        });
        for (Write write : writes) {
            written.add(write.variable());
            if (write.kind() == Write.Kind.DECLARATION) {
                locals.add(write.variable());
            }
        }
        boolean[] ok = {true};
        writes.stream().filter(write -> write.kind() == Write.Kind.ELEMENT)
                .forEach(write -> ok[0] &= locals.contains(write.variable()));
        Set<Variable> sums = identitySet();
        written.stream().filter(v -> !locals.contains(v) && activity.isActive(v)).forEach(sums::add);
        if (!ok[0] || !onlyAccumulated(statement, sums)) {
            return null;
        }
        Set<Variable> read = identitySet();
        StatementWalker.addVariables(statement, read);
        return new FusableLoop(List.of(), statement, loop, written, read);
    }

    /** The loop itself, or the last statement of a block that before it only sets inactive variables. */
    private static Stmt.Loop loopOf(Stmt statement, Activity activity) {
        if (statement instanceof Stmt.Loop loop) {
            return loop;
        }
        if (!(statement instanceof Stmt.Block block) || block.lastLoop() == null) {
            return null;
        }
        for (Stmt s : block.beforeLastLoop()) {
            if (!inactiveAssignment(s, activity)) {
                return null;
            }
        }
        return block.lastLoop();
    }

    private static boolean inactiveAssignment(Stmt s, Activity activity) {
        Write write = Write.of(s);
        return write != null && write.setsVariable() && !activity.isActive(write.variable());
    }

    /**
     * Whether every write of the sums is an {@link Accumulation} whose addend reads no sum, and the
     * sums are read nowhere else: not in conditions, indices or any other statement.
     */
    private static boolean onlyAccumulated(Stmt statement, Set<Variable> sums) {
        if (sums.isEmpty()) {
            return true;
        }
        Set<Expr> accumulatingReads = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean[] ok = {true};
        StatementWalker.forEachStatement(statement, s -> {
            if (s instanceof Stmt.Assign a && sums.contains(a.variable())) {
                Accumulation accumulation = Accumulation.of(a);
                if (accumulation == null) {
                    ok[0] = false;
                } else {
                    accumulatingReads.add(accumulation.sum().left());
                }
            }
        });
        StatementWalker.expressions(statement, e -> ok[0] &= !(e instanceof Expr.Ref ref
                && sums.contains(ref.variable()) && !accumulatingReads.contains(e)));
        return ok[0];
    }

    private static Set<Variable> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
