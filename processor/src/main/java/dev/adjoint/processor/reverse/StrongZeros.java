package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * An adjoint that no path from the result reached contributes exactly zero, even when the partial
 * it would be multiplied by is infinite.
 *
 * <p>Why: the partials are values of the primal, and a value may overflow where it does not matter.
 * In {@code double e = exp(x); return x > 30 ? x : log1p(e);} at {@code x = 800}, {@code e} is
 * infinite but the branch taken ignores it; its adjoint stays 0, and {@code xAdj += eAdj * e} would
 * make the gradient 0 × ∞ = NaN where the function is smooth and forward mode gives 1.
 *
 * <p>How: the transform wraps the adjoint of every definition, seeded by the defined variable's
 * adjoint {@code vAdj}, in a candidate {@code if (vAdj != 0.0)}. This pass follows the adjoint sweep
 * in the order it runs and knows which adjoints are <em>structurally</em> non-zero: reached by a
 * contribution on every path, not only in one branch of an {@code if}, one arm of a {@code ?:} or
 * {@code min}/{@code max}, a loop that may not run, or before an overwrite reset them. A guard stays
 * only where its adjoint may be structurally zero and the adjoint multiplies values of the primal;
 * everywhere else it is unwrapped, so straight-line code and fused sums keep their plain shape. (A
 * value that is zero only numerically, such as the slope of a saturated {@code tanh}, is left alone:
 * forward mode multiplies the same numbers.)
 */
final class StrongZeros {

    private final Set<Stmt.If> candidates = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Adjoints, and the values computed from them: the variables whose zeros this pass follows. */
    private final Set<Variable> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The tracked variables that are structurally non-zero at the statement being visited. */
    private Set<Variable> nonZero = newSet();

    /** The adjoint statements {@code group}, seeded by {@code seed}, as a candidate guard (or nothing when empty). */
    List<Stmt> candidate(Variable seed, List<Stmt> group) {
        if (group.isEmpty()) {
            return group;
        }
        Stmt.If guard = new Stmt.If(Exprs.binary(BinaryOp.NE, Exprs.ref(seed), Exprs.ZERO), new Stmt.Block(group),
                new Stmt.Block(List.of()), SourcePosition.NONE);
        candidates.add(guard);
        return List.of(guard);
    }

    /**
     * The adjoint {@code s} tests when it is a guard as {@link #candidate} writes it, {@code if (seed !=
     * 0.0) { ... }} with no else, on a {@code double}; else null. The passes after {@link #resolve} that
     * reshape guards read them with it.
     */
    static Variable guardedBy(Stmt s) {
        if (s instanceof Stmt.If guard && (guard.elseBranch() == null || guard.elseBranch().statements().isEmpty())
                && guard.condition() instanceof Expr.Binary test && test.op() == BinaryOp.NE
                && test.left() instanceof Expr.Ref tested && tested.variable().type().equals(Type.DOUBLE)
                && Exprs.isZero(test.right())) {
            return tested.variable();
        }
        return null;
    }

    /**
     * {@code statements}, the method's sweeps in the order they run, with each candidate guard kept or
     * unwrapped.
     *
     * @param adjoints the adjoint variables, scalar and array, the sweeps declare
     */
    List<Stmt> resolve(List<Stmt> statements, Collection<Variable> adjoints) {
        if (candidates.isEmpty()) {
            return statements;
        }
        tracked.addAll(adjoints);
        nonZero = newSet();
        return sequence(statements);
    }

