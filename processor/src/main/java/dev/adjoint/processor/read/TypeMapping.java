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
            case ARRAY -> of(((ArrayType) mirror).getComponentType())
                    .filter(element -> element == Type.DOUBLE || element.equals(Type.DOUBLE_ARRAY))
                    .map(Type.Array::new);
            default -> Optional.empty();
        };
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
