package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A copy, in the generated class, of a {@code private static final} field of the user's that
 * differentiable code reads: the generated class cannot name the field, so it declares its own,
 * initialised by the field's own initializer, which gives the same value bit for bit.
 *
 * @param name the copy's name in the generated class
 * @param type the field's type: a scalar, or {@code double[]}
 * @param value a scalar field's initializer; null for an array, which {@code elements} gives
 * @param elements an array field's initializer, written out element by element; empty for a scalar
 */
public record CopiedField(String name, Type type, Expr value, List<Expr> elements) {

    public CopiedField {
        elements = List.copyOf(elements);
    }

    public boolean isArray() {
        return value == null;
    }
}
