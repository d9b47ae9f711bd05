package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code fGradientInto}, the zero-allocation entry point of reverse mode for optimisers and inner
 * loops: {@code double fGradientInto(x..., dW..., scalarPartials)} returns the value and writes the
 * partials into buffers the caller owns and reuses, one per array parameter ({@code dW} shaped like
 * {@code w}) and one {@code double[]} for all the scalar parameters in declaration order.
 *
 * <p>Its body is {@code fGradient}'s ({@link BufferedReverse}), after checks of the buffers' shapes and
 * identities and their zeroing: a buffer is overwritten, not added to.
 *
 * <p>A vector-valued method gets none (its reverse mode is a pullback), and neither do overloads whose
 * entry points would have the same parameter types ({@code f(double[] a, double[] b)} and, with
 * {@code wrt = "a"}, {@code f(double[] a, double[] b, double[] c)} would both take four arrays).
 */
final class BufferEntryPoints {

    /** How many methods of the class would get an entry point with this name and these parameter types. */
    private final Map<List<Object>, Integer> signatures = new HashMap<>();

    private BufferEntryPoints(List<GradClassWriter.Derivatives> methods) {
        for (GradClassWriter.Derivatives d : methods) {
            signature(d.firstOrder()).ifPresent(s -> signatures.merge(s, 1, Integer::sum));
        }
    }

    /** The entry points of one generated class, whose differentiated methods are {@code methods}. */
    static BufferEntryPoints of(List<GradClassWriter.Derivatives> methods) {
        return new BufferEntryPoints(methods);
    }

    /** {@code fGradientInto} of one method, unless it is vector-valued or its signature is another's. */
    Optional<MethodSpec> write(GradClassWriter.FirstOrder first, Type.Named userType) {
        Optional<List<Object>> signature = signature(first);
        if (signature.isEmpty() || signatures.get(signature.get()) > 1) {
            return Optional.empty();
        }
        MethodDef gradient = first.reverse();
        List<Variable> differentiable = first.parameters();
        List<Variable> buffers = new ArrayList<>();
        List<Variable> scalars = new ArrayList<>();
        for (Variable p : differentiable) {
            if (p.type().isDouble()) {
                scalars.add(p);
            } else {
                buffers.add(new Variable(GradNames.partialName(p.name()), p.type(), Variable.Origin.PARAMETER));
            }
        }
        Variable scalarPartials = scalars.isEmpty() ? null
                : new Variable("scalarPartials", Type.DOUBLE_ARRAY, Variable.Origin.PARAMETER);
        List<Variable> parameters = new ArrayList<>(gradient.parameters());
        parameters.addAll(buffers);
        if (scalarPartials != null) {
            parameters.add(scalarPartials);
        }
        Stmt.Block body = BufferedReverse.body(gradient, differentiable, buffers, scalarPartials);
        String name = GradNames.gradientIntoMethod(first.sourceMethod());
        Names names = Names.of(new MethodDef(name, Type.DOUBLE, parameters, body, List.of()));

        MethodSpec.Builder spec = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double.class)
                .addJavadoc("Reverse mode of {@link $T#$L} into arrays the caller owns and reuses: the value,\n"
                        + "and the same partial derivatives as {@link #$L}, bit for bit, without the arrays and\n"
                        + "the record that method allocates for its result.\n",
                        JavaTypes.className(userType), first.sourceMethod(), gradient.name())
                .addJavadoc("\n<p>Every buffer is overwritten (not added to). It must have its argument's shape and be an\n"
                        + "array of its own, neither an argument nor another buffer: otherwise\n"
                        + "{@code IllegalArgumentException}, before anything is written. A {@code null} array\n"
                        + "argument's buffer is neither checked nor written.\n")
                .addJavadoc("\n<p>Once the calling thread's tapes have grown, a call allocates only what the method's\n"
                        + "own code does (its local arrays) and the gradient records of the {@code @Differentiable}\n"
                        + "methods it calls.\n\n");
        for (Variable p : parameters) {
            spec.addParameter(JavaTypes.of(p.type()), names.of(p));
        }
        List<Variable> arrays = differentiable.stream().filter(p -> !p.type().isDouble()).toList();
        for (Variable p : gradient.parameters()) {
            spec.addJavadoc("@param $L the argument {@code $L}\n", names.of(p), names.of(p));
        }
        for (int i = 0; i < buffers.size(); i++) {
            spec.addJavadoc("@param $L receives the partial derivatives with respect to the elements of {@code $L},\n"
                    + "    in an array shaped like it\n", names.of(buffers.get(i)), names.of(arrays.get(i)));
        }
        if (scalarPartials != null) {
            spec.addJavadoc("@param $L receives, in this order, the partial derivatives with respect to\n"
                    + "    $L: a {@code double[$L]}\n", names.of(scalarPartials), codeList(scalars, names), scalars.size());
        }
        spec.addJavadoc("@return the value of {@code $L}\n", first.sourceMethod());

        BufferChecks checks = new BufferChecks(names, reserved(parameters, names));
        for (int i = 0; i < buffers.size(); i++) {
            spec.addCode(checks.shape(arrays.get(i), buffers.get(i)));
        }
        if (scalarPartials != null) {
            spec.addCode(checks.length(scalarPartials, scalars));
        }
        List<Variable> checked = new ArrayList<>(gradient.parameters());
        for (Variable buffer : buffers) {
            spec.addCode(checks.distinct(buffer, checked, false));
            checked.add(buffer);
        }
        if (scalarPartials != null) {
            spec.addCode(checks.distinct(scalarPartials, checked, true));
        }
        for (int i = 0; i < buffers.size(); i++) {
            spec.addCode(checks.zeroed(arrays.get(i), buffers.get(i)));
        }
        spec.addCode(new StatementPrinter(names).body(body));
        return Optional.of(spec.build());
    }

    /** The entry point's name and parameter types, or empty when the method gets none. */
    private static Optional<List<Object>> signature(GradClassWriter.FirstOrder first) {
        // A record's partial is an immutable record of its type: there is no buffer to write it into.
        if (first.valueType() instanceof Type.Array
                || first.parameters().stream().anyMatch(p -> p.type() instanceof Type.Named)) {
            return Optional.empty();
        }
        List<Object> types = new ArrayList<>();
        types.add(first.sourceMethod());
        first.reverse().parameters().forEach(p -> types.add(JavaTypes.of(p.type())));
        first.parameters().stream().filter(p -> !p.type().isDouble()).forEach(p -> types.add(JavaTypes.of(p.type())));
        if (first.parameters().stream().anyMatch(p -> p.type().isDouble())) {
            types.add(JavaTypes.of(Type.DOUBLE_ARRAY));
        }
        return Optional.of(types);
    }

    private static NameAllocator reserved(List<Variable> parameters, Names names) {
        NameAllocator allocator = new NameAllocator();
        parameters.forEach(p -> allocator.newName(names.of(p), p));
        return allocator;
    }

    /** {@code {@code x}, {@code y}}. */
    static String codeList(List<Variable> variables, Names names) {
        return variables.stream().map(v -> "{@code " + names.of(v) + "}").collect(Collectors.joining(", "));
    }

    /** {@code x, xs or dW} ({@code conjunction} "or"), {@code x, y and z}. */
    static String plainList(List<String> names, String conjunction) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " " + conjunction + " "
                + names.get(names.size() - 1);
    }
}
