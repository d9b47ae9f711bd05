package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A method whose body holds a statement too long for one part of {@link SplitLongMethods}, rewritten so
 * that the statement's inner statements, in groups, stand at the body's level, where parts may end
 * between them. Reverse mode gives such statements to any method that returns early: its forward sweep is
 * one labelled block that each return leaves, its adjoint sweep a branch on which return ended it, and a
 * long branch of the user's is one statement too. The rewrite computes the same values in the same order:
 *
 * <pre>{@code
 * if (exit != 0) {              if (exit != 0) {
 *     A1;                           A1;
 *     A2;               =>      }
 * }                             if (exit != 0) {
 *                                   A2;
 *                               }
 *
 * body: {                       boolean left = false;
 *     B1;                       body: {
 *     if (c) { break body; }        B1;
 *     B2;               =>          if (c) { left = true; break body; }
 * }                             }
 *                               if (!left) {
 *                                   B2;
 *                               }
 * }</pre>
 *
 * <p>A branch tests its condition again for each group: as it is, where it only reads variables the
 * branch does not assign; otherwise from a {@code boolean} that holds it, set where the branch stood.
 * A group after the first of a labelled block runs only where no earlier group left the block. A local
 * declared in a group and used in a later one is declared before the rewritten statement with its
 * type's zero ({@code null} for an object, which {@link SplitLongMethods} passes on in its object frame),
 * and assigned where it was declared; a local the body declares without a value and a
 * rewritten statement assigns is given its zero too (Java no longer sees it assigned on every way
 * through). Neither zero is ever read: every read of such a local follows, on its way through, the
 * assignment that it followed in the method as written. Groups end between any two of the statements
 * opened, never inside a loop.
 */
final class UnnestLongStatements {

    /** What a group holds, by the estimate, before it ends at the next place it may. */
    private final int groupBytes;
    private final MethodDef method;
    /** The declarations of locals taken out of groups, to stand before the statement being rewritten. */
    private final List<Stmt> hoisted = new ArrayList<>();
    private boolean openedAny;

    private UnnestLongStatements(MethodDef method, int groupBytes) {
        this.method = method;
        this.groupBytes = groupBytes;
    }

    /**
     * {@code method} with each statement of its body estimated at more than {@code groupBytes} that is a
     * branch or a labelled block rewritten in groups of about that size, its nested ones likewise; empty
     * when it has none.
     */
    static Optional<MethodDef> of(MethodDef method, int groupBytes) {
        UnnestLongStatements unnest = new UnnestLongStatements(method, groupBytes);
        List<Stmt> body = unnest.unnest(method.body().statements(), true);
        if (!unnest.openedAny) {
            return Optional.empty();
        }
        return Optional.of(new MethodDef(method.name(), method.returnType(), method.parameters(), new Stmt.Block(body),
                method.javadoc()));
    }

