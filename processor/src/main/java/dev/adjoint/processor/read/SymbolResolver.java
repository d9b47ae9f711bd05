package dev.adjoint.processor.read;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.LibraryFunctions;
import dev.adjoint.processor.ir.PartialRule;
import dev.adjoint.processor.ir.RecordParameters;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a body uses that are not locals: classes (through the file's imports, the
 * enclosing classes, the package and {@code java.lang}), static fields and static methods. Method
 * bodies are not attributed while processors run, so this is done from declarations alone.
 */
final class SymbolResolver {

    private final Elements elements;
    private final TypeElement enclosingClass;
    private final CompilationUnitTree unit;
    private final DerivativeOfRules rules;
    private final RoundLookups lookups;
    private final PrivateMembers privateMembers;

    SymbolResolver(Elements elements, TypeElement enclosingClass, CompilationUnitTree unit, DerivativeOfRules rules,
            RoundLookups lookups, PrivateMembers privateMembers) {
        this.elements = elements;
        this.privateMembers = privateMembers;
        this.lookups = lookups;
        this.rules = rules;
        this.enclosingClass = enclosingClass;
        this.unit = unit;
    }

    /** The copies the generated class makes of the private members the body reads. */
    PrivateMembers privateMembers() {
        return privateMembers;
    }

    private List<? extends Element> allMembers(TypeElement type) {
        return lookups.allMembers(type);
    }

    Elements elements() {
        return elements;
    }

    /** The user's derivative rules of this round. */
    DerivativeOfRules rules() {
        return rules;
    }

    Type.Named classType(TypeElement type) {
        return GradNames.classType(elements, type);
    }

    /** A class named by a simple or qualified name, as javac would resolve it in this file. */
    Optional<TypeElement> findClass(String name) {
        return lookups.classNamed(enclosingClass, name, () -> resolveClass(name));
    }

    private Optional<TypeElement> resolveClass(String name) {
        if (name.contains(".")) {
            TypeElement qualified = elements.getTypeElement(name);
            if (qualified != null) {
                return Optional.of(qualified);
            }
            int dot = name.indexOf('.');
            return findClass(name.substring(0, dot)).flatMap(outer -> nested(outer, name.substring(dot + 1)));
        }
        for (Element e = enclosingClass; e instanceof TypeElement type; e = type.getEnclosingElement()) {
            if (type.getSimpleName().contentEquals(name)) {
                return Optional.of(type);
            }
            Optional<TypeElement> member = nested(type, name);
            if (member.isPresent()) {
                return member;
            }
        }
        for (ImportTree imp : unit.getImports()) {
            if (!imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree select
                    && select.getIdentifier().contentEquals(name)) {
                TypeElement imported = elements.getTypeElement(select.toString());
                if (imported != null) {
                    return Optional.of(imported);
                }
            }
        }
        String pkg = packageName();
        TypeElement samePackage = elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
        if (samePackage != null) {
            return Optional.of(samePackage);
        }
        for (ImportTree imp : unit.getImports()) {
            if (!imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree select
                    && select.getIdentifier().contentEquals("*")) {
                TypeElement onDemand = elements.getTypeElement(select.getExpression() + "." + name);
                if (onDemand != null) {
                    return Optional.of(onDemand);
                }
            }
        }
        return Optional.ofNullable(elements.getTypeElement("java.lang." + name));
    }

