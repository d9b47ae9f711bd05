package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.ONE;
import static dev.adjoint.processor.ir.Exprs.ZERO;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.analyze.StatementWalker;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reverse mode: a forward sweep (the method itself, recording what the adjoints will need) and
 * an adjoint sweep that visits the statements backwards, from the return value's adjoint of 1 to
 * the parameters' adjoints, the gradient.
 *
 * <p>What the forward sweep records, and nothing more: the old value of a variable that an
 * assignment overwrites, when the adjoint sweep reads it; which way each {@code if} went, when a
 * branch has adjoint work; and which {@code return} ended the method, when there are several.
 * Loop-free code keeps all of it in locals, so it needs no tape.
 *
 * <p>The adjoint sweep keeps one invariant: when it reaches a statement, every variable holds the
 * value it had just after that statement ran. Reversing an assignment restores the old value.
 */
public final class ReverseTransform {

    private static final String BODY_LABEL = "body";

    private final Function function;
    private final Activity activity;
    private final Map<Variable, Variable> adjoints = new LinkedHashMap<>();
    /** Variables read by the adjoints of the statements translated so far. */
    private final Set<Variable> readByAdjoints = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Stmt.Return, Integer> returnIds = new IdentityHashMap<>();
    private final List<Stmt> hoisted = new ArrayList<>();
    private final boolean singleExit;
    private final Variable value = Variable.generated("value", Type.DOUBLE);
    private final Variable exit = Variable.generated("exit", Type.INT);

    /** A statement in both sweeps: its forward code, its adjoint code, and the returns inside it. */
    private record Translation(List<Stmt> forward, List<Stmt> adjoint, Set<Integer> returns) {
    }

    private ReverseTransform(Function function, Activity activity) {
        this.function = function;
        this.activity = activity;
        List<Stmt> top = function.body().statements();
        collectReturns(function.body());
        this.singleExit = returnIds.size() == 1 && !top.isEmpty() && top.get(top.size() - 1) instanceof Stmt.Return;
    }

    public static MethodDef transform(Function function, Activity activity, Type.Named gradientRecord) {
        return new ReverseTransform(function, activity).build(gradientRecord);
    }

    private MethodDef build(Type.Named gradientRecord) {
        for (Variable p : function.differentiableParameters()) {
            adjointOf(p);
        }
        Translation body = sequence(function.body().statements(), singleExit ? 0 : 1);
        List<Stmt> statements = new ArrayList<>();
        if (!singleExit) {
            statements.add(new Stmt.Declare(value, null, SourcePosition.NONE));
            if (returnIds.size() > 1) {
                statements.add(new Stmt.Declare(exit, null, SourcePosition.NONE));
            }
        }
        statements.addAll(hoisted);
        statements.add(new Stmt.Comment("Forward sweep"));
        if (singleExit) {
            statements.addAll(body.forward());
        } else {
            statements.add(new Stmt.Labeled(BODY_LABEL, new Stmt.Block(body.forward())));
        }
        statements.add(new Stmt.Comment("Adjoint sweep"));
        for (Variable adjoint : adjoints.values()) {
            statements.add(new Stmt.Declare(adjoint, ZERO, SourcePosition.NONE));
        }
        statements.addAll(body.adjoint());
        List<Expr> components = new ArrayList<>();
        components.add(Exprs.ref(value));
        function.differentiableParameters().forEach(p -> components.add(Exprs.ref(adjointOf(p))));
        statements.add(new Stmt.Return(new Expr.New(gradientRecord, components), SourcePosition.NONE));
        return new MethodDef(GradNames.gradientMethod(function.name()), gradientRecord, function.parameters(),
                new Stmt.Block(statements), List.of(
                "Reverse mode of {@link #" + function.name() + "}: its value and its partial derivative with"
                        + " respect to every {@code double} parameter, from one forward and one adjoint sweep."));
    }

    private Variable adjointOf(Variable v) {
        return adjoints.computeIfAbsent(v, k -> Variable.generated(k.name() + "Adj", Type.DOUBLE));
    }

    private void collectReturns(Stmt s) {
        if (s instanceof Stmt.Return r) {
            returnIds.put(r, returnIds.size());
        } else if (s instanceof Stmt.Block block) {
            block.statements().forEach(this::collectReturns);
        } else if (s instanceof Stmt.If i) {
            collectReturns(i.thenBranch());
            collectReturns(i.elseBranch());
        }
    }

