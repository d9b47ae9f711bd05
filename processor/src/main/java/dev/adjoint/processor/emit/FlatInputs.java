package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The flattened differentiable inputs that Hessians and Jacobians index: how many each parameter adds.
 * A record parameter adds its differentiable leaves (its double, double[] and double[][] components,
 * a nested record's in its place) in component order, in the parameter's place.
 */
final class FlatInputs {

    static final ClassName FLATTENING = JavaTypes.className(RuntimeTypes.FLATTENING);

    private FlatInputs() {
    }

    /** Where each leaf starts in the flattened inputs (local names), and how many inputs there are. */
    record Offsets(List<String> starts, String size) {
    }

    /**
     * One flattened input: a double, double[] or double[][] parameter, or such a component of a record
     * parameter.
     *
     * @param name the name its offset local is made from ({@code xs}, {@code pW})
     * @param read how the generated method reads it: {@code xs}, {@code p.w()}
     */
    record Leaf(String name, Type type, CodeBlock read) {
    }

    /** The leaves of the differentiable parameters, in flattening order; {@code records} shapes the records among them. */
    static List<Leaf> leaves(List<Variable> differentiable, Map<Variable, RecordShape> records) {
        List<Leaf> leaves = new ArrayList<>();
        for (Variable p : differentiable) {
            RecordShape record = records.get(p);
            if (record == null) {
                leaves.add(new Leaf(p.name(), p.type(), CodeBlock.of("$N", p.name())));
            } else {
                addLeaves(record, CodeBlock.of("$N", p.name()), leaves);
            }
        }
        return leaves;
    }

    /** The differentiable leaves of {@code record} read from {@code from}: {@code p.w()}, {@code m.input().b()}. */
    static void addLeaves(RecordShape record, CodeBlock from, List<Leaf> leaves) {
        for (RecordShape.Component c : record.components()) {
            CodeBlock read = CodeBlock.of("$L$L", from, c.readSuffix());
            if (c.nested() != null) {
                addLeaves(c.nested(), read, leaves);
            } else if (c.leaf().type().isDifferentiable()) {
                // A record with a differentiable leaf is differentiated in all of them (wrt names whole records).
                leaves.add(new Leaf(c.leaf().name(), c.leaf().type(), read));
            }
        }
    }

    /** Declares {@code int xAt = 0; int wAt = xAt + 1; ...; int size = ...;} and names them. */
    static Offsets declare(MethodSpec.Builder spec, NameAllocator names, List<Leaf> leaves, String sizeName) {
        List<String> starts = new ArrayList<>();
        CodeBlock size = CodeBlock.of("0");
        for (Leaf leaf : leaves) {
            String start = names.newName(leaf.name() + "At");
            spec.addStatement("int $N = $L", start, size);
            starts.add(start);
            size = CodeBlock.of("$N + $L", start, sizeOf(leaf));
        }
        String total = names.newName(sizeName);
        spec.addStatement("int $N = $L", total, size);
        return new Offsets(starts, total);
    }

    /**
     * 1 for a double, the length of an array, the element count of a matrix; none for a null array,
     * which the method may return without reading (its partial is null, see README).
     */
    static CodeBlock sizeOf(Leaf leaf) {
        if (leaf.type().isDouble()) {
            return CodeBlock.of("1");
        }
        if (leaf.type().equals(Type.DOUBLE_ARRAY)) {
            return CodeBlock.of("($L == null ? 0 : $L.length)", leaf.read(), leaf.read());
        }
        return CodeBlock.of("($L == null ? 0 : $T.size($L))", leaf.read(), FLATTENING, leaf.read());
    }

    /** A partial as a part of a flattened row: an empty array for a null array's null partial. */
    static CodeBlock part(Type type, CodeBlock partial) {
        return type.isDouble() ? partial
                : CodeBlock.of("$L == null ? new double[0] : $L", partial, partial);
    }

    /**
     * The parts of a flattened row from the partial of each differentiable parameter ({@code partials},
     * in order): a record's partial gives its differentiable leaves, read as its leaves are.
     */
    static List<CodeBlock> parts(List<Variable> differentiable, Map<Variable, RecordShape> records,
            List<CodeBlock> partials) {
        List<CodeBlock> parts = new ArrayList<>();
        for (int i = 0; i < differentiable.size(); i++) {
            Variable p = differentiable.get(i);
            RecordShape record = records.get(p);
            if (record == null) {
                parts.add(part(p.type(), partials.get(i)));
                continue;
            }
            List<Leaf> leaves = new ArrayList<>();
            addLeaves(record, partials.get(i), leaves);
            leaves.forEach(leaf -> parts.add(part(leaf.type(), leaf.read())));
        }
        return parts;
    }

    /**
     * The direction along flattened input {@code k} of a record parameter read from {@code from}:
     * {@code new Params(Flattening.unit(k - pWAt), Flattening.unit(k - pBAt))}, an array leaf
     * {@code Flattening.unitLike} (null stays null), an int, long or boolean leaf its own value. Leaves
     * are numbered from {@code next[0]} in {@code starts}; with {@code k} null, the zero direction.
     */
    static CodeBlock direction(RecordShape record, CodeBlock from, String k, List<String> starts, int[] next) {
        List<CodeBlock> arguments = new ArrayList<>();
        for (RecordShape.Component c : record.components()) {
            CodeBlock read = CodeBlock.of("$L$L", from, c.readSuffix());
            if (c.nested() != null) {
                arguments.add(direction(c.nested(), read, k, starts, next));
            } else if (!c.leaf().type().isDifferentiable()) {
                arguments.add(read);
            } else {
                String start = starts.get(next[0]++);
                if (c.leaf().type().isDouble()) {
                    arguments.add(k == null ? CodeBlock.of("0.0") : CodeBlock.of("$T.unit($N - $N)", FLATTENING, k, start));
                } else {
                    arguments.add(CodeBlock.of("$L == null ? null : $T.unitLike($L, $L)", read, FLATTENING, read,
                            k == null ? CodeBlock.of("-1") : CodeBlock.of("$N - $N", k, start)));
                }
            }
        }
        return CodeBlock.of("new $T($L)", JavaTypes.className(record.type()), CodeBlock.join(arguments, ", "));
    }
}
