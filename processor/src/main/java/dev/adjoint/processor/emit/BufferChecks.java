package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.List;

/**
 * The first statements of {@code fGradientInto}: the checks of the caller's buffers, each throwing
 * {@code IllegalArgumentException} with the buffer's name and the shape it needs, before any work; then
 * their zeroing. Written out in the generated code (no runtime helper), so that it reads on its own.
 */
final class BufferChecks {

    private static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");

    private final Names names;
    private final String row;

    /** @param locals the names taken by the parameters, to name the checks' loop variable */
    BufferChecks(Names names, NameAllocator locals) {
        this.names = names;
        this.row = locals.newName("row");
    }

    /** The buffer has its argument's length ({@code double[]}) or shape, row by row ({@code double[][]}). */
    CodeBlock shape(Variable argument, Variable buffer) {
        String a = names.of(argument);
        String b = names.of(buffer);
        CodeBlock.Builder code = CodeBlock.builder();
        if (argument.type().equals(Type.DOUBLE_ARRAY)) {
            code.beginControlFlow("if ($N != null && ($N == null || $N.length != $N.length))", a, b, b, a)
                    .addStatement("throw new IllegalArgumentException($S + $N.length + $S)", b + " must be a double[", a,
                            "], as long as " + a)
                    .endControlFlow();
            return code.build();
        }
        code.beginControlFlow("if ($N != null)", a)
                .beginControlFlow("if ($N == null || $N.length != $N.length)", b, b, a)
                .addStatement("throw new IllegalArgumentException($S + $N.length + $S)", b + " must be a double[", a,
                        "][], shaped like " + a)
                .endControlFlow()
                // A row shared with the argument is the likely slip (a shallow clone); other sharing of rows is documented.
                .beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", row, row, a, row)
                // The row of a null row is neither checked nor written: the method cannot read that row.
                .beginControlFlow("if ($N[$N] != null && ($N[$N] == null || $N[$N].length != $N[$N].length || $N[$N] == $N[$N]))",
                        a, row, b, row, b, row, a, row, b, row, a, row)
                .addStatement("throw new IllegalArgumentException($S + $N + $S + $N[$N].length + $S + $N + $S)",
                        b + "[", row, "] must be a double[", a, row, "] of its own, as long as " + a + "[", row, "]")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
        return code.build();
    }

    /** The scalar partials' buffer has one element per scalar parameter. */
    CodeBlock length(Variable buffer, List<Variable> scalars) {
        String b = names.of(buffer);
        return CodeBlock.builder()
                .beginControlFlow("if ($N == null || $N.length != $L)", b, b, scalars.size())
                .addStatement("throw new IllegalArgumentException($S)", b + " must be a double[" + scalars.size()
                        + "] for the partial derivatives with respect to "
                        + BufferEntryPoints.plainList(scalars.stream().map(names::of).toList(), "and"))
                .endControlFlow()
                .build();
    }

    /**
     * The buffer is none of the arrays in {@code others} of its type (arguments, earlier buffers); a null
     * buffer (of a null argument) is no clash, unless {@code checkedNonNull} says it cannot be null here.
     */
    CodeBlock distinct(Variable buffer, List<Variable> others, boolean checkedNonNull) {
        List<String> same = others.stream().filter(o -> o.type().equals(buffer.type())).map(names::of).toList();
        if (same.isEmpty()) {
            return CodeBlock.of("");
        }
        String b = names.of(buffer);
        CodeBlock identical = same.stream().map(o -> CodeBlock.of("$N == $N", b, o)).collect(CodeBlock.joining(" || "));
        CodeBlock condition = checkedNonNull ? identical
                : same.size() == 1 ? CodeBlock.of("$N != null && $L", b, identical)
                : CodeBlock.of("$N != null && ($L)", b, identical);
        return CodeBlock.builder()
                .beginControlFlow("if ($L)", condition)
                .addStatement("throw new IllegalArgumentException($S)", b + " must be an array of its own, not "
                        + BufferEntryPoints.plainList(same, "or"))
                .endControlFlow()
                .build();
    }

    /** Zeros in the buffer of a non-null argument (and of its non-null rows): the partials are then added up in it. */
    CodeBlock zeroed(Variable argument, Variable buffer) {
        String a = names.of(argument);
        String b = names.of(buffer);
        CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("if ($N != null)", a);
        if (argument.type().equals(Type.DOUBLE_ARRAY)) {
            code.addStatement("$T.fill($N, 0.0)", ARRAYS, b);
        } else {
            code.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", row, row, a, row)
                    .beginControlFlow("if ($N[$N] != null)", a, row)
                    .addStatement("$T.fill($N[$N], 0.0)", ARRAYS, b, row)
                    .endControlFlow()
                    .endControlFlow();
        }
        return code.endControlFlow().build();
    }
}