    private List<Stmt> sequence(List<Stmt> statements) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : statements) {
            out.addAll(s.accept(resolving));
        }
        return out;
    }

    /** An {@code if} that is not a candidate guard: what is known after it is what both branches know. */
    private Stmt branches(Stmt.If i) {
        Set<Variable> before = newSet(nonZero);
        Stmt.Block whenTrue = block(i.thenBranch());
        Set<Variable> afterTrue = nonZero;
        nonZero = before;
        Stmt.Block whenFalse = block(i.elseBranch());
        nonZero.retainAll(afterTrue);
        return new Stmt.If(i.condition(), whenTrue, whenFalse, i.position());
    }

    private Stmt labeled(Stmt.Labeled labeled) {
        // A break leaves from the middle: afterwards only what the block does not assign is known.
        Set<Variable> assigned = assignedIn(labeled);
        Stmt.Block body = block(labeled.body());
        nonZero.removeAll(assigned);
        return new Stmt.Labeled(labeled.label(), body);
    }

    private Stmt.Block block(Stmt.Block b) {
        return new Stmt.Block(sequence(b.statements()));
    }

    private void define(Variable v, Expr value) {
        if (value == null) {
            return;
        }
        if (!tracked.contains(v) && !readsTracked(value)) {
            return;
        }
        tracked.add(v);
        if (nonZero(value)) {
            nonZero.add(v);
        } else {
            nonZero.remove(v);
        }
    }

    /** A candidate guard: kept, or its statements in its place. */
    private List<Stmt> guard(Stmt.If candidate) {
        Variable seed = ((Expr.Ref) ((Expr.Binary) candidate.condition()).left()).variable();
        if (nonZero.contains(seed) || !multipliesPrimalValues(candidate.thenBranch())) {
            return sequence(candidate.thenBranch().statements());
        }
        Set<Variable> skipped = newSet(nonZero);
        nonZero.add(seed);
        Stmt.Block group = block(candidate.thenBranch());
        nonZero.retainAll(skipped);
        return List.of(new Stmt.If(candidate.condition(), group, candidate.elseBranch(), candidate.position()));
    }

    /**
     * A loop may run any number of times: what is non-zero at the start of its body is what is
     * non-zero before the loop and after every iteration, found by iterating to the fixed point.
     */
    private Stmt loop(Stmt.Loop loop) {
        Set<Variable> entry = newSet(nonZero);
        while (true) {
            nonZero = newSet(entry);
            sequence(loop.body().statements());
            sequence(loop.update().statements());
            Set<Variable> next = newSet(entry);
            next.retainAll(nonZero);
            if (next.size() == entry.size()) {
                break;
            }
            entry = next;
        }
        nonZero = newSet(entry);
        Stmt.Block body = block(loop.body());
        Stmt.Block update = block(loop.update());
        nonZero = entry;
        return new Stmt.Loop(loop.testFirst(), loop.condition(), body, update, loop.position());
    }

    /**
     * A loop whose iterations can end early ({@code break}, {@code continue}, a labelled break or a
     * return): at its start and after it, only what it does not assign is known, which holds at
     * every point of every iteration, wherever it jumps from.
     */
    private Stmt loopWithJumps(Stmt.Loop loop) {
        nonZero.removeAll(assignedIn(loop));
        Set<Variable> atEveryPoint = newSet(nonZero);
        Stmt.Block body = block(loop.body());
        Stmt.Block update = block(loop.update());
        nonZero = atEveryPoint;
        return new Stmt.Loop(loop.testFirst(), loop.condition(), body, update, loop.position());
    }

    /**
     * Whether an iteration of {@code loop} may end early: by a break or continue of its own, a return,
     * or a labelled break; any labelled break counts, even one that lands inside the iteration (a
     * lowered {@code continue}), which the fixed point of {@link #loop} would also handle.
     */
    private static boolean mayEndIterationsEarly(Stmt.Loop loop) {
        ControlFlow flow = ControlFlow.of(loop);
        return !ControlFlow.jumpsOf(loop).isEmpty() || flow.mayJumpOut() || flow.breaksALabelInside();
    }

    private static Set<Variable> assignedIn(Stmt s) {
        Set<Variable> assigned = newSet();
        StatementWalker.forEachStatement(s, x -> {
            Write write = Write.of(x);
            if (write != null && write.setsVariable()) {
                assigned.add(write.variable());
            }
        });
        return assigned;
    }

    /** Whether {@code e} is non-zero unless adjoints or primal values happen to be zero numerically. */
    private boolean nonZero(Expr e) {
        return e.accept(nonZeroValue);
    }

    /**
     * {@code a == 0.0 ? 0.0 : a * p}: the strong-zero product of the derivative rules, zero only when
     * the adjoint {@code a} is, which is not a path that was not taken.
     */
    private boolean isNumericZeroTest(Expr.Conditional c) {
        return Exprs.isZero(c.whenTrue()) && c.condition() instanceof Expr.Binary test && test.op() == BinaryOp.EQ
                && Exprs.isZero(test.right()) && readsTracked(test.left());
    }

    private boolean readsTracked(Expr e) {
        boolean[] found = {false};
        StatementWalker.walk(e, x -> found[0] |= x instanceof Expr.Ref ref && tracked.contains(ref.variable()));
        return found[0];
    }

    /** Whether the adjoints in {@code group} multiply by values of the primal, which may be infinite. */
    private boolean multipliesPrimalValues(Stmt.Block group) {
        boolean[] found = {false};
        StatementWalker.expressions(group, e -> found[0] |= e.type().isDouble() && isPrimalValue(e));
        return found[0];
    }

    private boolean isPrimalValue(Expr e) {
        return e.accept(primalValue);
    }

    private static Set<Variable> newSet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private static Set<Variable> newSet(Set<Variable> of) {
        Set<Variable> copy = newSet();
        copy.addAll(of);
        return copy;
    }

    /** Each statement of the sweeps, resolved: the statements that replace it. */
    private final Stmt.Visitor<List<Stmt>> resolving = new Stmt.Visitor<>() {
        @Override
        public List<Stmt> visitDeclare(Stmt.Declare node) {
            define(node.variable(), node.init());
            return List.of(node);
        }

        @Override
        public List<Stmt> visitAssign(Stmt.Assign node) {
            define(node.variable(), node.value());
            return List.of(node);
        }

        @Override
        public List<Stmt> visitArrayWrite(Stmt.ArrayWrite node) {
            return List.of(node);
        }

        @Override
        public List<Stmt> visitBlock(Stmt.Block node) {
            return List.of(block(node));
        }

        @Override
        public List<Stmt> visitIf(Stmt.If node) {
            return candidates.contains(node) ? guard(node) : List.of(branches(node));
        }

        @Override
        public List<Stmt> visitReturn(Stmt.Return node) {
            return List.of(node);
        }

        @Override
        public List<Stmt> visitLoop(Stmt.Loop node) {
            return List.of(mayEndIterationsEarly(node) ? loopWithJumps(node) : loop(node));
        }

        @Override
        public List<Stmt> visitBreak(Stmt.Break node) {
            return List.of(node);
        }

        @Override
        public List<Stmt> visitContinue(Stmt.Continue node) {
            return List.of(node);
        }

        @Override
        public List<Stmt> visitEvaluate(Stmt.Evaluate node) {
            return List.of(node);
        }

        @Override
        public List<Stmt> visitLabeled(Stmt.Labeled node) {
            return List.of(labeled(node));
        }

        @Override
        public List<Stmt> visitBreakLabel(Stmt.BreakLabel node) {
            return List.of(node);
        }

        @Override
        public List<Stmt> visitComment(Stmt.Comment node) {
            return List.of(node);
        }

        @Override
        public List<Stmt> visitThrow(Stmt.Throw node) {
            return List.of(node);
        }
    };

    /** Whether an expression is structurally non-zero, given what is non-zero now; see {@link #nonZero(Expr)}. */
    private final Expr.Visitor<Boolean> nonZeroValue = new Expr.Visitor<>() {
        @Override
        public Boolean visitLiteral(Expr.Literal node) {
            return !Exprs.isZero(node);
        }

        @Override
        public Boolean visitRef(Expr.Ref node) {
            return !tracked.contains(node.variable()) || nonZero.contains(node.variable());
        }

        @Override
        public Boolean visitStaticField(Expr.StaticField node) {
            return !readsTracked(node);
        }

        @Override
        public Boolean visitUnary(Expr.Unary node) {
            return node.op() == UnaryOp.NEG ? nonZero(node.operand()) : !readsTracked(node);
        }

        @Override
        public Boolean visitBinary(Expr.Binary node) {
            return switch (node.op()) {
                case MUL -> nonZero(node.left()) && nonZero(node.right());
                case DIV -> nonZero(node.left());
                case ADD, SUB -> nonZero(node.left()) || nonZero(node.right());
                default -> true;
            };
        }

        @Override
        public Boolean visitConditional(Expr.Conditional node) {
            if (isNumericZeroTest(node)) {
                return nonZero(node.whenFalse());
            }
            return nonZero(node.whenTrue()) && nonZero(node.whenFalse());
        }

        @Override
        public Boolean visitCast(Expr.Cast node) {
            return nonZero(node.operand());
        }

        @Override
        public Boolean visitMathCall(Expr.MathCall node) {
            return !readsTracked(node);
        }

        @Override
        public Boolean visitCall(Expr.Call node) {
            return !readsTracked(node);
        }

        @Override
        public Boolean visitArrayRead(Expr.ArrayRead node) {
            return !tracked.contains(StatementWalker.arrayVariable(node));
        }

        @Override
        public Boolean visitArrayLength(Expr.ArrayLength node) {
            return !readsTracked(node);
        }

        @Override
        public Boolean visitNewArray(Expr.NewArray node) {
            return !readsTracked(node);
        }

        @Override
        public Boolean visitInvoke(Expr.Invoke node) {
            return !readsTracked(node);
        }

        @Override
        public Boolean visitInvokeStatic(Expr.InvokeStatic node) {
            return !readsTracked(node);
        }

        @Override
        public Boolean visitNew(Expr.New node) {
            return !readsTracked(node);
        }
    };

    /** Whether an expression is a value of the primal (which may be infinite), not an adjoint or a constant. */
    private final Expr.Visitor<Boolean> primalValue = new Expr.Visitor<>() {
        @Override
        public Boolean visitLiteral(Expr.Literal node) {
            return false;
        }

        @Override
        public Boolean visitRef(Expr.Ref node) {
            return !tracked.contains(node.variable());
        }

        @Override
        public Boolean visitStaticField(Expr.StaticField node) {
            return true;
        }

        @Override
        public Boolean visitUnary(Expr.Unary node) {
            return false;
        }

        @Override
        public Boolean visitBinary(Expr.Binary node) {
            return false;
        }

        @Override
        public Boolean visitConditional(Expr.Conditional node) {
            return false;
        }

        @Override
        public Boolean visitCast(Expr.Cast node) {
            return false;
        }

        @Override
        public Boolean visitMathCall(Expr.MathCall node) {
            return true;
        }

        @Override
        public Boolean visitCall(Expr.Call node) {
            return true;
        }

        @Override
        public Boolean visitArrayRead(Expr.ArrayRead node) {
            return !tracked.contains(StatementWalker.arrayVariable(node));
        }

        @Override
        public Boolean visitArrayLength(Expr.ArrayLength node) {
            return false;
        }

        @Override
        public Boolean visitNewArray(Expr.NewArray node) {
            return false;
        }

        @Override
        public Boolean visitInvoke(Expr.Invoke node) {
            return true;
        }

        @Override
        public Boolean visitInvokeStatic(Expr.InvokeStatic node) {
            return true;
        }

        @Override
        public Boolean visitNew(Expr.New node) {
            return false;
        }
    };
}
