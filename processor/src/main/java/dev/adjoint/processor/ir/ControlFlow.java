package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where control can go when a statement runs: whether it can complete normally, and which jumps
 * leave it: {@code break}s and {@code continue}s of the innermost loop around it, {@code return}s, and
 * breaks of labels outside it. The one answer every pass uses, so they cannot disagree about it.
 *
 * <p>Takes a statement of source or generated code; gives an immutable summary, computed bottom-up.
 * A jump leaves every statement between it and its target: a {@code break} or {@code continue} its
 * innermost loop's body or update (so, for a loop's body, {@link #breaks()} and {@link #continues()}
 * are exactly that loop's own jumps: {@link #jumpsOf(Stmt.Loop)}); a {@code return} everything; a
 * labelled break everything up to the labelled block of that name.
 *
 * <p>"May" is about the code as written: a jump anywhere in the statement counts, every statement
 * being taken as reachable (Java rejects unreachable statements, and generated code has none).
 */
public final class ControlFlow {

    private static final ControlFlow COMPLETES = new ControlFlow(true, List.of(), List.of(), List.of(), List.of(),
            false);

    private final boolean completesNormally;
    private final List<Stmt.Break> breaks;
    private final List<Stmt.Continue> continues;
    private final List<Stmt.Return> returns;
    private final List<Stmt.BreakLabel> labelledBreaks;
    private final boolean breaksALabelInside;

    private ControlFlow(boolean completesNormally, List<Stmt.Break> breaks, List<Stmt.Continue> continues,
            List<Stmt.Return> returns, List<Stmt.BreakLabel> labelledBreaks, boolean breaksALabelInside) {
        this.completesNormally = completesNormally;
        this.breaks = breaks;
        this.continues = continues;
        this.returns = returns;
        this.labelledBreaks = labelledBreaks;
        this.breaksALabelInside = breaksALabelInside;
    }

    /** The control flow of {@code statement}. */
    public static ControlFlow of(Stmt statement) {
        return statement.accept(ANALYSIS);
    }

    /**
     * The jumps that end an iteration of {@code loop} early and that it catches: the {@code break}s and
     * {@code continue}s of its body and update, not those of loops nested in them, in source order.
     */
    public static List<Stmt> jumpsOf(Stmt.Loop loop) {
        ControlFlow body = of(loop.body());
        ControlFlow update = of(loop.update());
        List<Stmt> jumps = new ArrayList<>();
        jumps.addAll(body.breaks);
        jumps.addAll(body.continues);
        jumps.addAll(update.breaks);
        jumps.addAll(update.continues);
        return jumps;
    }

    /** Whether control may reach the end of the statement (and go on to the next one). */
    public boolean completesNormally() {
        return completesNormally;
    }

    /** The {@code break}s that leave the statement: of the innermost loop around it, in source order. */
    public List<Stmt.Break> breaks() {
        return breaks;
    }

    /** The {@code continue}s that leave the statement: of the innermost loop around it, in source order. */
    public List<Stmt.Continue> continues() {
        return continues;
    }

    /** Every {@code return} in the statement, in source order: each leaves it. */
    public List<Stmt.Return> returns() {
        return returns;
    }

    public boolean mayBreakEnclosingLoop() {
        return !breaks.isEmpty();
    }

    public boolean mayContinueEnclosingLoop() {
        return !continues.isEmpty();
    }

    /** Whether the statement may end the iteration of the loop around it early, by a break or a continue. */
    public boolean mayBreakOrContinueEnclosingLoop() {
        return !breaks.isEmpty() || !continues.isEmpty();
    }

    public boolean mayReturn() {
        return !returns.isEmpty();
    }

    /** The labels of the blocks outside the statement that a labelled break in it leaves. */
    public Set<String> labelsBroken() {
        Set<String> labels = new LinkedHashSet<>();
        labelledBreaks.forEach(b -> labels.add(b.label()));
        return labels;
    }

    /** Whether a labelled break in the statement leaves it. */
    public boolean mayBreakALabel() {
        return !labelledBreaks.isEmpty();
    }

    /**
     * Whether a labelled break in the statement lands inside it, at the end of a labelled block it
     * contains (a {@code continue} lowered to a labelled break of its iteration's block does).
     */
    public boolean breaksALabelInside() {
        return breaksALabelInside;
    }

    /** Whether some jump leaves the statement: control may go on elsewhere than after it. */
    public boolean mayJumpOut() {
        return mayBreakOrContinueEnclosingLoop() || mayReturn() || mayBreakALabel();
    }

    /** The control flow of this statement followed by one whose control flow is {@code second}. */
    private ControlFlow then(ControlFlow second) {
        return new ControlFlow(completesNormally && second.completesNormally, concat(breaks, second.breaks),
                concat(continues, second.continues), concat(returns, second.returns),
                concat(labelledBreaks, second.labelledBreaks), breaksALabelInside || second.breaksALabelInside);
    }

    /** The control flow of either {@code this} or {@code other}, as after an {@code if}. */
    private ControlFlow or(ControlFlow other) {
        return new ControlFlow(completesNormally || other.completesNormally, concat(breaks, other.breaks),
                concat(continues, other.continues), concat(returns, other.returns),
                concat(labelledBreaks, other.labelledBreaks), breaksALabelInside || other.breaksALabelInside);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return List.copyOf(both);
    }

    private static boolean isTrue(Expr condition) {
        return condition instanceof Expr.Literal literal && Boolean.TRUE.equals(literal.value());
    }

    private static final Stmt.Visitor<ControlFlow> ANALYSIS = new Stmt.Visitor<>() {
        @Override
        public ControlFlow visitDeclare(Stmt.Declare node) {
            return COMPLETES;
        }

        @Override
        public ControlFlow visitAssign(Stmt.Assign node) {
            return COMPLETES;
        }

        @Override
        public ControlFlow visitArrayWrite(Stmt.ArrayWrite node) {
            return COMPLETES;
        }

        @Override
        public ControlFlow visitBlock(Stmt.Block node) {
            ControlFlow flow = COMPLETES;
            for (Stmt s : node.statements()) {
                flow = flow.then(of(s));
            }
            return flow;
        }

        @Override
        public ControlFlow visitIf(Stmt.If node) {
            return of(node.thenBranch()).or(of(node.elseBranch()));
        }

        @Override
        public ControlFlow visitReturn(Stmt.Return node) {
            return new ControlFlow(false, List.of(), List.of(), List.of(node), List.of(), false);
        }

        @Override
        public ControlFlow visitLoop(Stmt.Loop node) {
            // The loop catches its own breaks and continues; returns and labelled breaks go on out.
            ControlFlow iteration = of(node.body()).then(of(node.update()));
            boolean completes = !isTrue(node.condition()) || !iteration.breaks.isEmpty();
            return new ControlFlow(completes, List.of(), List.of(), iteration.returns, iteration.labelledBreaks,
                    iteration.breaksALabelInside);
        }

        @Override
        public ControlFlow visitBreak(Stmt.Break node) {
            return new ControlFlow(false, List.of(node), List.of(), List.of(), List.of(), false);
        }

        @Override
        public ControlFlow visitContinue(Stmt.Continue node) {
            return new ControlFlow(false, List.of(), List.of(node), List.of(), List.of(), false);
        }

        @Override
        public ControlFlow visitEvaluate(Stmt.Evaluate node) {
            return COMPLETES;
        }

        @Override
        public ControlFlow visitLabeled(Stmt.Labeled node) {
            // A break of this label lands right after the block: it completes normally then.
            ControlFlow body = of(node.body());
            List<Stmt.BreakLabel> leaving = body.labelledBreaks.stream()
                    .filter(b -> !b.label().equals(node.label())).toList();
            boolean caught = leaving.size() < body.labelledBreaks.size();
            return new ControlFlow(body.completesNormally || caught, body.breaks, body.continues, body.returns,
                    leaving, body.breaksALabelInside || caught);
        }

        @Override
        public ControlFlow visitBreakLabel(Stmt.BreakLabel node) {
            return new ControlFlow(false, List.of(), List.of(), List.of(), List.of(node), false);
        }

        @Override
        public ControlFlow visitComment(Stmt.Comment node) {
            return COMPLETES;
        }

        @Override
        public ControlFlow visitThrow(Stmt.Throw node) {
            return new ControlFlow(false, List.of(), List.of(), List.of(), List.of(), false);
        }
    };
}
