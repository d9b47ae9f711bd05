package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fForward} of a method returning a {@code double}, written around its forward sweep: the
 * sweep's result where everything it saw is finite, else the tangent from reverse mode's partials.
 *
 * <pre>{@code
 * Dual swept = gaussForwardSweep(data, mu, sigma);
 * if (Directional.finite(swept) && Directional.finite(data) && Directional.finite(mu) && Directional.finite(sigma)) {
 *     return swept;
 * }
 * GaussGradient gradient = gaussGradient(DualArrays.values(data), mu.value(), sigma.value());
 * return new Dual(swept.value(), Directional.along(data, gradient.dData()) + Directional.along(mu.tangent(), gradient.dMu()) + ...);
 * }</pre>
 *
 * <p>Why: one rule for both modes (README, Numerics). A forward sweep carries every input's tangent at
 * once, and an input held fixed (tangent 0) whose path has an infinite partial makes the sweep's tangent
 * {@code 0 * Infinity = NaN}, although it contributes nothing; reverse mode follows each input's own
 * paths. Where the sweep's value and tangent and the inputs are finite no such product can arise, and
 * the sweep's result is returned as it is, so finite inputs pay a few comparisons.
 */
final class ForwardFallback {

    /**
     * @param sweep the forward transform's method, renamed and private
     * @param entry the public {@code fForward} calling it
     */
    record Methods(MethodDef sweep, MethodDef entry) {
    }

    private ForwardFallback() {
    }

    /** The two methods, for a method returning a double with differentiable parameters; empty for any other. */
    static Optional<Methods> write(GradClassWriter.FirstOrder first, Type.Named gradClass) {
        MethodDef forward = first.forward();
        if (first.vectorValued() || first.parameters().isEmpty()
                || !(first.reverse().returnType() instanceof Type.Named record)) {
            return Optional.empty();
        }
        MethodDef sweep = new MethodDef(GradNames.forwardSweepMethod(first.sourceMethod()), forward.returnType(),
                forward.parameters(), forward.body(), List.of(
                        "The forward sweep of {@link #" + forward.name() + "}: its result wherever every value it"
                                + " meets is finite."));
        Map<String, RecordShape> records = new HashMap<>();
        first.records().forEach((p, shape) -> records.put(p.name(), shape));
        List<String> differentiable = first.parameters().stream().map(Variable::name).toList();

        Variable swept = Variable.generated("swept", RuntimeTypes.DUAL);
        List<Expr> sweepArguments = forward.parameters().stream().map(Exprs::ref).toList();
        List<Expr> finite = new ArrayList<>(List.of(finite(Exprs.ref(swept))));
        List<Expr> gradientArguments = new ArrayList<>();
        List<Variable> directions = new ArrayList<>();
        List<Expr> along = new ArrayList<>();
        Variable gradient = Variable.generated("gradient", record);
        List<Variable> parameters = forward.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            Expr read = Exprs.ref(p);
            int index = differentiable.indexOf(p.name());
            if (index < 0) {
                gradientArguments.add(read);
                continue;
            }
            Expr partial = new Expr.Invoke(Exprs.ref(gradient), first.partialNames().get(index), List.of(),
                    first.parameters().get(index).type());
            RecordShape shape = records.get(p.name());
            if (shape != null) {
                // The record, then its direction, a record of its type: leaf by leaf.
                gradientArguments.add(read);
                Expr direction = Exprs.ref(parameters.get(++i));
                List<Variable> leaves = shape.leaves();
                List<Expr> values = shape.leafReads(read);
                List<Expr> tangents = shape.leafReads(direction);
                List<Expr> partials = shape.leafReads(partial);
                for (int leaf = 0; leaf < leaves.size(); leaf++) {
                    if (leaves.get(leaf).type().isDifferentiable()) {
                        finite.add(finite(values.get(leaf)));
                        finite.add(finite(tangents.get(leaf)));
                        along.add(along(tangents.get(leaf), partials.get(leaf)));
                    }
                }
                continue;
            }
            finite.add(finite(read));
            if (p.type().equals(RuntimeTypes.DUAL)) {
                gradientArguments.add(new Expr.Invoke(read, "value", List.of(), Type.DOUBLE));
                along.add(along(new Expr.Invoke(read, "tangent", List.of(), Type.DOUBLE), partial));
            } else {
                Type plain = first.parameters().get(index).type();
                gradientArguments.add(new Expr.InvokeStatic(RuntimeTypes.DUAL_ARRAYS, "values", List.of(read), plain));
                along.add(along(read, partial));
            }
        }
        Expr allFinite = finite.stream().reduce((a, b) -> Exprs.binary(BinaryOp.AND, a, b)).orElseThrow();
        Expr tangent = along.stream().reduce((a, b) -> Exprs.binary(BinaryOp.ADD, a, b)).orElseThrow();
        List<Stmt> body = List.of(
                new Stmt.Declare(swept, new Expr.InvokeStatic(gradClass, sweep.name(), sweepArguments, RuntimeTypes.DUAL),
                        SourcePosition.NONE),
                new Stmt.If(allFinite, new Stmt.Block(List.of(new Stmt.Return(Exprs.ref(swept), SourcePosition.NONE))),
                        new Stmt.Block(List.of()), SourcePosition.NONE),
                new Stmt.Comment("Something the sweep met is not finite: reverse mode's partials along the tangents"),
                new Stmt.Declare(gradient, new Expr.InvokeStatic(gradClass, first.reverse().name(), gradientArguments,
                        record), SourcePosition.NONE),
                new Stmt.Return(new Expr.New(RuntimeTypes.DUAL, List.of(
                        new Expr.Invoke(Exprs.ref(swept), "value", List.of(), Type.DOUBLE), tangent)),
                        SourcePosition.NONE));
        List<String> javadoc = new ArrayList<>(forward.javadoc());
        javadoc.add("Where a value the sweep meets is not finite (an infinite or NaN input, value or tangent), the"
                + " derivative is reverse mode's: the tangents times the partials of {@code " + first.reverse().name()
                + "}, a zero tangent contributing exactly zero, so that both modes agree (README, Numerics).");
        MethodDef entry = new MethodDef(forward.name(), forward.returnType(), parameters, new Stmt.Block(body), javadoc);
        return Optional.of(new Methods(sweep, entry));
    }

    private static Expr finite(Expr value) {
        return new Expr.InvokeStatic(RuntimeTypes.DIRECTIONAL, "finite", List.of(value), Type.BOOLEAN);
    }

    private static Expr along(Expr tangents, Expr partials) {
        return new Expr.InvokeStatic(RuntimeTypes.DIRECTIONAL, "along", List.of(tangents, partials), Type.DOUBLE);
    }
}
