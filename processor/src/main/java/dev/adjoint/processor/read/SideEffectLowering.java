package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.ValueNames;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Assignments, compound assignments, {@code ++} and {@code --} inside expressions ({@code p[s++]},
 * {@code x = y = 0}, {@code if ((t = f(x)) > 0)}), read as statements before the statement that
 * contains them, in Java's order, so that the IR stays free of side effects and no later stage knows
 * they were there.
 *
 * <p>The statement reader says where the effects of an expression go ({@link #into}): the statement
 * list, just before the statement being read. An expression read anywhere else (a switch selector, a
 * throw) refuses them. Java evaluates operands left to right, so an operand read before a later one's
 * effect keeps the value it had: {@link #settled} copies it into a temporary, before the effect,
 * exactly when the effect writes something the operand reads ({@code x + (x = y)}); otherwise
 * nothing changes. An effect that runs only sometimes (the right of {@code &&} and {@code ||}, a
 * branch of {@code ?:}) becomes an {@code if} around it: {@link #shortCircuit}, {@link #choice}.
 */
final class SideEffectLowering {

    /** Where effects go ({@code out}), or, when {@code out} is null, that they are refused there. */
    private record Sink(List<Stmt> out, String refusedIn) {
    }

    private final Deque<Sink> sinks = new ArrayDeque<>();
    /** The user's locals assigned by an effect that runs only on some paths (see {@link #initialised}). */
    private final Set<Variable> assignedOnSomePaths = new HashSet<>();
    private final BodyReader body;
    private final Diagnostics diagnostics;

    /** For an expression read outside any body (a copied field's initializer): every effect is an error. */
    static SideEffectLowering refusingAll(Diagnostics diagnostics) {
        return new SideEffectLowering(null, diagnostics);
    }

    SideEffectLowering(BodyReader body, Diagnostics diagnostics) {
        this.body = body;
        this.diagnostics = diagnostics;
    }

    /** Reads with the effects of the expressions read going into {@code out}, in order. */
    <T> T into(List<Stmt> out, Supplier<T> read) {
        return with(new Sink(out, null), read);
    }

    /** Reads with effects refused, reported as inside {@code context} ("a switch selector"). */
    <T> T refusing(String context, Supplier<T> read) {
        return with(new Sink(null, context), read);
    }

    private <T> T with(Sink sink, Supplier<T> read) {
        sinks.push(sink);
        try {
            return read.get();
        } finally {
            sinks.pop();
        }
    }

    boolean allowed() {
        return !sinks.isEmpty() && sinks.peek().out() != null;
    }

    /** Where effects go now: the statements before the one being read; null where they are refused. */
    List<Stmt> sink() {
        return allowed() ? sinks.peek().out() : null;
    }

    /** Where effects are refused now, for a message ("a switch selector"). */
    String refusedIn() {
        return sinks.isEmpty() || sinks.peek().refusedIn() == null ? "this place" : sinks.peek().refusedIn();
    }

    /** Whether what is read now is in a loop's body, condition or update: it may run many times per call. */
    boolean inLoop() {
        return body != null && body.isInLoop();
    }

    /** Where the next effect will go: pass it to {@link #settled} once later operands are read; -1 if refused. */
    int mark() {
        return allowed() ? sinks.peek().out().size() : -1;
    }

    /**
     * Reads what Java evaluates only on some paths (a branch of {@code ?:}, the right of {@code &&}),
     * its effects into {@code branchEffects} rather than before the whole statement.
     */
    Expr inBranch(List<Stmt> branchEffects, Supplier<Expr> read) {
        return allowed() ? into(branchEffects, read) : read.get();
    }

    /** Operands Java evaluates left to right, each {@link #settled} where a later one's effect writes what it reads. */
    List<Expr> inOrder(List<TreePath> paths, Function<TreePath, Expr> read) {
        List<Expr> operands = new ArrayList<>();
        List<Integer> marks = new ArrayList<>();
        for (TreePath path : paths) {
            operands.add(read.apply(path));
            marks.add(mark());
        }
        // from the last, so that a temporary inserted at a mark leaves the earlier marks where they were
        for (int i = operands.size() - 2; i >= 0; i--) {
            operands.set(i, settled(operands.get(i), marks.get(i)));
        }
        return operands;
    }

    /**
     * {@code earlier}, an operand read when the sink had {@code mark} statements, or when the
     * statements added since write a variable it reads, a temporary declared at {@code mark} holding its
     * value there. An array is never copied (array variables are never assigned), only its row index.
     */
    Expr settled(Expr earlier, int mark) {
        if (mark < 0 || earlier == ERROR || sinks.peek().out().size() == mark) {
            return earlier;
        }
        return settled(earlier, sinks.peek().out(), mark);
    }

    static Expr settled(Expr earlier, List<Stmt> out, int mark) {
        if (out.size() == mark) {
            return earlier;
        }
        if (earlier.type() instanceof Type.Array) {
            return earlier instanceof Expr.ArrayRead row
                    ? new Expr.ArrayRead(row.array(), settled(row.index(), out, mark), row.position()) : earlier;
        }
        if (earlier instanceof Expr.Literal || !readsAny(earlier, writtenSince(out, mark))) {
            return earlier;
        }
        Variable before = ValueNames.temporary(earlier, "Before", "tmp", earlier.type());
        out.add(mark, new Stmt.Declare(before, earlier, earlier.position()));
        return new Expr.Ref(before, earlier.position());
    }

    /** The element {@code target} names, with each index the statements since {@code mark} change settled there. */
    static AssignmentTarget settled(AssignmentTarget target, List<Stmt> out, int mark) {
        if (out.size() == mark || !(target instanceof AssignmentTarget.Element element)) {
            return target;
        }
        return new AssignmentTarget.Element(settled(element.array(), out, mark), settled(element.index(), out, mark));
    }

    private static boolean readsAny(Expr e, Set<Variable> written) {
        return written.stream().anyMatch(v -> StatementWalker.reads(e, v));
    }

    /** The variables (and arrays, by their variable) the statements of {@code out} from {@code mark} on write. */
    private static Set<Variable> writtenSince(List<Stmt> out, int mark) {
        Set<Variable> written = new HashSet<>();
        for (Stmt statement : out.subList(mark, out.size())) {
            StatementWalker.forEachStatement(statement, s -> {
                if (s instanceof Stmt.Assign assign) {
                    written.add(assign.variable());
                } else if (s instanceof Stmt.ArrayWrite write) {
                    written.add(StatementWalker.arrayVariable(write.array()));
                }
            });
        }
        return written;
    }

    /**
     * An assignment, compound assignment, {@code ++} or {@code --} used as a value: the write goes into
     * the sink, and the value is the variable or element after it ({@code x = y} is {@code x}, narrowed
     * to its type as Java does), or for {@code x++} and {@code x--} a temporary holding the value before.
     */
    Expr read(TreePath path) {
        if (!allowed()) {
            String context = sinks.isEmpty() ? "this place" : sinks.peek().refusedIn();
            diagnostics.error(at(path), Message.ASSIGNMENT_IN_EXPRESSION, context);
            return ERROR;
        }
        List<Stmt> out = sinks.peek().out();
        SourcePosition position = at(path);
        Tree.Kind kind = path.getLeaf().getKind();
        if (kind == Tree.Kind.POSTFIX_INCREMENT || kind == Tree.Kind.POSTFIX_DECREMENT) {
            Optional<AssignmentTarget> target = into(out,
                    () -> body.assignedTarget(child(path, ((UnaryTree) path.getLeaf()).getExpression()), out));
            if (target.isEmpty()) {
                return ERROR;
            }
            AssignmentTarget t = target.get();
            Expr current = t.current(position);
            Variable old = t instanceof AssignmentTarget.Local local ? Variable.derived(local.variable(), "Old", t.type())
                    : ValueNames.temporary(current, "Old", "old", t.type());
            out.add(new Stmt.Declare(old, current, position));
            Expr step = new Expr.Binary(kind == Tree.Kind.POSTFIX_INCREMENT ? BinaryOp.ADD : BinaryOp.SUB,
                    t.current(position), Expr.Literal.ofInt(1), position);
            out.add(t.write(BodyReader.convert(step, t.type()), position));
            return new Expr.Ref(old, position);
        }
        if (kind == Tree.Kind.ASSIGNMENT
                && SwitchReader.switchExpression(child(path, ((AssignmentTree) path.getLeaf()).getExpression())) != null) {
            diagnostics.error(position, Message.UNSUPPORTED_EXPRESSION, "a switch expression inside another expression",
                    "assign it in a statement of its own");
            return ERROR;
        }
        return body.readWrite(path, out).map(t -> t.current(position)).orElse(ERROR);
    }

    /**
     * An array initializer used as a value ({@code return new double[] {a, b};}, {@code f(new double[] {x, y})}):
     * a fresh local array declared into the sink with its elements written in order, read as that
     * local. Java creates a new array each time it evaluates the initializer, as each declaration does.
     */
    Expr freshArray(TreePath path) {
        return body.declareFreshArray(path, sinks.peek().out());
    }

    /**
     * {@code left && right} or {@code left || right} where reading {@code right} had the effects
     * {@code rightEffects}: they run only when Java evaluates {@code right}.
     * {@code boolean both = left; if (both) { effects; both = right; }}.
     */
    Expr shortCircuit(BinaryOp op, Expr left, List<Stmt> rightEffects, Expr right, SourcePosition position) {
        List<Stmt> out = sinks.peek().out();
        Variable result = Variable.generated(op == BinaryOp.AND ? "both" : "either", Type.BOOLEAN);
        out.add(new Stmt.Declare(result, left, position));
        noteAssigned(rightEffects);
        List<Stmt> evaluated = new ArrayList<>(rightEffects);
        evaluated.add(new Stmt.Assign(result, right, position));
        Expr test = op == BinaryOp.AND ? new Expr.Ref(result, position)
                : new Expr.Unary(UnaryOp.NOT, new Expr.Ref(result, position), position);
        out.add(new Stmt.If(test, new Stmt.Block(evaluated), new Stmt.Block(List.of()), position));
        return new Expr.Ref(result, position);
    }

    /**
     * {@code condition ? whenTrue : whenFalse} where reading a branch had effects: only the branch taken
     * runs its effects. {@code T choice; if (condition) { effects; choice = whenTrue; } else { ... }}.
     */
    Expr choice(Expr condition, List<Stmt> trueEffects, Expr whenTrue, List<Stmt> falseEffects, Expr whenFalse,
            Type type, SourcePosition position) {
        noteAssigned(trueEffects);
        noteAssigned(falseEffects);
        List<Stmt> out = sinks.peek().out();
        Variable result = Variable.generated("choice", type);
        out.add(new Stmt.Declare(result, null, position));
        out.add(new Stmt.If(condition, branch(trueEffects, result, whenTrue, position),
                branch(falseEffects, result, whenFalse, position), position));
        return new Expr.Ref(result, position);
    }

    private void noteAssigned(List<Stmt> effects) {
        for (Stmt effect : effects) {
            StatementWalker.forEachStatement(effect, s -> {
                if (s instanceof Stmt.Assign assign && assign.variable().origin() != Variable.Origin.GENERATED) {
                    assignedOnSomePaths.add(assign.variable());
                }
            });
        }
    }

    /**
     * The method's body, where a local declared without a value and assigned by an effect on the right
     * of {@code &&} or {@code ||} (or in a branch of {@code ?:}) is declared with its zero instead. Java
     * knows such a local is assigned where the condition holds ({@code if (ok && (t = f(x)) > 0) use(t);});
     * javac cannot know it of the {@code if} the condition became. Java never reads the zero.
     */
    Stmt.Block initialised(Stmt.Block body) {
        return assignedOnSomePaths.isEmpty() ? body : initialisedBlock(body);
    }

    private Stmt.Block initialisedBlock(Stmt.Block block) {
        return new Stmt.Block(block.statements().stream().map(this::initialised).toList());
    }

    private Stmt initialised(Stmt s) {
        if (s instanceof Stmt.Declare declare && declare.init() == null && assignedOnSomePaths.contains(declare.variable())) {
            return new Stmt.Declare(declare.variable(), Exprs.zero(declare.variable().type()), declare.position());
        }
        if (s instanceof Stmt.Block block) {
            return initialisedBlock(block);
        }
        if (s instanceof Stmt.If i) {
            return new Stmt.If(i.condition(), initialisedBlock(i.thenBranch()), initialisedBlock(i.elseBranch()),
                    i.position());
        }
        if (s instanceof Stmt.Loop loop) {
            return new Stmt.Loop(loop.testFirst(), loop.condition(), initialisedBlock(loop.body()),
                    initialisedBlock(loop.update()), loop.position());
        }
        return s;
    }

    private static Stmt.Block branch(List<Stmt> effects, Variable result, Expr value, SourcePosition position) {
        List<Stmt> statements = new ArrayList<>(effects);
        statements.add(new Stmt.Assign(result, BodyReader.convert(value, result.type()), position));
        return new Stmt.Block(statements);
    }
}
