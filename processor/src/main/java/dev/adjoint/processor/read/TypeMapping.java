package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Type;
import java.util.Optional;
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
            default -> Optional.empty();
        };
    }

    /** Whether a value of type {@code from} may be passed where {@code to} is declared (widening). */
    static boolean assignable(Type from, Type to) {
        if (from.equals(to)) {
            return true;
        }
        if (to == Type.DOUBLE) {
            return from == Type.INT || from == Type.LONG;
        }
        return to == Type.LONG && from == Type.INT;
    }
}
