package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
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
 * Writes the reverse mode of a method with differentiable array parameters, the optimiser's case, with its
 * adjoint code once ({@link BufferedReverse}), in a private core {@code fGradientIntoZeroed} that adds
 * the partials into buffers of the right shapes holding zeros and writes the scalar partials into a
 * {@code double[]}. Two thin methods call it:
 * <ul>
 *   <li>{@code double fGradientInto(x..., dW..., scalarPartials)}, for optimisers and inner loops: the
 *       value, and the partials written into buffers the caller owns and reuses, one per array parameter
 *       ({@code dW} shaped like {@code w}) and one {@code double[]} for all the scalar parameters in
 *       declaration order; it checks the buffers' shapes and identities and zeros them first (a buffer
 *       is overwritten, not added to);
 *   <li>{@code fGradient}, which passes fresh arrays, right by construction, and builds the record
 *       ({@link DelegatingGradient}).
 * </ul>
 *
 * <p>A method with only scalar parameters gets no {@code fGradientInto}: its record is all it allocates,
 * and escape analysis often removes that. A vector-valued method gets none (its reverse mode is a
 * pullback), a method taking a record neither (its partial is an immutable record), and neither do
 * overloads whose entry points would have the same parameter types ({@code f(double[] a, double[] b)}
 * and, with {@code wrt = "a"}, {@code f(double[] a, double[] b, double[] c)} would both take four arrays).
 * Those keep {@code fGradient} with the adjoint code in it.
 */
public final class BufferEntryPoints {

    /**
     * The reverse mode of one method written around its core.
     *
     * @param gradient {@code fGradient}, calling the core with fresh arrays
     * @param into {@code fGradientInto}, calling it with the caller's buffers
     * @param core the adjoint code, and its parts when it is split ({@link SplitLongMethods})
     */
    record Methods(MethodDef gradient, MethodSpec into, List<MethodSpec> core) {
    }

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

    /** Whether any method of the class gets {@code fGradientInto}. */
    boolean any() {
        return signatures.values().stream().anyMatch(n -> n == 1);
    }

    /**
     * The reverse mode of one method around its core, unless the method gets no {@code fGradientInto}
     * (then {@code first.reverse()} is {@code fGradient}, adjoint code and all).
     *
     * @param gradClass the generated class, which the wrappers' calls of the core name
     */
    Optional<Methods> write(GradClassWriter.FirstOrder first, Type.Named userType, Type.Named gradClass) {
        Optional<List<Object>> signature = signature(first);
        if (signature.isEmpty() || signatures.get(signature.get()) > 1) {
            return Optional.empty();
        }
        Core plan = Core.of(first);
        MethodDef core = plan.method();
        Stmt.Block callCore = new Stmt.Block(List.of(new Stmt.Return(new Expr.InvokeStatic(gradClass, core.name(),
                core.parameters().stream().map(Exprs::ref).toList(), Type.DOUBLE), SourcePosition.NONE)));
        MethodDef into = new MethodDef(GradNames.gradientIntoMethod(first.sourceMethod()), Type.DOUBLE,
                core.parameters(), callCore, List.of());
        return Optional.of(new Methods(
                DelegatingGradient.of(first.reverse(), first.parameters(), plan.freshAdjoints(), gradClass, core.name()),
                printInto(into, first, userType, plan.layout()),
                SplitLongMethods.print(core, gradClass, names -> names,
                        main -> printCore(main, first.reverse(), first.sourceMethod(), plan.layout()))));
    }

    /**
     * The core a method gets when it gets {@code fGradientInto}, for the size limit to measure: it holds the
     * adjoint code in place of {@code fGradient}. Empty for a method that gets none (an overload whose entry
     * point would be another's aside, which keeps the adjoint code in {@code fGradient}).
     */
    public static Optional<MethodDef> core(GradClassWriter.FirstOrder first) {
        return signature(first).map(s -> Core.of(first).method());
    }

    /**
     * The core of one method: its adjoint code into buffers, and the declarations of fresh arrays
     * {@code fGradient} makes for it.
     */
    private record Core(MethodDef method, Layout layout, List<Stmt.Declare> freshAdjoints) {

