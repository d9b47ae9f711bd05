package dev.adjoint.processor.analyze;

import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
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
        Usefulness usefulness = new Usefulness(useful);
        changed = true;
        while (changed) {
            changed = function.body().accept(usefulness);
        }
        activity.active.retainAll(useful);
        activity.checkCalls(function.body(), diagnostics);
        FloatRoundings.check(function.body(), activity, diagnostics);
        return activity;
    }

    public boolean isActive(Variable variable) {
        return active.contains(variable);
    }

    /** Whether the value of {@code e} depends on a differentiable input. */
    public boolean isActive(Expr e) {
        return e.accept(dependsOnInput);
    }

    /**
     * A variable or an element is active when it is (an array when any element may be); any other
     * expression only when it is a double computed from an active operand. Literals, fields, lengths,
     * new arrays and generated calls never are. A record passed to a call is when one of its leaves is.
     */
    private final Expr.Visitor<Boolean> dependsOnInput = new Expr.Visitor<>() {
        @Override
        public Boolean visitRef(Expr.Ref node) {
            return active.contains(node.variable());
        }

        @Override
        public Boolean visitArrayRead(Expr.ArrayRead node) {
            return node.type().isDifferentiable() && isActive(node.array());
        }

        @Override
        public Boolean visitUnary(Expr.Unary node) {
            return node.type().isDouble() && isActive(node.operand());
        }

        @Override
        public Boolean visitBinary(Expr.Binary node) {
            return node.type().isDouble() && (isActive(node.left()) || isActive(node.right()));
        }

        @Override
        public Boolean visitConditional(Expr.Conditional node) {
            return node.type().isDouble() && (isActive(node.whenTrue()) || isActive(node.whenFalse()));
        }

        @Override
        public Boolean visitCast(Expr.Cast node) {
            return node.type().isDouble() && isActive(node.operand());
        }

        @Override
        public Boolean visitMathCall(Expr.MathCall node) {
            return node.type().isDouble() && !node.function().isPiecewiseConstant()
                    && node.arguments().stream().anyMatch(Activity.this::isActive);
        }

        @Override
        public Boolean visitCall(Expr.Call node) {
            // A vector-valued callee's array result (double[] p = polar(r, t)) is differentiated like a double.
            boolean differentiated = node.type().isDouble()
                    || node.type().equals(Type.DOUBLE_ARRAY) && node.target().differentiable();
            return differentiated && node.arguments().stream().anyMatch(Activity.this::isActive);
        }

        @Override
        public Boolean visitLiteral(Expr.Literal node) {
            return false;
        }

        @Override
        public Boolean visitStaticField(Expr.StaticField node) {
            return false;
        }

        @Override
        public Boolean visitArrayLength(Expr.ArrayLength node) {
            return false;
        }

        @Override
        public Boolean visitNewArray(Expr.NewArray node) {
            return false;
        }

        @Override
        public Boolean visitInvoke(Expr.Invoke node) {
            return false;
        }

        @Override
        public Boolean visitInvokeStatic(Expr.InvokeStatic node) {
            return false;
        }

        @Override
        public Boolean visitNew(Expr.New node) {
            // In a body, a record passed to a call, built from the leaves it was read into.
            return node.arguments().stream().anyMatch(Activity.this::isActive);
        }
    };

    /** One pass of the forward propagation over every statement; whether it made a variable active. */
    private boolean propagate(Stmt body) {
        boolean[] changed = {false};
        StatementWalker.forEachStatement(body, s -> changed[0] |= s.accept(propagation));
        return changed[0];
    }

    /**
     * What one statement makes active: the variable or array it writes, when the written value is.
     * Nested statements are the walker's; the others write nothing.
     */
    private final Stmt.Visitor<Boolean> propagation = new Stmt.Visitor<>() {
        @Override
        public Boolean visitDeclare(Stmt.Declare node) {
            if (node.init() instanceof Expr.Call call && call.type() instanceof Type.Array) {
                return isActive(call) && active.add(node.variable()); // the array a vector-valued call gives
            }
            return node.init() != null && markIfActive(node.variable(), node.init());
        }

        @Override
        public Boolean visitAssign(Stmt.Assign node) {
            return markIfActive(node.variable(), node.value());
        }

        @Override
        public Boolean visitArrayWrite(Stmt.ArrayWrite node) {
            return isActive(node.value()) && active.add(StatementWalker.arrayVariable(node.array()));
        }

        @Override
        public Boolean visitBlock(Stmt.Block node) {
            return false;
        }

        @Override
        public Boolean visitIf(Stmt.If node) {
            return false;
        }

        @Override
        public Boolean visitReturn(Stmt.Return node) {
            return false;
        }

        @Override
        public Boolean visitLoop(Stmt.Loop node) {
            return false;
        }

        @Override
        public Boolean visitBreak(Stmt.Break node) {
            return false;
        }

        @Override
        public Boolean visitContinue(Stmt.Continue node) {
            return false;
        }

        @Override
        public Boolean visitEvaluate(Stmt.Evaluate node) {
            return false;
        }

        @Override
        public Boolean visitLabeled(Stmt.Labeled node) {
            return false;
        }

        @Override
        public Boolean visitBreakLabel(Stmt.BreakLabel node) {
            return false;
        }

        @Override
        public Boolean visitComment(Stmt.Comment node) {
            return false;
        }

        @Override
        public Boolean visitThrow(Stmt.Throw node) {
            return false;
        }
    };

    private boolean markIfActive(Variable target, Expr value) {
        return target.type().isDouble() && isActive(value) && active.add(target);
    }

    /**
     * One pass that adds to {@code useful} the variables whose values flow into a useful variable, an
     * element of a useful array or a returned value, and says whether it added any. Conditions and
     * indices only steer, so they add nothing.
     */
    private static final class Usefulness implements Stmt.Visitor<Boolean> {
        private final Set<Variable> useful;

        Usefulness(Set<Variable> useful) {
            this.useful = useful;
        }

        @Override
        public Boolean visitReturn(Stmt.Return node) {
            return addValueReads(node.value());
        }

        @Override
        public Boolean visitDeclare(Stmt.Declare node) {
            return node.init() != null && useful.contains(node.variable()) && addValueReads(node.init());
        }

        @Override
        public Boolean visitAssign(Stmt.Assign node) {
            return useful.contains(node.variable()) && addValueReads(node.value());
        }

        @Override
        public Boolean visitArrayWrite(Stmt.ArrayWrite node) {
            return useful.contains(StatementWalker.arrayVariable(node.array())) && addValueReads(node.value());
        }

        @Override
        public Boolean visitBlock(Stmt.Block node) {
            // Backwards, the way usefulness flows: one pass settles straight-line code.
            boolean changed = false;
            for (int k = node.statements().size() - 1; k >= 0; k--) {
                changed |= node.statements().get(k).accept(this);
            }
            return changed;
        }

        @Override
        public Boolean visitIf(Stmt.If node) {
            return node.thenBranch().accept(this) | node.elseBranch().accept(this);
        }

        @Override
        public Boolean visitLoop(Stmt.Loop node) {
            return node.body().accept(this) | node.update().accept(this);
        }

        @Override
        public Boolean visitLabeled(Stmt.Labeled node) {
            return node.body().accept(this);
        }

        @Override
        public Boolean visitBreak(Stmt.Break node) {
            return false;
        }

        @Override
        public Boolean visitContinue(Stmt.Continue node) {
            return false;
        }

        @Override
        public Boolean visitEvaluate(Stmt.Evaluate node) {
            return false;
        }

        @Override
        public Boolean visitBreakLabel(Stmt.BreakLabel node) {
            return false;
        }

        @Override
        public Boolean visitComment(Stmt.Comment node) {
            return false;
        }

        @Override
        public Boolean visitThrow(Stmt.Throw node) {
            return false; // what a message reads is no derivative's business
        }

        private boolean addValueReads(Expr value) {
            int before = useful.size();
            StatementWalker.addVariables(value, useful);
            return useful.size() != before;
        }
    }

    /**
     * Objects built from a differentiable value. A record passed to a call is built from the caller's
     * leaves and differentiated through them; any other object (a distribution) never is, so one built
     * from a differentiable value would drop that value's derivative wherever the object goes: refused.
     */
    private void checkObjects(Stmt statement, Diagnostics diagnostics) {
        Set<Expr> recordArguments = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        StatementWalker.expressions(statement, e -> {
            if (e instanceof Expr.Call call) {
                for (int i = 0; i < call.arguments().size(); i++) {
                    if (call.target().records().shapeOf(i) != null) {
                        StatementWalker.walk(call.arguments().get(i), part -> {
                            if (part instanceof Expr.New) {
                                recordArguments.add(part);
                            }
                        });
                    }
                }
            }
            if (e instanceof Expr.New created && !recordArguments.contains(created) && isActive(created)) {
                diagnostics.error(created.arguments().stream().filter(this::isActive).findFirst()
                        .map(Expr::position).orElse(SourcePosition.NONE), Message.ACTIVE_OBJECT, created.type().simpleName());
            }
        });
    }

    private void checkCalls(Stmt statement, Diagnostics diagnostics) {
        checkObjects(statement, diagnostics);
        StatementWalker.expressions(statement, e -> {
            if (e instanceof Expr.Call call && call.target().differentiable()) {
                for (int i = 0; i < call.arguments().size(); i++) {
                    if (!call.target().differentiableParameters().get(i) && isActive(call.arguments().get(i))) {
                        SourcePosition at = call.arguments().get(i).position();
                        diagnostics.error(at == SourcePosition.NONE ? call.position() : at,
                                Message.ARGUMENT_NOT_DIFFERENTIATED,
                                call.target().name(), call.target().parameterNames().get(i));
                    }
                }
            }
            // Called on an object built from differentiable values: reported on the object, once.
            boolean onActiveObject = e instanceof Expr.Call call && !call.target().differentiable()
                    && call.target().records().self() && isActive(call.arguments().get(0));
            // A call returning an integer is piecewise constant: its derivative is 0, like floor's.
            if (!onActiveObject && e instanceof Expr.Call call && !call.target().differentiable() && call.type().isDouble()) {
                for (int i = 0; i < call.arguments().size(); i++) {
                    if (isActive(call.arguments().get(i)) && call.target().rule(i) == null) {
                        String function = call.target().owner().simpleName() + "." + call.target().name();
                        if (call.target().hasRules()) {
                            diagnostics.error(call.position(), Message.NO_PARTIAL, function,
                                    call.target().parameterNames().get(i));
                        } else {
                            diagnostics.error(call.position(), Message.NO_DERIVATIVE, function);
                        }
                        break;
                    }
                }
            }
        });
    }
}
