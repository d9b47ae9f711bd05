package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The types of values a method only passes around, compares and switches on, never computes with nor
 * differentiates: {@code char}, {@code String} and enums. Parameters and locals may have them; the
 * generated methods take and hold them unchanged. An enum must be one the generated class, in the
 * same package, can name: not private, not nested in a private class, not local to a method.
 */
final class ValueOnlyTypes {

    private ValueOnlyTypes() {
    }

    /** The IR type of {@code mirror} when it is one of these, or empty. */
    /**
     * As {@link #of(TypeMirror, Elements, DerivativeOfRules)} where this round's rules are not at hand
     * (a callee's parameters): objects are those of the library table and of rules compiled into their class.
     */
    static Optional<Type> of(TypeMirror mirror, Elements elements) {
        return of(mirror, elements, DerivativeOfRules.none(elements));
    }

    static Optional<Type> of(TypeMirror mirror, Elements elements, DerivativeOfRules rules) {
        if (mirror.getKind() == TypeKind.CHAR) {
            return Optional.of(Type.CHAR);
        }
        if (mirror.getKind() != TypeKind.DECLARED) {
            return Optional.empty();
        }
        return of((TypeElement) ((DeclaredType) mirror).asElement(), elements, rules);
    }

    /** The IR type of the class {@code type} when it is {@code String} or a reachable enum, or empty. */
    static Optional<Type> of(TypeElement type, Elements elements, DerivativeOfRules rules) {
        if (type.getQualifiedName().contentEquals("java.lang.String")) {
            return Optional.of(Type.STRING);
        }
        if (type.getKind() == ElementKind.ENUM && reachable(type)) {
            return Optional.of(GradNames.classType(elements, type));
        }
        if (ObjectCalls.knowsMethodsOf(type, rules)) {
            return Optional.of(GradNames.classType(elements, type)); // an object called for its methods: see ObjectCalls
        }
        return Optional.empty();
    }

    /** Whether {@code type} is a value-only type: {@code char}, {@code String} or an enum. */
    static boolean isValueOnly(Type type) {
        return type == Type.CHAR || type instanceof Type.Named;
    }

    static final String CHAR_ADVICE = "a char is compared and switched on, never computed with; pass it to a char parameter";

    /**
     * What is refused when {@code method}, which Java calls with arguments of these types, takes a
     * {@code char} argument as a number (Java widens it to {@code int}, {@code long} or {@code double}),
     * or empty when it takes none. Only comparisons and switches read a char.
     */
    static Optional<String> charPassedAsNumber(ExecutableElement method, List<Type> argumentTypes) {
        for (int i = 0; i < argumentTypes.size(); i++) {
            VariableElement parameter = method.getParameters().get(i);
            if (argumentTypes.get(i) == Type.CHAR && parameter.asType().getKind() != TypeKind.CHAR) {
                return Optional.of("passing a char to the " + parameter.asType() + " parameter '"
                        + parameter.getSimpleName() + "' of '" + method.getSimpleName() + "'");
            }
        }
        return Optional.empty();
    }

    /** Whether the class can be named from another class of its package. */
    private static boolean reachable(TypeElement type) {
        for (TypeElement t = type; t != null; t = t.getEnclosingElement() instanceof TypeElement outer ? outer : null) {
            if (t.getModifiers().contains(Modifier.PRIVATE) || t.getNestingKind() == NestingKind.LOCAL
                    || t.getNestingKind() == NestingKind.ANONYMOUS) {
                return false;
            }
        }
        return true;
    }
}
