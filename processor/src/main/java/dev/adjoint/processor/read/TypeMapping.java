package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Type;
import java.util.Optional;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeMirror;

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
     * The array of {@code element}, when the processor has arrays of it: {@code double[]} and
     * {@code double[][]}, which are differentiated, and the index and flag arrays {@code int[]},
     * {@code long[]} and {@code boolean[]}, which never are.
     */
    static Optional<Type> arrayOf(Type element) {
        boolean supported = element == Type.DOUBLE || element.equals(Type.DOUBLE_ARRAY)
                || element == Type.INT || element == Type.LONG || element == Type.BOOLEAN;
        return supported ? Optional.of(new Type.Array(element)) : Optional.empty();
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
            return from == Type.INT || from == Type.LONG;
        }
        return to == Type.LONG && from == Type.INT;
    }
}
