package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Stmt;
import java.util.List;

/**
 * A loop that prints as Java's {@code for}: its condition is tested first, its update is expression
 * statements ({@code i++}, {@code j += 2}), and its initialisers, if any, declare variables of one type
 * ({@code int i = 0, j = n}) or assign variables declared before ({@code i = 0, trips = 0}). In the IR
 * a {@code for} loop is a block of its initialisers and the loop.
 */
record ForLoop(List<Stmt> initialisers, Stmt.Loop loop) {

    /** {@code block} as a {@code for} loop with its initialisers, or null. */
    static ForLoop of(Stmt.Block block) {
        Stmt.Loop loop = block.lastLoop();
        if (loop == null || of(loop) == null) {
            return null;
        }
        List<Stmt> initialisers = block.beforeLastLoop();
        boolean declarations = initialisers.stream().allMatch(s -> s instanceof Stmt.Declare d
                && d.variable().type().equals(((Stmt.Declare) initialisers.get(0)).variable().type()));
        boolean assignments = initialisers.stream().allMatch(s -> s instanceof Stmt.Assign);
        return declarations || assignments ? new ForLoop(initialisers, loop) : null;
    }

    /** {@code loop} as a {@code for} loop without initialisers, or null. */
    static ForLoop of(Stmt.Loop loop) {
        List<Stmt> update = loop.update().statements();
        boolean expressions = update.stream().allMatch(s -> s instanceof Stmt.Assign || s instanceof Stmt.ArrayWrite
                || s instanceof Stmt.Evaluate);
        return loop.testFirst() && !update.isEmpty() && expressions ? new ForLoop(List.of(), loop) : null;
    }
}