    private Optional<TypeElement> nested(TypeElement outer, String path) {
        TypeElement current = outer;
        for (String part : path.split("\\.")) {
            TypeElement next = null;
            for (TypeElement member : ElementFilter.typesIn(allMembers(current))) {
                if (member.getSimpleName().contentEquals(part)) {
                    next = member;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    private String packageName() {
        PackageElement pkg = elements.getPackageOf(enclosingClass);
        return pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    }

    /** A static field of {@code owner} (inherited ones too). */
    Optional<VariableElement> staticField(TypeElement owner, String name) {
        return ElementFilter.fieldsIn(allMembers(owner)).stream()
                .filter(f -> f.getSimpleName().contentEquals(name) && f.getModifiers().contains(Modifier.STATIC))
                .findFirst();
    }

    /** A field named without qualifier: the enclosing classes' own, then static imports. */
    Optional<VariableElement> unqualifiedField(String name) {
        for (Element e = enclosingClass; e instanceof TypeElement type; e = type.getEnclosingElement()) {
            Optional<VariableElement> field = staticField(type, name);
            if (field.isPresent()) {
                return field;
            }
        }
        for (TypeElement owner : staticImportOwners(name)) {
            Optional<VariableElement> field = staticField(owner, name);
            if (field.isPresent()) {
                return field;
            }
        }
        return Optional.empty();
    }

    /** Static methods named without qualifier: the enclosing classes' own, then static imports. */
    List<ExecutableElement> unqualifiedMethods(String name) {
        for (Element e = enclosingClass; e instanceof TypeElement type; e = type.getEnclosingElement()) {
            List<ExecutableElement> methods = methods(type, name);
            if (!methods.isEmpty()) {
                return methods;
            }
        }
        List<ExecutableElement> imported = new ArrayList<>();
        for (TypeElement owner : staticImportOwners(name)) {
            imported.addAll(methods(owner, name));
        }
        return imported;
    }

    /** The classes whose member {@code name} a static import of this file brings in. */
    List<TypeElement> staticImportOwners(String name) {
        List<TypeElement> owners = new ArrayList<>();
        for (ImportTree imp : unit.getImports()) {
            if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree select
                    && (select.getIdentifier().contentEquals(name) || select.getIdentifier().contentEquals("*"))) {
                TypeElement owner = elements.getTypeElement(select.getExpression().toString());
                if (owner != null) {
                    owners.add(owner);
                }
            }
        }
        return owners;
    }

    List<ExecutableElement> methods(TypeElement owner, String name) {
        return lookups.methods(owner, name);
    }

    /**
     * Picks the method that Java would call for these argument types (JLS 15.12.2): among the
     * applicable ones (each argument passed by widening, no boxing), the most specific, whose every
     * parameter type widens to the corresponding one of every other. Empty when none is applicable
     * or no one is most specific ({@link #isAmbiguous} tells which).
     */
    Optional<ExecutableElement> choose(List<ExecutableElement> candidates, List<Type> argumentTypes) {
        return choose(candidates, argumentTypes, this::parameterType);
    }

    /** {@link #choose}, with {@code parameterType} giving the IR type of a parameter (empty: none). */
    static Optional<ExecutableElement> choose(List<ExecutableElement> candidates, List<Type> argumentTypes,
            Function<TypeMirror, Optional<Type>> parameterType) {
        List<ExecutableElement> applicable = applicable(candidates, argumentTypes, parameterType);
        for (ExecutableElement m : applicable) {
            if (applicable.stream().allMatch(other -> other == m || moreSpecific(m, other, parameterType))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether several methods take these arguments and none is more specific than the others. */
    boolean isAmbiguous(List<ExecutableElement> candidates, List<Type> argumentTypes) {
        return applicable(candidates, argumentTypes, this::parameterType).size() > 1
                && choose(candidates, argumentTypes).isEmpty();
    }

    private static List<ExecutableElement> applicable(List<ExecutableElement> candidates, List<Type> argumentTypes,
            Function<TypeMirror, Optional<Type>> parameterType) {
        List<ExecutableElement> applicable = new ArrayList<>();
        for (ExecutableElement m : candidates) {
            List<Type> declared = parameterTypes(m, parameterType);
            if (declared.size() != argumentTypes.size() || m.isVarArgs() || declared.contains(null)) {
                continue;
            }
            boolean takesAll = true;
            for (int i = 0; i < argumentTypes.size(); i++) {
                takesAll &= TypeMapping.widensInCall(argumentTypes.get(i), declared.get(i));
            }
            if (takesAll) {
                applicable.add(m);
            }
        }
        return applicable;
    }

    private static boolean moreSpecific(ExecutableElement m, ExecutableElement other,
            Function<TypeMirror, Optional<Type>> parameterType) {
        List<Type> mine = parameterTypes(m, parameterType);
        List<Type> theirs = parameterTypes(other, parameterType);
        for (int i = 0; i < mine.size(); i++) {
            if (!TypeMapping.widensInCall(mine.get(i), theirs.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The IR types of {@code method}'s parameters, null for one the IR has no type for. */
    private static List<Type> parameterTypes(ExecutableElement method, Function<TypeMirror, Optional<Type>> parameterType) {
        List<Type> types = new ArrayList<>();
        for (VariableElement p : method.getParameters()) {
            types.add(parameterType.apply(p.asType()).orElse(null));
        }
        return types;
    }

    private Optional<Type> parameterType(TypeMirror mirror) {
        return TypeMapping.ofParameter(mirror, elements);
    }

    /** Describes a resolved static method for the IR; its types must already be known to map. */
    CallTarget target(ExecutableElement method) {
        return target(method, null);
    }

    /**
     * As {@link #target(ExecutableElement)}; for a method returning a record of doubles, {@code resultRecord}
     * is its shape and the target returns the record's leaves as a {@code double[]}.
     */
    CallTarget target(ExecutableElement method, RecordShape resultRecord) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        List<Type> parameterTypes = method.getParameters().stream()
                .map(p -> TypeMapping.ofParameter(p.asType(), elements).orElseThrow())
                .toList();
        Type returnType = resultRecord != null ? Type.DOUBLE_ARRAY : TypeMapping.of(method.getReturnType()).orElseThrow();
        boolean differentiable = GradNames.isDifferentiable(method);
        Type.Named gradOwner = GradNames.gradClass(elements, owner);
        Type.Named record = GradNames.gradientRecord(elements, method);
        List<String> components = List.of();
        List<String> names = method.getParameters().stream().map(p -> p.getSimpleName().toString()).toList();
        List<Boolean> mask = differentiableMask(method, gradOwner, parameterTypes, names);
        if (differentiable) {
            Optional<TypeElement> compiledRecord = compiledGradientRecord(method, gradOwner);
            if (compiledRecord.isPresent()) {
                record = GradNames.classType(elements, compiledRecord.get());
                List<String> recordNames = compiledRecord.get().getRecordComponents().stream()
                        .map(RecordComponentElement::getSimpleName).map(Object::toString).toList();
                components = recordNames.subList(1, recordNames.size());
            } else if (compiledPullbackPartials(method, gradOwner).isPresent()) {
                components = compiledPullbackPartials(method, gradOwner).get();
            } else {
                List<String> partials = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    if (mask.get(i)) {
                        partials.add(GradNames.partialName(names.get(i)));
                    }
                }
                components = partials;
            }
        }
        return new CallTarget(GradNames.classType(elements, owner), gradOwner, record,
                method.getSimpleName().toString(), parameterTypes, names, mask, returnType, differentiable, components,
                differentiable ? List.of() : rulesOf(method), RecordParameters.NONE, resultRecord);
    }

    /**
     * The derivative rules of a function that is not differentiable: the user's {@code @DerivativeOf}
     * rules, else the known library functions' (only where the classpath has every function their
     * partials call), else none.
     */
    private List<PartialRule> rulesOf(ExecutableElement method) {
        Optional<List<PartialRule>> userRules = rules.of(method);
        if (userRules.isPresent()) {
            return userRules.get();
        }
        String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
        String name = method.getSimpleName().toString();
        List<String> types = method.getParameters().stream().map(p -> p.asType().toString()).toList();
        Optional<List<PartialRule>> known = LibraryFunctions.rules(owner, name, types);
        if (known.isPresent() && LibraryFunctions.calls(owner, name, types).stream().allMatch(this::isOnClasspath)) {
            return known.get();
        }
        return List.of();
    }

    private boolean isOnClasspath(Expr.InvokeStatic call) {
        TypeElement owner = elements.getTypeElement(call.owner().qualifiedName());
        return owner != null && methods(owner, call.name()).stream()
                .anyMatch(m -> m.getModifiers().contains(Modifier.STATIC) && m.getModifiers().contains(Modifier.PUBLIC)
                        && m.getParameters().size() == call.arguments().size());
    }

    /**
     * Which parameters a differentiable target is differentiated with respect to: read from its
     * compiled forward method when there is one (a jar may have lost the names wrt refers to),
     * else from its {@code wrt}.
     */
    private List<Boolean> differentiableMask(ExecutableElement method, Type.Named gradOwner, List<Type> types,
            List<String> names) {
        TypeElement grad = elements.getTypeElement(gradOwner.qualifiedName());
        if (grad != null) {
            for (ExecutableElement forward : methods(grad, GradNames.forwardMethod(method.getSimpleName().toString()))) {
                if (forward.getParameters().size() == types.size()) {
                    List<Boolean> mask = forward.getParameters().stream()
                            .map(p -> p.asType().toString().contains(RuntimeTypes.DUAL.simpleName())).toList();
                    if (sameErasedShape(forward, method, mask)) {
                        return mask;
                    }
                }
            }
        }
        List<String> wrt = GradNames.wrt(method);
        List<Boolean> mask = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            mask.add(types.get(i).isDifferentiable() && (wrt.isEmpty() || wrt.contains(names.get(i))));
        }
        return mask;
    }

    /** Whether a compiled forward method matches the target once its Dual parameters are read as doubles. */
    private static boolean sameErasedShape(ExecutableElement forward, ExecutableElement method, List<Boolean> mask) {
        for (int i = 0; i < mask.size(); i++) {
            String declared = method.getParameters().get(i).asType().toString();
            String generated = forward.getParameters().get(i).asType().toString()
                    .replace(RuntimeTypes.DUAL.qualifiedName(), "double");
            if (!declared.equals(generated)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The gradient record of a target compiled earlier (from a jar), read from its generated class:
     * such a target may have lost its parameter names, its record has not. A target of this
     * compilation has its names, and its record is generated this round.
     */
    private Optional<TypeElement> compiledGradientRecord(ExecutableElement method, Type.Named gradOwner) {
        TypeElement grad = elements.getTypeElement(gradOwner.qualifiedName());
        if (grad == null) {
            return Optional.empty();
        }
        String gradientMethod = GradNames.gradientMethod(method.getSimpleName().toString());
        for (ExecutableElement candidate : methods(grad, gradientMethod)) {
            if (sameParameters(candidate, method) && candidate.getReturnType() instanceof DeclaredType record
                    && record.asElement().getKind() == ElementKind.RECORD) {
                return Optional.of((TypeElement) record.asElement());
            }
        }
        return Optional.empty();
    }

    /**
     * For a vector-valued method compiled earlier (it has no {@code fGradient}): the partials' accessors
     * of its {@code fPullback}'s record, after {@code value}, which keep the parameter names the class
     * file may have lost.
     */
    private Optional<List<String>> compiledPullbackPartials(ExecutableElement method, Type.Named gradOwner) {
        TypeElement grad = elements.getTypeElement(gradOwner.qualifiedName());
        if (grad == null) {
            return Optional.empty();
        }
        int n = method.getParameters().size();
        for (ExecutableElement candidate : methods(grad, GradNames.pullbackMethod(method.getSimpleName().toString()))) {
            if (candidate.getParameters().size() == n + 1
                    && sameParameters(candidate.getParameters().subList(0, n), method.getParameters())
                    && candidate.getReturnType() instanceof DeclaredType record
                    && record.asElement().getKind() == ElementKind.RECORD) {
                List<String> names = ((TypeElement) record.asElement()).getRecordComponents().stream()
                        .map(RecordComponentElement::getSimpleName).map(Object::toString).toList();
                return Optional.of(names.subList(1, names.size()));
            }
        }
        return Optional.empty();
    }

    private static boolean sameParameters(ExecutableElement a, ExecutableElement b) {
        return sameParameters(a.getParameters(), b.getParameters());
    }

    private static boolean sameParameters(List<? extends VariableElement> a, List<? extends VariableElement> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).asType().toString().equals(b.get(i).asType().toString())) {
                return false;
            }
        }
        return true;
    }
}
