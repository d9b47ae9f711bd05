package dev.adjoint.processor.forward;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.forward.ExpressionTangents.Dual;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Substitution;
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
 * Forward mode: the method again, with every active variable {@code v} joined by its tangent
 * {@code vDot} in a primitive local. The tangent of each assignment is the sum of the derivative
 * rules' partials times the operands' tangents ({@link ExpressionTangents}); nothing is allocated but
 * the returned {@code Dual}. This class translates the statements: the signature, declarations,
 * assignments, element writes, control flow and the return.
 */
public final class ForwardTransform {

    private final Function function;
    private final Activity activity;
    private final Substitution values;
    private final ExpressionTangents tangents;
    /** Building the tangent function: plain doubles in and the tangent out, no {@code Dual} anywhere. */
    private final boolean tangentFunction;
    /** For a method returning a record: the generated record of its value and tangent; null otherwise. */
    private Type.Named forwardRecord;

    /**
     * Second-order derivatives cannot go through a call that only has first-order rules, nor through a
     * vector-valued callee (whose forward mode is not differentiated again).
     */
    public static final class NoSecondOrder extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean vectorValued;
        /** The simple name of the record the called method returns, or null. */
        private final String returnedRecord;

        NoSecondOrder(String function, boolean vectorValued) {
            this(function, vectorValued, null);
        }

        /** A call of a method returning the record {@code returnedRecord}. */
        NoSecondOrder(String function, String returnedRecord) {
            this(function, true, returnedRecord);
        }

        private NoSecondOrder(String function, boolean vectorValued, String returnedRecord) {
            super(function);
            this.vectorValued = vectorValued;
            this.returnedRecord = returnedRecord;
        }

        /** Whether the call is of a vector-valued method (not one with rules). */
        public boolean vectorValued() {
            return vectorValued;
        }

        /** The simple name of the record the called method returns, or null when it returns none. */
        public String returnedRecord() {
            return returnedRecord;
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
        this.tangents = new ExpressionTangents(activity, values, tangentFunction);
    }

    public static MethodDef transform(Function function, Activity activity) {
        return transform(function, activity, null);
    }

