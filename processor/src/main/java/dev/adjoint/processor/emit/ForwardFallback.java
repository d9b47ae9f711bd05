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
import java.util.function.Function;

/**
 * {@code fForward} written around its forward sweep: the sweep's result where everything it saw is
 * finite, else the tangent from reverse mode's partials.
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
 * <p>A vector-valued method takes the partials of each result element from its pullback seeded on
 * that element: in a loop for a {@code double[]} result, one call per component for a record.
 *
 * <p>Why: one rule for both modes (README, Numerics). A forward sweep carries every input's tangent at
 * once, and an input held fixed (tangent 0) whose path has an infinite partial makes the sweep's tangent
 * {@code 0 * Infinity = NaN}, although it contributes nothing; reverse mode follows each input's own
 * paths. Where the sweep's values and tangents and its {@code double} inputs are finite, the sweep's
 * result is returned as it is, so that finite inputs pay a few comparisons. The elements of array
 * inputs are not checked: a scan costs as much as a forward sweep that reads each element once (the
 * logistic loss's forward mode took 45 % longer with it).
 */
final class ForwardFallback {

    private static final String COMMENT = "Something the sweep met is not finite: reverse mode's partials along the tangents";

    /**
     * @param sweep the forward transform's method, renamed and private
     * @param entry the public {@code fForward} calling it
     */
    record Methods(MethodDef sweep, MethodDef entry) {
    }

    /**
     * The forward-mode arguments as reverse mode takes them.
     *
     * @param finite the checks that the {@code double} inputs (values and tangents) are finite
     * @param values the arguments of {@code fGradient} or {@code fPullback} (before a pullback's seed)
     * @param along the tangent along the inputs, given an expression of reverse mode's record
     */
    private record Inputs(List<Expr> finite, List<Expr> values, Function<Expr, Expr> along) {
    }

    private ForwardFallback() {
    }

    /** The two methods, for a method with differentiable parameters; empty for any other. */
    static Optional<Methods> write(GradClassWriter.FirstOrder first, Type.Named gradClass) {
        MethodDef forward = first.forward();
        if (first.parameters().isEmpty() || !(first.reverse().returnType() instanceof Type.Named record)) {
            return Optional.empty();
        }
        MethodDef sweep = new MethodDef(GradNames.forwardSweepMethod(first.sourceMethod()), forward.returnType(),
                forward.parameters(), forward.body(), List.of(
                        "The forward sweep of {@link #" + forward.name() + "}: its result wherever every value it"
                                + " meets is finite."));
        Inputs inputs = inputs(first);
        Variable swept = Variable.generated("swept", forward.returnType());
        List<Stmt> body = new ArrayList<>();
        body.add(new Stmt.Declare(swept, new Expr.InvokeStatic(gradClass, sweep.name(),
                forward.parameters().stream().map(Exprs::ref).toList(), forward.returnType()), SourcePosition.NONE));
        List<Expr> finite = new ArrayList<>();
        if (first.resultRecord() != null) {
            for (String part : List.of("value", "tangent")) {
                first.resultRecord().leafReads(invoke(Exprs.ref(swept), part, first.resultRecord().type()))
                        .forEach(leaf -> finite.add(finite(leaf)));
            }
        } else {
            finite.add(finite(Exprs.ref(swept)));
        }
        finite.addAll(inputs.finite());
        body.add(new Stmt.If(finite.stream().reduce((a, b) -> Exprs.binary(BinaryOp.AND, a, b)).orElseThrow(),
                new Stmt.Block(List.of(new Stmt.Return(Exprs.ref(swept), SourcePosition.NONE))),
                new Stmt.Block(List.of()), SourcePosition.NONE));
        body.add(new Stmt.Comment(COMMENT));
        String reverse = first.reverse().name();
        if (first.resultRecord() != null) {
            recordResult(first, gradClass, record, inputs, swept, body);
        } else if (first.vectorValued()) {
            arrayResult(gradClass, reverse, record, inputs, swept, body);
        } else {
            Variable gradient = Variable.generated("gradient", record);
            body.add(new Stmt.Declare(gradient, new Expr.InvokeStatic(gradClass, reverse, inputs.values(), record),
                    SourcePosition.NONE));
            body.add(new Stmt.Return(new Expr.New(RuntimeTypes.DUAL, List.of(
                    invoke(Exprs.ref(swept), "value", Type.DOUBLE), inputs.along().apply(Exprs.ref(gradient)))),
                    SourcePosition.NONE));
        }
        List<String> javadoc = new ArrayList<>(forward.javadoc());
        javadoc.add("Where the sweep's value or tangent, or a {@code double} argument, is infinite or NaN, the"
                + " derivative is reverse mode's: the tangents times the partials of {@code " + reverse
                + "}, a zero tangent contributing exactly zero, so that both modes agree (README, Numerics).");
        MethodDef entry = new MethodDef(forward.name(), forward.returnType(), forward.parameters(),
                new Stmt.Block(body), javadoc);
        return Optional.of(new Methods(sweep, entry));
    }

