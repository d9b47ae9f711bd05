package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.ONE;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
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
            Temporaries temps, List<Stmt> forward, Variable adjointArray, Function<Expr, Stmt> declare) {
        CallTarget target = call.target();
        List<Expr> values = new ArrayList<>();
        List<ExpressionAdjoint> arguments = new ArrayList<>();
        for (Expr argument : call.arguments()) {
            if (argument.type().isDouble() && activity.isActive(argument)) {
                ExpressionAdjoint prepared = ExpressionAdjoint.prepare(argument, null, activity, adjointOf, temps);
                arguments.add(prepared);
                values.add(temps.atom(prepared.primal(), argument));
            } else {
                arguments.add(null);
                values.add(argument.type() instanceof Type.Array ? argument : temps.atom(argument));
            }
        }
        forward.add(declare.apply(new Expr.Call(target, values, call.position())));
        List<Stmt> adjoint = new ArrayList<>();
        Type.Named pullbackType = GradNames.pullbackRecord(target.gradientRecord());
        Variable pullback = Variable.generated(v.name() + "Pullback", pullbackType);
        List<Expr> pullbackArguments = new ArrayList<>(values);
        pullbackArguments.add(Exprs.ref(adjointArray));
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
}