    /**
     * Notes the variables an expression the adjoint sweep differentiates reads. Statements are
     * translated in source order, which (without loops) is execution order: an assignment must
     * save the old value of its variable only if a statement before it (or itself) reads it.
     */
    private void noteReads(Expr differentiated) {
        if (activity.isActive(differentiated)) {
            StatementWalker.walk(differentiated, e -> {
                if (e instanceof Expr.Ref ref) {
                    readByAdjoints.add(ref.variable());
                }
            });
        }
    }

    private Translation sequence(List<Stmt> statements, int depth) {
        List<Translation> parts = new ArrayList<>();
        for (Stmt s : statements) {
            parts.add(statement(s, depth));
        }
        List<Stmt> forward = new ArrayList<>();
        Set<Integer> returns = new TreeSet<>();
        parts.forEach(t -> {
            forward.addAll(t.forward());
            returns.addAll(t.returns());
        });
        // Backwards: the adjoint of what follows a statement that may return runs only if it did not.
        List<Stmt> adjoint = new ArrayList<>();
        for (int i = parts.size() - 1; i >= 0; i--) {
            Translation part = parts.get(i);
            if (!part.returns().isEmpty() && !adjoint.isEmpty()) {
                adjoint = new ArrayList<>(List.of(new Stmt.If(didNotReturnIn(part.returns()), new Stmt.Block(adjoint),
                        new Stmt.Block(List.of()), SourcePosition.NONE)));
            }
            adjoint.addAll(part.adjoint());
        }
        return new Translation(forward, adjoint, returns);
    }

    /** {@code exit} is not one of the ids, which are consecutive since ids follow the source order. */
    private Expr didNotReturnIn(Set<Integer> ids) {
        int first = Collections.min(ids);
        int last = Collections.max(ids);
        Expr exitRef = Exprs.ref(exit);
        if (first == last) {
            return Exprs.binary(BinaryOp.NE, exitRef, Expr.Literal.ofInt(first));
        }
        return Exprs.binary(BinaryOp.OR, Exprs.binary(BinaryOp.LT, exitRef, Expr.Literal.ofInt(first)),
                Exprs.binary(BinaryOp.GT, exitRef, Expr.Literal.ofInt(last)));
    }

    private Translation statement(Stmt s, int depth) {
        if (s instanceof Stmt.Declare d) {
            return declare(d, depth);
        }
        if (s instanceof Stmt.Assign a) {
            return assign(a, depth);
        }
        if (s instanceof Stmt.Block block) {
            Translation inner = sequence(block.statements(), depth + 1);
            return new Translation(List.of(new Stmt.Block(inner.forward())), inner.adjoint(), inner.returns());
        }
        if (s instanceof Stmt.If i) {
            return branch(i, depth);
        }
        if (s instanceof Stmt.Return r) {
            return ret(r);
        }
        throw new IllegalStateException("reverse mode met an unexpected statement: " + s);
    }

    /**
     * Declares {@code v} where the adjoint sweep can see it: in place at the top level, else at the
     * start of the method, with its zero value so that Java sees it assigned on every path.
     */
    private Stmt declareVisible(Variable v, Expr init, int depth, SourcePosition position) {
        if (depth == 0) {
            return new Stmt.Declare(v, init, position);
        }
        hoisted.add(new Stmt.Declare(v, zero(v.type()), SourcePosition.NONE));
        return new Stmt.Assign(v, init, position);
    }

    private static Expr zero(Type type) {
        if (type == Type.BOOLEAN) {
            return Expr.Literal.of(false);
        }
        if (type == Type.INT) {
            return Expr.Literal.ofInt(0);
        }
        if (type == Type.LONG) {
            return new Expr.Literal(0L, Type.LONG, SourcePosition.NONE);
        }
        return ZERO;
    }

    private Translation declare(Stmt.Declare d, int depth) {
        List<Stmt> forward = new ArrayList<>();
        Variable v = d.variable();
        // A declaration without a value gets its zero: an overwrite may save it before Java sees it assigned.
        Expr init = d.init() == null ? zero(v.type()) : d.init();
        forward.add(declareVisible(v, init, depth, d.position()));
        if (d.init() != null && activity.isActive(v)) {
            noteReads(d.init());
        }
        List<Stmt> adjoint = new ArrayList<>();
        if (d.init() != null && activity.isActive(v)) {
            ExpressionAdjoint.propagate(d.init(), Exprs.ref(adjointOf(v)), Exprs.ref(v), activity, this::adjointOf,
                    adjoint);
        }
        return new Translation(forward, adjoint, Set.of());
    }