    /** Element {@code i} of the result from the pullback seeded on it, in a loop over the elements. */
    private static void arrayResult(Type.Named gradClass, String pullback, Type.Named record, Inputs inputs,
            Variable swept, List<Stmt> body) {
        Variable result = Variable.generated("result", swept.type());
        Variable i = Variable.generated("i", Type.INT);
        Variable row = Variable.generated("row", record);
        Expr length = new Expr.ArrayLength(Exprs.ref(swept), SourcePosition.NONE);
        body.add(new Stmt.Declare(result, new Expr.NewArray((Type.Array) swept.type(), List.of(length),
                SourcePosition.NONE), SourcePosition.NONE));
        List<Expr> arguments = new ArrayList<>(inputs.values());
        arguments.add(new Expr.InvokeStatic(RuntimeTypes.FLATTENING, "unitLike", List.of(new Expr.NewArray(
                Type.DOUBLE_ARRAY, List.of(length), SourcePosition.NONE), Exprs.ref(i)), Type.DOUBLE_ARRAY));
        Expr element = new Expr.ArrayRead(Exprs.ref(swept), Exprs.ref(i), SourcePosition.NONE);
        List<Stmt> each = List.of(
                new Stmt.Declare(row, new Expr.InvokeStatic(gradClass, pullback, arguments, record), SourcePosition.NONE),
                new Stmt.ArrayWrite(Exprs.ref(result), Exprs.ref(i), new Expr.New(RuntimeTypes.DUAL, List.of(
                        invoke(element, "value", Type.DOUBLE), inputs.along().apply(Exprs.ref(row)))),
                        SourcePosition.NONE));
        body.add(new Stmt.Block(List.of(
                new Stmt.Declare(i, Expr.Literal.ofInt(0), SourcePosition.NONE),
                new Stmt.Loop(true, Exprs.binary(BinaryOp.LT, Exprs.ref(i), length), new Stmt.Block(each),
                        new Stmt.Block(List.of(new Stmt.Assign(i, Exprs.binary(BinaryOp.ADD, Exprs.ref(i),
                                Expr.Literal.ofInt(1)), SourcePosition.NONE))), SourcePosition.NONE))));
        body.add(new Stmt.Return(Exprs.ref(result), SourcePosition.NONE));
    }

    /** Each component's tangent from the pullback seeded on it (a record with a one there), then the record. */
    private static void recordResult(GradClassWriter.FirstOrder first, Type.Named gradClass, Type.Named record,
            Inputs inputs, Variable swept, List<Stmt> body) {
        RecordShape shape = first.resultRecord();
        int components = shape.leaves().size();
        List<Expr> tangents = new ArrayList<>();
        for (int k = 0; k < components; k++) {
            int seeded = k;
            Variable row = Variable.generated("row", record);
            List<Expr> arguments = new ArrayList<>(inputs.values());
            arguments.add(build(shape, leaf -> Expr.Literal.of(leaf == seeded ? 1.0 : 0.0), new int[1]));
            body.add(new Stmt.Declare(row, new Expr.InvokeStatic(gradClass, first.reverse().name(), arguments, record),
                    SourcePosition.NONE));
            tangents.add(inputs.along().apply(Exprs.ref(row)));
        }
        Type.Named forwardRecord = (Type.Named) first.forward().returnType();
        body.add(new Stmt.Return(new Expr.New(forwardRecord, List.of(
                invoke(Exprs.ref(swept), "value", shape.type()), build(shape, tangents::get, new int[1]))),
                SourcePosition.NONE));
    }

