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
import dev.adjoint.processor.ir.PartialRule;
import dev.adjoint.processor.ir.Remainder;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Substitution;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.ValueNames;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Forward mode's rules for expressions: the value and the tangent of each kind of expression, from its
 * operands' values and tangents, and the tangent local {@code vDot} that joins each active variable
 * {@code v}. {@link ForwardTransform} translates the statements around them.
 */
final class ExpressionTangents {

    /** The value and tangent of an expression. */
    record Dual(Expr value, Expr tangent) {
    }

    private final Activity activity;
    private final Substitution values;
    private final Map<Variable, Variable> tangents = new HashMap<>();
    /** Tangents read where they are, not from a local: a {@code Dual} parameter's that the body never assigns. */
    private final Map<Variable, Expr> tangentReads = new HashMap<>();
    /** Building the tangent function: plain doubles in and the tangent out, no {@code Dual} anywhere. */
    private final boolean tangentFunction;

    /**
     * @param values how the generated method reads a variable's value (a {@code Dual} parameter's
     *     value is its {@code value()}, or a local if the body assigns it; an element of a
     *     {@code Dual[]} its {@code value()})
     */
    ExpressionTangents(Activity activity, Substitution values, boolean tangentFunction) {
        this.activity = activity;
        this.values = values;
        this.tangentFunction = tangentFunction;
    }

    /** The tangent local of {@code v}, made on first use. */
    Variable tangentOf(Variable v) {
        return tangents.computeIfAbsent(v, k -> Variable.derived(k, "Dot", k.type()));
    }

    /** Gives {@code v} a tangent of its own, such as a parameter {@code xDot} of the tangent function. */
    void useTangent(Variable v, Variable tangent) {
        tangents.put(v, tangent);
    }

    /** Reads {@code v}'s tangent as {@code tangent} (a {@code Dual} parameter's {@code x.tangent()}) wherever {@code v} is read. */
    void readTangentAs(Variable v, Expr tangent) {
        tangentReads.put(v, tangent);
    }

    /**
     * {@code new Dual(value, tangent)}, or the {@code Dual} both are read from: passing a parameter on
     * as it came allocates nothing, and a recursive call then keeps no copy of its parts in its frame.
     */
    static Expr newDual(Expr value, Expr tangent) {
        if (value instanceof Expr.Invoke v && tangent instanceof Expr.Invoke t && v.name().equals("value")
                && t.name().equals("tangent") && v.receiver() instanceof Expr.Ref d && d.type().equals(RuntimeTypes.DUAL)
                && t.receiver() instanceof Expr.Ref e && e.variable() == d.variable()) {
            return d;
        }
        return new Expr.New(RuntimeTypes.DUAL, List.of(value, tangent));
    }

    /** {@code Dual[]} for {@code double[]}, {@code Dual[][]} for {@code double[][]}. */
    static Type dualsLike(Type type) {
        return type instanceof Type.Array array ? new Type.Array(dualsLike(array.element())) : RuntimeTypes.DUAL;
    }

    /**
     * The value and tangent of {@code e}.
     *
     * @param temps where intermediate values are named
     * @param result where the caller will store the value, usable by rules that need the result; or null
     */
    Dual of(Expr e, Temporaries temps, Expr result) {
        if (!activity.isActive(e)) {
            return new Dual(values.apply(e), ZERO);
        }
        return e.accept(new Rule(temps, result));
    }

    /**
     * The rule of each kind of active expression. Only the kinds that can depend on an input have one:
     * literals, fields, lengths, new arrays and generated calls are never active.
     */
    private final class Rule implements Expr.Visitor<Dual> {
        private final Temporaries temps;
        private final Expr result;

        Rule(Temporaries temps, Expr result) {
            this.temps = temps;
            this.result = result;
        }

        @Override
        public Dual visitRef(Expr.Ref node) {
            Expr tangent = tangentReads.get(node.variable());
            return new Dual(values.apply(node), tangent != null ? tangent : new Expr.Ref(tangentOf(node.variable())));
        }

        @Override
        public Dual visitArrayRead(Expr.ArrayRead node) {
            return element(node);
        }

        @Override
        public Dual visitUnary(Expr.Unary node) {
            Dual operand = of(node.operand(), temps, null);
            return node.op() == UnaryOp.NEG
                    ? new Dual(neg(operand.value()), neg(operand.tangent()))
                    : operand;
        }

        @Override
        public Dual visitCast(Expr.Cast node) {
            return of(node.operand(), temps, result);
        }

        @Override
        public Dual visitBinary(Expr.Binary node) {
            return binary(node, temps, result);
        }

        @Override
        public Dual visitConditional(Expr.Conditional node) {
            Temporaries inBranch = Temporaries.recomputing();
            Dual whenTrue = of(node.whenTrue(), inBranch, null);
            Dual whenFalse = of(node.whenFalse(), inBranch, null);
            Expr condition = values.apply(node.condition());
            return new Dual(
                    new Expr.Conditional(condition, whenTrue.value(), whenFalse.value(), node.type(), node.position()),
                    Exprs.conditional(condition, whenTrue.tangent(), whenFalse.tangent()));
        }

