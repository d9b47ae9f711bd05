package dev.adjoint.processor.forward;

import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forward mode's entry for record parameters. The tangent of a record is a record of the same type:
 * {@code fForward(Params p, Params pDot, ...)} takes the point and the direction side by side, and
 * unpacks both into the leaves' values and tangents ({@code double pW = p.w(); double pWDot =
 * pDot.w();}), from where the body's translation reads them as it reads any local and its tangent.
 * A record left out by {@code wrt} comes alone, with no direction.
 */
final class RecordTangents {

    private final Function function;
    /** Each record parameter's direction {@code pDot}, when it has one. */
    private final Map<Variable, Variable> directions = new IdentityHashMap<>();

    RecordTangents(Function function) {
        this.function = function;
    }

    /** Adds {@code p}, and its direction {@code pDot} when it has a differentiable leaf, to the forward method's parameters. */
    void addParameters(Variable p, List<Variable> parameters) {
        parameters.add(p);
        if (function.recordOf(p).leaves().stream().anyMatch(function::isDifferentiable)) {
            Variable direction = new Variable(p.name() + "Dot", p.type(), Variable.Origin.PARAMETER);
            directions.put(p, direction);
            parameters.add(direction);
        }
    }

    /** The declarations that take every record parameter and its direction apart. */
    List<Stmt> unpack(java.util.function.Function<Variable, Variable> tangentOf) {
        List<Stmt> out = new ArrayList<>();
        for (Variable p : function.signature()) {
            RecordShape record = function.recordOf(p);
            if (record == null) {
                continue;
            }
            out.addAll(record.unpack(Exprs.ref(p)));
            if (directions.containsKey(p)) {
                // Only the differentiable leaves have tangents: an int component of the direction means nothing.
                record.unpack(Exprs.ref(directions.get(p)),
                        leaf -> function.isDifferentiable(leaf) ? tangentOf.apply(leaf) : null, out);
            }
        }
        return out;
    }
}