    /**
     * Forward mode; for a method returning a record ({@link Function#resultRecord}), it returns
     * {@code forwardRecord}: the value and the tangent, each a record of the method's type.
     */
    public static MethodDef transform(Function function, Activity activity, Type.Named forwardRecord) {
        Map<Variable, Variable> valueLocals = new HashMap<>();
        List<Variable> parameters = new ArrayList<>();
        List<Stmt> prologue = new ArrayList<>();
        // A scalar parameter the body assigns gets locals for its value and tangent (scalarDuals); one it
        // never assigns is read out of its Dual where used (readOnlyDuals).
        Map<Variable, Variable> scalarDuals = new HashMap<>();
        Map<Variable, Variable> readOnlyDuals = new HashMap<>();
        Set<Variable> assigned = StatementWalker.assigned(function.body());
        RecordTangents records = new RecordTangents(function);
        for (Variable p : function.signature()) {
            if (function.recordOf(p) != null) {
                records.addParameters(p, parameters);
                continue;
            }
            if (!function.isDifferentiable(p)) {
                parameters.add(p);
                continue;
            }
            if (p.type() instanceof Type.Array) {
                // double[] w becomes Dual[] w, read element by element: no copy.
                Variable duals = new Variable(p.name(), ExpressionTangents.dualsLike(p.type()),
                        Variable.Origin.PARAMETER);
                parameters.add(duals);
                valueLocals.put(p, duals);
                continue;
            }
            Variable dual = new Variable(p.name(), RuntimeTypes.DUAL, Variable.Origin.PARAMETER);
            parameters.add(dual);
            if (p.type().isDouble() && !assigned.contains(p)) {
                // Read where used, x.value() and x.tangent(): no locals holding copies, which every frame
                // of a recursive forward method would carry (issue 16).
                valueLocals.put(p, dual);
                readOnlyDuals.put(p, dual);
            } else {
                scalarDuals.put(p, dual);
                valueLocals.put(p, new Variable(p.name() + "Val", Type.DOUBLE, Variable.Origin.LOCAL));
            }
        }
        ForwardTransform transform = new ForwardTransform(function, activity, valueLocals, false);
        transform.forwardRecord = forwardRecord;
        readOnlyDuals.forEach((p, dual) -> transform.tangents.readTangentAs(p,
                new Expr.Invoke(Exprs.ref(dual), "tangent", List.of(), Type.DOUBLE)));
        prologue.addAll(records.unpack(transform.tangents::tangentOf));
        for (Variable p : function.differentiableParameters()) {
            if (!p.type().isDouble() || !scalarDuals.containsKey(p)) {
                continue;
            }
            Expr dual = Exprs.ref(scalarDuals.get(p));
            prologue.add(declare(valueLocals.get(p), new Expr.Invoke(dual, "value", List.of(), Type.DOUBLE)));
            prologue.add(declare(transform.tangents.tangentOf(p),
                    new Expr.Invoke(dual, "tangent", List.of(), Type.DOUBLE)));
        }
        List<Stmt> body = new ArrayList<>(prologue);
        body.addAll(transform.zeroTangentsOfPassedParameters());
        transform.statements(function.body().statements(), body);
        String name = GradNames.forwardMethod(function.name());
        Type returned = forwardRecord != null ? forwardRecord : function.returnType() instanceof Type.Array
                ? ExpressionTangents.dualsLike(function.returnType()) : RuntimeTypes.DUAL;
        if (forwardRecord != null) {
            return new MethodDef(name, returned, parameters, new Stmt.Block(body), List.of(
                    "Forward mode of {@link #" + function.name() + "}: its value, and its derivative along the tangents"
                            + " of the {@code Dual} arguments as a record of the same type, component by component.",
                    "Seed one argument with {@code Dual.variable(v)} and the others with {@code Dual.constant(v)}"
                            + " for the partial derivatives of every component; any tangents give the directional"
                            + " derivative."));
        }
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
        List<Variable> signature = new ArrayList<>(function.signature());
        Map<Variable, RecordShape> records = new IdentityHashMap<>(function.records());
        for (Variable p : function.signature()) {
            RecordShape record = function.recordOf(p);
            if (record == null && function.isDifferentiable(p)) {
                Variable dot = new Variable(p.name() + "Dot", p.type(), Variable.Origin.PARAMETER);
                transform.tangents.useTangent(p, dot);
                parameters.add(dot);
                differentiable.add(dot);
                signature.add(dot);
            } else if (record != null && record.leaves().stream().anyMatch(function::isDifferentiable)) {
                // A record's direction is a record of its type, as in forward mode: pDot beside p.
                Variable dot = new Variable(p.name() + "Dot", p.type(), Variable.Origin.PARAMETER);
                signature.add(dot);
                records.put(dot, transform.direction(record, parameters, differentiable));
            }
        }
        List<Stmt> body = new ArrayList<>(transform.zeroTangentsOfPassedParameters());
        transform.statements(function.body().statements(), body);
        return new Function(GradNames.tangentMethod(function.name()), parameters, differentiable, Type.DOUBLE,
                new Stmt.Block(body), signature, records);
    }

    /**
     * The shape of a record parameter's direction: each differentiable leaf's tangent {@code pWDot}, a
     * differentiable parameter of the tangent function; an int, long or boolean leaf a parameter that
     * nothing reads (as a direction's such components mean nothing in forward mode).
     */
    private RecordShape direction(RecordShape record, List<Variable> parameters, List<Variable> differentiable) {
        List<RecordShape.Component> components = new ArrayList<>();
        for (RecordShape.Component c : record.components()) {
            if (c.nested() != null) {
                components.add(c.withNested(direction(c.nested(), parameters, differentiable)));
                continue;
            }
            Variable dot = new Variable(c.leaf().name() + "Dot", c.leaf().type(), Variable.Origin.PARAMETER);
            parameters.add(dot);
            if (function.isDifferentiable(c.leaf())) {
                tangents.useTangent(c.leaf(), dot);
                differentiable.add(dot);
            }
            components.add(c.withLeaf(dot));
        }
        return new RecordShape(record.type(), components);
    }

    /**
     * A parameter left out by wrt that the body reassigns with a value depending on the inputs
     * becomes active there: its tangent starts at zero.
     */
    private List<Stmt> zeroTangentsOfPassedParameters() {
        List<Stmt> zeros = new ArrayList<>();
        for (Variable p : function.parameters()) {
            if (!function.isDifferentiable(p) && activity.isActive(p)) {
                zeros.add(declare(tangents.tangentOf(p), Exprs.ZERO));
            }
        }
        return zeros;
    }

