package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.PartialRule;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Remainder;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.ValueNames;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
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
    private final Callees callees;
    private final Expr root;
    private final Expr rootResult;
    /** The values named in the forward sweep, or null when they are named as the adjoint is written. */
    private final NamedValues values;
    /** The parts whose partials the forward sweep took: their adjoints are one product each. */
    private final Preaccumulated preaccumulated;
    /** Where the adjoint statements go, and the temporaries of seeds. */
    private List<Stmt> out;
    private Temporaries temps;

    private ExpressionAdjoint(Expr root, Expr rootResult, Activity activity, Function<Variable, Variable> adjointOf,
            Callees callees, NamedValues values, Preaccumulated preaccumulated) {
        this.activity = activity;
        this.preaccumulated = preaccumulated;
        this.adjointOf = adjointOf;
        this.callees = callees;
        this.root = root;
        this.rootResult = rootResult;
        this.values = values;
    }

    /**
     * Names the values the adjoint of {@code e} will need, through {@code valueTemps}.
     *
     * @param result an atom that will hold the value of {@code e} (the assigned variable), or null
     */
    static ExpressionAdjoint prepare(Expr e, Expr result, Activity activity, Function<Variable, Variable> adjointOf,
            Callees callees, Temporaries valueTemps) {
        return new ExpressionAdjoint(e, result, activity, adjointOf, callees,
                new NamedValues(e, result, activity, callees, valueTemps, Preaccumulated.none()), Preaccumulated.none());
    }

    /**
     * Like {@link #prepare}, for a value computed in the forward sweep of straight-line code: the parts
     * that read one variable through a long chain are differentiated there too ({@link Preaccumulated}).
     */
    static ExpressionAdjoint preaccumulating(Expr e, Expr result, Activity activity,
            Function<Variable, Variable> adjointOf, Callees callees, Temporaries valueTemps) {
        Preaccumulated preaccumulated = Preaccumulated.in(e, activity, valueTemps);
        return new ExpressionAdjoint(e, result, activity, adjointOf, callees,
                new NamedValues(e, result, activity, callees, valueTemps, preaccumulated), preaccumulated);
    }

    /**
     * An expression whose values will be named when its adjoint is written, in the adjoint sweep:
     * inside loops, where naming them in the forward sweep would need a tape.
     */
    static ExpressionAdjoint deferred(Expr e, Expr result, Activity activity, Function<Variable, Variable> adjointOf,
            Callees callees) {
        return new ExpressionAdjoint(e, result, activity, adjointOf, callees, null, Preaccumulated.none());
    }

    /** The expression to evaluate in the primal, in terms of the named values. */
    Expr primal() {
        if (!activity.isActive(root) || values == null) {
            return root;
        }
        return values.primal();
    }

    /** Appends to {@code adjoint} the statements that propagate {@code seed} through the expression. */
    void propagate(Expr seed, List<Stmt> adjoint) {
        if (!activity.isActive(root) || Exprs.isZero(seed)) {
            return;
        }
        if (values == null) {
            propagate(root, seed, rootResult, activity, adjointOf, callees, adjoint);
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
            Function<Variable, Variable> adjointOf, Callees callees, List<Stmt> out) {
        if (!activity.isActive(e) || Exprs.isZero(seed)) {
            return;
        }
        prepare(e, result, activity, adjointOf, callees, Temporaries.into(out)).propagate(seed, out);
    }

    private Expr value(Expr e) {
        return values.value(e);
    }

    private void push(Expr e, Expr seed) {
        if (!activity.isActive(e) || Exprs.isZero(seed)) {
            return;
        }
        if (preaccumulated.covers(e)) {
            push(Exprs.ref(preaccumulated.variable(e)), preaccumulated.contribution(e, seed));
            return;
        }
        e.accept(new Push(seed));
    }

    /** {@code seed}, the adjoint of {@code e}, in a temporary: {@code sinYAdj} after its value, else {@code adj1}. */
    private Expr seedAtom(Expr seed, Expr e) {
        return temps.atom(seed, ValueNames.temporary(e, "Adj", "adj", Type.DOUBLE));
    }

    private long activeCount(List<Expr> operands) {
        return operands.stream().filter(activity::isActive).count();
    }

    private void mathCall(Expr.MathCall call, Expr seed) {
        List<Expr> partials = values.mathPartials(call);
        boolean singular = call.function().isSingular();
        Expr s = activeCount(call.arguments()) > 1 || singular ? seedAtom(seed, call) : seed;
        for (int i = 0; i < partials.size(); i++) {
            push(call.arguments().get(i), singular ? Exprs.strongZeroProduct(s, partials.get(i)) : mul(s, partials.get(i)));
        }
    }

    private void binary(Expr.Binary b, Expr seed) {
        Expr s = activeCount(List.of(b.left(), b.right())) > 1 ? seedAtom(seed, b) : seed;
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
                // The exact doubling last, 2 (s a), as forward mode writes it: 2 s can overflow where s a is 0.
                if (Exprs.sameValue(b.left(), b.right())) {
                    // d(a * a) = 2 a da: one update instead of two equal ones.
                    push(b.left(), mul(Exprs.number(2), mul(s, value(b.left()))));
                } else if (Exprs.isScaled(b.left(), b.right())) {
                    // d((c a) * a) = 2 (c a) da, with c a constant or -1 (-a * a): likewise.
                    push(b.right(), mul(Exprs.number(2), mul(s, value(b.left()))));
                } else if (Exprs.isScaled(b.right(), b.left())) {
                    push(b.left(), mul(Exprs.number(2), mul(s, value(b.right()))));
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
        Expr s = activeCount(call.arguments()) > 1 ? seedAtom(seed, call) : seed;
        for (int i = 0; i < arguments.size(); i++) {
            PartialRule rule = call.target().rule(i);
            if (rule != null) {
                push(call.arguments().get(i), mul(s, rule.partial(arguments)));
            }
        }
    }

    /** A call of another differentiable method: its generated reverse mode gives the partials. */
    private void differentiableCall(Expr.Call call, Expr seed) {
        CallTarget target = call.target();
        List<Expr> partials = values.callPartials(call);
        Expr s = activeCount(call.arguments()) > 1 ? seedAtom(seed, call) : seed;
        int component = 0;
        for (int i = 0; i < call.arguments().size(); i++) {
            Type parameterType = target.parameterTypes().get(i);
            if (!target.differentiableParameters().get(i)) {
                continue;
            }
            Expr partial = partials.get(component++);
            Expr argument = call.arguments().get(i);
            RecordShape record = target.records().shapeOf(i);
            if (record != null) {
                recordPartial(record, (Expr.New) argument, partial, s);
            } else if (parameterType.isDouble()) {
                push(argument, mul(s, partial));
            } else if (activity.isActive(argument)) {
                addScaled(argument, s, partial);
            }
        }
    }

    /** {@code adjoint += s * partial} for an array argument, element by element. */
    private void addScaled(Expr argument, Expr s, Expr partial) {
        addScaled(argument, s, partial, adjointOf, out);
    }

    /** {@code adjoint += s * partial} for the array {@code argument} (a variable or a row), into {@code out}. */
    static void addScaled(Expr argument, Expr s, Expr partial, Function<Variable, Variable> adjointOf, List<Stmt> out) {
        Expr adjoint = argument instanceof Expr.ArrayRead row
                ? adjointElement(row, adjointOf) : new Expr.Ref(adjointOf.apply(((Expr.Ref) argument).variable()));
        Stmt accumulate = new Stmt.Evaluate(new Expr.InvokeStatic(RuntimeTypes.ADJOINT_ARRAYS, "addScaled",
                List.of(adjoint, s, partial), Type.BOOLEAN));
        out.add(isParameter(argument) ? unlessNull(adjoint, accumulate) : accumulate);
    }

    /**
     * A record argument's partial, a record of its type, read back component by component into the
     * adjoints of the leaves it was built from ({@code pWAdj += s * g.dP().w()}).
     */
    private void recordPartial(RecordShape shape, Expr.New argument, Expr partial, Expr s) {
        for (int c = 0; c < shape.components().size(); c++) {
            RecordShape.Component component = shape.components().get(c);
            Expr part = argument.arguments().get(c);
            Type type = component.type();
            Expr partialPart = component.readFrom(partial);
            if (component.nested() != null) {
                recordPartial(component.nested(), (Expr.New) part, partialPart, s);
            } else if (type.isDouble()) {
                push(part, mul(s, partialPart));
            } else if (type instanceof Type.Array && activity.isActive(part)) {
                addScaled(part, s, partialPart);
            }
        }
    }

    private static boolean isParameter(Expr array) {
        return array instanceof Expr.Ref ref && ref.variable().origin() == Variable.Origin.PARAMETER;
    }

    /**
     * {@code if (adjoint != null) accumulate}: a null parameter array, which the callee returned
     * without reading, has a null adjoint, and the callee gave a null partial for it.
     */
    private static Stmt unlessNull(Expr adjoint, Stmt accumulate) {
        Expr present = Exprs.binary(BinaryOp.NE, adjoint, new Expr.Literal(null, adjoint.type(), SourcePosition.NONE));
        return new Stmt.If(present, new Stmt.Block(List.of(accumulate)), new Stmt.Block(List.of()), SourcePosition.NONE);
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

    /** Sends a seed, the adjoint of an active expression's value, into the adjoints of what it reads. */
    private final class Push implements Expr.Visitor<Void> {
        private final Expr seed;

        Push(Expr seed) {
            this.seed = seed;
        }

        private Void unexpected(Expr e) {
            throw new IllegalStateException("reverse mode met an unexpected expression: " + e);
        }

        @Override
        public Void visitLiteral(Expr.Literal node) {
            return unexpected(node);
        }

        @Override
        public Void visitRef(Expr.Ref node) {
            Variable adjoint = adjointOf.apply(node.variable());
            out.add(new Stmt.Assign(adjoint, add(new Expr.Ref(adjoint), seed), SourcePosition.NONE));
            return null;
        }

        @Override
        public Void visitStaticField(Expr.StaticField node) {
            return unexpected(node);
        }

        @Override
        public Void visitUnary(Expr.Unary node) {
            push(node.operand(), node.op() == UnaryOp.NEG ? neg(seed) : seed);
            return null;
        }

        @Override
        public Void visitBinary(Expr.Binary node) {
            binary(node, seed);
            return null;
        }

        @Override
        public Void visitConditional(Expr.Conditional node) {
            Expr s = seedAtom(seed, node);
            List<Stmt> whenTrue = new ArrayList<>();
            List<Stmt> whenFalse = new ArrayList<>();
            propagate(node.whenTrue(), s, null, activity, adjointOf, callees, whenTrue);
            propagate(node.whenFalse(), s, null, activity, adjointOf, callees, whenFalse);
            out.add(new Stmt.If(node.condition(), new Stmt.Block(whenTrue), new Stmt.Block(whenFalse),
                    SourcePosition.NONE));
            return null;
        }

        @Override
        public Void visitCast(Expr.Cast node) {
            push(node.operand(), seed);
            return null;
        }

        @Override
        public Void visitMathCall(Expr.MathCall node) {
            mathCall(node, seed);
            return null;
        }

        @Override
        public Void visitCall(Expr.Call node) {
            if (node.target().differentiable()) {
                differentiableCall(node, seed);
            } else {
                ruledCall(node, seed);
            }
            return null;
        }

        @Override
        public Void visitArrayRead(Expr.ArrayRead node) {
            Expr.ArrayRead adjoint = adjointElement(node, adjointOf);
            out.add(new Stmt.ArrayWrite(adjoint.array(), adjoint.index(), add(adjoint, seed), SourcePosition.NONE));
            return null;
        }

        @Override
        public Void visitArrayLength(Expr.ArrayLength node) {
            return unexpected(node);
        }

        @Override
        public Void visitNewArray(Expr.NewArray node) {
            return unexpected(node);
        }

        @Override
        public Void visitInvoke(Expr.Invoke node) {
            return unexpected(node);
        }

        @Override
        public Void visitInvokeStatic(Expr.InvokeStatic node) {
            return unexpected(node);
        }

        @Override
        public Void visitNew(Expr.New node) {
            return unexpected(node);
        }
    }
}
