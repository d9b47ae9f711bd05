package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads {@code switch} statements and expressions on an {@code int}, a {@code char}, a {@code String} or an
 * enum as the IR's {@code if} chains,
 * so that every later stage differentiates them as the branches they are: the selector is evaluated
 * once (into a generated {@code int} local unless it is a variable or a constant), then
 * {@code if (s == 1 || s == 2) {..} else if (s == 3) {..} else {default}}, tested in source order with
 * {@code default} last wherever it stands (case labels are distinct, so the order of the tests does
 * not matter).
 *
 * <p>Each branch holds what Java runs when it enters there: the statements of its case, then, while
 * they fall through, those of the following cases, read again from their trees so that each copy is
 * IR of its own (later stages key their maps by statement). A {@code break} that leaves the switch
 * from inside an {@code if} becomes the end of that branch, and the rest of the case is read into the
 * branches that go on instead. A switch expression is the same with a {@code yield v} (or an arrow
 * arm's value) in place of the break: a write of {@code v} to the declared or assigned variable, or
 * a {@code return v}, as its caller decides.
 */
final class SwitchReader {

    /** What a switch expression does with the value an arm yields: stores it or returns it. */
    interface Yield {
        void read(TreePath value, List<Stmt> out);
    }

    /** What runs after a list of a case's statements that completes normally, read at each use. */
    private interface Rest {
        void readInto(List<Stmt> out);
    }

    private static final Rest END = out -> { };

    private final BodyReader body;
    private final ExpressionReader expressions;
    private final Diagnostics diagnostics;
    private final Scope scope;

    SwitchReader(BodyReader body, ExpressionReader expressions, Diagnostics diagnostics, Scope scope) {
        this.body = body;
        this.expressions = expressions;
        this.diagnostics = diagnostics;
        this.scope = scope;
    }

    /** The switch expression {@code path} is, inside any parentheses, or null when it is none. */
    static TreePath switchExpression(TreePath path) {
        TreePath bare = path;
        while (bare != null && bare.getLeaf() instanceof ParenthesizedTree parenthesized) {
            bare = child(bare, parenthesized.getExpression());
        }
        return bare != null && bare.getLeaf() instanceof SwitchExpressionTree ? bare : null;
    }

    void readStatement(TreePath path, List<Stmt> out) {
        SwitchTree tree = (SwitchTree) path.getLeaf();
        read(path, tree.getExpression(), tree.getCases(), null, out);
    }

    /** A switch expression whose values {@code onYield} stores or returns; {@code path} is the switch expression. */
    void readExpression(TreePath path, Yield onYield, List<Stmt> out) {
        SwitchExpressionTree tree = (SwitchExpressionTree) path.getLeaf();
        read(path, tree.getExpression(), tree.getCases(), onYield, out);
    }

    /**
     * Whether the switch becomes an {@code if} chain, every case a branch of it: whether some way into
     * it is not {@code default} (cases of the old form without statements join the next case).
     */
    static boolean becomesAnIf(List<? extends CaseTree> cases) {
        boolean withDefault = false;
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            withDefault |= c.getExpressions().isEmpty();
            boolean joinsTheNext = c.getCaseKind() == CaseTree.CaseKind.STATEMENT && c.getStatements().isEmpty()
                    && i < cases.size() - 1;
            if (!joinsTheNext) {
                if (!withDefault) {
                    return true;
                }
                withDefault = false;
            }
        }
        return false;
    }

    /** One way into the switch: its labels (none for {@code default} alone) and what runs from there. */
    private record Entry(TreePath position, List<TreePath> labels, boolean isDefault, Rest code) {
    }

    private void read(TreePath path, ExpressionTree selectorTree, List<? extends CaseTree> cases, Yield onYield,
            List<Stmt> out) {
        if (!declarationsStayInTheirCase(path, cases)) {
            return;
        }
        TreePath selectorPath = child(path, selectorTree);
        Expr selector = expressions.effects().refusing("a switch selector", () -> expressions.readExpression(selectorPath));
        if (selector == ERROR) {
            return;
        }
        Type selectorType = selector.type();
        if (selectorType != Type.INT && !ValueOnlyTypes.isValueOnly(selectorType)) {
            unsupported(selectorPath, "a switch on a " + selectorType, "switch on an int, a char, a String or an enum");
            return;
        }
        List<Stmt> statements = new ArrayList<>();
        Supplier<Expr> value = selectorValue(selector, at(selectorPath), statements);
        if (selectorType instanceof Type.Named) {
            // Java's switch on a null String or enum throws NullPointerException, whichever case would match.
            statements.add(SelectorTests.nullCheck(value.get()));
        }
        List<Entry> entries = entries(path, cases, onYield);
        Stmt.Block defaultBody = onYield == null ? new Stmt.Block(List.of())
                : new Stmt.Block(List.of(SelectorTests.noConstantMatched(at(path))));
        List<Stmt.Block> bodies = new ArrayList<>();
        for (Entry entry : entries) {
            Stmt.Block code = readBranch(entry.code());
            bodies.add(code);
            if (entry.isDefault()) {
                defaultBody = code;
            }
        }
        Stmt.Block otherwise = defaultBody;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            boolean doesNothing = bodies.get(i).statements().isEmpty() && otherwise.statements().isEmpty();
            if (!entry.isDefault() && !doesNothing) {
                Expr condition = condition(entry, value, selectorType);
                Stmt.If test = new Stmt.If(condition, bodies.get(i), otherwise, at(entry.position()));
                otherwise = new Stmt.Block(List.of(test));
            }
        }
        out.addAll(statements);
        if (otherwise.statements().size() == 1 && otherwise.statements().get(0) instanceof Stmt.If chain
                && otherwise != defaultBody) {
            out.add(chain);
        } else if (!otherwise.statements().isEmpty()) {
            out.add(otherwise);
        }
    }

    /** {@code s == a || s == b ...} for the entry's labels ({@link SelectorTests} says how each is tested). */
    private Expr condition(Entry entry, Supplier<Expr> selector, Type selectorType) {
        Expr condition = null;
        for (TreePath label : entry.labels()) {
            Expr constant = label(label, selectorType);
            Expr test = SelectorTests.matches(selector.get(), constant, at(label));
            condition = condition == null ? test : new Expr.Binary(BinaryOp.OR, condition, test, at(label));
        }
        return condition;
    }

    /**
     * A case label's constant: an enum's label is the bare name of one of its constants, read as that
     * constant; any other is read as an expression of the selector's type.
     */
    private Expr label(TreePath label, Type selectorType) {
        if (selectorType instanceof Type.Named named && !named.equals(Type.STRING)
                && label.getLeaf() instanceof IdentifierTree constant) {
            return new Expr.StaticField(named, constant.getName().toString(), named, at(label));
        }
        Expr constant = expressions.readExpression(label);
        if (constant != ERROR && !constant.type().equals(selectorType)) {
            unsupported(label, "a case label of type " + constant.type() + " in a switch on a " + selectorType,
                    "label the cases with " + selectorType + " constants");
        }
        return constant;
    }

    /**
     * The selector's value for each test: the variable or constant itself, which no test can change
     * (every test runs before any case), or else a local evaluated once, before the tests.
     */
    private static Supplier<Expr> selectorValue(Expr selector, SourcePosition position, List<Stmt> out) {
        if (selector instanceof Expr.Ref ref) {
            return () -> new Expr.Ref(ref.variable(), ref.position());
        }
        if (selector instanceof Expr.Literal literal) {
            return () -> new Expr.Literal(literal.value(), literal.type(), literal.position());
        }
        Variable once = Variable.generated("selector", selector.type());
        out.add(new Stmt.Declare(once, selector, position));
        return () -> new Expr.Ref(once, position);
    }

    /**
     * The ways into the switch, in source order. Cases of the old form share their statements: the
     * labels of cases without statements join the next case, and each way in runs from its first
     * statement to the end of the switch block, or until control leaves.
     */
    private List<Entry> entries(TreePath path, List<? extends CaseTree> cases, Yield onYield) {
        List<Entry> entries = new ArrayList<>();
        List<TreePath> statements = new ArrayList<>();
        for (CaseTree c : cases) {
            if (c.getCaseKind() == CaseTree.CaseKind.STATEMENT) {
                TreePath casePath = child(path, c);
                for (StatementTree s : c.getStatements()) {
                    statements.add(child(casePath, s));
                }
            }
        }
        List<TreePath> labels = new ArrayList<>();
        boolean isDefault = false;
        int from = 0;
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            TreePath casePath = child(path, c);
            c.getExpressions().forEach(e -> labels.add(child(casePath, e)));
            isDefault |= c.getExpressions().isEmpty();
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                TreePath arm = child(casePath, c.getBody());
                entries.add(new Entry(casePath, List.copyOf(labels), isDefault, out -> readArm(arm, onYield, out)));
            } else {
                int start = from;
                from += c.getStatements().size();
                if (c.getStatements().isEmpty() && i < cases.size() - 1) {
                    continue;
                }
                entries.add(new Entry(casePath, List.copyOf(labels), isDefault,
                        out -> readCase(statements, start, onYield, END, out)));
            }
            labels.clear();
            isDefault = false;
        }
        return entries;
    }

    /** An arrow case: its expression (a switch expression's value), block or statement; it never falls through. */
    private void readArm(TreePath arm, Yield onYield, List<Stmt> out) {
        Tree tree = arm.getLeaf();
        if (tree instanceof ExpressionTree) {
            readYield(arm, onYield, out);
        } else if (tree instanceof BlockTree block) {
            readCase(children(arm, block), 0, onYield, END, out);
        } else {
            readCase(List.of(arm), 0, onYield, END, out);
        }
    }

    /** A yielded value: stored or returned, or, when it is a switch expression itself, its arms' values. */
    private void readYield(TreePath value, Yield onYield, List<Stmt> out) {
        TreePath inner = switchExpression(value);
        if (inner != null) {
            readExpression(inner, onYield, out);
        } else {
            onYield.read(value, out);
        }
    }

    /**
     * Statements {@code from} on of a case, then {@code after} if they complete normally. A statement
     * that leaves the switch ends the list; one that leaves it only on some paths gets the rest of the
     * list (and {@code after}) read into the paths that go on.
     */
    private void readCase(List<TreePath> statements, int from, Yield onYield, Rest after, List<Stmt> out) {
        for (int i = from; i < statements.size(); i++) {
            TreePath statement = statements.get(i);
            Tree tree = statement.getLeaf();
            if (isExit(tree, onYield != null)) {
                if (tree instanceof YieldTree yieldTree) {
                    readYield(child(statement, yieldTree.getValue()), onYield, out);
                }
                return;
            }
            if (leavesOnSomePath(tree, onYield != null)) {
                readLeaving(statement, onYield, restOf(statements, i + 1, onYield, after), out);
                return;
            }
            int before = out.size();
            body.readStatement(statement, out);
            if (!completesNormally(out.subList(before, out.size()))) {
                return;
            }
        }
        after.readInto(out);
    }

    /** The rest of a list of statements as it is here, to read into each branch that reaches it. */
    private Rest restOf(List<TreePath> statements, int from, Yield onYield, Rest after) {
        List<Map<String, Variable>> visible = scope.save();
        return out -> {
            List<Map<String, Variable>> current = scope.save();
            scope.restore(visible);
            readCase(statements, from, onYield, after, out);
            scope.restore(current);
        };
    }

    /** A block or an {@code if} that leaves the switch on some path, with what follows it read into the others. */
    private void readLeaving(TreePath statement, Yield onYield, Rest rest, List<Stmt> out) {
        if (statement.getLeaf() instanceof BlockTree block) {
            out.add(readBranch(o -> readCase(children(statement, block), 0, onYield, rest, o)));
            return;
        }
        IfTree tree = (IfTree) statement.getLeaf();
        Expr condition = expressions.effects().into(out,
                () -> expressions.readCondition(child(statement, tree.getCondition())));
        Stmt.Block thenBranch = readBranch(o -> readCase(branchStatements(child(statement, tree.getThenStatement())),
                0, onYield, rest, o));
        Stmt.Block elseBranch = readBranch(tree.getElseStatement() == null ? rest
                : o -> readCase(branchStatements(child(statement, tree.getElseStatement())), 0, onYield, rest, o));
        out.add(new Stmt.If(condition, thenBranch, elseBranch, at(statement)));
    }

    private Stmt.Block readBranch(Rest code) {
        body.enterBlock();
        List<Stmt> statements = new ArrayList<>();
        code.readInto(statements);
        body.exitBlock();
        return new Stmt.Block(statements);
    }

    private static List<TreePath> branchStatements(TreePath branch) {
        return branch.getLeaf() instanceof BlockTree block ? children(branch, block) : List.of(branch);
    }

    private static List<TreePath> children(TreePath path, BlockTree block) {
        List<TreePath> statements = new ArrayList<>();
        block.getStatements().forEach(s -> statements.add(child(path, s)));
        return statements;
    }

    private static boolean completesNormally(List<Stmt> statements) {
        return statements.stream().allMatch(s -> ControlFlow.of(s).completesNormally());
    }

    /** Whether {@code tree} leaves this switch: an unlabelled {@code break}, or a switch expression's {@code yield}. */
    private static boolean isExit(Tree tree, boolean expression) {
        return expression ? tree instanceof YieldTree : tree instanceof BreakTree b && b.getLabel() == null;
    }

    /**
     * Whether {@code tree} is a block or an {@code if} with an exit of this switch inside, through blocks
     * and ifs only: a {@code break} in a loop or in a nested switch is theirs, and a {@code yield} there
     * is refused where it stands.
     */
    private static boolean leavesOnSomePath(Tree tree, boolean expression) {
        if (tree instanceof BlockTree block) {
            return block.getStatements().stream().anyMatch(s -> exitsWithin(s, expression));
        }
        if (tree instanceof IfTree ifTree) {
            return exitsWithin(ifTree.getThenStatement(), expression)
                    || (ifTree.getElseStatement() != null && exitsWithin(ifTree.getElseStatement(), expression));
        }
        return false;
    }

    private static boolean exitsWithin(Tree tree, boolean expression) {
        return isExit(tree, expression) || leavesOnSomePath(tree, expression);
    }

    /**
     * Whether no case of the old form uses a local declared by an earlier case: Java's locals of a
     * switch block reach to its end, but a branch that enters at the later case does not declare them.
     */
    private boolean declarationsStayInTheirCase(TreePath path, List<? extends CaseTree> cases) {
        List<String> declared = new ArrayList<>();
        boolean fine = true;
        for (CaseTree c : cases) {
            if (c.getCaseKind() != CaseTree.CaseKind.STATEMENT) {
                continue;
            }
            TreePath casePath = child(path, c);
            for (StatementTree s : c.getStatements()) {
                for (TreePath use : uses(child(casePath, s), declared)) {
                    unsupported(use, "'" + use.getLeaf() + "' declared in an earlier case of the switch",
                            "declare it before the switch");
                    fine = false;
                }
            }
            for (StatementTree s : c.getStatements()) {
                if (s instanceof VariableTree variable) {
                    declared.add(variable.getName().toString());
                }
            }
        }
        return fine;
    }

    /** The names in {@code statement} that are one of {@code names}. */
    private static List<TreePath> uses(TreePath statement, List<String> names) {
        List<TreePath> uses = new ArrayList<>();
        if (names.isEmpty()) {
            return uses;
        }
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree identifier, Void unused) {
                if (names.contains(identifier.getName().toString())) {
                    uses.add(getCurrentPath());
                }
                return null;
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
                // f1(x) calls the method f1, whatever local is called f1: only a receiver is a value.
                if (!(call.getMethodSelect() instanceof IdentifierTree)) {
                    scan(call.getMethodSelect(), null);
                }
                scan(call.getArguments(), null);
                return null;
            }
        }.scan(statement, null);
        return uses;
    }

    private void unsupported(TreePath path, String construct, String advice) {
        diagnostics.error(at(path), Message.UNSUPPORTED_STATEMENT, construct, advice);
    }
}
