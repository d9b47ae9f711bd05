package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Takes a strong-zero guard out of the innermost loop it repeats in: a reversed loop whose body tests
 * {@code if (aAdj != 0.0) { ... }} on every trip for an adjoint the loop never writes (the adjoint of
 * {@code a += w[i][j] * h[j]}, sent to each element's adjoint) becomes two loops,
 * {@code if (aAdj != 0.0) { loop, each such guard's statements in its place } else { loop without them }},
 * as a person would write it and as the JIT did not: the RNN's gradient took 49.6 µs ± 1.2 with the
 * tests in its inner loops and takes 42.4 µs ± 0.8 (BENCHMARKS.md).
 *
 * <p>Exact: the guard's variable is a local the loop does not assign, so its test gives one answer
 * on every trip, and each copy runs what the original ran on that answer; the loop's own bookkeeping
 * (its trip count, indices, tape reads) is in both. Only an innermost loop is unswitched, on one
 * variable, so code grows by at most one copy of each innermost loop.
 */
final class InvariantGuards {

    private InvariantGuards() {
    }

    /** {@code statements} with each innermost loop's invariant guard taken out of it. */
    static List<Stmt> unswitch(List<Stmt> statements) {
        return new Unswitching().rewrite(statements);
    }

    private static final class Unswitching extends NestedLists {
        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            List<Stmt> result = new ArrayList<>(statements.size());
            statements.forEach(s -> result.add(s.accept(this)));
            return result;
        }

        @Override
        public Stmt visitLoop(Stmt.Loop node) {
            Stmt.Loop loop = (Stmt.Loop) super.visitLoop(node);
            boolean[] innermost = {true};
            StatementWalker.forEachStatement(loop.body(), s -> innermost[0] &= !(s instanceof Stmt.Loop));
            Variable guard = innermost[0] ? invariantGuard(loop) : null;
            if (guard == null) {
                return loop;
            }
            return new Stmt.If(nonZero(guard), new Stmt.Block(List.of(resolved(loop, guard, true))),
                    new Stmt.Block(List.of(resolved(loop, guard, false))), SourcePosition.NONE);
        }
    }

    /** {@code loop} with its guards on {@code g} resolved as the one test of {@code g} came out. */
    private static Stmt.Loop resolved(Stmt.Loop loop, Variable g, boolean taken) {
        return new Stmt.Loop(loop.testFirst(), loop.condition(),
                new Stmt.Block(new GuardsResolved(g, taken, loop).rewrite(loop.body().statements())), loop.update(),
                loop.position());
    }

    /** The variable of the first strong-zero guard in {@code loop}'s body that the loop never assigns; null if none. */
    private static Variable invariantGuard(Stmt.Loop loop) {
        List<Variable> guards = new ArrayList<>();
        StatementWalker.forEachStatement(loop.body(), s -> {
            Variable g = StrongZeros.guardedBy(s);
            if (g != null) {
                guards.add(g);
            }
        });
        for (Variable g : guards) {
            boolean[] assigned = {false};
            StatementWalker.forEachStatement(loop, s -> assigned[0] |= StatementWalker.assigns(s, g));
            if (!assigned[0]) {
                return g;
            }
        }
        return null;
    }

    private static Expr nonZero(Variable g) {
        return Exprs.binary(BinaryOp.NE, Exprs.ref(g), Exprs.ZERO);
    }

    /**
     * A loop's body with each guard on {@code g} replaced by its statements ({@code taken}) or dropped
     * with the "grad of:" heading nothing then: spliced into the list where no other declaration in
     * {@code loop} shares a name with theirs, else kept in a block of their own.
     */
    private static final class GuardsResolved extends NestedLists {
        private final Variable g;
        private final boolean taken;
        private final Stmt.Loop loop;

        GuardsResolved(Variable g, boolean taken, Stmt.Loop loop) {
            this.g = g;
            this.taken = taken;
            this.loop = loop;
        }

        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            List<Stmt> result = new ArrayList<>();
            for (Stmt s : statements) {
                if (!g.equals(StrongZeros.guardedBy(s))) {
                    result.add(s.accept(this));
                } else if (taken) {
                    List<Stmt> inside = rewrite(((Stmt.If) s).thenBranch().statements());
                    if (declaresNamesFoundElsewhere(inside, loop, (Stmt.If) s)) {
                        result.add(new Stmt.Block(inside));
                    } else {
                        result.addAll(inside);
                    }
                } else if (!result.isEmpty() && result.get(result.size() - 1) instanceof Stmt.Comment) {
                    result.remove(result.size() - 1);
                }
            }
            return result;
        }
    }

    /** Whether a variable declared {@code inside} has the name of one {@code loop} declares outside {@code guard}. */
    private static boolean declaresNamesFoundElsewhere(List<Stmt> inside, Stmt.Loop loop, Stmt.If guard) {
        Set<String> ours = new HashSet<>();
        inside.forEach(s -> {
            if (s instanceof Stmt.Declare d) {
                ours.add(d.variable().name());
            }
        });
        Set<Stmt> within = Collections.newSetFromMap(new IdentityHashMap<>());
        StatementWalker.forEachStatement(guard, within::add);
        boolean[] clash = {false};
        StatementWalker.forEachStatement(loop, s -> clash[0] |= !within.contains(s) && s instanceof Stmt.Declare d
                && ours.contains(d.variable().name()));
        return clash[0];
    }
}
