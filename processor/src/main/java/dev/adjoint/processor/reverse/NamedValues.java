package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values an expression's adjoint needs ({@link NeededValues}), each named once in a temporary,
 * innermost first, as the primal computes them: takes the expression, the atom that will hold its
 * value (or null) and where the temporaries go; gives the value of any sub-expression in terms of the
 * temporaries, the expression to evaluate in the primal, and the value and partials of each
 * differentiable call, which its generated reverse mode gives in one call ({@link CallResult}).
 */
final class NamedValues {

    private final Activity activity;
    private final Callees callees;
    private final Temporaries temps;
    private final Expr root;
    private final Expr rootResult;
    private final Set<Expr> needed;
    private final Map<Expr, Expr> values = new IdentityHashMap<>();
    /** Named values by their shape, positions aside: one temporary per distinct value. */
    private final Map<Expr, Expr> byShape = new HashMap<>();
    private final Map<Expr, CallResult> calls = new IdentityHashMap<>();
    /** The parts whose values were named with their partials, before the rest. */
    private final Preaccumulated preaccumulated;

    /**
     * What a differentiable call gives the adjoint: its value, and its partial with respect to each
     * differentiable parameter, in parameter order.
     */
    private record CallResult(Expr value, List<Expr> partials) {
    }

    /**
     * Names the values the adjoint of {@code root} will need, through {@code temps}.
     *
     * @param rootResult an atom that will hold the value of {@code root} (the assigned variable), or null
     */
    NamedValues(Expr root, Expr rootResult, Activity activity, Callees callees, Temporaries temps,
            Preaccumulated preaccumulated) {
        this.activity = activity;
        this.preaccumulated = preaccumulated;
        this.callees = callees;
        this.temps = temps;
        this.root = root;
        this.rootResult = rootResult;
        if (!activity.isActive(root)) {
            this.needed = Set.of();
            return;
        }
        this.needed = NeededValues.in(root, activity);
        if (rootResult != null) {
            values.put(root, rootResult);
        }
        bind(root);
    }

    /** The expression to evaluate in the primal, in terms of the named values. */
    Expr primal() {
        CallResult call = calls.get(root);
        if (call != null) {
            return call.value();
        }
        return rootResult != null ? rebuild(root) : value(root);
    }

    /** The value of {@code e}: its temporary if it has one, else {@code e} built from its parts' values. */
    Expr value(Expr e) {
        Expr named = values.get(e);
        return named != null ? named : rebuild(e);
    }

