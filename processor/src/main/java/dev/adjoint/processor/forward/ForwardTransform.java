package dev.adjoint.processor.forward;

import static dev.adjoint.processor.ir.Exprs.ZERO;
import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.isZero;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.DerivativeOfMethod;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Substitution;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.ir.Remainder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Forward mode: the method again, with every active variable {@code v} joined by its tangent
 * {@code vDot} in a primitive local. The tangent of each assignment is the sum of the derivative
 * rules' partials times the operands' tangents; nothing is allocated but the returned {@code Dual}.
 */
public final class ForwardTransform {


    private final Function function;
    private final Activity activity;
    private final Map<Variable, Variable> tangents = new HashMap<>();
    private final Substitution values;
    /** Building the tangent function: plain doubles in and the tangent out, no {@code Dual} anywhere. */
    private final boolean tangentFunction;

    /** Second-order derivatives cannot go through a call that only has the user's first-order rules. */
    public static final class NoSecondOrder extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSecondOrder(String function) {
            super(function);
        }
    }

    private ForwardTransform(Function function, Activity activity, Map<Variable, Variable> valueLocals,
            boolean tangentFunction) {
        this.function = function;
        this.activity = activity;
        this.tangentFunction = tangentFunction;
        this.values = new Substitution(valueLocals,
                read -> read.type().equals(RuntimeTypes.DUAL) ? new Expr.Invoke(read, "value", List.of(), Type.DOUBLE) : read,
                array -> array.type().scalar().equals(RuntimeTypes.DUAL)
                        ? new Expr.InvokeStatic(RuntimeTypes.DUAL_ARRAYS, "values", List.of(array), plainLike(array.type())) : array);
    }

    /** The value and tangent of an expression. */
    private record Dual(Expr value, Expr tangent) {
    }

    public static MethodDef transform(Function function, Activity activity) {
        Map<Variable, Variable> valueLocals = new HashMap<>();
        List<Variable> parameters = new ArrayList<>();
        List<Stmt> prologue = new ArrayList<>();
        for (Variable p : function.parameters()) {
            if (!function.isDifferentiable(p)) {
                parameters.add(p);
                continue;
            }
            if (p.type() instanceof Type.Array) {
                // double[] w becomes Dual[] w, read element by element: no copy.
                Variable duals = new Variable(p.name(), dualsLike(p.type()), Variable.Origin.PARAMETER);
                parameters.add(duals);
                valueLocals.put(p, duals);
                continue;
            }
            Variable dual = new Variable(p.name(), RuntimeTypes.DUAL, Variable.Origin.PARAMETER);
            Variable value = new Variable(p.name() + "Val", Type.DOUBLE, Variable.Origin.LOCAL);
            parameters.add(dual);
            valueLocals.put(p, value);
        }
        ForwardTransform transform = new ForwardTransform(function, activity, valueLocals, false);
        for (Variable p : function.differentiableParameters()) {
            if (!p.type().isDouble()) {
                continue;
            }
            Expr dual = Exprs.ref(parameters.get(function.parameters().indexOf(p)));
            prologue.add(declare(valueLocals.get(p), new Expr.Invoke(dual, "value", List.of(), Type.DOUBLE)));
            prologue.add(declare(transform.tangentOf(p), new Expr.Invoke(dual, "tangent", List.of(), Type.DOUBLE)));
        }
        List<Stmt> body = new ArrayList<>(prologue);
        body.addAll(transform.zeroTangentsOfPassedParameters());
        transform.statements(function.body().statements(), body);
        String name = GradNames.forwardMethod(function.name());
        Type returned = function.returnType() instanceof Type.Array ? dualsLike(function.returnType()) : RuntimeTypes.DUAL;
        return new MethodDef(name, returned, parameters, new Stmt.Block(body), List.of(
                "Forward mode of {@link #" + function.name() + "}: its value and its derivative along the tangents"
                        + " of the {@code Dual} arguments.",
                "Seed one argument with {@code Dual.variable(v)} and the others with {@code Dual.constant(v)}"
                        + " for one partial derivative; any tangents give the directional derivative."));
    }

    /**
     * The tangent function {@code fTangent(x..., xDot...)}: the derivative of {@code f} along the
     * direction {@code xDot}, as a method of plain doubles that the reverse transform can take in turn.
     * Its reverse mode gives the Hessian-vector product (reverse over forward).
     *
     * @throws NoSecondOrder when a call goes through a user's derivative rule
     */
    public static Function tangentFunction(Function function, Activity activity) {
        ForwardTransform transform = new ForwardTransform(function, activity, Map.of(), true);
        List<Variable> parameters = new ArrayList<>(function.parameters());
        List<Variable> differentiable = new ArrayList<>(function.differentiableParameters());
        for (Variable p : function.differentiableParameters()) {
            Variable dot = new Variable(p.name() + "Dot", p.type(), Variable.Origin.PARAMETER);
            transform.tangents.put(p, dot);
            parameters.add(dot);
            differentiable.add(dot);
        }
        List<Stmt> body = new ArrayList<>(transform.zeroTangentsOfPassedParameters());
        transform.statements(function.body().statements(), body);
        return new Function(GradNames.tangentMethod(function.name()), parameters, differentiable, Type.DOUBLE,
                new Stmt.Block(body));
    }

    /**
     * A parameter left out by wrt that the body reassigns with a value depending on the inputs
     * becomes active there: its tangent starts at zero.
     */
    private List<Stmt> zeroTangentsOfPassedParameters() {
        List<Stmt> zeros = new ArrayList<>();
        for (Variable p : function.parameters()) {
            if (!function.isDifferentiable(p) && activity.isActive(p)) {
                zeros.add(declare(tangentOf(p), Exprs.ZERO));
            }
        }
        return zeros;
    }

    /** {@code double[]} for {@code Dual[]}, {@code double[][]} for {@code Dual[][]}. */
    private static Type plainLike(Type type) {
        return type instanceof Type.Array array ? new Type.Array(plainLike(array.element())) : Type.DOUBLE;
    }

    /** {@code Dual[]} for {@code double[]}, {@code Dual[][]} for {@code double[][]}. */
    private static Type dualsLike(Type type) {
        return type instanceof Type.Array array ? new Type.Array(dualsLike(array.element())) : RuntimeTypes.DUAL;
    }

    private static Stmt declare(Variable v, Expr init) {
        return new Stmt.Declare(v, init, SourcePosition.NONE);
    }

    private Variable tangentOf(Variable v) {
        return tangents.computeIfAbsent(v, k -> Variable.generated(k.name() + "Dot", k.type()));
    }

    private Stmt.Block block(Stmt.Block block) {
        List<Stmt> out = new ArrayList<>();
        statements(block.statements(), out);
        return new Stmt.Block(out);
    }

    private void statements(List<Stmt> statements, List<Stmt> out) {
        for (Stmt s : statements) {
            statement(s, out);
        }
    }

    private void statement(Stmt s, List<Stmt> out) {
        if (s instanceof Stmt.Declare d) {
            Variable v = values.apply(d.variable());
            if (!activity.isActive(d.variable())) {
                out.add(new Stmt.Declare(v, d.init() == null ? null : values.apply(d.init()), d.position()));
            } else if (d.init() == null) {
                out.add(new Stmt.Declare(v, null, d.position()));
                out.add(declare(tangentOf(d.variable()), null));
            } else if (d.init() instanceof Expr.NewArray created) {
                Expr primal = values.apply(created);
                out.add(new Stmt.Declare(v, primal, d.position()));
                out.add(declare(tangentOf(d.variable()), primal));
            } else {
                Dual dual = expression(d.init(), Temporaries.into(out), new Expr.Ref(v));
                out.add(new Stmt.Declare(v, dual.value(), d.position()));
                out.add(declare(tangentOf(d.variable()), dual.tangent()));
            }
        } else if (s instanceof Stmt.Assign a) {
            assign(a, out);
        } else if (s instanceof Stmt.ArrayWrite w) {
            arrayWrite(w, out);
        } else if (s instanceof Stmt.Block block) {
            out.add(block(block));
        } else if (s instanceof Stmt.If i) {
            out.add(new Stmt.If(values.apply(i.condition()), block(i.thenBranch()), block(i.elseBranch()), i.position()));
        } else if (s instanceof Stmt.Loop loop) {
            out.add(new Stmt.Loop(loop.testFirst(), values.apply(loop.condition()), block(loop.body()),
                    block(loop.update()), loop.position()));
        } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
            out.add(s);
        } else if (s instanceof Stmt.Return r) {
            if (r.value().type() instanceof Type.Array) {
                out.add(new Stmt.Return(dualArrayArgument(r.value()), r.position()));
                return;
            }
            Dual dual = expression(r.value(), Temporaries.into(out), null);
            out.add(new Stmt.Return(tangentFunction ? dual.tangent()
                    : new Expr.New(RuntimeTypes.DUAL, List.of(dual.value(), dual.tangent())), r.position()));
        } else {
            throw new IllegalStateException("forward mode met an unexpected statement: " + s);
        }
    }

    private void assign(Stmt.Assign a, List<Stmt> out) {
        Variable v = values.apply(a.variable());
        if (!activity.isActive(a.variable())) {
            out.add(new Stmt.Assign(v, values.apply(a.value()), a.position()));
            return;
        }
        Variable vDot = tangentOf(a.variable());
        boolean readsItself = StatementWalker.reads(a.value(), a.variable());
        if (!readsItself) {
            Dual dual = expression(a.value(), Temporaries.into(out), new Expr.Ref(v));
            out.add(new Stmt.Assign(v, dual.value(), a.position()));
            out.add(new Stmt.Assign(vDot, dual.tangent(), SourcePosition.NONE));
            return;
        }
        // The tangent needs the old value, so the new one waits in a temporary.
        Dual dual = expression(a.value(), Temporaries.into(out), null);
        Variable next = Variable.generated(v.name() + "Next", Type.DOUBLE);
        out.add(declare(next, dual.value()));
        Expr tangent = dual.tangent();
        out.add(new Stmt.Assign(vDot, tangent, SourcePosition.NONE));
        out.add(new Stmt.Assign(v, new Expr.Ref(next), a.position()));
    }

    /** An element write: its tangent, computed from the values before the write, goes into the tangent array. */
    private void arrayWrite(Stmt.ArrayWrite w, List<Stmt> out) {
        Variable array = StatementWalker.arrayVariable(w.array());
        Expr index = values.apply(w.index());
        if (!activity.isActive(array)) {
            out.add(new Stmt.ArrayWrite(values.apply(w.array()), index, values.apply(w.value()), w.position()));
            return;
        }
        Temporaries temps = Temporaries.into(out);
        Dual dual = expression(w.value(), temps, null);
        Expr tangent = temps.atom(dual.tangent(), array.name() + "DotNext");
        out.add(new Stmt.ArrayWrite(values.apply(w.array()), index, dual.value(), w.position()));
        out.add(new Stmt.ArrayWrite(tangentArray(w.array()), index, tangent, SourcePosition.NONE));
    }

    /** The tangents of a local array or of one of its rows: {@code aDot}, {@code aDot[i]}. */
    private Expr tangentArray(Expr array) {
        if (array instanceof Expr.ArrayRead row) {
            return new Expr.ArrayRead(tangentArray(row.array()), values.apply(row.index()), row.position());
        }
        return new Expr.Ref(tangentOf(((Expr.Ref) array).variable()));
    }

    /** Whether the array expression reads a {@code Dual[]} parameter. */
    private boolean isDualArray(Expr array) {
        return values.apply(array).type().scalar().equals(RuntimeTypes.DUAL);
    }

    /** Reads an element of an active array: out of a {@code Dual[]} parameter, or from a local and its tangents. */
    private Dual element(Expr.ArrayRead read) {
        Expr index = values.apply(read.index());
        if (isDualArray(read.array())) {
            Expr dual = new Expr.ArrayRead(rowOf(read.array()), index, read.position());
            return new Dual(new Expr.Invoke(dual, "value", List.of(), Type.DOUBLE),
                    new Expr.Invoke(dual, "tangent", List.of(), Type.DOUBLE));
        }
        return new Dual(new Expr.ArrayRead(rowOf(read.array()), index, read.position()),
                new Expr.ArrayRead(tangentArray(read.array()), index, SourcePosition.NONE));
    }

    /** An array operand as generated code names it: the parameter's {@code Dual[]}, or the local array. */
    private Expr rowOf(Expr array) {
        if (array instanceof Expr.ArrayRead row) {
            return new Expr.ArrayRead(rowOf(row.array()), values.apply(row.index()), row.position());
        }
        return values.apply(array);
    }

    /**
     * The value and tangent of {@code e}.
     *
     * @param temps where intermediate values are named
     * @param result where the caller will store the value, usable by rules that need the result; or null
     */
    private Dual expression(Expr e, Temporaries temps, Expr result) {
        if (!activity.isActive(e)) {
            return new Dual(values.apply(e), ZERO);
        }
        if (e instanceof Expr.Ref ref) {
            return new Dual(values.apply(e), new Expr.Ref(tangentOf(ref.variable())));
        }
        if (e instanceof Expr.ArrayRead read) {
            return element(read);
        }
        if (e instanceof Expr.Unary u) {
            Dual operand = expression(u.operand(), temps, null);
            return u.op() == UnaryOp.NEG
                    ? new Dual(neg(operand.value()), neg(operand.tangent()))
                    : operand;
        }
        if (e instanceof Expr.Cast c) {
            return expression(c.operand(), temps, result);
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, temps, result);
        }
        if (e instanceof Expr.Conditional c) {
            Temporaries inBranch = Temporaries.recomputing();
            Dual whenTrue = expression(c.whenTrue(), inBranch, null);
            Dual whenFalse = expression(c.whenFalse(), inBranch, null);
            Expr condition = values.apply(c.condition());
            return new Dual(
                    new Expr.Conditional(condition, whenTrue.value(), whenFalse.value(), c.type(), c.position()),
                    Exprs.conditional(condition, whenTrue.tangent(), whenFalse.tangent()));
        }
        if (e instanceof Expr.MathCall call) {
            return mathCall(call, temps, result);
        }
        if (e instanceof Expr.Call call) {
            return call.target().differentiable() ? differentiableCall(call, temps) : ruledCall(call, temps);
        }
        throw new IllegalStateException("forward mode met an unexpected expression: " + e);
    }

    private Dual binary(Expr.Binary b, Temporaries temps, Expr result) {
        Dual l = expression(b.left(), temps, null);
        Dual r = expression(b.right(), temps, null);
        switch (b.op()) {
            case ADD:
                return new Dual(Exprs.binary(BinaryOp.ADD, l.value(), r.value()), add(l.tangent(), r.tangent()));
            case SUB:
                return new Dual(Exprs.binary(BinaryOp.SUB, l.value(), r.value()), sub(l.tangent(), r.tangent()));
            case MUL: {
                Expr left = isZero(r.tangent()) ? l.value() : temps.atom(l.value());
                Expr right = isZero(l.tangent()) ? r.value() : temps.atom(r.value());
                Expr tangent;
                if (Exprs.sameValue(b.left(), b.right()) && !isZero(l.tangent())) {
                    tangent = mul(Exprs.number(2), mul(left, l.tangent()));
                } else if (Exprs.isScaled(b.left(), b.right()) && !isZero(r.tangent())) {
                    // (c a) * a: 2 (c a) da, one term
                    tangent = mul(Exprs.number(2), mul(left, r.tangent()));
                } else if (Exprs.isScaled(b.right(), b.left()) && !isZero(l.tangent())) {
                    tangent = mul(Exprs.number(2), mul(right, l.tangent()));
                } else {
                    tangent = add(mul(l.tangent(), right), mul(left, r.tangent()));
                }
                return new Dual(Exprs.binary(BinaryOp.MUL, left, right), tangent);
            }
            case DIV: {
                Expr divisor = temps.atom(r.value());
                if (isZero(r.tangent())) {
                    return new Dual(Exprs.binary(BinaryOp.DIV, l.value(), divisor), div(l.tangent(), divisor));
                }
                Expr division = Exprs.binary(BinaryOp.DIV, l.value(), divisor);
                Expr quotient = result != null ? result : temps.atom(division);
                return new Dual(result != null ? division : quotient,
                        div(sub(l.tangent(), mul(quotient, r.tangent())), divisor));
            }
            case REM: {
                Expr dividend = temps.atom(l.value());
                Expr divisor = temps.atom(r.value());
                Expr remainder = temps.atom(Exprs.binary(BinaryOp.REM, dividend, divisor));
                List<Expr> partials = Remainder.partials(dividend, divisor, remainder);
                return new Dual(remainder, add(mul(partials.get(0), l.tangent()), mul(partials.get(1), r.tangent())));
            }
            default:
                throw new IllegalStateException("not an arithmetic operator: " + b.op());
        }
    }

    private Dual mathCall(Expr.MathCall call, Temporaries temps, Expr result) {
        List<Dual> arguments = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            Dual a = expression(call.arguments().get(i), temps, null);
            Expr value = call.function().takesIntegerAt(i) ? a.value() : Exprs.widened(a.value());
            arguments.add(new Dual(call.function().usesArgument(i) ? temps.atom(value) : value, a.tangent()));
        }
        Expr value = new Expr.MathCall(call.owner(), call.function(), arguments.stream().map(Dual::value).toList(),
                call.position());
        AtomicReference<Expr> named = new AtomicReference<>();
        Supplier<Expr> resultAtom = () -> {
            if (named.get() == null) {
                named.set(result != null ? result : temps.atom(value));
            }
            return named.get();
        };
        List<Expr> partials = call.function().partials(arguments.stream().map(Dual::value).toList(), resultAtom,
                call.owner());
        Expr tangent = ZERO;
        for (int i = 0; i < arguments.size(); i++) {
            Expr dot = arguments.get(i).tangent();
            if (!isZero(dot)) {
                // Not in the tangent function: its reverse mode differentiates the product again, and a
                // zero tangent there must still carry the derivative of the tangent itself.
                Expr term = call.function().isSingular() && !tangentFunction
                        ? Exprs.strongZeroProduct(temps.atom(dot, "dot"), partials.get(i)) : mul(partials.get(i), dot);
                tangent = add(tangent, term);
            }
        }
        Expr resultValue = named.get() != null && named.get() != result ? named.get() : value;
        return new Dual(resultValue, tangent);
    }

    /** A call of another differentiable method goes through its generated forward mode. */
    private Dual differentiableCall(Expr.Call call, Temporaries temps) {
        CallTarget target = call.target();
        if (tangentFunction) {
            return tangentCall(call, temps);
        }
        List<Expr> arguments = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            Expr argument = call.arguments().get(i);
            Type parameterType = target.parameterTypes().get(i);
            if (!target.differentiableParameters().get(i)) {
                arguments.add(values.apply(argument));
            } else if (parameterType instanceof Type.Array) {
                arguments.add(dualArrayArgument(argument));
            } else {
                Dual a = expression(argument, temps, null);
                arguments.add(isZero(a.tangent())
                        ? new Expr.InvokeStatic(RuntimeTypes.DUAL, "constant", List.of(a.value()), RuntimeTypes.DUAL)
                        : new Expr.New(RuntimeTypes.DUAL, List.of(a.value(), a.tangent())));
            }
        }
        Expr dual = temps.atom(new Expr.InvokeStatic(target.gradOwner(),
                GradNames.forwardMethod(target.name()), arguments, RuntimeTypes.DUAL), target.name() + "Dual");
        return new Dual(new Expr.Invoke(dual, "value", List.of(), Type.DOUBLE),
                new Expr.Invoke(dual, "tangent", List.of(), Type.DOUBLE));
    }

    /**
     * In the tangent function, a call of {@code g} is {@code g(values)} for the value and
     * {@code gTangent(values, tangents)} for the tangent: both plain calls the reverse transform can
     * differentiate through {@code gGradient} and {@code gTangentGradient}.
     */
    private Dual tangentCall(Expr.Call call, Temporaries temps) {
        CallTarget target = call.target();
        List<Expr> arguments = new ArrayList<>();
        List<Expr> tangentArguments = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            Expr argument = call.arguments().get(i);
            if (!target.differentiableParameters().get(i)) {
                arguments.add(values.apply(argument));
            } else if (argument.type() instanceof Type.Array) {
                arguments.add(rowOf(argument));
                tangentArguments.add(activity.isActive(argument) ? tangentArray(argument) : zerosLike(rowOf(argument)));
            } else {
                Dual a = expression(argument, temps, null);
                arguments.add(temps.atom(a.value()));
                tangentArguments.add(a.tangent());
            }
        }
        List<Expr> all = new ArrayList<>(arguments);
        all.addAll(tangentArguments);
        return new Dual(new Expr.Call(target, arguments, call.position()),
                new Expr.Call(TangentTargets.of(target), all, call.position()));
    }

    private static Expr zerosLike(Expr array) {
        if (array.type().equals(Type.DOUBLE_ARRAY)) {
            return new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(new Expr.ArrayLength(array, SourcePosition.NONE)),
                    SourcePosition.NONE);
        }
        return new Expr.InvokeStatic(RuntimeTypes.ADJOINT_ARRAYS, "zerosLike", List.of(array),
                array.type());
    }

    /** A call of a function with the user's derivative rules: the tangent is the sum of rule times tangent. */
    private Dual ruledCall(Expr.Call call, Temporaries temps) {
        if (tangentFunction) {
            // The rules give first derivatives only; the tangent function would need theirs.
            throw new NoSecondOrder(call.target().name());
        }
        List<Expr> arguments = new ArrayList<>();
        List<Expr> tangents = new ArrayList<>();
        for (Expr argument : call.arguments()) {
            Dual a = expression(argument, temps, null);
            arguments.add(temps.atom(a.value()));
            tangents.add(a.tangent());
        }
        Expr tangent = ZERO;
        for (int i = 0; i < arguments.size(); i++) {
            DerivativeOfMethod rule = call.target().rule(i);
            if (rule != null && !isZero(tangents.get(i))) {
                Expr partial = new Expr.InvokeStatic(rule.owner(), rule.method(), arguments, Type.DOUBLE);
                tangent = add(tangent, mul(partial, tangents.get(i)));
            }
        }
        return new Dual(new Expr.Call(call.target(), arguments, call.position()), tangent);
    }

    /** An array argument as a {@code Dual[]}: a parameter's as it is, a local's built from its values and tangents. */
    private Expr dualArrayArgument(Expr argument) {
        if (isDualArray(argument)) {
            return rowOf(argument);
        }
        Type.Named helper = RuntimeTypes.DUAL_ARRAYS;
        Type type = dualsLike(argument.type());
        if (!activity.isActive(argument)) {
            return new Expr.InvokeStatic(helper, "constant", List.of(rowOf(argument)), type);
        }
        return new Expr.InvokeStatic(helper, "of", List.of(rowOf(argument), tangentArray(argument)), type);
    }
}