    /**
     * {@code statements} with each long one that can be opened opened; at the body's level ({@code top}),
     * each preceded by the declarations taken out of its groups. A local these statements declare without
     * a value and an opened one assigns is given its zero.
     */
    private List<Stmt> unnest(List<Stmt> statements, boolean top) {
        int[] bytes = BytecodeEstimate.ofStatements(method, statements);
        List<Stmt> units = new ArrayList<>();
        Set<Variable> assignedInOpened = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < statements.size(); i++) {
            Stmt statement = statements.get(i);
            if (bytes[i] <= groupBytes || !opens(statement)) {
                units.add(statement);
                continue;
            }
            List<Stmt> opened = open(statement);
            opened.forEach(s -> StatementWalker.forEachStatement(s, nested -> {
                if (nested instanceof Stmt.Assign a) {
                    assignedInOpened.add(a.variable());
                }
            }));
            if (top) {
                units.addAll(hoisted);
                hoisted.clear();
            }
            units.addAll(opened);
        }
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i) instanceof Stmt.Declare d && d.init() == null && assignedInOpened.contains(d.variable())) {
                units.set(i, new Stmt.Declare(d.variable(), Exprs.zero(d.variable().type()), d.position()));
            }
        }
        return units;
    }

    /** Whether {@code statement} is one this rewrites: a branch or a labelled block. */
    private static boolean opens(Stmt statement) {
        return statement instanceof Stmt.If || statement instanceof Stmt.Labeled;
    }

    /**
     * The statements, at {@code statement}'s level, that do what it does. A branch's last group of each
     * arm stays one branch, last, so that where both arms end in a return the statements cannot complete
     * normally either (Java would otherwise ask for a return after them).
     */
    private List<Stmt> open(Stmt statement) {
        openedAny = true;
        List<Stmt> opened = new ArrayList<>();
        if (statement instanceof Stmt.If branch) {
            Expr condition = branch.condition();
            if (!testedAgainAsItIs(branch)) {
                Variable taken = Variable.generated("taken", Type.BOOLEAN);
                opened.add(new Stmt.Declare(taken, condition, SourcePosition.NONE));
                condition = Exprs.ref(taken);
            }
            List<List<Stmt>> thenGroups = groups(unnest(branch.thenBranch().statements(), false));
            List<List<Stmt>> elseGroups = groups(unnest(branch.elseBranch().statements(), false));
            for (List<Stmt> group : thenGroups.subList(0, thenGroups.size() - 1)) {
                opened.add(branch(condition, group, List.of(), branch.position()));
            }
            for (List<Stmt> group : elseGroups.subList(0, elseGroups.size() - 1)) {
                opened.add(branch(Exprs.not(condition), group, List.of(), branch.position()));
            }
            opened.add(branch(condition, thenGroups.get(thenGroups.size() - 1), elseGroups.get(elseGroups.size() - 1),
                    branch.position()));
        } else {
            Stmt.Labeled block = (Stmt.Labeled) statement;
            Variable left = Variable.generated("left", Type.BOOLEAN);
            opened.add(new Stmt.Declare(left, Expr.Literal.of(false), SourcePosition.NONE));
            List<Stmt> marked = new MarkLeaving(block.label(), left).rewrite(block.body().statements());
            boolean first = true;
            for (List<Stmt> group : groups(unnest(marked, false))) {
                Stmt.Block run = new Stmt.Block(group);
                if (leaves(run, block.label())) {
                    run = new Stmt.Block(List.of(new Stmt.Labeled(block.label(), run)));
                }
                if (first) {
                    opened.addAll(run.statements());
                } else {
                    opened.add(new Stmt.If(Exprs.not(Exprs.ref(left)), run, new Stmt.Block(List.of()),
                            SourcePosition.NONE));
                }
                first = false;
            }
        }
        return opened;
    }

    private static Stmt.If branch(Expr condition, List<Stmt> then, List<Stmt> otherwise, SourcePosition position) {
        return new Stmt.If(condition, new Stmt.Block(then), new Stmt.Block(otherwise), position);
    }

    /**
     * {@code units} in consecutive groups of about {@link #groupBytes} each; a local declared at this level
     * and used after its group's end is declared before the statement being rewritten.
     */
    private List<List<Stmt>> groups(List<Stmt> units) {
        int[] bytes = BytecodeEstimate.ofStatements(method, units);
        List<Set<Variable>> mentioned = new ArrayList<>();
        for (Stmt unit : units) {
            Set<Variable> here = new LinkedHashSet<>();
            StatementWalker.addVariables(unit, here);
            StatementWalker.forEachStatement(unit, s -> {
                if (s instanceof Stmt.Assign a) {
                    here.add(a.variable());
                }
            });
            mentioned.add(here);
        }
        List<Integer> ends = new ArrayList<>();
        int size = 0;
        for (int i = 0; i < units.size(); i++) {
            if (size > 0 && size + bytes[i] > groupBytes) {
                ends.add(i);
                size = 0;
            }
            size += bytes[i];
        }
        ends.add(units.size());
        List<List<Stmt>> groups = new ArrayList<>();
        int start = 0;
        for (int end : ends) {
            List<Stmt> group = new ArrayList<>();
            for (int i = start; i < end; i++) {
                Stmt unit = units.get(i);
                if (unit instanceof Stmt.Declare d && usedFrom(mentioned, d.variable(), end)) {
                    hoisted.add(new Stmt.Declare(d.variable(), Exprs.zero(d.variable().type()), SourcePosition.NONE));
                    if (d.init() != null) {
                        group.add(new Stmt.Assign(d.variable(), d.init(), d.position()));
                    }
                } else {
                    group.add(unit);
                }
            }
            groups.add(group);
            start = end;
        }
        return groups;
    }

    private static boolean usedFrom(List<Set<Variable>> mentioned, Variable v, int from) {
        for (int k = from; k < mentioned.size(); k++) {
            if (mentioned.get(k).contains(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code branch}'s condition gives the same value tested again after any of its statements:
     * variables it does not assign, literals and operators, nothing read from an array or called.
     */
    private static boolean testedAgainAsItIs(Stmt.If branch) {
        boolean[] same = {true};
        StatementWalker.walk(branch.condition(), e -> same[0] &= e instanceof Expr.Literal
                || e instanceof Expr.Binary || e instanceof Expr.Unary
                || e instanceof Expr.Ref ref && !StatementWalker.assigns(branch, ref.variable()));
        return same[0];
    }

    /** Whether {@code statement} holds a break out of the block labelled {@code label}. */
    private static boolean leaves(Stmt statement, String label) {
        boolean[] found = {false};
        StatementWalker.forEachStatement(statement, s -> found[0] |= s instanceof Stmt.BreakLabel b
                && b.label().equals(label));
        return found[0];
    }

    /** Each {@code break label;} preceded by {@code left = true;}, so that later groups know the block was left. */
    private static final class MarkLeaving extends NestedLists {

        private final String label;
        private final Variable left;

        MarkLeaving(String label, Variable left) {
            this.label = label;
            this.left = left;
        }

        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            List<Stmt> rewritten = new ArrayList<>();
            for (Stmt s : statements) {
                if (s instanceof Stmt.BreakLabel b && b.label().equals(label)) {
                    rewritten.add(new Stmt.Assign(left, Expr.Literal.of(true), SourcePosition.NONE));
                    rewritten.add(b);
                } else {
                    rewritten.add(s.accept(this));
                }
            }
            return rewritten;
        }
    }
}
