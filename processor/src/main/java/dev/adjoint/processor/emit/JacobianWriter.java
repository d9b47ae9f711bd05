package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code fJacobian} for a vector-valued method: the m × n Jacobian over the flattened
 * differentiable inputs, by m reverse sweeps ({@code fPullback} with unit seeds) when there are no more
 * outputs than inputs, else by n forward sweeps ({@code fForward} with unit tangents).
 */
final class JacobianWriter {

    private static final ClassName FLATTENING = FlatInputs.FLATTENING;
    private static final ClassName DUAL = JavaTypes.className(RuntimeTypes.DUAL);
    private static final ClassName DUAL_ARRAYS = JavaTypes.className(RuntimeTypes.DUAL_ARRAYS);

    private JacobianWriter() {
    }

    static MethodSpec write(GradClassWriter.FirstOrder first, Type.Named userType) {
        String method = first.sourceMethod();
        MethodDef forward = first.forward();
        MethodDef pullback = first.reverse();
        Type.Named record = first.record();
        List<String> partialNames = first.partialNames();
        List<Variable> differentiable = first.parameters();
        List<Variable> parameters = pullback.parameters().subList(0, pullback.parameters().size() - 1);
        NameAllocator names = new NameAllocator();
        parameters.forEach(p -> names.newName(p.name(), p));
        MethodSpec.Builder spec = MethodSpec.methodBuilder(GradNames.jacobianMethod(method))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double[][].class)
                .addJavadoc("The Jacobian of {@link $T#$L}: row {@code i} holds the derivatives of result element\n"
                        + "{@code i} with respect to the flattened differentiable inputs (scalars in declaration\n"
                        + "order, arrays element by element in place, matrices row by row). Computed by reverse\n"
                        + "sweeps when the result has no more elements than there are inputs, else by forward sweeps.\n",
                        JavaTypes.className(userType), method);
        if (first.resultRecord() != null) {
            spec.addJavadoc("\n<p>Result element {@code i} is component {@code i} of the returned {@link $T}, in declaration\n"
                    + "order (a nested record's components in its place).\n", JavaTypes.className(first.resultRecord().type()));
        }
        if (differentiable.stream().anyMatch(first.records()::containsKey)) {
            spec.addJavadoc("\n<p>A record parameter's differentiable components are flattened in its place, in\n"
                    + "declaration order (a nested record's in its place).\n");
        }
        parameters.forEach(p -> spec.addParameter(JavaTypes.of(p.type()), p.name()));

