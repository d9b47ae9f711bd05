package dev.adjoint.processor.analyze;

import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.HashSet;
import java.util.Set;

/**
 * Activity analysis: which variables and expressions depend on a differentiable parameter and can
 * reach the result. Only active values carry tangents and adjoints; everything else is emitted as the
 * user wrote it.
 *
 * <p>A variable that depends on an input but never flows into the result (a diagnostic, a value only
 * compared in conditions) is not active: its derivative code would compute nothing, and its adjoint,
 * always zero, times a value that overflowed would make NaN out of nothing.
 *
 * <p>The analysis is flow-insensitive (a variable that is active anywhere is active everywhere):
 * never wrong, at the price of some derivative code that adds zeros. It also reports calls that
 * would need a derivative nobody has given.
 */
public final class Activity {

    private final Set<Variable> active = new HashSet<>();

    private Activity() {
    }

    public static Activity of(Function function, Diagnostics diagnostics) {
        Activity activity = new Activity();
        activity.active.addAll(function.differentiableParameters());
        boolean changed = true;
        while (changed) {
            changed = activity.propagate(function.body());
        }
        Set<Variable> useful = new HashSet<>(function.differentiableParameters());
        changed = true;
        while (changed) {
            changed = markUseful(function.body(), useful);
        }
        activity.active.retainAll(useful);
        activity.checkCalls(function.body(), diagnostics);
        return activity;
    }

    public boolean isActive(Variable variable) {
        return active.contains(variable);
    }

    /** Whether the value of {@code e} depends on a differentiable input. */
    public boolean isActive(Expr e) {
        if (e instanceof Expr.Ref ref) {
            return active.contains(ref.variable());
        }
        if (e instanceof Expr.ArrayRead read) {
            return read.type().isDifferentiable() && isActive(read.array());
        }
        if (!e.type().isDouble()) {
            return false;
        }
        if (e instanceof Expr.Unary unary) {
            return isActive(unary.operand());
        }
        if (e instanceof Expr.Binary binary) {
            return isActive(binary.left()) || isActive(binary.right());
        }
        if (e instanceof Expr.Conditional c) {
            return isActive(c.whenTrue()) || isActive(c.whenFalse());
        }
        if (e instanceof Expr.Cast cast) {
            return isActive(cast.operand());
        }
        if (e instanceof Expr.MathCall call) {
            return !call.function().isPiecewiseConstant() && call.arguments().stream().anyMatch(this::isActive);
        }
        if (e instanceof Expr.Call call) {
            return call.arguments().stream().anyMatch(this::isActive);
        }
        return false;
    }

    private boolean propagate(Stmt statement) {
        if (statement instanceof Stmt.Declare d) {
            return d.init() != null && markIfActive(d.variable(), d.init());
        }
        if (statement instanceof Stmt.Assign a) {
            return markIfActive(a.variable(), a.value());
        }
        if (statement instanceof Stmt.ArrayWrite w) {
            return isActive(w.value()) && active.add(StatementWalker.arrayVariable(w.array()));
        }
        if (statement instanceof Stmt.Block block) {
            boolean changed = false;
            for (Stmt s : block.statements()) {
                changed |= propagate(s);
            }
            return changed;
        }
        if (statement instanceof Stmt.If i) {
            return propagate(i.thenBranch()) | propagate(i.elseBranch());
        }
        if (statement instanceof Stmt.Loop loop) {
            return propagate(loop.body()) | propagate(loop.update());
        }
        return false;
    }

    /**
     * Adds to {@code useful} the variables whose values flow into a useful variable, an element of a
     * useful array or a returned value. Conditions and indices only steer, so they add nothing.
     */
    private static boolean markUseful(Stmt statement, Set<Variable> useful) {
        if (statement instanceof Stmt.Return r) {
            return addValueReads(r.value(), useful);
        }
        if (statement instanceof Stmt.Declare d) {
            return d.init() != null && useful.contains(d.variable()) && addValueReads(d.init(), useful);
        }
        if (statement instanceof Stmt.Assign a) {
            return useful.contains(a.variable()) && addValueReads(a.value(), useful);
        }
        if (statement instanceof Stmt.ArrayWrite w) {
            return useful.contains(StatementWalker.arrayVariable(w.array())) && addValueReads(w.value(), useful);
        }
        boolean changed = false;
        if (statement instanceof Stmt.Block block) {
            // Backwards, the way usefulness flows: one pass settles straight-line code.
            for (int k = block.statements().size() - 1; k >= 0; k--) {
                changed |= markUseful(block.statements().get(k), useful);
            }
        } else if (statement instanceof Stmt.If i) {
            changed = markUseful(i.thenBranch(), useful) | markUseful(i.elseBranch(), useful);
        } else if (statement instanceof Stmt.Loop loop) {
            changed = markUseful(loop.body(), useful) | markUseful(loop.update(), useful);
        } else if (statement instanceof Stmt.Labeled labeled) {
            changed = markUseful(labeled.body(), useful);
        }
        return changed;
    }

    private static boolean addValueReads(Expr value, Set<Variable> useful) {
        int before = useful.size();
        StatementWalker.addVariables(value, useful);
        return useful.size() != before;
    }

    private boolean markIfActive(Variable target, Expr value) {
        return target.type().isDouble() && isActive(value) && active.add(target);
    }

    private void checkCalls(Stmt statement, Diagnostics diagnostics) {
        StatementWalker.expressions(statement, e -> {
            if (e instanceof Expr.Call call && call.target().differentiable()) {
                for (int i = 0; i < call.arguments().size(); i++) {
                    if (!call.target().differentiableParameters().get(i) && isActive(call.arguments().get(i))) {
                        diagnostics.error(call.arguments().get(i).position(), Message.ARGUMENT_NOT_DIFFERENTIATED,
                                call.target().name(), call.target().parameterNames().get(i));
                    }
                }
            }
            // A call returning an integer is piecewise constant: its derivative is 0, like floor's.
            if (e instanceof Expr.Call call && !call.target().differentiable() && call.type().isDouble()) {
                for (int i = 0; i < call.arguments().size(); i++) {
                    if (isActive(call.arguments().get(i)) && call.target().rule(i) == null) {
                        diagnostics.error(call.position(), Message.NO_DERIVATIVE, call.target().name());
                        break;
                    }
                }
            }
        });
    }
}
