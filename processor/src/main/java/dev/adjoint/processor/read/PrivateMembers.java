package dev.adjoint.processor.read;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.CopiedField;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The private static members of the user's classes that the differentiable code of one generated class
 * reads: the generated class is a class of its own and cannot name them, so it gets copies, named
 * {@code Owner$member} (a {@code $} name, which the language leaves to generated code, so no user name
 * is taken). A {@code private static final} field gets a field initialised by the field's own
 * initializer, once that is shown to give the same value (see {@link #fieldRead}); a private static
 * method gets a copy of its value and derivatives, which the round builds from its body (see
 * {@link #nextHelper}) as for a {@code @Differentiable} method.
 */
public final class PrivateMembers {

    /** The classes whose static methods an initializer may call: they compute the same value every time. */
    private static final Set<String> PURE_OWNERS = Set.of("java.lang.Math", "java.lang.StrictMath",
            "java.lang.Double", "java.lang.Long", "java.lang.Integer");

    /** Makes the name resolver of a user class, for reading a member declared there. */
    interface Resolvers {
        SymbolResolver of(TypeElement owner);
    }

    private final Trees trees;
    private final Elements elements;
    private final Type.Named gradClass;
    private final Resolvers resolvers;
    /** Each field read so far: its copy, or why it has none. */
    private final Map<VariableElement, Optional<CopiedField>> fields = new LinkedHashMap<>();
    private final Map<VariableElement, String> refusals = new HashMap<>();
    private final Set<VariableElement> reading = new HashSet<>();
    private final Map<ExecutableElement, String> helpers = new LinkedHashMap<>();
    private final ArrayDeque<ExecutableElement> pendingHelpers = new ArrayDeque<>();

    PrivateMembers(Trees trees, Elements elements, Type.Named gradClass, Resolvers resolvers) {
        this.trees = trees;
        this.elements = elements;
        this.gradClass = gradClass;
        this.resolvers = resolvers;
    }

    /** The copies of the fields read, each after the copies its initializer reads. */
    public List<CopiedField> copiedFields() {
        return fields.values().stream().flatMap(Optional::stream).toList();
    }

    /** A private helper called since the last call of this, to be read and differentiated, if any. */
    public Optional<ExecutableElement> nextHelper() {
        return Optional.ofNullable(pendingHelpers.poll());
    }

    /** The name of a helper's copy: its value method, and the prefix of its derivatives' names. */
    public String helperName(ExecutableElement helper) {
        return helpers.computeIfAbsent(helper, h -> {
            pendingHelpers.add(h);
            return copyName(h, overloadSuffix(h));
        });
    }

    /** The generated class the copies are members of. */
    public Type.Named gradClass() {
        return gradClass;
    }

    /**
     * A call of the private static method {@code helper}: a call of its copy in the generated class, which
     * is differentiable when it returns a double and takes a double (or double array) parameter.
     */
    Expr.Call helperCall(ExecutableElement helper, List<Expr> arguments, SourcePosition position) {
        return new Expr.Call(helperTarget(helper), List.copyOf(arguments), position);
    }

    CallTarget helperTarget(ExecutableElement helper) {
        String name = helperName(helper);
        List<Type> types = helper.getParameters().stream()
                .map(p -> TypeMapping.ofParameter(p.asType(), elements).orElseThrow()).toList();
        List<String> names = helper.getParameters().stream().map(p -> p.getSimpleName().toString()).toList();
        List<Boolean> mask = types.stream().map(Type::isDifferentiable).toList();
        Type returnType = TypeMapping.of(helper.getReturnType()).orElseThrow();
        boolean differentiable = returnType == Type.DOUBLE && mask.contains(true);
        List<String> partials = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (mask.get(i)) {
                partials.add(GradNames.partialName(names.get(i)));
            }
        }
        return new CallTarget(gradClass, gradClass, gradientRecord(name), name, types, names, mask, returnType,
                differentiable, differentiable ? partials : List.of(), List.of());
    }

    /** The record a differentiable helper's reverse mode returns. */
    public Type.Named gradientRecord(String helperName) {
        return gradClass.nested(GradNames.capitalize(helperName) + "Gradient");
    }

    /**
     * A read of the {@code private static final} field {@code field} at {@code path}: a read of its copy,
     * or {@link ExpressionReader#ERROR} with the reason reported there when a copy could differ from it.
     */
    Expr fieldRead(VariableElement field, Type type, TreePath path, Diagnostics diagnostics) {
        Optional<CopiedField> copy = copy(field, type);
        if (copy.isEmpty()) {
            diagnostics.error(ExpressionReader.at(path), Message.PRIVATE_FIELD_NOT_COPIED, field.getSimpleName(),
                    refusals.get(field));
            return ExpressionReader.ERROR;
        }
        return new Expr.StaticField(gradClass, copy.get().name(), type, ExpressionReader.at(path));
    }

    private Optional<CopiedField> copy(VariableElement field, Type type) {
        Optional<CopiedField> known = fields.get(field);
        if (known != null) {
            return known;
        }
        if (!reading.add(field)) {
            refusals.put(field, "its initializer reads it");
            return Optional.empty();
        }
        String refusal;
        Optional<CopiedField> copy = Optional.empty();
        try {
            refusal = refusal(field, type);
            if (refusal == null) {
                copy = Optional.of(read(field, type));
                refusal = initializerRefusal(copy.get());
            }
        } catch (Refused e) {
            refusal = e.getMessage();
        } finally {
            reading.remove(field);
        }
        if (refusal != null) {
            refusals.put(field, refusal);
            copy = Optional.empty();
        }
        fields.put(field, copy);
        return copy;
    }

    /** Why the field cannot be copied as it is declared, or null. */
    private String refusal(VariableElement field, Type type) {
        TreePath path = trees.getPath(field);
        if (path == null || !(path.getLeaf() instanceof VariableTree declaration)) {
            return "its source is not part of this compilation";
        }
        String name = field.getSimpleName().toString();
        if (declaration.getInitializer() == null) {
            return "it has no initializer" + PrivateFieldUses.firstAssignment(trees, path.getCompilationUnit(), name)
                    .map(where -> " (" + where + ")").orElse("");
        }
        if (type instanceof Type.Array) {
            if (!type.equals(Type.DOUBLE_ARRAY)) {
                return "an array of type " + type + " cannot be copied, only a double[]";
            }
            if (!ArrayInitializers.isInitializer(declaration.getInitializer())) {
                return "its initializer is not written out element by element ({a, b, ...})";
            }
            return PrivateFieldUses.firstUnsafeUse(trees, path.getCompilationUnit(), name).orElse(null);
        }
        return null;
    }

    /** The copy of a field that may be copied: its initializer read as the field's class reads it. */
    private CopiedField read(VariableElement field, Type type) throws Refused {
        TreePath path = trees.getPath(field);
        VariableTree declaration = (VariableTree) path.getLeaf();
        TreePath initializer = new TreePath(path, declaration.getInitializer());
        Diagnostics scratch = new Diagnostics();
        ExpressionReader reader = new ExpressionReader(resolvers.of((TypeElement) field.getEnclosingElement()), scratch,
                new Scope(), SideEffectLowering.refusingAll(scratch));
        String name = copyName(field, "");
        CopiedField copy;
        if (type instanceof Type.Array) {
            List<Expr> elements = new ArrayList<>();
            for (ExpressionTree element : ((NewArrayTree) declaration.getInitializer()).getInitializers()) {
                Expr e = reader.readExpression(new TreePath(initializer, element));
                reader.requireNumeric(new TreePath(initializer, element), e);
                elements.add(e);
            }
            copy = new CopiedField(name, type, null, elements);
        } else {
            copy = new CopiedField(name, type, reader.readExpression(initializer), List.of());
        }
        Optional<String> error = scratch.firstError(trees);
        if (error.isPresent()) {
            throw new Refused("its initializer cannot be copied (" + error.get() + ")");
        }
        return copy;
    }

    /** Why the copied initializer could compute another value than the field's, or null. */
    private String initializerRefusal(CopiedField copy) {
        List<Expr> all = copy.isArray() ? copy.elements() : List.of(copy.value());
        String[] refusal = {null};
        for (Expr e : all) {
            StatementWalker.walk(e, part -> {
                if (refusal[0] == null) {
                    refusal[0] = changing(part);
                }
            });
        }
        return refusal[0];
    }

    /** What in an initializer could have another value when the generated class is initialised, or null. */
    private String changing(Expr e) {
        if (e instanceof Expr.StaticField field && !field.owner().equals(gradClass)) {
            Element declared = declaredField(field);
            if (declared == null || !declared.getModifiers().contains(Modifier.FINAL)) {
                return "its initializer reads " + field.owner().simpleName() + "." + field.name()
                        + ", which is not final and may have changed by then";
            }
        }
        if (e instanceof Expr.ArrayRead read
                && !(read.array() instanceof Expr.StaticField array && array.owner().equals(gradClass))) {
            return "its initializer reads an element of an array that may have changed by then";
        }
        if (e instanceof Expr.Call call && !PURE_OWNERS.contains(call.target().owner().qualifiedName())) {
            return "its initializer calls " + call.target().name() + ", which the generated class would call again";
        }
        return null;
    }

    private Element declaredField(Expr.StaticField field) {
        TypeElement owner = elements.getTypeElement(field.owner().qualifiedName());
        if (owner == null) {
            return null;
        }
        return ElementFilter.fieldsIn(owner.getEnclosedElements()).stream()
                .filter(f -> f.getSimpleName().contentEquals(field.name())).findFirst().orElse(null);
    }

    /** {@code Owner$member}, nested owners' names joined by {@code _} as in the generated class's name. */
    private String copyName(Element member, String suffix) {
        TypeElement owner = (TypeElement) member.getEnclosingElement();
        List<String> names = new ArrayList<>();
        for (Element e = owner; e instanceof TypeElement type; e = type.getEnclosingElement()) {
            names.add(0, type.getSimpleName().toString());
        }
        return String.join("_", names) + "$" + member.getSimpleName() + suffix;
    }

    /** Overloaded helpers are told apart by their parameter types, as their records must be. */
    private static String overloadSuffix(ExecutableElement helper) {
        long sameName = ElementFilter.methodsIn(helper.getEnclosingElement().getEnclosedElements()).stream()
                .filter(m -> m.getSimpleName().contentEquals(helper.getSimpleName()))
                .count();
        if (sameName < 2) {
            return "";
        }
        StringBuilder suffix = new StringBuilder();
        helper.getParameters().forEach(p -> suffix.append(GradNames.capitalize(p.asType().toString().replace("[]", "Array"))));
        return suffix.toString();
    }

    private static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }
}