        @Override
        public Dual visitMathCall(Expr.MathCall node) {
            return mathCall(node, temps, result);
        }

        @Override
        public Dual visitCall(Expr.Call node) {
            return node.target().differentiable() ? differentiableCall(node, temps) : ruledCall(node, temps);
        }

        @Override
        public Dual visitLiteral(Expr.Literal node) {
            throw unexpected(node);
        }

        @Override
        public Dual visitStaticField(Expr.StaticField node) {
            throw unexpected(node);
        }

        @Override
        public Dual visitArrayLength(Expr.ArrayLength node) {
            throw unexpected(node);
        }

        @Override
        public Dual visitNewArray(Expr.NewArray node) {
            throw unexpected(node);
        }

        @Override
        public Dual visitInvoke(Expr.Invoke node) {
            throw unexpected(node);
        }

        @Override
        public Dual visitInvokeStatic(Expr.InvokeStatic node) {
            throw unexpected(node);
        }

        @Override
        public Dual visitNew(Expr.New node) {
            throw unexpected(node);
        }

        private IllegalStateException unexpected(Expr e) {
            return new IllegalStateException("forward mode met an unexpected expression: " + e);
        }
    }

    /** The tangents of a local array or of one of its rows: {@code aDot}, {@code aDot[i]}. */
    Expr tangentArray(Expr array) {
        if (array instanceof Expr.ArrayRead row) {
            return new Expr.ArrayRead(tangentArray(row.array()), values.apply(row.index()), row.position());
        }
        return new Expr.Ref(tangentOf(((Expr.Ref) array).variable()));
    }

    /** An array argument as a {@code Dual[]}: a parameter's as it is, a local's built from its values and tangents. */
    Expr dualArrayArgument(Expr argument) {
        if (isDualArray(argument)) {
            return rowOf(argument);
        }
        Type.Named helper = RuntimeTypes.DUAL_ARRAYS;
        Type type = dualsLike(argument.type());
        if (isNullLiteral(argument)) {
            return new Expr.Literal(null, type, argument.position()); // the callee takes null where the primal does
        }
        if (!activity.isActive(argument)) {
            return new Expr.InvokeStatic(helper, "constant", List.of(rowOf(argument)), type);
        }
        return new Expr.InvokeStatic(helper, "of", List.of(rowOf(argument), tangentArray(argument)), type);
    }

