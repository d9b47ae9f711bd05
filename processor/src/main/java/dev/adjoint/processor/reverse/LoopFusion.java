package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the loop whose iterations the reverse sweep can reverse one at a time, each right after it
 * ran, instead of replaying all of them backwards once the forward sweep is over: the last statement
 * before the result is computed, in a method shaped {@code before; loop; double r = ...; return ...}.
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
     * A method body split around its fusable loop.
     *
     * @param before the statements before the loop
     * @param statement the loop, or the block of its {@code for} initialisers and the loop
     * @param after the declarations after the loop and the final {@code return}
     * @param written every variable and array the loop statement writes
     */
    record Candidate(List<Stmt> before, Stmt statement, Stmt.Loop loop, List<Stmt> after, Set<Variable> written) {
    }

    private LoopFusion() {
    }

    /** The candidate loop of a method body, or null when the body has none. */
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
        if (k < 0) {
            return null;
        }
        Stmt statement = top.get(k);
        Stmt.Loop loop = loopOf(statement, activity);
        if (loop == null || ReverseTransform.hasJumps(loop.body()) || hasReturn(statement)
                || !loop.update().statements().stream().allMatch(s -> inactiveAssignment(s, activity))) {
            return null;
        }
        Set<Variable> locals = identitySet();
        Set<Variable> written = identitySet();
        boolean[] ok = {true};
        StatementWalker.forEachStatement(statement, s -> {
            if (s instanceof Stmt.Declare d) {
                locals.add(d.variable());
                written.add(d.variable());
            } else if (s instanceof Stmt.Assign a) {
                written.add(a.variable());
            } else if (s instanceof Stmt.ArrayWrite w) {
                written.add(StatementWalker.arrayVariable(w.array()));
            }
        });
        StatementWalker.forEachStatement(statement, s -> {
            if (s instanceof Stmt.ArrayWrite w) {
                ok[0] &= locals.contains(StatementWalker.arrayVariable(w.array()));
            }
        });
        Set<Variable> sums = identitySet();
        written.stream().filter(v -> !locals.contains(v) && activity.isActive(v)).forEach(sums::add);
        if (!ok[0] || !onlyAccumulated(statement, sums)) {
            return null;
        }
        return new Candidate(top.subList(0, k), statement, loop, top.subList(k + 1, top.size()), written);
    }

    /** The loop itself, or the last statement of a block that before it only sets inactive variables. */
    private static Stmt.Loop loopOf(Stmt statement, Activity activity) {
        if (statement instanceof Stmt.Loop loop) {
            return loop;
        }
        if (!(statement instanceof Stmt.Block block) || block.statements().isEmpty()) {
            return null;
        }
        List<Stmt> statements = block.statements();
        for (Stmt s : statements.subList(0, statements.size() - 1)) {
            if (!inactiveAssignment(s, activity)) {
                return null;
            }
        }
        return statements.get(statements.size() - 1) instanceof Stmt.Loop loop ? loop : null;
    }

    private static boolean inactiveAssignment(Stmt s, Activity activity) {
        return s instanceof Stmt.Declare d && !activity.isActive(d.variable())
                || s instanceof Stmt.Assign a && !activity.isActive(a.variable());
    }

    private static boolean hasReturn(Stmt statement) {
        boolean[] found = {false};
        StatementWalker.forEachStatement(statement, s -> found[0] |= s instanceof Stmt.Return);
        return found[0];
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