        FlatInputs.Offsets flat = FlatInputs.declare(spec, names, FlatInputs.leaves(differentiable, first.records()),
                "inputs");
        List<String> offsets = flat.starts();
        String inputs = flat.size();
        String outputs = names.newName("outputs");
        String jacobian = names.newName("jacobian");
        String i = names.newName("i");
        String k = names.newName("k");
        RecordShape resultRecord = first.resultRecord();
        if (resultRecord == null) {
            spec.addStatement("int $N = $N($L).length", outputs, forward.name(),
                    seeded(parameters, differentiable, first.records(), offsets, null));
        } else {
            spec.addStatement("int $N = $L", outputs, resultRecord.leaves().size());
        }
        spec.addStatement("double[][] $N = new double[$N][]", jacobian, outputs);
        spec.beginControlFlow("if ($N <= $N)", outputs, inputs);
        String rowSweep = names.newName("row");
        List<CodeBlock> pullbackArguments = new ArrayList<>();
        parameters.forEach(p -> pullbackArguments.add(CodeBlock.of("$N", p.name())));
        pullbackArguments.add(resultRecord == null
                ? CodeBlock.of("$T.unitLike(new double[$N], $N)", FLATTENING, outputs, i)
                : unitRecord(resultRecord, i, new int[1]));
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i);
        spec.addStatement("$T $N = $N($L)", JavaTypes.className(record), rowSweep, pullback.name(),
                CodeBlock.join(pullbackArguments, ", "));
        List<CodeBlock> partials = new ArrayList<>();
        for (int p = 0; p < differentiable.size(); p++) {
            partials.add(CodeBlock.of("$N.$N()", rowSweep, partialNames.get(p)));
        }
        List<CodeBlock> parts = FlatInputs.parts(differentiable, first.records(), partials);
        spec.addStatement("$N[$N] = $T.concat($L)", jacobian, i, FLATTENING, CodeBlock.join(parts, ", "));
        spec.endControlFlow();
        spec.nextControlFlow("else");
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i);
        spec.addStatement("$N[$N] = new double[$N]", jacobian, i, inputs);
        spec.endControlFlow();
        String column = names.newName("column");
        if (resultRecord != null) {
            // Without inputs no sweep runs: the method runs once all the same, to throw where it throws.
            spec.beginControlFlow("if ($N == 0)", inputs);
            spec.addStatement("$N($L)", forward.name(), seeded(parameters, differentiable, first.records(), offsets, null));
            spec.endControlFlow();
        }
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", k, k, inputs, k);
        if (resultRecord == null) {
            spec.addStatement("$T[] $N = $N($L)", DUAL, column, forward.name(),
                    seeded(parameters, differentiable, first.records(), offsets, k));
            spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i);
            spec.addStatement("$N[$N][$N] = $N[$N].tangent()", jacobian, i, k, column, i);
            spec.endControlFlow();
        } else {
            spec.addStatement("$T $N = $N($L)", JavaTypes.of(forward.returnType()), column, forward.name(),
                    seeded(parameters, differentiable, first.records(), offsets, k));
            List<CodeBlock> reads = new ArrayList<>();
            componentReads(resultRecord, CodeBlock.of("$N.tangent()", column), reads);
            for (int row = 0; row < reads.size(); row++) {
                spec.addStatement("$N[$L][$N] = $L", jacobian, row, k, reads.get(row));
            }
        }
        spec.endControlFlow();
        spec.endControlFlow();
        spec.addStatement("return $N", jacobian);
        return JavadocTags.completed(spec.build());
    }

    /**
     * The seed of row {@code i} of a Jacobian of a method returning a record: the record with a one in
     * leaf {@code i}, {@code new Point(Flattening.unit(i - 0), Flattening.unit(i - 1))}; {@code next}
     * counts the leaves written so far.
     */
    private static CodeBlock unitRecord(RecordShape record, String i, int[] next) {
        List<CodeBlock> arguments = new ArrayList<>();
        for (RecordShape.Component c : record.components()) {
            arguments.add(c.leaf() != null ? CodeBlock.of("$T.unit($N - $L)", FLATTENING, i, next[0]++)
                    : unitRecord(c.nested(), i, next));
        }
        return CodeBlock.of("new $T($L)", JavaTypes.className(record.type()), CodeBlock.join(arguments, ", "));
    }

    /** The reads of every leaf of the record {@code from}, in declaration order: {@code t.x()}, {@code t.inner().a()}. */
    private static void componentReads(RecordShape record, CodeBlock from, List<CodeBlock> reads) {
        for (RecordShape.Component c : record.components()) {
            CodeBlock read = CodeBlock.of("$L$L", from, c.readSuffix());
            if (c.leaf() != null) {
                reads.add(read);
            } else {
                componentReads(c.nested(), read, reads);
            }
        }
    }

    /** The forward-mode arguments: tangents along flattened input {@code k}, or all zero when k is null. */
    private static CodeBlock seeded(List<Variable> parameters, List<Variable> differentiable,
            Map<Variable, RecordShape> records, List<String> offsets, String k) {
        List<CodeBlock> arguments = new ArrayList<>();
        int[] leaf = {0};
        for (Variable p : parameters) {
            if (!differentiable.contains(p)) {
                arguments.add(CodeBlock.of("$N", p.name()));
                continue;
            }
            if (records.containsKey(p)) {
                // A record and its direction, a record of its type, as forward mode takes them.
                arguments.add(CodeBlock.of("$N", p.name()));
                arguments.add(FlatInputs.direction(records.get(p), CodeBlock.of("$N", p.name()), k, offsets, leaf));
                continue;
            }
            String offset = offsets.get(leaf[0]++);
            if (k == null) {
                arguments.add(p.type().isDouble() ? CodeBlock.of("$T.constant($N)", DUAL, p.name())
                        : CodeBlock.of("$N == null ? null : $T.constant($N)", p.name(), DUAL_ARRAYS, p.name()));
            } else if (p.type().isDouble()) {
                arguments.add(CodeBlock.of("new $T($N, $T.unit($N - $N))", DUAL, p.name(), FLATTENING, k, offset));
            } else {
                // A null array stays null: the method may return without reading it.
                arguments.add(CodeBlock.of("$N == null ? null : $T.of($N, $T.unitLike($N, $N - $N))", p.name(),
                        DUAL_ARRAYS, p.name(), FLATTENING, p.name(), k, offset));
            }
        }
        return CodeBlock.join(arguments, ", ");
    }
}