    /** A null passed for an array parameter ({@code f(x, null)}): its tangents are null too. */
    private static boolean isNullLiteral(Expr argument) {
        return argument instanceof Expr.Literal literal && literal.value() == null;
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

    private Dual binary(Expr.Binary b, Temporaries temps, Expr result) {
        Dual l = of(b.left(), temps, null);
        Dual r = of(b.right(), temps, null);
        switch (b.op()) {
            case ADD:
                return new Dual(Exprs.binary(BinaryOp.ADD, l.value(), r.value()), add(l.tangent(), r.tangent()));
            case SUB:
                return new Dual(Exprs.binary(BinaryOp.SUB, l.value(), r.value()), sub(l.tangent(), r.tangent()));
            case MUL: {
                Expr left = isZero(r.tangent()) ? l.value() : temps.atom(l.value(), b.left());
                // x[i] * x[i] reads the element once.
                Expr right = Exprs.sameValue(b.left(), b.right()) ? left
                        : isZero(l.tangent()) ? r.value() : temps.atom(r.value(), b.right());
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
                Expr divisor = temps.atom(r.value(), b.right());
                if (isZero(r.tangent())) {
                    return new Dual(Exprs.binary(BinaryOp.DIV, l.value(), divisor), div(l.tangent(), divisor));
                }
                Expr division = Exprs.binary(BinaryOp.DIV, l.value(), divisor);
                Expr quotient = result != null ? result : temps.atom(division, b);
                return new Dual(result != null ? division : quotient,
                        div(sub(l.tangent(), mul(quotient, r.tangent())), divisor));
            }
            case REM: {
                Expr dividend = temps.atom(l.value(), b.left());
                Expr divisor = temps.atom(r.value(), b.right());
                Expr remainder = temps.atom(Exprs.binary(BinaryOp.REM, dividend, divisor), b);
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
            Expr argument = call.arguments().get(i);
            Dual a = of(argument, temps, null);
            Expr value = call.function().takesIntegerAt(i) ? a.value() : Exprs.widened(a.value());
            arguments.add(new Dual(call.function().usesArgument(i) ? temps.atom(value, argument) : value, a.tangent()));
        }
        Expr value = new Expr.MathCall(call.owner(), call.function(), arguments.stream().map(Dual::value).toList(),
                call.position());
        AtomicReference<Expr> named = new AtomicReference<>();
        Supplier<Expr> resultAtom = () -> {
            if (named.get() == null) {
                named.set(result != null ? result : temps.atom(value, call));
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
                Variable dotTemporary = ValueNames.temporary(call.arguments().get(i), "Dot", "dot", Type.DOUBLE);
                Expr term = call.function().isSingular() && !tangentFunction
                        ? Exprs.strongZeroProduct(temps.atom(dot, dotTemporary), partials.get(i)) : mul(partials.get(i), dot);
                tangent = add(tangent, term);
            }
        }
        Expr resultValue = named.get() != null && named.get() != result ? named.get() : value;
        return new Dual(resultValue, tangent);
    }

    /** A call of another differentiable method goes through its generated forward mode. */
    private Dual differentiableCall(Expr.Call call, Temporaries temps) {
        CallTarget target = call.target();
        if (tangentFunction && call.type() instanceof Type.Array) {
            // A vector-valued callee has no tangent function to differentiate its forward mode again.
            throw new ForwardTransform.NoSecondOrder(target.name(), true);
        }
        if (tangentFunction) {
            return tangentCall(call, temps);
        }
        List<Expr> arguments = forwardArguments(call, temps);
        if (call.type() instanceof Type.Array) {
            // A vector-valued callee's forward mode gives Dual[]: the caller's array and its tangent array.
            Expr duals = temps.atom(new Expr.InvokeStatic(target.gradOwner(), GradNames.forwardMethod(target.name()),
                    arguments, dualsLike(call.type())), target.name() + "Duals");
            return new Dual(new Expr.InvokeStatic(RuntimeTypes.DUAL_ARRAYS, "values", List.of(duals), call.type()),
                    new Expr.InvokeStatic(RuntimeTypes.DUAL_ARRAYS, "tangents", List.of(duals), call.type()));
        }
        Expr dual = temps.atom(new Expr.InvokeStatic(target.gradOwner(),
                GradNames.forwardMethod(target.name()), arguments, RuntimeTypes.DUAL), target.name() + "Dual");
        return new Dual(new Expr.Invoke(dual, "value", List.of(), Type.DOUBLE),
                new Expr.Invoke(dual, "tangent", List.of(), Type.DOUBLE));
    }

    /** The arguments of a differentiable callee's forward mode: each with its tangent, as its parameter takes it. */
    List<Expr> forwardArguments(Expr.Call call, Temporaries temps) {
        CallTarget target = call.target();
        List<Expr> arguments = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            Expr argument = call.arguments().get(i);
            Type parameterType = target.parameterTypes().get(i);
            if (!target.differentiableParameters().get(i)) {
                arguments.add(values.apply(argument));
            } else if (parameterType instanceof Type.Array) {
                arguments.add(dualArrayArgument(argument));
            } else if (target.records().shapeOf(i) != null) {
                // A record and its direction, a record of the same type, as the callee's entry takes them.
                arguments.add(values.apply(argument));
                arguments.add(recordTangent((Expr.New) argument, temps));
            } else {
                Dual a = of(argument, temps, null);
                arguments.add(isZero(a.tangent())
                        ? new Expr.InvokeStatic(RuntimeTypes.DUAL, "constant", List.of(a.value()), RuntimeTypes.DUAL)
                        : newDual(a.value(), a.tangent()));
            }
        }
        return arguments;
    }

    /**
     * The direction of a record passed to a call: each leaf's tangent, zero for a leaf that has none
     * (a record the caller does not differentiate); an integer or boolean component its own value,
     * which the callee does not read as a tangent.
     */
    private Expr recordTangent(Expr.New record, Temporaries temps) {
        List<Expr> parts = new ArrayList<>();
        for (Expr part : record.arguments()) {
            if (part instanceof Expr.New nested) {
                parts.add(recordTangent(nested, temps));
            } else if (part.type().isDouble()) {
                parts.add(of(part, temps, null).tangent());
            } else if (part.type() instanceof Type.Array) {
                parts.add(activity.isActive(part) ? tangentArray(part) : zerosLike(values.apply(part)));
            } else {
                parts.add(values.apply(part));
            }
        }
        return new Expr.New(record.type(), parts);
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
                tangentArguments.add(activity.isActive(argument) ? tangentArray(argument)
                        : isNullLiteral(argument) ? argument : zerosLike(rowOf(argument)));
            } else if (target.records().shapeOf(i) != null) {
                // A record (built from the caller's leaves) and its direction, a record of the same type.
                arguments.add(argument);
                tangentArguments.add(recordTangent((Expr.New) argument, temps));
            } else {
                Dual a = of(argument, temps, null);
                arguments.add(temps.atom(a.value(), argument));
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
            throw new ForwardTransform.NoSecondOrder(call.target().name(), false);
        }
        List<Expr> arguments = new ArrayList<>();
        List<Expr> argumentTangents = new ArrayList<>();
        for (Expr argument : call.arguments()) {
            Dual a = of(argument, temps, null);
            arguments.add(temps.atom(a.value(), argument));
            argumentTangents.add(a.tangent());
        }
        Expr tangent = ZERO;
        for (int i = 0; i < arguments.size(); i++) {
            PartialRule rule = call.target().rule(i);
            if (rule != null && !isZero(argumentTangents.get(i))) {
                Expr partial = rule.partial(arguments);
                tangent = add(tangent, mul(partial, argumentTangents.get(i)));
            }
        }
        return new Dual(new Expr.Call(call.target(), arguments, call.position()), tangent);
    }
}
