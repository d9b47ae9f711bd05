package dev.adjoint.processor.read;

import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.diagnostics.TreePosition;
import dev.adjoint.processor.ir.DerivativeOfMethod;
import dev.adjoint.processor.ir.PartialRule;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The user's derivative rules ({@code @DerivativeOf}): checked once per round, then looked up for
 * every call of a function that is not {@code @Differentiable}. A rule's errors are reported on the
 * rule; a function with a faulty rule gets none, so its calls fall back to "no derivative known".
 */
public final class DerivativeOfRules {

    public static final String DERIVATIVE_OF = "dev.adjoint.DerivativeOf";

    private final Elements elements;
    /** Function key → parameter index → rule, for the functions whose rules all check out. */
    private final Map<String, Map<Integer, ExecutableElement>> rules = new HashMap<>();
    /** The keys of the functions with rules that are methods of objects. */
    private final java.util.Set<String> objectMethods = new java.util.HashSet<>();
    /** Every function this round has rules for, valid or not: a faulty one gets none. */
    private final java.util.Set<String> ruledThisRound = new java.util.HashSet<>();

    private DerivativeOfRules(Elements elements) {
        this.elements = elements;
    }

    /** No rules at all: for a round without {@code @DerivativeOf}. */
    public static DerivativeOfRules none(Elements elements) {
        return new DerivativeOfRules(elements);
    }

    /** Checks the rules declared in this round and keeps the valid ones. */
    public static DerivativeOfRules collect(Elements elements, Trees trees, Collection<? extends Element> ruleMethods,
            Diagnostics diagnostics) {
        DerivativeOfRules registry = new DerivativeOfRules(elements);
        Map<String, Map<Integer, ExecutableElement>> found = new LinkedHashMap<>();
        Map<String, ExecutableElement> functions = new HashMap<>();
        Map<String, Boolean> faulty = new HashMap<>();
        for (ExecutableElement rule : ElementFilter.methodsIn(ruleMethods)) {
            SourcePosition at = TreePosition.of(trees.getPath(rule));
            Optional<ExecutableElement> function = registry.check(rule, at, diagnostics);
            if (function.isEmpty()) {
                continue;
            }
            String key = key(function.get());
            functions.put(key, function.get());
            if (isMethodOfObjects(function.get())) {
                registry.objectMethods.add(key);
            }
            registry.ruledThisRound.add(key);
            Optional<Integer> parameter = registry.partialOf(rule, function.get(), at, diagnostics);
            if (parameter.isEmpty()) {
                faulty.put(key, true);
                continue;
            }
            Map<Integer, ExecutableElement> partials = found.computeIfAbsent(key, k -> new HashMap<>());
            if (partials.containsKey(parameter.get())) {
                diagnostics.error(at, Message.RULE_DUPLICATE, function.get().getSimpleName(),
                        function.get().getParameters().get(parameter.get()).getSimpleName());
                faulty.put(key, true);
            } else {
                partials.put(parameter.get(), rule);
            }
        }
        found.forEach((key, partials) -> {
            ExecutableElement function = functions.get(key);
            for (int i = 0; i < function.getParameters().size(); i++) {
                if (function.getParameters().get(i).asType().getKind() == TypeKind.DOUBLE && !partials.containsKey(i)) {
                    ExecutableElement anyRule = partials.values().iterator().next();
                    diagnostics.error(TreePosition.of(trees.getPath(anyRule)), Message.RULE_MISSING_PARTIAL,
                            function.getSimpleName(), function.getParameters().get(i).getSimpleName());
                    faulty.put(key, true);
                }
            }
            if (!faulty.containsKey(key)) {
                registry.rules.put(key, partials);
            }
        });
        return registry;
    }

