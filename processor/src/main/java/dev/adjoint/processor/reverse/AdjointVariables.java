package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.ZERO;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adjoint variable of each variable of the user's method, made on first use and kept in that
 * order, which is the order of their declarations; and which adjoint arrays are allocated beside
 * their primal array in the forward sweep instead of with the others.
 */
final class AdjointVariables {

    private final Map<Variable, Variable> adjoints = new LinkedHashMap<>();
    private final Set<Variable> declaredWithPrimal = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The adjoint of {@code v}. */
    Variable of(Variable v) {
        return adjoints.computeIfAbsent(v, k -> Variable.derived(k, "Adj", k.type()));
    }

    /** The adjoint of the local array {@code array}, which the forward sweep allocates beside it. */
    Variable declaredWithPrimal(Variable array) {
        Variable adjoint = of(array);
        declaredWithPrimal.add(adjoint);
        return adjoint;
    }

    /** The declarations, with their zeros, of every adjoint made so far but those declared with their primal. */
    List<Stmt> declarations() {
        List<Stmt> declarations = new ArrayList<>();
        adjoints.forEach((primal, adjoint) -> {
            if (!declaredWithPrimal.contains(adjoint)) {
                Expr zero = !(primal.type() instanceof Type.Array) ? ZERO
                        : primal.origin() == Variable.Origin.PARAMETER ? zerosOrNullLike(primal) : zerosLike(primal);
                declarations.add(new Stmt.Declare(adjoint, zero, SourcePosition.NONE));
            }
        });
        return declarations;
    }

    /** Every adjoint variable made so far. */
    Collection<Variable> all() {
        return adjoints.values();
    }

    /** The adjoint variables that are arrays. */
    Set<Variable> arrays() {
        Set<Variable> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        adjoints.values().stream().filter(a -> a.type() instanceof Type.Array).forEach(arrays::add);
        return arrays;
    }

    /**
     * The adjoint of an array parameter: zeros shaped like it, or null where the caller passed null,
     * which the primal may return without reading (the gradient's component is then null as well).
     */
    private static Expr zerosOrNullLike(Variable parameter) {
        Expr none = new Expr.Literal(null, parameter.type(), SourcePosition.NONE);
        return new Expr.Conditional(Exprs.binary(BinaryOp.EQ, Exprs.ref(parameter), none), none, zerosLike(parameter),
                parameter.type(), SourcePosition.NONE);
    }

    /** A zeroed array shaped like the array variable {@code v}. */
    static Expr zerosLike(Variable v) {
        if (v.type().equals(Type.DOUBLE_ARRAY)) {
            return new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(new Expr.ArrayLength(Exprs.ref(v), SourcePosition.NONE)),
                    SourcePosition.NONE);
        }
        return new Expr.InvokeStatic(RuntimeTypes.ADJOINT_ARRAYS, "zerosLike", List.of(Exprs.ref(v)), v.type());
    }
}
