package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/** Maps javac's types to the IR's; anything else is unsupported. */
final class TypeMapping {

    private TypeMapping() {
    }

    static Optional<Type> of(TypeMirror mirror) {
        return switch (mirror.getKind()) {
            case DOUBLE -> Optional.of(Type.DOUBLE);
            case INT -> Optional.of(Type.INT);
            case LONG -> Optional.of(Type.LONG);
            case BOOLEAN -> Optional.of(Type.BOOLEAN);
            case ARRAY -> of(((ArrayType) mirror).getComponentType()).flatMap(TypeMapping::arrayOf);
            default -> Optional.empty();
        };
    }

    /**
     * The type of a value that is read but never passed or returned (a static field): {@link #of}'s,
     * and also {@code float}, which a @Differentiable method computes with but does not take or return.
     */
    static Optional<Type> ofValue(TypeMirror mirror) {
        return mirror.getKind() == TypeKind.FLOAT ? Optional.of(Type.FLOAT) : of(mirror);
    }

    /**
     * The array of {@code element}, when the processor has arrays of it: {@code double[]} and
     * {@code double[][]}, which are differentiated, and the index and flag arrays {@code int[]},
     * {@code long[]} and {@code boolean[]}, which never are.
     */
    static Optional<Type> arrayOf(Type element) {
        boolean supported = element == Type.DOUBLE || element.equals(Type.DOUBLE_ARRAY)
                || element == Type.INT || element == Type.LONG || element == Type.BOOLEAN;
        return supported ? Optional.of(new Type.Array(element)) : Optional.empty();
    }

    /**
     * The IR type of a method parameter a call may pass to: {@link #of}'s, and the value-only
     * {@code char}, {@code String} and enums ({@link ValueOnlyTypes}), which generated methods take unchanged.
     */
    static Optional<Type> ofParameter(TypeMirror mirror, Elements elements) {
        Optional<Type> type = of(mirror);
        return type.isPresent() ? type : ValueOnlyTypes.of(mirror, elements);
    }

    /**
     * Whether Java's method invocation passes a value of type {@code from} where {@code to} is
     * declared without boxing (JLS 15.12.2.2): {@link #assignable}, and a {@code char} widened to
     * {@code int}, {@code long} or {@code double}. Overload resolution uses this relation, so that it
     * picks the method javac picks; passing a char to a number is then refused by the reader.
     */
    static boolean widensInCall(Type from, Type to) {
        if (from == Type.CHAR && to instanceof Type.Primitive primitive) {
            return primitive == Type.CHAR || primitive.isNumeric();
        }
        return assignable(from, to);
    }

    /** Whether a value of type {@code from} may be passed where {@code to} is declared (widening). */
    static boolean assignable(Type from, Type to) {
        if (from.equals(to)) {
            return true;
        }
        if (from instanceof Type.Array || to instanceof Type.Array) {
            return false;
        }
        if (to == Type.DOUBLE) {
            return from == Type.INT || from == Type.LONG || from == Type.FLOAT;
        }
        if (to == Type.FLOAT) {
            return from == Type.INT || from == Type.LONG;
        }
        return to == Type.LONG && from == Type.INT;
    }

    /**
     * Whether Java could call {@code method}, which has a float parameter, with arguments of these
     * types: each argument widens to its parameter. Such a call ({@code Math.abs(f)}, {@code Math.max(f, g)})
     * would return a float from a float overload that the processor does not model, so it is refused.
     */
    static boolean takesFloatArguments(ExecutableElement method, List<Type> argumentTypes) {
        if (method.getParameters().size() != argumentTypes.size() || method.isVarArgs()
                || method.getParameters().stream().noneMatch(p -> p.asType().getKind() == TypeKind.FLOAT)) {
            return false;
        }
        for (int i = 0; i < argumentTypes.size(); i++) {
            TypeKind parameter = method.getParameters().get(i).asType().getKind();
            Type argument = argumentTypes.get(i);
            boolean widens = parameter == TypeKind.FLOAT ? assignable(argument, Type.FLOAT)
                    : of(method.getParameters().get(i).asType()).filter(p -> assignable(argument, p)).isPresent();
            if (!widens) {
                return false;
            }
        }
        return true;
    }
}
