package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.ONE;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A local array declared with a call of a vector-valued {@code @Differentiable} method
 * ({@code double[] p = polar(r, t);}): the forward sweep calls the method itself, for its values bit for
 * bit, and keeps its arguments; the adjoint sweep, once every use of {@code p} has added to {@code pAdj},
 * calls the method's pullback with {@code pAdj} as the seed and sends each partial on to its argument.
 * A method returning a record ({@code Point p = polar(r, t);}, read as {@code p} and its leaves' locals)
 * is called alike: the record it gives is taken apart into {@code p}, and the seed is built from {@code pAdj}.
 */
final class VectorCalls {

    private VectorCalls() {
    }

    /**
     * Appends to {@code forward} the statements of {@code v = call} (the arguments named, then the
     * call; the caller declares the adjoint array of {@code v}) and gives its adjoint statements.
     *
     * @param temps where the forward sweep names the arguments' values (into {@code forward})
     * @param adjointArray the adjoint array of {@code v}, the pullback's seed
     * @param declare the declaration (or the assignment, when hoisted) of {@code v} with a value
     */
    static List<Stmt> translate(Variable v, Expr.Call call, Activity activity, Function<Variable, Variable> adjointOf,
            Callees callees, Temporaries temps, List<Stmt> forward, Variable adjointArray, Function<Expr, Stmt> declare) {
        CallTarget target = call.target();
        List<Expr> values = new ArrayList<>();
        List<ExpressionAdjoint> arguments = new ArrayList<>();
        for (Expr argument : call.arguments()) {
            if (argument.type().isDouble() && activity.isActive(argument)) {
                ExpressionAdjoint prepared = ExpressionAdjoint.prepare(argument, null, activity, adjointOf, callees,
                        temps);
                arguments.add(prepared);
                values.add(temps.atom(prepared.primal(), argument));
            } else {
                arguments.add(null);
                values.add(argument.type() instanceof Type.Array ? argument : temps.atom(argument));
            }
        }
        declarePrimal(v, new Expr.Call(target, values, call.position()), forward, declare);
        List<Stmt> adjoint = new ArrayList<>();
        Type.Named pullbackType = GradNames.pullbackRecord(target.gradientRecord());
        Variable pullback = Variable.generated(v.name() + "Pullback", pullbackType);
        List<Expr> pullbackArguments = new ArrayList<>(values);
        RecordShape record = target.resultRecord();
        pullbackArguments.add(record == null ? Exprs.ref(adjointArray) : record.pack(leaf -> new Expr.ArrayRead(
                Exprs.ref(adjointArray), Expr.Literal.ofInt(record.leaves().indexOf(leaf)), SourcePosition.NONE)));
        adjoint.add(new Stmt.Declare(pullback, new Expr.InvokeStatic(target.gradOwner(),
                GradNames.pullbackMethod(target.name()), pullbackArguments, pullbackType), SourcePosition.NONE));
        int component = 0;
        for (int i = 0; i < values.size(); i++) {
            if (!target.differentiableParameters().get(i)) {
                continue;
            }
            Type parameterType = target.parameterTypes().get(i);
            Expr partial = new Expr.Invoke(Exprs.ref(pullback), target.gradientComponents().get(component++), List.of(),
                    parameterType);
            Expr argument = call.arguments().get(i);
            if (parameterType.isDouble() && arguments.get(i) != null) {
                arguments.get(i).propagate(partial, adjoint);
            } else if (parameterType instanceof Type.Array && activity.isActive(argument)) {
                ExpressionAdjoint.addScaled(argument, ONE, partial, adjointOf, adjoint);
            }
        }
        return adjoint;
    }

    /**
     * Appends to {@code forward} the statements of {@code v = call} for a call not differentiated: the
     * arguments named (into {@code forward}, through {@code temps}), then the call.
     */
    static void primal(Variable v, Expr.Call call, Temporaries temps, List<Stmt> forward, Function<Expr, Stmt> declare) {
        List<Expr> values = call.arguments().stream()
                .map(argument -> argument.type() instanceof Type.Array ? argument : temps.atom(argument)).toList();
        declarePrimal(v, new Expr.Call(call.target(), values, call.position()), forward, declare);
    }

    /**
     * {@code v = call}; for a call returning a record, the record in a variable of its own and its leaves
     * written into a new {@code v} in declaration order, as the reader's locals of the leaves read them.
     */
    private static void declarePrimal(Variable v, Expr.Call call, List<Stmt> forward, Function<Expr, Stmt> declare) {
        RecordShape record = call.target().resultRecord();
        if (record == null) {
            forward.add(declare.apply(call));
            return;
        }
        Variable value = Variable.generated(v.name() + "Value", record.type());
        forward.add(new Stmt.Declare(value, call, SourcePosition.NONE));
        List<Expr> leaves = record.leafReads(Exprs.ref(value));
        forward.add(declare.apply(new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(Expr.Literal.ofInt(leaves.size())),
                SourcePosition.NONE)));
        for (int i = 0; i < leaves.size(); i++) {
            forward.add(new Stmt.ArrayWrite(Exprs.ref(v), Expr.Literal.ofInt(i), leaves.get(i), SourcePosition.NONE));
        }
    }
}
