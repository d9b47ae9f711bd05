package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/** The flattened differentiable inputs that Hessians and Jacobians index: how many each parameter adds. */
final class FlatInputs {

    static final ClassName FLATTENING = JavaTypes.className(RuntimeTypes.FLATTENING);

    private FlatInputs() {
    }

    /** Where each parameter starts in the flattened inputs (local names), and how many inputs there are. */
    record Offsets(List<String> starts, String size) {
    }

    /** Declares {@code int xAt = 0; int wAt = xAt + 1; ...; int size = ...;} and names them. */
    static Offsets declare(MethodSpec.Builder spec, NameAllocator names, List<Variable> differentiable, String sizeName) {
        List<String> starts = new ArrayList<>();
        CodeBlock size = CodeBlock.of("0");
        for (Variable p : differentiable) {
            String start = names.newName(p.name() + "At");
            spec.addStatement("int $N = $L", start, size);
            starts.add(start);
            size = CodeBlock.of("$N + $L", start, sizeOf(p));
        }
        String total = names.newName(sizeName);
        spec.addStatement("int $N = $L", total, size);
        return new Offsets(starts, total);
    }

    /**
     * 1 for a double, the length of an array, the element count of a matrix; none for a null array,
     * which the method may return without reading (its partial is null, see README).
     */
    static CodeBlock sizeOf(Variable p) {
        if (p.type().isDouble()) {
            return CodeBlock.of("1");
        }
        if (p.type().equals(Type.DOUBLE_ARRAY)) {
            return CodeBlock.of("($N == null ? 0 : $N.length)", p.name(), p.name());
        }
        return CodeBlock.of("($N == null ? 0 : $T.size($N))", p.name(), FLATTENING, p.name());
    }

    /** A partial as a part of a flattened row: an empty array for a null array's null partial. */
    static CodeBlock part(Variable p, CodeBlock partial) {
        return p.type().isDouble() ? partial
                : CodeBlock.of("$L == null ? new double[0] : $L", partial, partial);
    }
}
