package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The declarations at the start of the generated method, where both sweeps see them: variables set in
 * nested code and read by the adjoint sweep, loop locals. Takes them in the order the
 * translation asks for them; gives them in that order.
 */
final class Hoisted {

    private final List<Stmt> declarations = new ArrayList<>();

    void add(Stmt declaration) {
        declarations.add(declaration);
    }

    /** Declares {@code v} at the start of the method with its zero, so that Java sees it assigned on every path. */
    void declareZero(Variable v) {
        declarations.add(new Stmt.Declare(v, Exprs.zero(v.type()), SourcePosition.NONE));
    }

    /**
     * Declares {@code v} where the adjoint sweep can see it: in place at the top level ({@code depth}
     * 0), else at the start of the method and assigned in place.
     */
    Stmt declareVisible(Variable v, Expr init, int depth, SourcePosition position) {
        if (depth == 0) {
            return new Stmt.Declare(v, init, position);
        }
        declareZero(v);
        return new Stmt.Assign(v, init, position);
    }

    /** Temporaries for values computed into {@code forward} at {@code depth} and read by the adjoint sweep. */
    Temporaries temporaries(int depth, List<Stmt> forward) {
        return depth == 0 ? Temporaries.into(forward) : Temporaries.hoistedInto(forward, declarations);
    }

    /** How many declarations there are so far: a mark that {@link #dropSince} can return to. */
    int mark() {
        return declarations.size();
    }

    /**
     * Drops the declarations added since {@code mark}: those of a translation that was tried and
     * discarded. Kept, they would declare its loops' locals a second time when the statements are
     * translated again.
     */
    void dropSince(int mark) {
        declarations.subList(mark, declarations.size()).clear();
    }

    List<Stmt> declarations() {
        return declarations;
    }
}
