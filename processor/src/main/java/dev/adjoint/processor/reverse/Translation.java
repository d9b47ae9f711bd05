package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A statement of the user's method in both sweeps: its forward code, its adjoint code, and the ids
 * of the jumps (returns, breaks, continues) that can leave it.
 */
record Translation(List<Stmt> forward, List<Stmt> adjoint, Set<Integer> jumps) {

    /** Two translations one after the other, neither of which can jump past the other. */
    static Translation concat(Translation first, Translation second) {
        List<Stmt> forward = new ArrayList<>(first.forward());
        forward.addAll(second.forward());
        List<Stmt> adjoint = new ArrayList<>(second.adjoint());
        adjoint.addAll(first.adjoint());
        Set<Integer> jumps = new TreeSet<>(first.jumps());
        jumps.addAll(second.jumps());
        return new Translation(forward, adjoint, jumps);
    }
}
