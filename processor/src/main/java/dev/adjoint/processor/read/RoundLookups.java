package dev.adjoint.processor.read;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * What name resolution looks up, remembered for one round (the classes do not change within it):
 * a class's members, its methods by name, and which class a simple name means inside a class. javac's
 * own lookups are slow, and a file of a hundred methods asks for {@code Math.exp} a thousand times.
 */
final class RoundLookups {

    private final Elements elements;
    private final Map<TypeElement, List<? extends Element>> members = new HashMap<>();
    private final Map<TypeElement, Map<String, List<ExecutableElement>>> methods = new HashMap<>();
    private final Map<TypeElement, Map<String, Optional<TypeElement>>> classes = new HashMap<>();

    RoundLookups(Elements elements) {
        this.elements = elements;
    }

    /** A class's members, inherited ones included. */
    List<? extends Element> allMembers(TypeElement type) {
        return members.computeIfAbsent(type, elements::getAllMembers);
    }

    /** A class's methods called {@code name}, inherited ones included. */
    List<ExecutableElement> methods(TypeElement owner, String name) {
        return methods.computeIfAbsent(owner, type -> ElementFilter.methodsIn(allMembers(type)).stream()
                        .collect(Collectors.groupingBy(m -> m.getSimpleName().toString())))
                .getOrDefault(name, List.of());
    }

    /** The class {@code name} means in the body of {@code context}, resolved by {@code resolution} once. */
    Optional<TypeElement> classNamed(TypeElement context, String name, Supplier<Optional<TypeElement>> resolution) {
        Map<String, Optional<TypeElement>> known = classes.computeIfAbsent(context, c -> new HashMap<>());
        Optional<TypeElement> found = known.get(name);
        if (found == null) {
            found = resolution.get();
            known.put(name, found);
        }
        return found;
    }
}