    private Translation assign(Stmt.Assign a, int depth) {
        Variable v = a.variable();
        if (activity.isActive(v)) {
            noteReads(a.value());
        }
        List<Stmt> forward = new ArrayList<>();
        Variable saved = null;
        if (readByAdjoints.contains(v)) {
            saved = Variable.generated(v.name() + "Old", v.type());
            forward.add(declareVisible(saved, Exprs.ref(v), depth, SourcePosition.NONE));
        }
        forward.add(a);
        List<Stmt> adjoint = new ArrayList<>();
        Stmt restore = saved == null ? null : new Stmt.Assign(v, Exprs.ref(saved), SourcePosition.NONE);
        if (!activity.isActive(v)) {
            if (restore != null) {
                adjoint.add(restore);
            }
            return new Translation(forward, adjoint, Set.of());
        }
        Variable vAdj = adjointOf(v);
        if (activity.isActive(a.value()) && ExpressionAdjoint.reads(a.value(), v)) {
            // The partials need the old value of v, and the old v gets a share of the adjoint.
            adjoint.add(restore);
            Variable seed = Variable.generated(v.name() + "AdjNext", Type.DOUBLE);
            adjoint.add(new Stmt.Declare(seed, Exprs.ref(vAdj), SourcePosition.NONE));
            adjoint.add(new Stmt.Assign(vAdj, ZERO, SourcePosition.NONE));
            ExpressionAdjoint.propagate(a.value(), Exprs.ref(seed), null, activity, this::adjointOf, adjoint);
        } else {
            ExpressionAdjoint.propagate(a.value(), Exprs.ref(vAdj), Exprs.ref(v), activity, this::adjointOf, adjoint);
            adjoint.add(new Stmt.Assign(vAdj, ZERO, SourcePosition.NONE));
            if (restore != null) {
                adjoint.add(restore);
            }
        }
        return new Translation(forward, adjoint, Set.of());
    }

    private Translation branch(Stmt.If i, int depth) {
        Translation whenTrue = sequence(i.thenBranch().statements(), depth + 1);
        Translation whenFalse = sequence(i.elseBranch().statements(), depth + 1);
        Set<Integer> returns = new TreeSet<>(whenTrue.returns());
        returns.addAll(whenFalse.returns());
        if (whenTrue.adjoint().isEmpty() && whenFalse.adjoint().isEmpty()) {
            return new Translation(List.of(new Stmt.If(i.condition(), new Stmt.Block(whenTrue.forward()),
                    new Stmt.Block(whenFalse.forward()), i.position())), List.of(), returns);
        }
        Variable taken = Variable.generated("branch", Type.BOOLEAN);
        List<Stmt> forward = new ArrayList<>();
        forward.add(declareVisible(taken, i.condition(), depth, i.position()));
        forward.add(new Stmt.If(Exprs.ref(taken), new Stmt.Block(whenTrue.forward()),
                new Stmt.Block(whenFalse.forward()), i.position()));
        List<Stmt> adjoint = List.of(new Stmt.If(Exprs.ref(taken), new Stmt.Block(whenTrue.adjoint()),
                new Stmt.Block(whenFalse.adjoint()), SourcePosition.NONE));
        return new Translation(forward, adjoint, returns);
    }

    private Translation ret(Stmt.Return r) {
        noteReads(r.value());
        List<Stmt> forward = new ArrayList<>();
        if (singleExit) {
            forward.add(new Stmt.Declare(value, r.value(), r.position()));
        } else {
            forward.add(new Stmt.Assign(value, r.value(), r.position()));
            if (returnIds.size() > 1) {
                forward.add(new Stmt.Assign(exit, Expr.Literal.ofInt(returnIds.get(r)), SourcePosition.NONE));
            }
            forward.add(new Stmt.BreakLabel(BODY_LABEL));
        }
        List<Stmt> adjoint = new ArrayList<>();
        ExpressionAdjoint.propagate(r.value(), ONE, Exprs.ref(value), activity, this::adjointOf, adjoint);
        return new Translation(forward, adjoint, Set.of(returnIds.get(r)));
    }
}