    /** {@code double[]} for {@code Dual[]}, {@code double[][]} for {@code Dual[][]}. */
    private static Type plainLike(Type type) {
        return type instanceof Type.Array array ? new Type.Array(plainLike(array.element())) : Type.DOUBLE;
    }

    private static Stmt declare(Variable v, Expr init) {
        return new Stmt.Declare(v, init, SourcePosition.NONE);
    }

    private Stmt.Block block(Stmt.Block block) {
        List<Stmt> out = new ArrayList<>();
        statements(block.statements(), out);
        return new Stmt.Block(out);
    }

    /** Appends the translation of {@code statements} to {@code out}. */
    private void statements(List<Stmt> statements, List<Stmt> out) {
        Translation translation = new Translation(out);
        for (Stmt s : statements) {
            s.accept(translation);
        }
    }

    /**
     * Translates one statement into the block being built. The kinds only generated code has (an
     * evaluated expression, a labelled block and its break, a comment) never reach forward mode.
     */
    private final class Translation implements Stmt.Visitor<Void> {
        private final List<Stmt> out;

        Translation(List<Stmt> out) {
            this.out = out;
        }

        @Override
        public Void visitDeclare(Stmt.Declare node) {
            if (node.init() instanceof Expr.Call call && call.target().resultRecord() != null) {
                if (tangentFunction) {
                    // A method returning a record has no tangent function to differentiate its forward mode again.
                    throw new NoSecondOrder(call.target().name(), call.target().resultRecord().type().simpleName());
                }
                RecordResultCalls.declare(node, call, activity, values, tangents, out);
                return null;
            }
            Variable v = values.apply(node.variable());
            if (!activity.isActive(node.variable())) {
                out.add(new Stmt.Declare(v, node.init() == null ? null : values.apply(node.init()), node.position()));
            } else if (node.init() == null) {
                out.add(new Stmt.Declare(v, null, node.position()));
                out.add(declare(tangents.tangentOf(node.variable()), null));
            } else if (node.init() instanceof Expr.NewArray created) {
                Expr primal = values.apply(created);
                out.add(new Stmt.Declare(v, primal, node.position()));
                out.add(declare(tangents.tangentOf(node.variable()), primal));
            } else {
                Dual dual = tangents.of(node.init(), Temporaries.into(out), new Expr.Ref(v));
                out.add(new Stmt.Declare(v, dual.value(), node.position()));
                Expr tangent = dual.tangent();
                if (v.type() instanceof Type.Array array && !activity.isActive(node.init())) {
                    // An array that a call gave without a derivative, written with one later: zeros to start.
                    tangent = new Expr.NewArray(array, List.of(new Expr.ArrayLength(new Expr.Ref(v), SourcePosition.NONE)),
                            SourcePosition.NONE);
                }
                out.add(declare(tangents.tangentOf(node.variable()), tangent));
            }
            return null;
        }

        @Override
        public Void visitAssign(Stmt.Assign node) {
            Variable v = values.apply(node.variable());
            if (!activity.isActive(node.variable())) {
                out.add(new Stmt.Assign(v, values.apply(node.value()), node.position()));
                return null;
            }
            Variable vDot = tangents.tangentOf(node.variable());
            if (node.value() instanceof Expr.NewArray created) {
                // A local array given a new array: its tangents start from zeros, as in its declaration.
                Expr primal = values.apply(created);
                out.add(new Stmt.Assign(v, primal, node.position()));
                out.add(new Stmt.Assign(vDot, primal, SourcePosition.NONE));
                return null;
            }
            boolean readsItself = StatementWalker.reads(node.value(), node.variable());
            if (!readsItself) {
                Dual dual = tangents.of(node.value(), Temporaries.into(out), new Expr.Ref(v));
                out.add(new Stmt.Assign(v, dual.value(), node.position()));
                out.add(new Stmt.Assign(vDot, dual.tangent(), SourcePosition.NONE));
                return null;
            }
            // The tangent needs the old value, so the new one waits in a temporary.
            Dual dual = tangents.of(node.value(), Temporaries.into(out), null);
            Variable next = Variable.derived(v, "Next", Type.DOUBLE);
            out.add(declare(next, dual.value()));
            out.add(new Stmt.Assign(vDot, dual.tangent(), SourcePosition.NONE));
            out.add(new Stmt.Assign(v, new Expr.Ref(next), node.position()));
            return null;
        }

