package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.ExpressionMap;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.NamePart;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Substitution;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Keeps an adjoint-sweep temporary that would hold a negated value positive and lets its uses carry
 * the sign: {@code double t = -e; ... y += t * c;} becomes {@code double t = e; ... y -= t * c;}, and
 * {@code double t = -u;} with {@code u} never assigned after it becomes {@code u} itself. The seeds of
 * subtractions and negations, an element sum starting with a subtraction and an adjoint first written
 * by {@code -=} are such temporaries, and HotSpot does not fold the negations they store: in
 * Rosenbrock's gradient loop they cost about 13 %. Only temporaries declared in a loop's body (at
 * any depth) are folded: straight-line code keeps them (see {@link #list}).
 *
 * <p>A temporary is folded only when every use absorbs its sign: an accumulation {@code y += x} or
 * {@code y -= x} (the sign flips the operator), products and quotients ({@code (-p) * q} is
 * {@code -(p * q)}), sums and differences, comparisons with zero, or another such temporary's
 * declaration. Any other use (a call's argument, a branch of {@code ?:}, a returned value) keeps
 * today's code, as does a temporary assigned after its declaration.
 *
 * <p>Exact but for the sign of a zero: negation is exact and rounding to nearest is symmetric, so
 * {@code x + (-y)} is {@code x - y}, {@code (-p) * q} is {@code -(p * q)} and {@code -x == 0.0} is
 * {@code x == 0.0} bit for bit. Only a sum of two negated terms, {@code (-p) + (-q)} (or
 * {@code (-p) - q}) written {@code -(p + q)}, can differ: where {@code p + q} is an exact zero the old
 * code had {@code +0.0} and the new has {@code -0.0}. That zero flows on, through products with and
 * quotients by primal values (a zero stays a zero) and temporaries whose uses carry its sign in turn,
 * into an accumulation: {@code y -= p + q} instead of {@code y += (-p) + (-q)}, which differ only when
 * {@code y} holds {@code -0.0}: then {@code y} stays {@code -0.0} where it became {@code +0.0}. The
 * adjoints the method returns start at {@code +0.0} and add, so they hold {@code -0.0} only after an
 * assignment scaled them by a negative primal value ({@code x = -x;} or {@code x *= c;} on a
 * parameter); there, and in intermediate adjoints (see {@link AdjointsAtFirstWrite}), a zero may end
 * with the other sign, which strong zeros ({@code a == 0.0 ? 0.0 : a * p}) treat alike.
 *
 * <p>Only temporaries of the adjoint sweep are folded, never a primal value, whose zero signs must
 * stay the user's: those whose value reads an adjoint (or a pullback's seed), or such a temporary.
 * A seed that is a primal value alone (a gradient's seed of one times a partial, {@code double adj1 =
 * -tmp7;}) is therefore left as it is.
 */
final class NegatedSeeds {

    private final Set<Variable> adjointSide;

    private NegatedSeeds(Set<Variable> adjointSide) {
        this.adjointSide = adjointSide;
    }

    /**
     * {@code statements} (a method body's) with the negated temporaries of the adjoint sweep folded.
     *
     * @param adjoints the adjoint variables (and a pullback's seed): a temporary is of the adjoint
     *     sweep when its value reads one of them or another such temporary, never a primal value,
     *     whose zero signs must stay the user's
     */
    static List<Stmt> fold(List<Stmt> statements, Set<Variable> adjoints) {
        Set<Variable> adjointSide = Collections.newSetFromMap(new IdentityHashMap<>());
        adjointSide.addAll(adjoints);
        for (Stmt s : statements) {
            StatementWalker.forEachStatement(s, nested -> {
                Expr value = nested instanceof Stmt.Declare d ? d.init()
                        : nested instanceof Stmt.Assign a ? a.value() : null;
                Variable target = nested instanceof Stmt.Declare d ? d.variable()
                        : nested instanceof Stmt.Assign a ? a.variable() : null;
                if (value != null && readsAny(value, adjointSide)) {
                    adjointSide.add(target);
                }
            });
        }
        return new NegatedSeeds(adjointSide).list(statements, false);
    }

    private static boolean readsAny(Expr e, Set<Variable> variables) {
        boolean[] found = {false};
        StatementWalker.walk(e, x -> found[0] |= x instanceof Expr.Ref ref && variables.contains(ref.variable()));
        return found[0];
    }

    /**
     * A statement list with the temporaries it declares folded if it is in a loop, then those of the
     * blocks nested in it that are.
     *
     * @param inLoop whether the list runs in a loop's body (at any depth): straight-line code keeps its
     *     negated temporaries. Folding them everywhere brought Rosenbrock's loop within 1.03x of the
     *     hand-written one, but made Black-Scholes' loop-free reverse mode a quarter slower (JMH, same
     *     inlining decisions, reason not found), so only loops, where the stored negations cost each
     *     iteration, are folded.
     */
    private List<Stmt> list(List<Stmt> statements, boolean inLoop) {
        Folding folding = new Folding();
        for (int i = 0; inLoop && i < statements.size(); i++) {
            if (statements.get(i) instanceof Stmt.Declare d && d.init() != null && d.variable().type().equals(Type.DOUBLE)
                    && adjointSide.contains(d.variable())
                    && !assignedIn(statements.subList(i + 1, statements.size()), d.variable())) {
                folding.eligible.add(d.variable());
                if (isNegation(d.init())) {
                    folding.candidates.add(d.variable());
                }
            }
        }
        List<Stmt> result = statements;
        // Folding one temporary changes how the others' uses read: retry until no candidate is dropped or added.
        while (!folding.candidates.isEmpty()) {
            List<Stmt> folded = foldAll(statements, folding);
            if (folded != null) {
                folding.positive.addAll(folding.candidates);
                result = renamed(propagateCopies(folded, folding.positive), folding.candidates);
                break;
            }
        }
        List<Stmt> nested = new ArrayList<>(result.size());
        for (Stmt s : result) {
            nested.add(withNestedFolded(s, inLoop));
        }
        return nested;
    }

    /**
     * {@code statements} with each folded temporary that has a name of its own ({@code d2Adj}, not
     * {@code adj3}) renamed {@code minusD2Adj}: it holds the negation of what its old name says, and
     * {@code d1Adj -= d2Adj} would read as a wrong chain rule where {@code d1Adj -= minusD2Adj} reads true.
     */
    private static List<Stmt> renamed(List<Stmt> statements, Set<Variable> folded) {
        Map<Variable, Variable> renames = new IdentityHashMap<>();
        for (Stmt s : statements) {
            if (s instanceof Stmt.Declare d && folded.contains(d.variable()) && !d.variable().numbered()) {
                renames.put(d.variable(), Variable.derived(List.of(NamePart.word("minus"), NamePart.of(d.variable())),
                        Type.DOUBLE));
            }
        }
        if (renames.isEmpty()) {
            return statements;
        }
        Substitution substitution = new Substitution(renames);
        List<Stmt> result = new ArrayList<>(statements.size());
        for (Stmt s : statements) {
            Stmt mapped = ExpressionMap.apply(s, substitution::apply);
            if (mapped instanceof Stmt.Declare d && renames.containsKey(d.variable())) {
                mapped = new Stmt.Declare(renames.get(d.variable()), d.init(), d.position());
            }
            result.add(mapped);
        }
        return result;
    }

    /** {@code s} with the lists of the blocks directly in it folded where they run in a loop. */
    private Stmt withNestedFolded(Stmt s, boolean inLoop) {
        if (s instanceof Stmt.Block b) {
            return new Stmt.Block(list(b.statements(), inLoop));
        }
        if (s instanceof Stmt.If i) {
            return new Stmt.If(i.condition(), new Stmt.Block(list(i.thenBranch().statements(), inLoop)),
                    new Stmt.Block(list(i.elseBranch().statements(), inLoop)), i.position());
        }
        if (s instanceof Stmt.Loop l) {
            return new Stmt.Loop(l.testFirst(), l.condition(), new Stmt.Block(list(l.body().statements(), true)),
                    new Stmt.Block(list(l.update().statements(), true)), l.position());
        }
        if (s instanceof Stmt.Labeled l) {
            return new Stmt.Labeled(l.label(), new Stmt.Block(list(l.body().statements(), inLoop)));
        }
        return s;
    }

    /** What one statement list's folding knows; each variable joins and leaves the candidates at most once. */
    private static final class Folding {
        /** Declared here as a {@code double} of the adjoint sweep, and never assigned after. */
        final Set<Variable> eligible = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Those to hold the negation of what they held: declared {@code -e}, or a value negated by the others. */
        final Set<Variable> candidates = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Dropped candidates, never taken again. */
        final Set<Variable> refused = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Declared {@code -u} of a folded u, so positive now; with the folded, copies to propagate. */
        final Set<Variable> positive = Collections.newSetFromMap(new IdentityHashMap<>());

        void refuse(Variable v) {
            if (candidates.remove(v)) {
                refused.add(v);
            }
        }
    }

    /**
     * The statements with every candidate folded, or null after dropping the candidates a statement
     * refuses, or taking as a candidate a temporary the others' folding leaves negated
     * ({@code double u = t * c;} of a candidate t: u holds {@code -(t * c)}, so it becomes {@code t * c}).
     */
    private List<Stmt> foldAll(List<Stmt> statements, Folding folding) {
        Set<Variable> candidates = folding.candidates;
        List<Stmt> result = new ArrayList<>(statements.size());
        Set<Variable> negated = Collections.newSetFromMap(new IdentityHashMap<>());
        negated.addAll(candidates);
        Signs signs = new Signs(negated);
        boolean changed = false;
        for (Stmt s : statements) {
            if (s instanceof Stmt.Declare d && signs.negated().contains(d.variable())) {
                // t now holds the negation of the value it was declared with (-e: e).
                Expr old = signs.rewrite(d.init());
                Expr value = old == null ? null : Signs.negate(old);
                if (value == null || isNegation(value) || negations(value) > negations(d.init())) {
                    if (value != null && isNegation(value) && isNegation(d.init())) {
                        folding.positive.add(d.variable());
                    }
                    folding.refuse(d.variable());
                    changed = true;
                } else {
                    result.add(new Stmt.Declare(d.variable(), value, d.position()));
                }
                continue;
            }
            if (s instanceof Stmt.Declare d && folding.eligible.contains(d.variable())
                    && !folding.refused.contains(d.variable()) && readsAny(d.init(), signs.negated())) {
                Expr old = signs.rewrite(d.init());
                if (old != null && isNegation(old) && negations(Signs.negate(old)) <= negations(d.init())) {
                    candidates.add(d.variable());
                    changed = true;
                    continue;
                }
            }
            Stmt rewritten = mentionsAny(s, signs.negated()) ? rewrite(s, signs) : s;
            if (rewritten == null) {
                mentioned(s).forEach(folding::refuse);
                changed = true;
            } else {
                result.add(rewritten);
            }
        }
        return changed ? null : result;
    }

    /** {@code s} with the candidates read as their negations, or null unless it absorbs every sign. */
    private static Stmt rewrite(Stmt s, Signs signs) {
        if (s instanceof Stmt.Assign a && a.value() instanceof Expr.Binary sum && isAccumulation(sum)
                && sum.left() instanceof Expr.Ref ref && ref.variable() == a.variable()) {
            Expr.Binary accumulated = accumulate(sum, signs);
            return accumulated == null ? null : new Stmt.Assign(a.variable(), accumulated, a.position());
        }
        if (s instanceof Stmt.ArrayWrite w && w.value() instanceof Expr.Binary sum && isAccumulation(sum)
                && Exprs.sameValue(sum.left(), w.element()) && !readsAny(w.element(), signs.negated())) {
            Expr.Binary accumulated = accumulate(sum, signs);
            return accumulated == null ? null : new Stmt.ArrayWrite(w.array(), w.index(), accumulated, w.position());
        }
        if (s instanceof Stmt.Block || s instanceof Stmt.If || s instanceof Stmt.Loop || s instanceof Stmt.Labeled) {
            // Each nested statement is rewritten by the rules of its own kind.
            return nestedRewrite(s, signs);
        }
        return ExpressionMap.apply(s, e -> absorbed(e, signs));
    }

    /** A compound statement with its condition absorbed and each statement in it rewritten, or null. */
    private static Stmt nestedRewrite(Stmt s, Signs signs) {
        boolean[] refused = {false};
        UnaryOperator<Stmt> map = nested -> {
            Stmt r = mentionsAny(nested, signs.negated()) ? rewrite(nested, signs) : nested;
            refused[0] |= r == null;
            return r == null ? nested : r;
        };
        UnaryOperator<Expr> condition = e -> {
            Expr r = e == null || !readsAny(e, signs.negated()) ? e : absorbed(e, signs);
            refused[0] |= e != null && r == null;
            return r;
        };
        Stmt result;
        if (s instanceof Stmt.Block b) {
            result = new Stmt.Block(b.statements().stream().map(map).toList());
        } else if (s instanceof Stmt.If i) {
            result = new Stmt.If(condition.apply(i.condition()), (Stmt.Block) map.apply(i.thenBranch()),
                    (Stmt.Block) map.apply(i.elseBranch()), i.position());
        } else if (s instanceof Stmt.Loop l) {
            result = new Stmt.Loop(l.testFirst(), condition.apply(l.condition()), (Stmt.Block) map.apply(l.body()),
                    (Stmt.Block) map.apply(l.update()), l.position());
        } else {
            result = new Stmt.Labeled(((Stmt.Labeled) s).label(), (Stmt.Block) map.apply(((Stmt.Labeled) s).body()));
        }
        return refused[0] ? null : result;
    }

    /** {@code y ± x} with the candidates in {@code x} negated: a negated {@code x} flips the operator. */
    private static Expr.Binary accumulate(Expr.Binary sum, Signs signs) {
        Expr addend = signs.rewrite(sum.right());
        if (addend == null) {
            return null;
        }
        BinaryOp op = sum.op();
        if (isNegation(addend)) {
            addend = ((Expr.Unary) addend).operand();
            op = op == BinaryOp.ADD ? BinaryOp.SUB : BinaryOp.ADD;
        }
        return negations(addend) > negations(sum.right()) ? null
                : new Expr.Binary(op, sum.left(), addend, sum.position());
    }

    /** {@code e} with the candidates negated, or null if that leaves more negations than it had. */
    private static Expr absorbed(Expr e, Signs signs) {
        Expr rewritten = signs.rewrite(e);
        return rewritten == null || negations(rewritten) > negations(e) ? null : rewritten;
    }

    private static boolean isAccumulation(Expr.Binary sum) {
        return (sum.op() == BinaryOp.ADD || sum.op() == BinaryOp.SUB) && sum.type().equals(Type.DOUBLE);
    }

    /**
     * Drops a folded temporary, or one a fold made positive, that now copies a variable not assigned
     * after it ({@code double t = u;}): its uses read that variable.
     */
    private static List<Stmt> propagateCopies(List<Stmt> statements, Set<Variable> folded) {
        List<Stmt> result = new ArrayList<>(statements);
        for (int i = 0; i < result.size(); i++) {
            if (!(result.get(i) instanceof Stmt.Declare d && folded.contains(d.variable())
                    && d.init() instanceof Expr.Ref copied
                    && !assignedIn(result.subList(i + 1, result.size()), copied.variable()))) {
                continue;
            }
            Substitution rename = new Substitution(Map.of(d.variable(), copied.variable()));
            List<Stmt> renamed = new ArrayList<>();
            for (Stmt s : result.subList(i + 1, result.size())) {
                renamed.add(ExpressionMap.apply(s, rename::apply));
            }
            // Substitution leaves the arguments of generated calls as they are: then the copy stays.
            if (renamed.stream().anyMatch(s -> mentionsAny(s, Set.of(d.variable())))) {
                continue;
            }
            result.subList(i, result.size()).clear();
            result.addAll(renamed);
            i--;
        }
        return result;
    }

    private static boolean isNegation(Expr e) {
        return e instanceof Expr.Unary u && u.op() == UnaryOp.NEG;
    }

    private static int negations(Expr e) {
        int[] count = {0};
        StatementWalker.walk(e, x -> count[0] += isNegation(x) ? 1 : 0);
        return count[0];
    }

    private static boolean assignedIn(List<Stmt> statements, Variable v) {
        return statements.stream().anyMatch(s -> StatementWalker.assigns(s, v));
    }

    private static boolean mentionsAny(Stmt s, Set<Variable> variables) {
        boolean[] found = {false};
        StatementWalker.expressions(s, x -> found[0] |= x instanceof Expr.Ref ref && variables.contains(ref.variable()));
        return found[0];
    }

    private static Set<Variable> mentioned(Stmt s) {
        Set<Variable> variables = Collections.newSetFromMap(new IdentityHashMap<>());
        StatementWalker.addVariables(s, variables);
        return variables;
    }

    /**
     * Reads the candidates as negations ({@code t} is {@code -t} once {@code t} holds its positive
     * value) and moves each negation as far out as the arithmetic around it lets it go exactly.
     */
    private record Signs(Set<Variable> negated) {

        /** {@code e} rewritten, or null where a negation would land in an expression kind not handled. */
        Expr rewrite(Expr e) {
            if (!readsAny(e, negated)) {
                return e;
            }
            if (e instanceof Expr.Ref ref) {
                return new Expr.Unary(UnaryOp.NEG, ref, SourcePosition.NONE);
            }
            if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
                Expr operand = rewrite(u.operand());
                return operand == null ? null : negate(operand);
            }
            if (e instanceof Expr.Binary b) {
                Expr left = rewrite(b.left());
                Expr right = rewrite(b.right());
                return left == null || right == null ? null : combine(b.op(), left, right);
            }
            return null;
        }

        static Expr negate(Expr e) {
            return isNegation(e) ? ((Expr.Unary) e).operand() : new Expr.Unary(UnaryOp.NEG, e, SourcePosition.NONE);
        }

        private static Expr operand(Expr negation) {
            return ((Expr.Unary) negation).operand();
        }

        private static Expr binary(BinaryOp op, Expr left, Expr right) {
            return new Expr.Binary(op, left, right, SourcePosition.NONE);
        }

        private static Expr combine(BinaryOp op, Expr left, Expr right) {
            boolean l = isNegation(left);
            boolean r = isNegation(right);
            boolean arithmetic = binary(op, left, right).type().equals(Type.DOUBLE);
            if (!arithmetic && (op == BinaryOp.EQ || op == BinaryOp.NE)) {
                // -x == 0.0 exactly when x == 0.0.
                if (l && Exprs.isZero(right)) {
                    return binary(op, operand(left), right);
                }
                if (r && Exprs.isZero(left)) {
                    return binary(op, left, operand(right));
                }
            }
            if (!arithmetic || !l && !r) {
                return binary(op, left, right);
            }
            switch (op) {
                case ADD:
                    if (l && r) {
                        return negate(binary(BinaryOp.ADD, operand(left), operand(right))); // zero's sign
                    }
                    return r ? binary(BinaryOp.SUB, left, operand(right)) : binary(BinaryOp.SUB, right, operand(left));
                case SUB:
                    if (l && r) {
                        return binary(BinaryOp.SUB, operand(right), operand(left));
                    }
                    return r ? binary(BinaryOp.ADD, left, operand(right))
                            : negate(binary(BinaryOp.ADD, operand(left), right)); // zero's sign
                case MUL:
                case DIV:
                    Expr product = binary(op, l ? operand(left) : left, r ? operand(right) : right);
                    return l != r ? negate(product) : product;
                default:
                    return binary(op, left, right);
            }
        }
    }
}