    /**
     * The partials of the {@code Math} call {@code call} from the named values, one per argument (its
     * arguments widened to {@code double} where the function takes a {@code double}).
     */
    List<Expr> mathPartials(Expr.MathCall call) {
        List<Expr> arguments = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            Expr v = value(call.arguments().get(i));
            arguments.add(call.function().takesIntegerAt(i) ? v : Exprs.widened(v));
        }
        return call.function().partials(arguments, () -> value(call), call.owner());
    }

    /** The partials of the differentiable call {@code call}, one per differentiable parameter. */
    List<Expr> callPartials(Expr.Call call) {
        return calls.get(call).partials();
    }

    private Expr rebuild(Expr e) {
        if (preaccumulated.covers(e)) {
            return preaccumulated.primal(e);
        }
        return activity.isActive(e) ? e.accept(rebuilding) : e;
    }

    /** Names every needed value, innermost first, so that each is computed once. */
    private void bind(Expr e) {
        if (preaccumulated.covers(e)) {
            nameIfNeeded(e);
            return;
        }
        e.accept(binding);
    }

    private void bindChildren(Expr e) {
        if (activity.isActive(e)) {
            StatementWalker.children(e).forEach(this::bind);
        }
    }

    private Void bindWithChildren(Expr e) {
        bindChildren(e);
        nameIfNeeded(e);
        return null;
    }

    private void nameIfNeeded(Expr e) {
        if (needed.contains(e) && !values.containsKey(e)) {
            // The same value written twice (x[i] * x[i]) is computed once.
            Expr rebuilt = rebuild(e);
            values.put(e, byShape.computeIfAbsent(Exprs.withoutPositions(rebuilt), k -> temps.atom(rebuilt, e)));
        }
    }

    private final Expr.Visitor<Void> binding = new Expr.Visitor<>() {
        @Override
        public Void visitLiteral(Expr.Literal node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitRef(Expr.Ref node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitStaticField(Expr.StaticField node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitUnary(Expr.Unary node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitBinary(Expr.Binary node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitConditional(Expr.Conditional node) {
            // Each arm's adjoint names what it needs when it is written.
            nameIfNeeded(node);
            return null;
        }

        @Override
        public Void visitCast(Expr.Cast node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitMathCall(Expr.MathCall node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitCall(Expr.Call node) {
            if (!node.target().differentiable() || !activity.isActive(node)) {
                return bindWithChildren(node);
            }
            bindChildren(node);
            List<Expr> arguments = node.arguments().stream().map(NamedValues.this::value).toList();
            // A recomputing list repeats expressions instead of naming them: no place to pop the partials into.
            CallResult result = callees.onTape(node.target()) && temps.declares()
                    ? onTape(node.target(), arguments) : inRecord(node.target(), arguments);
            calls.put(node, result);
            values.putIfAbsent(node, result.value());
            return null;
        }

        @Override
        public Void visitArrayRead(Expr.ArrayRead node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitArrayLength(Expr.ArrayLength node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitNewArray(Expr.NewArray node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitInvoke(Expr.Invoke node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitInvokeStatic(Expr.InvokeStatic node) {
            return bindWithChildren(node);
        }

        @Override
        public Void visitNew(Expr.New node) {
            return bindWithChildren(node);
        }
    };

    /**
     * The callee's reverse mode, called with {@code arguments}: its record, named, gives the value and the
     * partials ({@code FGradient fGradient = FGrad.fGradient(x); ... fGradient.dX()}).
     */
    private CallResult inRecord(CallTarget target, List<Expr> arguments) {
        Expr record = temps.atom(new Expr.InvokeStatic(target.gradOwner(), GradNames.gradientMethod(target.name()),
                arguments, target.gradientRecord()), target.name() + "Gradient");
        List<Expr> partials = new ArrayList<>();
        int component = 0;
        for (int i = 0; i < arguments.size(); i++) {
            if (target.differentiableParameters().get(i)) {
                partials.add(new Expr.Invoke(record, target.gradientComponents().get(component++), List.of(),
                        target.parameterTypes().get(i)));
            }
        }
        return new CallResult(new Expr.Invoke(record, "value", List.of(), Type.DOUBLE), partials);
    }

    /**
     * The callee's core, called with {@code arguments} and the thread's double tape: it returns the value
     * and pushes the partials last parameter first, which are popped right away, in parameter order, so
     * that nothing stays on the tape across other statements and calls nest
     * ({@code double fValue = FGrad.fGradientOnto(x, doubleTape); double fDX = doubleTape.pop();}).
     */
    private CallResult onTape(CallTarget target, List<Expr> arguments) {
        Variable tape = callees.tape();
        List<Expr> withTape = new ArrayList<>(arguments);
        withTape.add(Exprs.ref(tape));
        Expr value = temps.atom(new Expr.InvokeStatic(target.gradOwner(), GradNames.gradientOntoMethod(target.name()),
                withTape, Type.DOUBLE), target.name() + "Value");
        List<Expr> partials = new ArrayList<>();
        for (String component : target.gradientComponents()) {
            partials.add(temps.atom(TapePolicy.pop(tape, Type.DOUBLE), target.name() + GradNames.capitalize(component)));
        }
        return new CallResult(value, partials);
    }

    /** An active expression built from its operands' values; an atom stays as it is. */
    private final Expr.Visitor<Expr> rebuilding = new Expr.Visitor<>() {
        @Override
        public Expr visitLiteral(Expr.Literal node) {
            return node;
        }

        @Override
        public Expr visitRef(Expr.Ref node) {
            return node;
        }

        @Override
        public Expr visitStaticField(Expr.StaticField node) {
            return node;
        }

        @Override
        public Expr visitUnary(Expr.Unary node) {
            return new Expr.Unary(node.op(), value(node.operand()), node.position());
        }

        @Override
        public Expr visitBinary(Expr.Binary node) {
            return new Expr.Binary(node.op(), value(node.left()), value(node.right()), node.position());
        }

        @Override
        public Expr visitConditional(Expr.Conditional node) {
            return node;
        }

        @Override
        public Expr visitCast(Expr.Cast node) {
            return new Expr.Cast(node.type(), value(node.operand()), node.position());
        }

        @Override
        public Expr visitMathCall(Expr.MathCall node) {
            return new Expr.MathCall(node.owner(), node.function(),
                    node.arguments().stream().map(NamedValues.this::value).toList(), node.position());
        }

        @Override
        public Expr visitCall(Expr.Call node) {
            return new Expr.Call(node.target(), node.arguments().stream().map(NamedValues.this::value).toList(),
                    node.position());
        }

        @Override
        public Expr visitArrayRead(Expr.ArrayRead node) {
            return node;
        }

        @Override
        public Expr visitArrayLength(Expr.ArrayLength node) {
            return node;
        }

        @Override
        public Expr visitNewArray(Expr.NewArray node) {
            return node;
        }

        @Override
        public Expr visitInvoke(Expr.Invoke node) {
            return node;
        }

        @Override
        public Expr visitInvokeStatic(Expr.InvokeStatic node) {
            return node;
        }

        @Override
        public Expr visitNew(Expr.New node) {
            return node;
        }
    };
}