    /** The function a rule differentiates, if the rule itself is well formed. */
    private Optional<ExecutableElement> check(ExecutableElement rule, SourcePosition at, Diagnostics diagnostics) {
        String name = rule.getSimpleName().toString();
        if (!rule.getModifiers().contains(Modifier.STATIC)) {
            diagnostics.error(at, Message.RULE_NOT_STATIC, name);
            return Optional.empty();
        }
        if (rule.getModifiers().contains(Modifier.PRIVATE)) {
            diagnostics.error(at, Message.RULE_PRIVATE, name);
            return Optional.empty();
        }
        if (rule.getReturnType().getKind() != TypeKind.DOUBLE) {
            diagnostics.error(at, Message.RULE_RETURN, name, rule.getReturnType());
            return Optional.empty();
        }
        AnnotationMirror annotation = annotation(rule).orElseThrow();
        String functionName = (String) value(annotation, "value").orElseThrow();
        TypeElement owner = (TypeElement) rule.getEnclosingElement();
        Optional<Object> ownerValue = value(annotation, "owner");
        if (ownerValue.isPresent() && ownerValue.get() instanceof DeclaredType declared) {
            owner = (TypeElement) declared.asElement();
        }
        List<ExecutableElement> candidates = ElementFilter.methodsIn(elements.getAllMembers(owner)).stream()
                .filter(m -> m.getSimpleName().contentEquals(functionName) && m.getModifiers().contains(Modifier.PUBLIC)
                        || m.getSimpleName().contentEquals(functionName) && m.getModifiers().contains(Modifier.STATIC))
                .toList();
        if (candidates.isEmpty()) {
            diagnostics.error(at, Message.RULE_UNKNOWN_FUNCTION, functionName, owner.getQualifiedName());
            return Optional.empty();
        }
        Optional<ExecutableElement> function = candidates.stream().filter(m -> sameParameterTypes(m, rule)).findFirst();
        if (function.isEmpty()) {
            diagnostics.error(at, Message.RULE_SIGNATURE, name, owner.getQualifiedName(), functionName,
                    parameterList(rule));
            return Optional.empty();
        }
        if (GradNames.isDifferentiable(function.get())) {
            diagnostics.error(at, Message.RULE_ON_DIFFERENTIABLE, functionName);
            return Optional.empty();
        }
        if (function.get().getParameters().stream().anyMatch(p -> p.asType().getKind() == TypeKind.ARRAY)) {
            diagnostics.error(at, Message.RULE_ARRAY_PARAMETER, functionName);
            return Optional.empty();
        }
        return function;
    }

    /** The index of the parameter a rule is the partial for. */
    private Optional<Integer> partialOf(ExecutableElement rule, ExecutableElement function, SourcePosition at,
            Diagnostics diagnostics) {
        String wrt = (String) value(annotation(rule).orElseThrow(), "wrt").orElse("");
        List<Integer> doubles = new ArrayList<>();
        for (int i = 0; i < function.getParameters().size(); i++) {
            if (function.getParameters().get(i).asType().getKind() == TypeKind.DOUBLE) {
                doubles.add(i);
            }
        }
        if (wrt.isEmpty()) {
            if (doubles.size() == 1) {
                return Optional.of(doubles.get(0));
            }
            diagnostics.error(at, Message.RULE_WRT_MISSING, function.getSimpleName(),
                    doubles.stream().map(i -> function.getParameters().get(i).getSimpleName().toString()).toList());
            return Optional.empty();
        }
        for (int i : doubles) {
            if (function.getParameters().get(i).getSimpleName().contentEquals(wrt)) {
                return Optional.of(i);
            }
        }
        diagnostics.error(at, Message.RULE_WRT_UNKNOWN, wrt, function.getSimpleName());
        return Optional.empty();
    }

    /**
     * The rules of a function, one per parameter (null where a parameter has none), or empty when it
     * has none: rules of this round, or rules compiled into the function's own class.
     */
    public Optional<List<PartialRule>> of(ExecutableElement function) {
        String key = key(function);
        Map<Integer, ExecutableElement> partials = rules.get(key);
        if (partials == null) {
            partials = ruledThisRound.contains(key) ? Map.of() : compiledRules(function);
        }
        if (partials.isEmpty()) {
            return Optional.empty();
        }
        List<PartialRule> result = new ArrayList<>();
        for (int i = 0; i < function.getParameters().size(); i++) {
            ExecutableElement rule = partials.get(i);
            result.add(rule == null ? null : new DerivativeOfMethod(
                    GradNames.classType(elements, (TypeElement) rule.getEnclosingElement()),
                    rule.getSimpleName().toString()));
        }
        return Optional.of(result);
    }