    /** {@code new Point(leaf(0), leaf(1))}, nested records built in place; {@code next} counts the leaves. */
    private static Expr build(RecordShape shape, Function<Integer, Expr> leaf, int[] next) {
        List<Expr> arguments = new ArrayList<>();
        for (RecordShape.Component c : shape.components()) {
            arguments.add(c.nested() != null ? build(c.nested(), leaf, next) : leaf.apply(next[0]++));
        }
        return new Expr.New(shape.type(), arguments);
    }

    private static Inputs inputs(GradClassWriter.FirstOrder first) {
        Map<String, RecordShape> records = new HashMap<>();
        first.records().forEach((p, shape) -> records.put(p.name(), shape));
        List<String> differentiable = first.parameters().stream().map(Variable::name).toList();
        List<Expr> finite = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        List<Function<Expr, List<Expr>>> terms = new ArrayList<>();
        List<Variable> parameters = first.forward().parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            Expr read = Exprs.ref(p);
            int index = differentiable.indexOf(p.name());
            if (index < 0) {
                values.add(read);
                continue;
            }
            String partialName = first.partialNames().get(index);
            Type partialType = first.parameters().get(index).type();
            Function<Expr, Expr> partialOf = reverse -> invoke(reverse, partialName, partialType);
            RecordShape shape = records.get(p.name());
            if (shape != null) {
                // The record, then its direction, a record of its type (a record with a differentiable leaf
                // has one): leaf by leaf.
                values.add(read);
                Variable next = i + 1 < parameters.size() ? parameters.get(i + 1) : null;
                if (next == null || !next.type().equals(p.type()) || !next.name().equals(p.name() + "Dot")) {
                    continue;
                }
                Expr direction = Exprs.ref(parameters.get(++i));
                List<Variable> leaves = shape.leaves();
                List<Expr> leafValues = shape.leafReads(read);
                List<Expr> leafTangents = shape.leafReads(direction);
                List<Integer> differentiated = new ArrayList<>();
                for (int leaf = 0; leaf < leaves.size(); leaf++) {
                    Type type = leaves.get(leaf).type();
                    if (type.isDifferentiable()) {
                        if (type.isDouble()) {
                            finite.add(finite(leafValues.get(leaf)));
                            finite.add(finite(leafTangents.get(leaf)));
                        }
                        differentiated.add(leaf);
                    }
                }
                terms.add(reverse -> {
                    List<Expr> partials = shape.leafReads(partialOf.apply(reverse));
                    return differentiated.stream().map(leaf -> along(leafTangents.get(leaf), partials.get(leaf))).toList();
                });
                continue;
            }
            if (p.type().equals(RuntimeTypes.DUAL)) {
                // An array's elements are not scanned: that costs as much as a sweep that reads each once.
                finite.add(finite(read));
                values.add(invoke(read, "value", Type.DOUBLE));
                Expr tangent = invoke(read, "tangent", Type.DOUBLE);
                terms.add(reverse -> List.of(along(tangent, partialOf.apply(reverse))));
            } else {
                values.add(new Expr.InvokeStatic(RuntimeTypes.DUAL_ARRAYS, "values", List.of(read), partialType));
                terms.add(reverse -> List.of(along(read, partialOf.apply(reverse))));
            }
        }
        Function<Expr, Expr> along = reverse -> terms.stream().flatMap(t -> t.apply(reverse).stream())
                .reduce((a, b) -> Exprs.binary(BinaryOp.ADD, a, b)).orElseThrow();
        return new Inputs(finite, values, along);
    }

    private static Expr invoke(Expr receiver, String name, Type type) {
        return new Expr.Invoke(receiver, name, List.of(), type);
    }

    private static Expr finite(Expr value) {
        return new Expr.InvokeStatic(RuntimeTypes.DIRECTIONAL, "finite", List.of(value), Type.BOOLEAN);
    }

    private static Expr along(Expr tangents, Expr partials) {
        return new Expr.InvokeStatic(RuntimeTypes.DIRECTIONAL, "along", List.of(tangents, partials), Type.DOUBLE);
    }
}
