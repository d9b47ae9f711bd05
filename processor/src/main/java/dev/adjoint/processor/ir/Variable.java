package dev.adjoint.processor.ir;

/**
 * A local variable or parameter. Identity matters, not the name: two locals named {@code t} in
 * sibling blocks are two variables, and the emitter gives every variable a unique name.
 */
public final class Variable {

    /** Where a variable comes from; decides naming priority and how transforms treat it. */
    public enum Origin { PARAMETER, LOCAL, GENERATED }

    private final String name;
    private final Type type;
    private final Origin origin;

    public Variable(String name, Type type, Origin origin) {
        this.name = name;
        this.type = type;
        this.origin = origin;
    }

    public static Variable generated(String suggestedName, Type type) {
        return new Variable(suggestedName, type, Origin.GENERATED);
    }

    /** The user's name, or a suggestion for generated variables; the emitter makes it unique. */
    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public Origin origin() {
        return origin;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