        /** An element write: its tangent, computed from the values before the write, goes into the tangent array. */
        @Override
        public Void visitArrayWrite(Stmt.ArrayWrite node) {
            Variable array = StatementWalker.arrayVariable(node.array());
            Expr index = values.apply(node.index());
            if (!activity.isActive(array)) {
                out.add(new Stmt.ArrayWrite(values.apply(node.array()), index, values.apply(node.value()),
                        node.position()));
                return null;
            }
            Temporaries temps = Temporaries.into(out);
            Dual dual = tangents.of(node.value(), temps, null);
            Expr tangent = temps.atom(dual.tangent(), Variable.derived(array, "DotNext", Type.DOUBLE));
            out.add(new Stmt.ArrayWrite(values.apply(node.array()), index, dual.value(), node.position()));
            out.add(new Stmt.ArrayWrite(tangents.tangentArray(node.array()), index, tangent, SourcePosition.NONE));
            return null;
        }

        @Override
        public Void visitBlock(Stmt.Block node) {
            out.add(block(node));
            return null;
        }

        @Override
        public Void visitIf(Stmt.If node) {
            out.add(new Stmt.If(values.apply(node.condition()), block(node.thenBranch()), block(node.elseBranch()),
                    node.position()));
            return null;
        }

        @Override
        public Void visitLoop(Stmt.Loop node) {
            out.add(new Stmt.Loop(node.testFirst(), values.apply(node.condition()), block(node.body()),
                    block(node.update()), node.position()));
            return null;
        }

        @Override
        public Void visitBreak(Stmt.Break node) {
            out.add(node);
            return null;
        }

        @Override
        public Void visitContinue(Stmt.Continue node) {
            out.add(node);
            return null;
        }

        @Override
        public Void visitReturn(Stmt.Return node) {
            if (forwardRecord != null) {
                out.add(new Stmt.Return(recordResult(node.value()), node.position()));
                return null;
            }
            if (node.value().type() instanceof Type.Array) {
                out.add(new Stmt.Return(tangents.dualArrayArgument(node.value()), node.position()));
                return null;
            }
            Dual dual = tangents.of(node.value(), Temporaries.into(out), null);
            out.add(new Stmt.Return(tangentFunction ? dual.tangent()
                    : ExpressionTangents.newDual(dual.value(), dual.tangent()), node.position()));
            return null;
        }

        /**
         * {@code new FForward(new Point(x, y), new Point(xDot, yDot))}: the returned array's elements and
         * their tangents, put back into the record's shape.
         */
        private Expr recordResult(Expr array) {
            RecordShape shape = function.resultRecord();
            List<Variable> leaves = shape.leaves();
            List<Dual> elements = new ArrayList<>();
            for (int i = 0; i < leaves.size(); i++) {
                elements.add(tangents.of(new Expr.ArrayRead(array, Expr.Literal.ofInt(i), array.position()),
                        Temporaries.into(out), null));
            }
            return new Expr.New(forwardRecord, List.of(
                    shape.pack(leaf -> elements.get(leaves.indexOf(leaf)).value()),
                    shape.pack(leaf -> elements.get(leaves.indexOf(leaf)).tangent())));
        }

        @Override
        public Void visitEvaluate(Stmt.Evaluate node) {
            if (!(node.expression() instanceof Expr.InvokeStatic call)) {
                throw unexpected(node);
            }
            // A call made for its effect gets the values the primal passes: an array as a double[] of its
            // values (a check may read its elements, or ask its class), null as null.
            List<Expr> arguments = call.arguments().stream().map(values::applyToArgument).toList();
            out.add(new Stmt.Evaluate(new Expr.InvokeStatic(call.owner(), call.name(), arguments, call.type())));
            return null;
        }

        @Override
        public Void visitLabeled(Stmt.Labeled node) {
            throw unexpected(node);
        }

        @Override
        public Void visitBreakLabel(Stmt.BreakLabel node) {
            throw unexpected(node);
        }

        @Override
        public Void visitComment(Stmt.Comment node) {
            throw unexpected(node);
        }

        @Override
        public Void visitThrow(Stmt.Throw node) {
            out.add(new Stmt.Throw(node.exception(), node.arguments().stream().map(values::apply).toList(),
                    node.position()));
            return null;
        }

        private IllegalStateException unexpected(Stmt s) {
            return new IllegalStateException("forward mode met an unexpected statement: " + s);
        }
    }
}