    /**
     * The rules of a method of objects, the object first (it has none): as {@link #of}, for a call
     * {@code object.method(arguments)} whose first argument is the object.
     */
    public Optional<List<PartialRule>> ofMethod(ExecutableElement method) {
        return of(method).map(rules -> {
            List<PartialRule> withObject = new ArrayList<>();
            withObject.add(null);
            withObject.addAll(rules);
            return withObject;
        });
    }

    /** Whether some method of objects of {@code type} has rules: of this round, or compiled into the class. */
    public boolean knowsMethodsOf(TypeElement type) {
        String prefix = type.getQualifiedName() + "#";
        if (rules.keySet().stream().anyMatch(key -> key.startsWith(prefix) && objectMethods.contains(key))) {
            return true;
        }
        return ElementFilter.methodsIn(type.getEnclosedElements()).stream().anyMatch(rule -> annotation(rule).isPresent()
                && !rule.getParameters().isEmpty()
                && rule.getParameters().get(0).asType().toString().equals(type.asType().toString()));
    }

    /** Rules that came compiled with the function's class (from a jar): trusted as they are. */
    private Map<Integer, ExecutableElement> compiledRules(ExecutableElement function) {
        Map<Integer, ExecutableElement> partials = new HashMap<>();
        TypeElement owner = (TypeElement) function.getEnclosingElement();
        List<Integer> doubles = new ArrayList<>();
        for (int i = 0; i < function.getParameters().size(); i++) {
            if (function.getParameters().get(i).asType().getKind() == TypeKind.DOUBLE) {
                doubles.add(i);
            }
        }
        for (ExecutableElement rule : ElementFilter.methodsIn(owner.getEnclosedElements())) {
            Optional<AnnotationMirror> annotation = annotation(rule);
            if (annotation.isEmpty() || !function.getSimpleName().contentEquals(
                    (String) value(annotation.get(), "value").orElse("")) || !sameParameterTypes(function, rule)) {
                continue;
            }
            String wrt = (String) value(annotation.get(), "wrt").orElse("");
            for (int i : doubles) {
                if (wrt.isEmpty() ? doubles.size() == 1 : function.getParameters().get(i).getSimpleName().contentEquals(wrt)) {
                    partials.put(i, rule);
                }
            }
        }
        return partials;
    }

    private static Optional<AnnotationMirror> annotation(Element element) {
        return element.getAnnotationMirrors().stream()
                .filter(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DERIVATIVE_OF))
                .map(a -> (AnnotationMirror) a)
                .findFirst();
    }

    private static Optional<Object> value(AnnotationMirror annotation, String name) {
        return annotation.getElementValues().entrySet().stream()
                .filter(e -> e.getKey().getSimpleName().contentEquals(name))
                .map(e -> e.getValue().getValue())
                .findFirst();
    }

    /** Whether {@code rule} has the parameter list of {@code function}: with the object first for a method of objects. */
    private static boolean sameParameterTypes(ExecutableElement function, ExecutableElement rule) {
        return ruleParameterList(function).equals(parameterList(rule));
    }

    /** The parameter list a rule of {@code function} has: the function's, after the object for a method of objects. */
    private static String ruleParameterList(ExecutableElement function) {
        String parameters = parameterList(function);
        if (isMethodOfObjects(function)) {
            String self = ((TypeElement) function.getEnclosingElement()).asType().toString();
            return "(" + self + (parameters.equals("()") ? ")" : ", " + parameters.substring(1));
        }
        return parameters;
    }

    private static boolean isMethodOfObjects(ExecutableElement function) {
        return !function.getModifiers().contains(Modifier.STATIC);
    }

    private static String parameterList(ExecutableElement method) {
        List<String> types = new ArrayList<>();
        for (var p : method.getParameters()) {
            TypeMirror type = p.asType();
            types.add(type.toString());
        }
        return "(" + String.join(", ", types) + ")";
    }

    private static String key(ExecutableElement function) {
        return ((TypeElement) function.getEnclosingElement()).getQualifiedName() + "#" + function.getSimpleName()
                + parameterList(function);
    }
}
