package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.DerivativeOfMethod;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.ir.Remainder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The adjoint of one expression: given the adjoint of its value (the seed), adds the seed times
 * each partial derivative into the adjoints of the active variables it reads.
 *
 * <p>The intermediate values its rules need are named once, in temporaries: outside loops, in the
 * forward sweep itself ({@link #prepare}), where the primal computes them anyway and each is assigned
 * once; inside loops, recomputed in the adjoint sweep ({@link #propagate}), where every variable holds
 * the value it had when the expression was evaluated, instead of taped.
 */
final class ExpressionAdjoint {

    private final Activity activity;
    private final Function<Variable, Variable> adjointOf;
    /** Where the named values go: the forward sweep, or the adjoint sweep when recomputing. */
    private final Temporaries valueTemps;
    /** Where the adjoint statements go, and the temporaries of seeds. */
    private List<Stmt> out;
    private Temporaries temps;
    private Expr root;
    private Expr rootResult;
    /** The gradient record of each differentiable call, named with the values. */
    private final Map<Expr, Expr> callRecords = new IdentityHashMap<>();
    private final Set<Expr> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Expr, Expr> values = new IdentityHashMap<>();
    /** Named values by their shape, positions aside: one temporary per distinct value. */
    private final Map<Expr, Expr> byShape = new java.util.HashMap<>();

    private ExpressionAdjoint(Activity activity, Function<Variable, Variable> adjointOf, Temporaries valueTemps) {
        this.activity = activity;
        this.adjointOf = adjointOf;
        this.valueTemps = valueTemps;
    }

    /**
     * Names the values the adjoint of {@code e} will need, through {@code valueTemps}.
     *
     * @param result an atom that will hold the value of {@code e} (the assigned variable), or null
     */
    static ExpressionAdjoint prepare(Expr e, Expr result, Activity activity, Function<Variable, Variable> adjointOf,
            Temporaries valueTemps) {
        ExpressionAdjoint adjoint = new ExpressionAdjoint(activity, adjointOf, valueTemps);
        adjoint.root = e;
        adjoint.rootResult = result;
        if (activity.isActive(e)) {
            adjoint.markNeeded(e);
            if (result != null) {
                adjoint.values.put(e, result);
            }
            adjoint.bind(e);
        }
        return adjoint;
    }

    /**
     * An expression whose values will be named when its adjoint is written, in the adjoint sweep:
     * inside loops, where naming them in the forward sweep would need a tape.
     */
    static ExpressionAdjoint deferred(Expr e, Expr result, Activity activity, Function<Variable, Variable> adjointOf) {
        ExpressionAdjoint adjoint = new ExpressionAdjoint(activity, adjointOf, null);
        adjoint.root = e;
        adjoint.rootResult = result;
        return adjoint;
    }

    /** The expression to evaluate in the primal, in terms of the named values. */
    Expr primal() {
        if (!activity.isActive(root) || valueTemps == null) {
            return root;
        }
        Expr record = callRecords.get(root);
        if (record != null) {
            return new Expr.Invoke(record, "value", List.of(), Type.DOUBLE);
        }
        return rootResult != null ? rebuild(root) : value(root);
    }

    /** Appends to {@code adjoint} the statements that propagate {@code seed} through the expression. */
    void propagate(Expr seed, List<Stmt> adjoint) {
        if (!activity.isActive(root) || Exprs.isZero(seed)) {
            return;
        }
        if (valueTemps == null) {
            propagate(root, seed, rootResult, activity, adjointOf, adjoint);
            return;
        }
        this.out = adjoint;
        this.temps = Temporaries.into(adjoint);
        push(root, seed);
    }

    /**
     * Appends to {@code out} the statements that propagate {@code seed} through {@code e}.
     *
     * @param result an atom holding the value of {@code e}, or null if none does
     */
    static void propagate(Expr e, Expr seed, Expr result, Activity activity,
            Function<Variable, Variable> adjointOf, List<Stmt> out) {
        if (!activity.isActive(e) || Exprs.isZero(seed)) {
            return;
        }
        prepare(e, result, activity, adjointOf, Temporaries.into(out)).propagate(seed, out);
    }

    /**
     * The variables whose values the adjoint of {@code e} reads: those in the sub-expressions a
     * derivative rule needs, in the indices of active array elements, and in the conditions of active
     * {@code ?:}. A variable only summed ({@code s + x}) is not among them, so overwriting it needs no
     * tape.
     */
    static Set<Variable> variablesRead(Expr e, Activity activity) {
        Set<Variable> read = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!activity.isActive(e)) {
            return read;
        }
        ExpressionAdjoint adjoint = new ExpressionAdjoint(activity, v -> v, Temporaries.into(new ArrayList<>()));
        adjoint.markNeeded(e);
        adjoint.needed.forEach(n -> StatementWalker.addVariables(n, read));
        adjoint.structuralReads(e, read);
        return read;
    }

    private void structuralReads(Expr e, Set<Variable> read) {
        if (!activity.isActive(e)) {
            return;
        }
        if (e instanceof Expr.ArrayRead element) {
            StatementWalker.addVariables(element.index(), read);
            structuralReads(element.array(), read);
        } else if (e instanceof Expr.Conditional c) {
            StatementWalker.addVariables(c.condition(), read);
            read.addAll(variablesRead(c.whenTrue(), activity));
            read.addAll(variablesRead(c.whenFalse(), activity));
        } else {
            StatementWalker.children(e).forEach(child -> structuralReads(child, read));
        }
    }

    /** Marks the sub-expressions whose values some derivative rule below {@code e} reads. */
    private void markNeeded(Expr e) {
        if (!activity.isActive(e)) {
            return;
        }
        if (e instanceof Expr.Binary b) {
            boolean leftActive = activity.isActive(b.left());
            boolean rightActive = activity.isActive(b.right());
            switch (b.op()) {
                case MUL -> {
                    if (rightActive) {
                        needed.add(b.left());
                    }
                    if (leftActive) {
                        needed.add(b.right());
                    }
                }
                case DIV -> {
                    needed.add(b.right());
                    if (rightActive) {
                        needed.add(b);
                    }
                }
                case REM -> {
                    needed.add(b.left());
                    needed.add(b.right());
                    needed.add(b);
                }
                default -> { }
            }
        } else if (e instanceof Expr.MathCall call) {
            for (int i = 0; i < call.arguments().size(); i++) {
                if (call.function().usesArgument(i)) {
                    needed.add(call.arguments().get(i));
                }
            }
            if (call.function().usesResult()) {
                needed.add(call);
            }
        } else if (e instanceof Expr.Call call) {
            needed.addAll(call.arguments());
        }
        if (!(e instanceof Expr.Conditional)) {
            StatementWalker.children(e).forEach(this::markNeeded);
        }
    }

    /** Names every needed value, innermost first, so that each is computed once. */
    private void bind(Expr e) {
        if (activity.isActive(e) && !(e instanceof Expr.Conditional)) {
            StatementWalker.children(e).forEach(this::bind);
        }
        if (e instanceof Expr.Call call && call.target().differentiable() && activity.isActive(e)) {
            // The callee's reverse mode gives its value and its partials in one call.
            CallTarget target = call.target();
            Expr record = valueTemps.atom(new Expr.InvokeStatic(target.gradOwner(),
                    GradNames.gradientMethod(target.name()), call.arguments().stream().map(this::value).toList(),
                    target.gradientRecord()), target.name() + "Gradient");
            callRecords.put(e, record);
            values.putIfAbsent(e, new Expr.Invoke(record, "value", List.of(), Type.DOUBLE));
            return;
        }
        if (needed.contains(e) && !values.containsKey(e)) {
            // The same value written twice (x[i] * x[i]) is computed once.
            Expr rebuilt = rebuild(e);
            values.put(e, byShape.computeIfAbsent(Exprs.withoutPositions(rebuilt), k -> valueTemps.atom(rebuilt)));
        }
    }

    /** The value of {@code e}: its temporary if it has one, else {@code e} built from its parts' values. */
    private Expr value(Expr e) {
        Expr named = values.get(e);
        return named != null ? named : rebuild(e);
    }

    private Expr rebuild(Expr e) {
        if (!activity.isActive(e)) {
            return e;
        }
        if (e instanceof Expr.Unary u) {
            return new Expr.Unary(u.op(), value(u.operand()), u.position());
        }
        if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), value(b.left()), value(b.right()), b.position());
        }
        if (e instanceof Expr.Cast c) {
            return new Expr.Cast(c.type(), value(c.operand()), c.position());
        }
        if (e instanceof Expr.MathCall call) {
            return new Expr.MathCall(call.owner(), call.function(), call.arguments().stream().map(this::value).toList(),
                    call.position());
        }
        if (e instanceof Expr.Call call) {
            return new Expr.Call(call.target(), call.arguments().stream().map(this::value).toList(), call.position());
        }
        return e;
    }


    private void push(Expr e, Expr seed) {
        if (!activity.isActive(e) || Exprs.isZero(seed)) {
            return;
        }
        if (e instanceof Expr.Ref ref) {
            Variable adjoint = adjointOf.apply(ref.variable());
            out.add(new Stmt.Assign(adjoint, add(new Expr.Ref(adjoint), seed), SourcePosition.NONE));
        } else if (e instanceof Expr.ArrayRead read) {
            Expr.ArrayRead adjoint = adjointElement(read, adjointOf);
            out.add(new Stmt.ArrayWrite(adjoint.array(), adjoint.index(), add(adjoint, seed), SourcePosition.NONE));
        } else if (e instanceof Expr.Unary u) {
            push(u.operand(), u.op() == UnaryOp.NEG ? neg(seed) : seed);
        } else if (e instanceof Expr.Cast c) {
            push(c.operand(), seed);
        } else if (e instanceof Expr.Binary b) {
            binary(b, seed);
        } else if (e instanceof Expr.Conditional c) {
            Expr s = temps.atom(seed, "adj");
            List<Stmt> whenTrue = new ArrayList<>();
            List<Stmt> whenFalse = new ArrayList<>();
            propagate(c.whenTrue(), s, null, activity, adjointOf, whenTrue);
            propagate(c.whenFalse(), s, null, activity, adjointOf, whenFalse);
            out.add(new Stmt.If(c.condition(), new Stmt.Block(whenTrue), new Stmt.Block(whenFalse), SourcePosition.NONE));
        } else if (e instanceof Expr.MathCall call) {
            List<Expr> arguments = new ArrayList<>();
            for (int i = 0; i < call.arguments().size(); i++) {
                Expr v = value(call.arguments().get(i));
                arguments.add(call.function().takesIntegerAt(i) ? v : Exprs.widened(v));
            }
            List<Expr> partials = call.function().partials(arguments, () -> value(call), call.owner());
            boolean singular = call.function().isSingular();
            Expr s = activeCount(call.arguments()) > 1 || singular ? temps.atom(seed, "adj") : seed;
            for (int i = 0; i < arguments.size(); i++) {
                push(call.arguments().get(i), singular ? Exprs.strongZeroProduct(s, partials.get(i)) : mul(s, partials.get(i)));
            }
        } else if (e instanceof Expr.Call call && call.target().differentiable()) {
            differentiableCall(call, seed);
        } else if (e instanceof Expr.Call call) {
            ruledCall(call, seed);
        } else {
            throw new IllegalStateException("reverse mode met an unexpected expression: " + e);
        }
    }

    private long activeCount(List<Expr> operands) {
        return operands.stream().filter(activity::isActive).count();
    }

    private void binary(Expr.Binary b, Expr seed) {
        Expr s = activeCount(List.of(b.left(), b.right())) > 1 ? temps.atom(seed, "adj") : seed;
        switch (b.op()) {
            case ADD -> {
                push(b.left(), s);
                push(b.right(), s);
            }
            case SUB -> {
                push(b.left(), s);
                push(b.right(), neg(s));
            }
            case MUL -> {
                if (Exprs.sameValue(b.left(), b.right())) {
                    // d(a * a) = 2 a da: one update instead of two equal ones.
                    push(b.left(), mul(mul(Exprs.number(2), s), value(b.left())));
                } else if (Exprs.isScaled(b.left(), b.right())) {
                    // d((c a) * a) = 2 (c a) da, with c a constant or -1 (-a * a): likewise.
                    push(b.right(), mul(mul(Exprs.number(2), s), value(b.left())));
                } else if (Exprs.isScaled(b.right(), b.left())) {
                    push(b.left(), mul(mul(Exprs.number(2), s), value(b.right())));
                } else {
                    push(b.left(), mul(s, value(b.right())));
                    push(b.right(), mul(s, value(b.left())));
                }
            }
            case DIV -> {
                push(b.left(), div(s, value(b.right())));
                push(b.right(), neg(div(mul(s, value(b)), value(b.right()))));
            }
            case REM -> {
                List<Expr> partials = Remainder.partials(value(b.left()), value(b.right()), value(b));
                push(b.left(), mul(s, partials.get(0)));
                push(b.right(), mul(s, partials.get(1)));
            }
            default -> throw new IllegalStateException("not an arithmetic operator: " + b.op());
        }
    }

    /** A call of a function with the user's derivative rules: each rule, called with the arguments, is a partial. */
    private void ruledCall(Expr.Call call, Expr seed) {
        List<Expr> arguments = call.arguments().stream().map(this::value).toList();
        Expr s = activeCount(call.arguments()) > 1 ? temps.atom(seed, "adj") : seed;
        for (int i = 0; i < arguments.size(); i++) {
            DerivativeOfMethod rule = call.target().rule(i);
            if (rule != null) {
                push(call.arguments().get(i), mul(s, new Expr.InvokeStatic(rule.owner(), rule.method(), arguments,
                        Type.DOUBLE)));
            }
        }
    }

    /** A call of another differentiable method: its generated reverse mode gives the partials. */
    private void differentiableCall(Expr.Call call, Expr seed) {
        CallTarget target = call.target();
        List<Expr> arguments = call.arguments().stream().map(this::value).toList();
        Expr gradient = callRecords.get(call);
        Expr s = activeCount(call.arguments()) > 1 ? temps.atom(seed, "adj") : seed;
        int component = 0;
        for (int i = 0; i < arguments.size(); i++) {
            Type parameterType = target.parameterTypes().get(i);
            if (!target.differentiableParameters().get(i)) {
                continue;
            }
            Expr partial = new Expr.Invoke(gradient, target.gradientComponents().get(component++), List.of(),
                    parameterType);
            Expr argument = call.arguments().get(i);
            if (parameterType.isDouble()) {
                push(argument, mul(s, partial));
            } else if (activity.isActive(argument)) {
                Expr adjoint = argument instanceof Expr.ArrayRead row
                        ? adjointElement(row, adjointOf) : new Expr.Ref(adjointOf.apply(((Expr.Ref) argument).variable()));
                out.add(new Stmt.Evaluate(new Expr.InvokeStatic(RuntimeTypes.ADJOINT_ARRAYS, "addScaled",
                        List.of(adjoint, s, partial), Type.BOOLEAN)));
            }
        }
    }

    /** The adjoint of an array element or row: {@code w[i]} gives {@code wAdj[i]}. */
    static Expr.ArrayRead adjointElement(Expr.ArrayRead read, Function<Variable, Variable> adjointOf) {
        return new Expr.ArrayRead(adjointArray(read.array(), adjointOf), read.index(), SourcePosition.NONE);
    }

    private static Expr adjointArray(Expr array, Function<Variable, Variable> adjointOf) {
        if (array instanceof Expr.ArrayRead row) {
            return adjointElement(row, adjointOf);
        }
        return new Expr.Ref(adjointOf.apply(((Expr.Ref) array).variable()));
    }
}
