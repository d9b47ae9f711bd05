package dev.adjoint.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.CopiedField;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Writes the {@code *Grad} class of one user class: its forward and reverse methods and their
 * gradient records, with the user class as the single originating element.
 */
public final class GradClassWriter {

    /**
     * What the generated class holds for one differentiated method: its first-order code and, when
     * the method has one, its second-order part.
     */
    public record Derivatives(FirstOrder firstOrder, Optional<SecondOrder> secondOrder) {
    }

    /**
     * One method's first-order code: forward mode, reverse mode and the record reverse mode returns,
     * whose components are the value and the partials with respect to {@code parameters}.
     *
     * @param sourceMethod the differentiated method's name
     * @param valueType the method's return type: {@code double}, or {@code double[]} or a record for a
     *     vector-valued method, which also gets a Jacobian method
     * @param parameters the parameters the derivatives are taken with respect to
     * @param resultRecord the shape of the record the method returns, whose forward mode returns a
     *     generated record of its value and tangent; null for any other method
     * @param records the shape of each record parameter, which Hessians and Jacobians flatten leaf by leaf
     */
    public record FirstOrder(String sourceMethod, Type valueType, MethodDef forward, MethodDef reverse,
            Type.Named record, List<Variable> parameters, RecordShape resultRecord, Map<Variable, RecordShape> records) {

        public FirstOrder {
            records = Collections.unmodifiableMap(new IdentityHashMap<>(records));
        }

        /** A method that takes and returns no record. */
        public FirstOrder(String sourceMethod, Type valueType, MethodDef forward, MethodDef reverse,
                Type.Named record, List<Variable> parameters) {
            this(sourceMethod, valueType, forward, reverse, record, parameters, null, Map.of());
        }

        /** Whether the method is vector-valued (returns an array or a record): it has a pullback and a Jacobian. */
        public boolean vectorValued() {
            return valueType instanceof Type.Array || resultRecord != null;
        }

        /** The record's partial components, one per differentiable parameter. */
        public List<String> partialNames() {
            return GradClassWriter.partialNames(parameters);
        }
    }

    /**
     * The second-order part: the method's tangent function, that function's reverse mode and record,
     * and, when the method asks for them ({@code hessianMethods}), the Hessian methods written from them.
     *
     * @param parameters the tangent function's differentiable parameters (the method's, then their
     *     directions)
     */
    public record SecondOrder(MethodDef tangent, MethodDef tangentGradient, Type.Named record,
            List<Variable> parameters, boolean hessianMethods) {

        /** The tangent record's partial components, one per differentiable parameter. */
        public List<String> partialNames() {
            return GradClassWriter.partialNames(parameters);
        }
    }

    /**
     * A private static method of the user's that the class's differentiable code calls, copied:
     * {@code value} computes its value, and {@code derivatives}, for one returning a double of double
     * parameters, are its forward and reverse modes. All of them private, as the method is.
     *
     * @param sourceMethod the user's method, as {@code Class.method}, for the Javadoc
     */
    public record PrivateHelper(String sourceMethod, MethodDef value, Optional<FirstOrder> derivatives) {
    }

    private static final String PROCESSOR = "dev.adjoint.processor.AdjointProcessor";

    /**
     * The method a generated member derives from, which its Javadoc links: known from where the member
     * comes from in {@link Derivatives}, not from its name (a user's method may be called {@code priceTangent}).
     */
    private enum Source {
        /** The user's method, linked through the user class. */
        USER_METHOD,
        /** A method of the generated class itself (a tangent function), linked as {@code #name}. */
        GENERATED_METHOD
    }

    private GradClassWriter() {
    }

    public static JavaFile write(TypeElement userClass, Type.Named userType, Type.Named gradClass,
            List<Derivatives> methods) {
        return write(userClass, userType, gradClass, methods, List.of(), List.of());
    }

