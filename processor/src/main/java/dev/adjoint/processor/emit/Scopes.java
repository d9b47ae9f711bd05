package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each local variable of a generated method is in scope, so that two variables may share a name
 * when Java allows it: a local's scope runs from its declaration to the end of its block, and no local
 * may be declared where another of the same name is in scope. Two loops of the user's that each declare
 * their {@code i} keep that name.
 *
 * <p>Statements are numbered in the order they print; a scope is an interval of those numbers, and two
 * variables may share a name exactly when their intervals are disjoint. A loop's update counts as the
 * end of its body, where it may print; a variable with no declaration (a parameter) is in scope
 * everywhere.
 */
final class Scopes {

    private record Interval(int from, int to) {
        boolean overlaps(Interval other) {
            return from <= other.to && other.from <= to;
        }
    }

    private final Map<Variable, List<Interval>> scopes = new IdentityHashMap<>();
    private int next;

    static Scopes of(Stmt.Block body) {
        Scopes result = new Scopes();
        result.block(body.statements());
        return result;
    }

    /** Whether {@code a} and {@code b} are in scope together somewhere, so they need different names. */
    boolean overlap(Variable a, Variable b) {
        List<Interval> first = scopes.get(a);
        List<Interval> second = scopes.get(b);
        if (first == null || second == null) {
            return true;
        }
        return first.stream().anyMatch(x -> second.stream().anyMatch(x::overlaps));
    }

    /** Numbers the statements of one block; its declarations are in scope until its last statement. */
    private void block(List<Stmt> statements) {
        List<Variable> declared = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        for (Stmt s : statements) {
            int number = next++;
            if (s instanceof Stmt.Declare d) {
                declared.add(d.variable());
                from.add(number);
            }
            nested(s);
        }
        int to = next - 1;
        for (int k = 0; k < declared.size(); k++) {
            scopes.computeIfAbsent(declared.get(k), v -> new ArrayList<>()).add(new Interval(from.get(k), to));
        }
    }

    /** The blocks nested in {@code s}, each numbered as a block of its own. */
    private void nested(Stmt s) {
        if (s instanceof Stmt.Block b) {
            block(b.statements());
            return;
        }
        if (s instanceof Stmt.Loop loop) {
            List<Stmt> iteration = new ArrayList<>(loop.body().statements());
            iteration.addAll(loop.update().statements());
            block(iteration);
            return;
        }
        for (Stmt inner : StatementWalker.nestedStatements(s)) {
            block(inner instanceof Stmt.Block b ? b.statements() : List.of(inner));
        }
    }
}
