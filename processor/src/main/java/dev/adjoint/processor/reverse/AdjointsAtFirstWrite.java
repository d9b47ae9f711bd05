package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declares an adjoint where it is first written instead of as a zero at the top of the adjoint sweep:
 * {@code double vAdj = 0.0; ... vAdj += e;} becomes {@code double vAdj = e;} (and {@code vAdj -= e}
 * becomes {@code double vAdj = -e}), when that first write is a statement of the method's own
 * statement list, so that every later use is in its scope. Where the first mention is an {@code if}
 * whose two branches each begin their use of it with such a write, it is declared without a value and
 * assigned in both:
 * {@code double ansAdj; if (x >= 0) { ansAdj = 1.0; } else { ansAdj = -1.0; }}. A straight-line method of n statements
 * loses about n declarations and n additions: less for javac to compile, and a 100-statement sweep
 * stays under the JIT's limit on a method's bytecode (HotSpot's {@code HugeMethodLimit}, 8000 bytes),
 * over which it runs interpreted.
 *
 * <p>The result is bit for bit the same: {@code 0.0 + e} is {@code e} but for the sign of a zero
 * ({@code 0.0 + -0.0} is {@code +0.0}). Only adjoints of the method's intermediate values are
 * declared this way, never one the method returns: the adjoint sweep is linear in the adjoints
 * (sums, products with and divisions by primal values, comparisons with zero), so a zero's sign
 * stays a zero's sign, and it ends in a returned adjoint that starts at {@code +0.0} and only adds,
 * where it vanishes ({@code +0.0 + -0.0} is {@code +0.0}).
 *
 * <p>In a loop that reverses each iteration right after it runs (a fused loop), an intermediate's
 * adjoint is added to, used and reset to zero in every iteration: {@code aAdj += e; ...; aAdj = 0.0;}.
 * Where it is zero on entry and the reset ends every iteration, its first write in the body is
 * {@code aAdj = e}: the JIT cannot drop {@code 0.0 + e} itself (the sign of a zero again), and that
 * addition lay on the path of every iteration's adjoint; read nowhere after the loop, it is a local of
 * the iteration, {@code double aAdj = e;}, as a person would write it ({@link #assignInLoops}).
 */
final class AdjointsAtFirstWrite {

    private AdjointsAtFirstWrite() {
    }

    /**
     * {@code statements} (a method body's, in order) with the zero declarations of {@code candidates}
     * moved to their first writes where that is a top-level {@code v += e} or {@code v -= e}.
     */
    static List<Stmt> fold(List<Stmt> statements, Set<Variable> candidates) {
        // The index of each candidate's zero declaration, until its first mention decides its fate.
        Map<Variable, Integer> pending = new IdentityHashMap<>();
        List<Stmt> result = new ArrayList<>(statements);
        Set<Integer> dropped = new HashSet<>();
        for (int i = 0; i < result.size(); i++) {
            Stmt s = result.get(i);
            if (s instanceof Stmt.Declare d && candidates.contains(d.variable()) && Exprs.isZero(d.init())
                    && d.variable().type().equals(Type.DOUBLE)) {
                pending.put(d.variable(), i);
                continue;
            }
            if (pending.isEmpty()) {
                continue;
            }
            for (Variable v : StatementWalker.mentioned(s)) {
                Integer declaration = pending.remove(v);
                if (declaration == null) {
                    continue;
                }
                Expr first = firstValue(s, v);
                if (first != null) {
                    result.set(i, new Stmt.Declare(v, first, ((Stmt.Assign) s).position()));
                    dropped.add(declaration);
                } else if (result.get(i) instanceof Stmt.If branches
                        && !StatementWalker.reads(branches.condition(), v)) {
                    int thenWrite = firstWrite(branches.thenBranch(), v);
                    int elseWrite = firstWrite(branches.elseBranch(), v);
                    if (thenWrite >= 0 && elseWrite >= 0) {
                        // Declared without a value, assigned on both ways: javac sees it definitely assigned.
                        result.set(i, new Stmt.If(branches.condition(), assignedAt(branches.thenBranch(), thenWrite, v),
                                assignedAt(branches.elseBranch(), elseWrite, v), branches.position()));
                        result.set(declaration, new Stmt.Declare(v, null, SourcePosition.NONE));
                    }
                }
            }
        }
        List<Stmt> kept = new ArrayList<>(result.size() - dropped.size());
        for (int i = 0; i < result.size(); i++) {
            if (!dropped.contains(i)) {
                kept.add(result.get(i));
            }
        }
        return kept;
    }

    /**
     * {@code statements} (a method body's, in order) where, in each top-level loop, the first write of a
     * candidate that is zero before the loop and reset to zero at the end of every iteration is an
     * assignment: {@code v += e} becomes {@code v = e}. Required, each checked on the loop: the
     * candidate is not mentioned between its zero declaration and the loop, nor in the loop's
     * condition, initialisers or update; the first top-level statement of the body that mentions it
     * is {@code v += e} or {@code v -= e}, the last is {@code v = 0.0}; and nothing in the body jumps
     * ({@code continue}, {@code break}, labels, {@code return}), so that every iteration ends with the reset.
     * A candidate no later statement mentions becomes a local of the iteration: {@code double v = e;},
     * without the reset and without its zero declaration before the loop.
     */
    static List<Stmt> assignInLoops(List<Stmt> statements, Set<Variable> candidates) {
        List<Set<Variable>> mentions = statements.stream().map(StatementWalker::mentioned).toList();
        Map<Variable, Integer> lastMention = new IdentityHashMap<>();
        for (int i = 0; i < statements.size(); i++) {
            for (Variable v : mentions.get(i)) {
                lastMention.put(v, i);
            }
        }
        Set<Variable> zero = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Variable> local = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Stmt> result = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            Stmt s = statements.get(i);
            if (s instanceof Stmt.Declare d && candidates.contains(d.variable()) && Exprs.isZero(d.init())
                    && d.variable().type().equals(Type.DOUBLE)) {
                zero.add(d.variable());
                result.add(s);
                continue;
            }
            result.add(zero.isEmpty() ? s : inLoop(s, new Loops(zero, lastMention, i, local)));
            zero.removeAll(mentions.get(i));
        }
        // An adjoint the loop now declares needs no zero before it.
        result.removeIf(s -> s instanceof Stmt.Declare d && local.contains(d.variable()));
        return result;
    }

    /**
     * What {@link #assignInLoops} knows at the loop that is statement {@code index}: the candidates zero
     * there, where each variable is last mentioned, and (filled in) the candidates the loop now declares.
     */
    private record Loops(Set<Variable> zero, Map<Variable, Integer> lastMention, int index, Set<Variable> local) {

        /** Whether a statement after the loop mentions {@code v}. */
        boolean readAfter(Variable v) {
            return lastMention.getOrDefault(v, -1) > index;
        }
    }

    /** {@code s} with the first writes rewritten, if it is a loop (or a for loop's block) they qualify in. */
    private static Stmt inLoop(Stmt s, Loops loops) {
        if (s instanceof Stmt.Block block && block.lastLoop() != null) {
            List<Stmt> initialisers = block.beforeLastLoop();
            Set<Variable> outside = Collections.newSetFromMap(new IdentityHashMap<>());
            initialisers.forEach(i -> outside.addAll(StatementWalker.mentioned(i)));
            List<Stmt> statements = new ArrayList<>(initialisers);
            statements.add(inLoop(block.lastLoop(), loops, outside));
            return new Stmt.Block(statements);
        }
        return s instanceof Stmt.Loop loop ? inLoop(loop, loops, Set.of()) : s;
    }

    private static Stmt.Loop inLoop(Stmt.Loop loop, Loops loops, Set<Variable> initialised) {
        boolean[] jumps = {false};
        StatementWalker.forEachStatement(loop.body(), nested -> jumps[0] |= nested instanceof Stmt.Continue
                || nested instanceof Stmt.Break || nested instanceof Stmt.BreakLabel
                || nested instanceof Stmt.Labeled || nested instanceof Stmt.Return);
        if (jumps[0]) {
            return loop;
        }
        Set<Variable> outside = Collections.newSetFromMap(new IdentityHashMap<>());
        outside.addAll(initialised);
        StatementWalker.addVariables(loop.condition(), outside);
        outside.addAll(StatementWalker.mentioned(loop.update()));
        List<Stmt> body = new ArrayList<>(loop.body().statements());
        // A rewrite keeps what its statement mentions; a removed reset leaves with its entry.
        List<Set<Variable>> mentions = new ArrayList<>(body.stream().map(StatementWalker::mentioned).toList());
        for (Variable v : loops.zero()) {
            if (outside.contains(v)) {
                continue;
            }
            int first = -1;
            int last = -1;
            for (int i = 0; i < body.size(); i++) {
                if (mentions.get(i).contains(v)) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            if (first < 0 || first == last || !(body.get(last) instanceof Stmt.Assign reset)
                    || reset.variable() != v || !Exprs.isZero(reset.value())) {
                continue;
            }
            Expr value = firstValue(body.get(first), v);
            if (value == null) {
                continue;
            }
            SourcePosition position = ((Stmt.Assign) body.get(first)).position();
            if (loops.readAfter(v)) {
                body.set(first, new Stmt.Assign(v, value, position));
            } else {
                // Read nowhere after the loop: a local of the iteration, with no reset to zero.
                body.set(first, new Stmt.Declare(v, value, position));
                body.remove(last);
                mentions.remove(last);
                loops.local().add(v);
            }
        }
        return new Stmt.Loop(loop.testFirst(), loop.condition(), new Stmt.Block(body), loop.update(), loop.position());
    }

    /**
     * {@code statements} (a method body's) where the adjoint of a variable that an assignment reads and
     * overwrites is assigned its first contribution instead of being reset to zero and added to:
     * {@code double sAdjNext = sAdj; sAdj = 0.0; ... sAdj += sAdjNext * f;} becomes
     * {@code double sAdjNext = sAdj; ... sAdj = sAdjNext * f;}, in every statement list. The
     * contribution may sit first in the strong-zero guard {@code if (sAdjNext != 0.0) { ... }}: where
     * the guard fails, {@code sAdj} still holds {@code sAdjNext}, a zero. The reset and the addition
     * lay on the chain of {@code sAdj} from one reversed iteration to the next, where the JIT cannot drop
     * {@code 0.0 + e} (the sign of a zero).
     *
     * <p>For an intermediate adjoint, a zero's sign does not reach the gradient (see the class comment).
     * An adjoint the method returns (a parameter's that the method overwrites, {@code x = f(x)}) may
     * now end as {@code -0.0} where the sweep that adds to {@code +0.0} gives {@code +0.0}, and never
     * otherwise differs: {@link #zeroSigns} adds {@code 0.0} to it at the end, which turns {@code -0.0}
     * into {@code +0.0} and leaves every other value as it is.
     *
     * @param intermediate the adjoints of the method's intermediate values
     * @param returned the scalar adjoints the method returns
     */
    static AssignedAfterResets assignAfterResets(List<Stmt> statements, Set<Variable> intermediate,
            Set<Variable> returned) {
        AfterResets pass = new AfterResets(intermediate, returned);
        List<Stmt> rewritten = pass.rewrite(statements);
        return new AssignedAfterResets(rewritten, pass.returnedAssigned);
    }

    /**
     * What {@link #assignAfterResets} gives.
     *
     * @param statements the statements with first contributions assigned
     * @param returnedAssigned the returned adjoints among them, for {@link #zeroSigns}
     */
    record AssignedAfterResets(List<Stmt> statements, Set<Variable> returnedAssigned) {
    }

    /** {@code vAdj += 0.0;} for each of {@code returnedAssigned}, after a comment saying why; nothing for none. */
    static List<Stmt> zeroSigns(Set<Variable> returnedAssigned) {
        if (returnedAssigned.isEmpty()) {
            return List.of();
        }
        List<Stmt> statements = new ArrayList<>();
        statements.add(new Stmt.Comment("A zero partial is +0.0, as if each contribution were added to +0.0:"
                + " adding 0.0 turns -0.0 into +0.0"));
        for (Variable v : returnedAssigned) {
            statements.add(new Stmt.Assign(v, new Expr.Binary(BinaryOp.ADD, Exprs.ref(v), Exprs.ZERO,
                    SourcePosition.NONE), SourcePosition.NONE));
        }
        return statements;
    }

    private static final class AfterResets extends NestedLists {

        private final Set<Variable> intermediate;
        private final Set<Variable> returned;
        /** The returned adjoints assigned so far, in the order met: the order of their {@code += 0.0}. */
        private final Set<Variable> returnedAssigned = new LinkedHashSet<>();

        AfterResets(Set<Variable> intermediate, Set<Variable> returned) {
            this.intermediate = intermediate;
            this.returned = returned;
        }

        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            List<Stmt> result = new ArrayList<>(statements.size());
            statements.forEach(s -> result.add(s.accept(this)));
            for (int i = 0; i + 1 < result.size(); i++) {
                if (!(result.get(i) instanceof Stmt.Declare copy && copy.init() instanceof Expr.Ref ref
                        && (intermediate.contains(ref.variable()) || returned.contains(ref.variable()))
                        && ref.variable().type().equals(Type.DOUBLE)
                        && result.get(i + 1) instanceof Stmt.Assign reset && reset.variable() == ref.variable()
                        && Exprs.isZero(reset.value()))) {
                    continue;
                }
                // Whether the copy still holds v's value: a failed guard on it then says v is a zero.
                boolean copyKept = true;
                for (int j = i + 2; j < result.size(); j++) {
                    if (StatementWalker.mentioned(result.get(j)).contains(ref.variable())) {
                        Stmt assigned = firstWriteAssigned(result.get(j), ref.variable(),
                                copyKept ? copy.variable() : null);
                        if (assigned != null) {
                            result.set(j, assigned);
                            result.remove(i + 1);
                            if (returned.contains(ref.variable())) {
                                returnedAssigned.add(ref.variable());
                            }
                        }
                        break;
                    }
                    copyKept &= !StatementWalker.assigns(result.get(j), copy.variable());
                }
            }
            return result;
        }
    }

    /**
     * {@code s}, the first statement after a reset of {@code v} that mentions it, with that first mention
     * {@code v += e} made {@code v = e}: {@code s} itself, or a guard {@code if (copy != 0.0)} whose branch
     * mentions {@code v} first so, where {@code copy} still holds the value {@code v} had before its reset
     * (null if it may not). Null if {@code s} is neither.
     */
    private static Stmt firstWriteAssigned(Stmt s, Variable v, Variable copy) {
        Expr value = firstValue(s, v);
        if (value != null) {
            return new Stmt.Assign(v, value, ((Stmt.Assign) s).position());
        }
        if (copy == null || StrongZeros.guardedBy(s) != copy) {
            return null;
        }
        Stmt.If guard = (Stmt.If) s;
        List<Stmt> branch = new ArrayList<>(guard.thenBranch().statements());
        for (int k = 0; k < branch.size(); k++) {
            if (StatementWalker.mentioned(branch.get(k)).contains(v)) {
                Expr first = firstValue(branch.get(k), v);
                if (first == null) {
                    return null;
                }
                branch.set(k, new Stmt.Assign(v, first, ((Stmt.Assign) branch.get(k)).position()));
                return new Stmt.If(guard.condition(), new Stmt.Block(branch), guard.elseBranch(), guard.position());
            }
        }
        return null;
    }

    /** The value {@code v} starts with if {@code s} is {@code v += e} or {@code v -= e} (e not reading v), else null. */
    private static Expr firstValue(Stmt s, Variable v) {
        if (!(s instanceof Stmt.Assign a) || a.variable() != v || !(a.value() instanceof Expr.Binary sum)
                || !(sum.left() instanceof Expr.Ref ref && ref.variable() == v)
                || StatementWalker.reads(sum.right(), v)) {
            return null;
        }
        if (sum.op() == BinaryOp.ADD) {
            return sum.right();
        }
        return sum.op() == BinaryOp.SUB ? Exprs.neg(sum.right()) : null;
    }

    /** The index in {@code block} of the statement that first mentions {@code v}, if it adds to it; else -1. */
    private static int firstWrite(Stmt.Block block, Variable v) {
        List<Stmt> statements = block.statements();
        for (int i = 0; i < statements.size(); i++) {
            if (StatementWalker.mentioned(statements.get(i)).contains(v)) {
                return firstValue(statements.get(i), v) != null ? i : -1;
            }
        }
        return -1;
    }

    /** {@code block} with its write of {@code v} at {@code i} ({@link #firstWrite}) an assignment: {@code v = e}. */
    private static Stmt.Block assignedAt(Stmt.Block block, int i, Variable v) {
        List<Stmt> statements = new ArrayList<>(block.statements());
        Stmt.Assign write = (Stmt.Assign) statements.get(i);
        statements.set(i, new Stmt.Assign(v, firstValue(write, v), write.position()));
        return new Stmt.Block(statements);
    }
}
