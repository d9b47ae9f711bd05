package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.List;
import java.util.Optional;

/**
 * A local array variable that names an array which already exists: {@code double[] v = w;} (a parameter
 * or another local array) or a row, {@code double[] row = m[i];}. Read as a second name: every use of
 * {@code v} is read as what it names, so the transforms see only the one array and its one adjoint
 * (the adjoint of {@code row} is the row {@code i} of {@code m}'s adjoint, in both sweeps).
 *
 * <p>This is exact because what the alias names cannot change while it is in scope: array variables
 * and the rows of a local matrix are never assigned again (that is an error), and a row's index is
 * evaluated once, where Java evaluates it, into a local of its own.
 */
final class ArrayAliases {

    private ArrayAliases() {
    }

    /**
     * What {@code alias}, declared with the value {@code init}, names for the rest of its scope, with the
     * statement that evaluates a row index once added to {@code out}; empty when {@code init} is not an
     * array that exists already (a parameter, a local array, or a row of one of those).
     */
    static Optional<Expr> target(Variable alias, Expr init, List<Stmt> out) {
        if (isArrayVariable(init)) {
            return Optional.of(init);
        }
        if (init instanceof Expr.ArrayRead row && init.type() instanceof Type.Array && isArrayVariable(row.array())) {
            Expr index = row.index();
            if (!(index instanceof Expr.Literal)) {
                Variable once = new Variable(alias.name() + "Index", Type.INT, Variable.Origin.GENERATED);
                out.add(new Stmt.Declare(once, index, index.position()));
                index = new Expr.Ref(once, index.position());
            }
            return Optional.of(new Expr.ArrayRead(row.array(), index, row.position()));
        }
        return Optional.empty();
    }

    private static boolean isArrayVariable(Expr e) {
        return e instanceof Expr.Ref ref && ref.type() instanceof Type.Array
                && ref.variable().origin() != Variable.Origin.GENERATED;
    }
}
