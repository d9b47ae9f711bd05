package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code fHessianVector} (one reverse sweep of the tangent function: H·v) and {@code fHessian}
 * (one Hessian-vector product per flattened input: exact, reverse over forward). They depend only on
 * the method's signature, so they are written straight from it.
 */
final class SecondOrderWriter {

    private static final ClassName FLATTENING = FlatInputs.FLATTENING;

    private SecondOrderWriter() {
    }

    /** Both methods, from the method's first-order code (its signature) and its second-order part. */
    static List<MethodSpec> write(GradClassWriter.FirstOrder first, GradClassWriter.SecondOrder second,
            Type.Named userType) {
        String method = first.sourceMethod();
        List<Variable> parameters = first.reverse().parameters();
        List<Variable> differentiable = first.parameters();
        return List.of(hessianVector(method, parameters, differentiable, first.records(), second.record(),
                        second.partialNames(), userType),
                hessian(method, parameters, differentiable, first.records(), userType));
    }

    private static MethodSpec hessianVector(String method, List<Variable> parameters, List<Variable> differentiable,
            Map<Variable, RecordShape> records, Type.Named tangentRecord, List<String> tangentComponents,
            Type.Named userType) {
        NameAllocator names = reserved(parameters);
        MethodSpec.Builder spec = MethodSpec.methodBuilder(GradNames.hessianVectorMethod(method))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double[].class)
                .addJavadoc("The Hessian of {@link $T#$L} times the vector {@code v}: one reverse sweep of\n"
                        + "{@link #$L}. Inputs and result are flattened as in {@link #$L}.\n",
                        JavaTypes.className(userType), method, GradNames.tangentMethod(method),
                        GradNames.hessianMethod(method));
        List<String> arguments = new ArrayList<>();
        for (Variable p : parameters) {
            spec.addParameter(JavaTypes.of(p.type()), p.name());
            arguments.add(p.name());
        }
        for (Variable p : differentiable) {
            String direction = names.newName("v" + GradNames.capitalize(p.name()));
            spec.addParameter(JavaTypes.of(p.type()), direction);
            arguments.add(direction);
        }
        String gradient = names.newName("tangentGradient");
        spec.addStatement("$T $N = $N($L)", JavaTypes.className(tangentRecord), gradient,
                GradNames.gradientMethod(GradNames.tangentMethod(method)), String.join(", ", arguments));
        List<CodeBlock> partials = new ArrayList<>();
        for (int i = 0; i < differentiable.size(); i++) {
            partials.add(CodeBlock.of("$N.$N()", gradient, tangentComponents.get(i)));
        }
        List<CodeBlock> parts = FlatInputs.parts(differentiable, records, partials);
        spec.addStatement("return $T.concat($L)", FLATTENING, CodeBlock.join(parts, ", "));
        return JavadocTags.completed(spec.build());
    }

    private static MethodSpec hessian(String method, List<Variable> parameters, List<Variable> differentiable,
            Map<Variable, RecordShape> records, Type.Named userType) {
        NameAllocator names = reserved(parameters);
        MethodSpec.Builder spec = MethodSpec.methodBuilder(GradNames.hessianMethod(method))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double[][].class)
                .addJavadoc("The exact Hessian of {@link $T#$L} over its flattened differentiable inputs (scalars\n"
                        + "in declaration order, arrays element by element in place, matrices row by row): row\n"
                        + "{@code k} is the Hessian-vector product with the {@code k}-th unit vector.\n",
                        JavaTypes.className(userType), method);
        if (differentiable.stream().anyMatch(records::containsKey)) {
            spec.addJavadoc("\n<p>A record parameter's differentiable components are flattened in its place, in\n"
                    + "declaration order (a nested record's in its place).\n");
        }
        for (Variable p : parameters) {
            spec.addParameter(JavaTypes.of(p.type()), p.name());
        }
        List<FlatInputs.Leaf> leaves = FlatInputs.leaves(differentiable, records);
        FlatInputs.Offsets flat = FlatInputs.declare(spec, names, leaves, "size");
        List<String> offsets = flat.starts();
        String total = flat.size();
        String hessian = names.newName("hessian");
        String k = names.newName("k");
        if (leaves.stream().noneMatch(leaf -> leaf.type().isDouble())) {
            // With no inputs the loop below would not run the method, which may throw there.
            List<String> once = new ArrayList<>();
            parameters.forEach(p -> once.add(p.name()));
            differentiable.forEach(p -> once.add(p.name()));
            spec.beginControlFlow("if ($N == 0)", total);
            spec.addComment("No elements to differentiate: the method still runs once, to throw where it throws");
            spec.addComment("(each array, empty or null, is its own direction)");
            spec.addStatement("$N($L)", GradNames.hessianVectorMethod(method), String.join(", ", once));
            spec.endControlFlow();
        }
        spec.addStatement("double[][] $N = new double[$N][]", hessian, total);
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", k, k, total, k);
        List<CodeBlock> arguments = new ArrayList<>();
        parameters.forEach(p -> arguments.add(CodeBlock.of("$N", p.name())));
        int[] leaf = {0};
        for (Variable p : differentiable) {
            RecordShape record = records.get(p);
            if (record != null) {
                arguments.add(FlatInputs.direction(record, CodeBlock.of("$N", p.name()), k, offsets, leaf));
                continue;
            }
            String offset = offsets.get(leaf[0]++);
            arguments.add(p.type().isDouble()
                    ? CodeBlock.of("$T.unit($N - $N)", FLATTENING, k, offset)
                    : CodeBlock.of("$N == null ? null : $T.unitLike($N, $N - $N)", p.name(), FLATTENING, p.name(), k,
                            offset));
        }
        spec.addStatement("$N[$N] = $N($L)", hessian, k, GradNames.hessianVectorMethod(method),
                CodeBlock.join(arguments, ", "));
        spec.endControlFlow();
        spec.addStatement("return $N", hessian);
        return JavadocTags.completed(spec.build());
    }

    private static NameAllocator reserved(List<Variable> parameters) {
        NameAllocator names = new NameAllocator();
        parameters.forEach(p -> names.newName(p.name(), p));
        return names;
    }
}