    /** The class, with the copies of the private fields and methods its derivatives need. */
    public static JavaFile write(TypeElement userClass, Type.Named userType, Type.Named gradClass,
            List<Derivatives> methods, List<CopiedField> fields, List<PrivateHelper> helpers) {
        BufferEntryPoints entryPoints = BufferEntryPoints.of(methods);
        TypeSpec.Builder type = TypeSpec.classBuilder(gradClass.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addOriginatingElement(userClass)
                .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
                        .addMember("value", "$S", PROCESSOR).build())
                .addJavadoc("Derivatives of the {@code @Differentiable} methods of {@link $T}, generated by Adjoint.\n",
                        JavaTypes.className(userType))
                .addJavadoc("\n<p>For each method {@code f}: {@code fForward} (forward mode, dual numbers) and\n"
                        + "{@code fGradient} (reverse mode, every partial derivative from one sweep)$L\n",
                        entryPoints.any() ? ", and for a\nmethod taking arrays {@code fGradientInto} (the same into "
                                + "arrays the caller owns and reuses)." : ".")
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addJavadoc("No instances: a holder of static methods.\n").build());
        fields.forEach(field -> type.addField(PrivateCopies.field(field)));
        Map<Derivatives, Optional<ForwardFallback.Methods>> fallbacks = new IdentityHashMap<>();
        methods.forEach(d -> fallbacks.put(d, ForwardFallback.write(d.firstOrder(), gradClass)));
        Map<String, String> sweeps = sweepsOf(fallbacks);
        // A private helper's forward mode has no sweep; one named like a method's keeps every call of that name.
        helpers.forEach(h -> h.derivatives().ifPresent(f -> sweeps.remove(f.forward().name())));
        Set<String> called = PartialsOnTape.calledMethods(gradClass, reverseModes(methods, helpers));
        for (Derivatives d : methods) {
            FirstOrder first = d.firstOrder();
            type.addType(record(first.record(), first.valueType(), first.sourceMethod(), Source.USER_METHOD,
                    first.partialNames(), first.parameters(), userType, Modifier.PUBLIC));
            if (first.resultRecord() != null) {
                type.addType(forwardRecord(first, userType));
            }
            Optional<ForwardFallback.Methods> forward = fallbacks.get(d);
            if (forward.isPresent()) {
                type.addMethods(methods(gradClass, forward.get().entry(), Source.USER_METHOD, userType));
                type.addMethods(methods(gradClass, forward.get().sweep(), Source.GENERATED_METHOD, userType, Modifier.PRIVATE,
                        names -> names.redirectingCalls(gradClass, sweeps)));
            } else {
                type.addMethods(methods(gradClass, first.forward(), Source.USER_METHOD, userType));
            }
            Optional<BufferEntryPoints.Methods> buffered = entryPoints.write(first, userType, gradClass);
            if (buffered.isPresent()) {
                // One adjoint code, in the core: fGradient and fGradientInto call it.
                type.addMethods(methods(gradClass, buffered.get().gradient(), Source.USER_METHOD, userType));
                type.addMethod(buffered.get().into());
                type.addMethods(buffered.get().core());
            } else {
                Optional<PartialsOnTape.Methods> onTape = PartialsOnTape.write(first, gradClass, called, true);
                if (onTape.isPresent()) {
                    // One adjoint code, in the core: fGradient and the class's callers call it.
                    type.addMethods(methods(gradClass, onTape.get().gradient(), Source.USER_METHOD, userType));
                    type.addMethods(methods(gradClass, onTape.get().core(), Source.USER_METHOD, userType, Modifier.PRIVATE));
                } else {
                    type.addMethods(methods(gradClass, first.reverse(), Source.USER_METHOD, userType));
                }
            }
            if (first.vectorValued()) {
                type.addMethod(JacobianWriter.write(first, userType));
            }
            if (d.secondOrder().isPresent()) {
                SecondOrder second = d.secondOrder().get();
                type.addType(record(second.record(), Type.DOUBLE, second.tangent().name(), Source.GENERATED_METHOD,
                        second.partialNames(), second.parameters(), userType, Modifier.PUBLIC));
                // The tangent function derives from the user's method; its reverse mode, from the tangent function.
                type.addMethods(methods(gradClass, second.tangent(), Source.USER_METHOD, userType));
                type.addMethods(methods(gradClass, second.tangentGradient(), Source.GENERATED_METHOD, userType));
                if (second.hessianMethods()) {
                    SecondOrderWriter.write(first, second, userType).forEach(type::addMethod);
                }
            }
        }
        for (PrivateHelper helper : helpers) {
            MethodDef value = helper.value();
            type.addMethods(methods(gradClass, new MethodDef(value.name(), value.returnType(), value.parameters(), value.body(),
                            List.of("The value of the private method {@code " + helper.sourceMethod()
                                    + "}, copied here, where it cannot be called.")),
                    Source.GENERATED_METHOD, userType, Modifier.PRIVATE));
            if (helper.derivatives().isPresent()) {
                FirstOrder first = helper.derivatives().get();
                // A helper's fGradient that only its class's reverse modes call, through the core, is left out.
                boolean gradientCalled = called.contains(first.reverse().name());
                Optional<PartialsOnTape.Methods> onTape = PartialsOnTape.write(first, gradClass, called, gradientCalled);
                if (onTape.isEmpty() || gradientCalled) {
                    type.addType(record(first.record(), first.valueType(), first.sourceMethod(),
                            Source.GENERATED_METHOD, first.partialNames(), first.parameters(), userType,
                            Modifier.PRIVATE));
                }
                type.addMethods(methods(gradClass, first.forward(), Source.GENERATED_METHOD, userType, Modifier.PRIVATE));
                if (onTape.isEmpty()) {
                    type.addMethods(methods(gradClass, first.reverse(), Source.GENERATED_METHOD, userType, Modifier.PRIVATE));
                } else {
                    if (gradientCalled) {
                        type.addMethods(methods(gradClass, onTape.get().gradient(), Source.GENERATED_METHOD, userType,
                                Modifier.PRIVATE));
                    }
                    type.addMethods(methods(gradClass, onTape.get().core(), Source.GENERATED_METHOD, userType, Modifier.PRIVATE));
                }
            }
        }
        return JavaFile.builder(gradClass.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /**
     * The generated methods that may call a method's reverse mode or its core: every reverse mode, first
     * order and second, the helpers' included.
     */
    private static List<MethodDef> reverseModes(List<Derivatives> methods, List<PrivateHelper> helpers) {
        List<MethodDef> reverse = new ArrayList<>();
        for (Derivatives d : methods) {
            reverse.add(d.firstOrder().reverse());
            d.secondOrder().ifPresent(second -> reverse.add(second.tangentGradient()));
        }
        helpers.forEach(h -> h.derivatives().ifPresent(first -> reverse.add(first.reverse())));
        return reverse;
    }

    private static List<String> partialNames(List<Variable> parameters) {
        return parameters.stream().map(p -> GradNames.partialName(p.name())).toList();
    }

    private static TypeSpec record(Type.Named recordType, Type valueType, String sourceMethod, Source source,
            List<String> partialNames, List<Variable> parameters, Type.Named userType, Modifier visibility) {
        MethodSpec.Builder components = MethodSpec.constructorBuilder()
                .addParameter(JavaTypes.of(valueType), "value");
        TypeSpec.Builder record = TypeSpec.recordBuilder(recordType.simpleName())
                .addModifiers(visibility);
        if (source == Source.USER_METHOD) {
            record.addJavadoc("The value and gradient of {@link $T#$L}.\n\n", JavaTypes.className(userType),
                    sourceMethod);
        } else {
            record.addJavadoc("The value and gradient of {@link #$L}.\n\n", sourceMethod);
        }
        record.addJavadoc("@param value the method's value\n");
        for (int i = 0; i < partialNames.size(); i++) {
            Variable parameter = parameters.get(i);
            components.addParameter(JavaTypes.of(parameter.type()), partialNames.get(i));
            record.addJavadoc(parameter.type().isDouble()
                            ? "@param $L the partial derivative with respect to {@code $L}\n"
                            : parameter.type() instanceof Type.Named
                            ? "@param $L the partial derivatives with respect to the components of {@code $L}, in a record of its type\n"
                            : "@param $L the partial derivatives with respect to the elements of {@code $L}, a fresh array\n",
                    partialNames.get(i), parameter.name());
        }
        return record.recordConstructor(components.build()).build();
    }

    /** {@code record FForward(Point value, Point tangent)}: what forward mode of a method returning a record gives. */
    private static TypeSpec forwardRecord(FirstOrder first, Type.Named userType) {
        TypeName point = JavaTypes.of(first.resultRecord().type());
        Type.Named forward = (Type.Named) first.forward().returnType();
        return TypeSpec.recordBuilder(forward.simpleName())
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The value of {@link $T#$L} and its derivative along the tangents of the arguments.\n\n",
                        JavaTypes.className(userType), first.sourceMethod())
                .addJavadoc("@param value the method's value\n")
                .addJavadoc("@param tangent the derivative of each component of the value, in a record of its type\n")
                .recordConstructor(MethodSpec.constructorBuilder()
                        .addParameter(point, "value")
                        .addParameter(point, "tangent").build())
                .build();
    }

    /** A generated method: the transform's Javadoc links its source as {@code #m}, which {@code source} places. */
    private static List<MethodSpec> methods(Type.Named gradClass, MethodDef def, Source source, Type.Named userType) {
        return methods(gradClass, def, source, userType, Modifier.PUBLIC);
    }

    private static List<MethodSpec> methods(Type.Named gradClass, MethodDef def, Source source, Type.Named userType,
            Modifier visibility) {
        return methods(gradClass, def, source, userType, visibility, names -> names);
    }

    /**
     * The forward methods of the class whose every overload has a sweep, by name: {@code normCdfForward}
     * to {@code normCdfForwardSweep}.
     */
    private static Map<String, String> sweepsOf(Map<Derivatives, Optional<ForwardFallback.Methods>> fallbacks) {
        Map<String, String> sweeps = new HashMap<>();
        Set<String> without = new HashSet<>();
        fallbacks.forEach((d, written) -> {
            String name = d.firstOrder().forward().name();
            if (written.isPresent()) {
                sweeps.put(name, written.get().sweep().name());
            } else {
                without.add(name);
            }
        });
        without.forEach(sweeps::remove);
        return sweeps;
    }

    /**
     * The methods that print {@code def}: itself, or when it is too long for the JIT, the method its callers
     * call and its parts ({@link SplitLongMethods}).
     */
    private static List<MethodSpec> methods(Type.Named gradClass, MethodDef def, Source source, Type.Named userType,
            Modifier visibility, UnaryOperator<Names> naming) {
        return SplitLongMethods.print(def, gradClass, naming, main -> method(main, source, userType, visibility, naming));
    }

    /** {@code body}'s method, its Javadoc linking its source. */
    private static MethodSpec method(TakeBackOnFailure.Body body, Source source, Type.Named userType,
            Modifier visibility, UnaryOperator<Names> naming) {
        MethodDef def = body.method();
        Names names = naming.apply(Names.of(body.method()));
        MethodSpec.Builder method = MethodSpec.methodBuilder(def.name())
                .addModifiers(visibility, Modifier.STATIC)
                .returns(JavaTypes.of(def.returnType()));
        String link = source == Source.USER_METHOD ? "{@link " + JavaTypes.className(userType).canonicalName() + "#"
                : "{@link #";
        for (int i = 0; i < def.javadoc().size(); i++) {
            method.addJavadoc(i == 0 ? "$L\n" : "\n<p>$L\n", def.javadoc().get(i).replace("{@link #", link));
        }
        for (Variable p : def.parameters()) {
            method.addParameter(ParameterSpec.builder(JavaTypes.of(p.type()), names.of(p)).build());
        }
        method.addCode(new StatementPrinter(names).body(body));
        return JavadocTags.completed(method.build());
    }
}