        static Core of(GradClassWriter.FirstOrder first) {
            MethodDef gradient = first.reverse();
            List<Variable> differentiable = first.parameters();
            List<Variable> arrays = new ArrayList<>();
            List<Variable> buffers = new ArrayList<>();
            List<Variable> scalars = new ArrayList<>();
            for (Variable p : differentiable) {
                if (p.type().isDouble()) {
                    scalars.add(p);
                } else {
                    arrays.add(p);
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
            BufferedReverse.Split split = BufferedReverse.split(gradient, differentiable, buffers, scalarPartials);
            MethodDef method = new MethodDef(GradNames.gradientIntoZeroedMethod(first.sourceMethod()), Type.DOUBLE,
                    parameters, split.core(), List.of());
            return new Core(method, new Layout(gradient.parameters(), arrays, buffers, scalars, scalarPartials),
                    split.freshAdjoints());
        }
    }

    /**
     * The parameters of the entry point and of the core, by role.
     *
     * @param arguments the method's parameters
     * @param arrays its differentiable array parameters
     * @param buffers their partials' buffers, in the same order
     * @param scalars its differentiable scalar parameters
     * @param scalarPartials the buffer of their partials, or null when there are none
     */
    private record Layout(List<Variable> arguments, List<Variable> arrays, List<Variable> buffers,
            List<Variable> scalars, Variable scalarPartials) {

        /** The {@code @param} and {@code @return} tags, the same for the entry point and the core. */
        void tags(MethodSpec.Builder spec, Names names, String sourceMethod) {
            for (Variable p : arguments) {
                spec.addJavadoc("@param $L the argument {@code $L}\n", names.of(p), names.of(p));
            }
            for (int i = 0; i < buffers.size(); i++) {
                spec.addJavadoc("@param $L receives the partial derivatives with respect to the elements of {@code $L},\n"
                        + "    in an array shaped like it\n", names.of(buffers.get(i)), names.of(arrays.get(i)));
            }
            if (scalarPartials != null) {
                spec.addJavadoc("@param $L receives, in this order, the partial derivatives with respect to\n"
                        + "    $L: a {@code double[$L]}\n", names.of(scalarPartials), codeList(scalars, names),
                        scalars.size());
            }
            spec.addJavadoc("@return the value of {@code $L}\n", sourceMethod);
        }
    }

    /** The private core: the adjoint code, once, printed from {@code body}. */
    private static MethodSpec printCore(TakeBackOnFailure.Body body, MethodDef gradient, String sourceMethod,
            Layout layout) {
        MethodDef def = body.method();
        Names names = Names.of(body.method());
        MethodSpec.Builder spec = MethodSpec.methodBuilder(def.name())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(double.class)
                .addJavadoc("The adjoint code of {@code $L}, written once for {@link #$L} (fresh arrays) and\n"
                        + "{@link #$L} (the caller's, checked): returns the value and adds the partials into\n"
                        + "the array buffers, which have their arguments' shapes and hold zeros$L\n",
                        sourceMethod, gradient.name(), GradNames.gradientIntoMethod(sourceMethod),
                        layout.scalarPartials() != null ? "; writes the scalar\npartials into the last {@code double[]}."
                                : ".")
                .addJavadoc("\n");
        for (Variable p : def.parameters()) {
            spec.addParameter(JavaTypes.of(p.type()), names.of(p));
        }
        layout.tags(spec, names, sourceMethod);
        return spec.addCode(new StatementPrinter(names).body(body)).build();
    }

    /** The public entry point: checks of the caller's buffers, their zeroing, then the call of the core. */
    private static MethodSpec printInto(MethodDef def, GradClassWriter.FirstOrder first, Type.Named userType,
            Layout layout) {
        List<Variable> arrays = layout.arrays();
        List<Variable> buffers = layout.buffers();
        Variable scalarPartials = layout.scalarPartials();
        MethodDef gradient = first.reverse();
        TakeBackOnFailure.Body body = TakeBackOnFailure.of(def);
        Names names = Names.of(body.method());
        MethodSpec.Builder spec = MethodSpec.methodBuilder(def.name())
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
        for (Variable p : def.parameters()) {
            spec.addParameter(JavaTypes.of(p.type()), names.of(p));
        }
        layout.tags(spec, names, first.sourceMethod());

        BufferChecks checks = new BufferChecks(names, reserved(def.parameters(), names));
        for (int i = 0; i < buffers.size(); i++) {
            spec.addCode(checks.shape(arrays.get(i), buffers.get(i)));
        }
        if (scalarPartials != null) {
            spec.addCode(checks.length(scalarPartials, layout.scalars()));
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
        return spec.addCode(new StatementPrinter(names).body(body)).build();
    }

    /** The entry point's name and parameter types, or empty when the method gets none. */
    private static Optional<List<Object>> signature(GradClassWriter.FirstOrder first) {
        // A record's partial is an immutable record of its type: there is no buffer to write it into.
        if (first.vectorValued()
                || first.parameters().stream().noneMatch(p -> p.type() instanceof Type.Array)
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
