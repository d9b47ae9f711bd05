package dev.adjoint.processor.ir;

import java.util.List;

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
    /** Whether the name is a base that always takes a number ({@code tmp1}, {@code tmp2}). */
    private final boolean numbered;
    /** What a derived name is built from, or empty. */
    private final List<NamePart> nameParts;
    /** The numbered base to fall back on when the derived name is taken, or null to number the name itself. */
    private final String fallbackBase;

    public Variable(String name, Type type, Origin origin) {
        this(name, type, origin, false, List.of(), null);
    }

    private Variable(String name, Type type, Origin origin, boolean numbered, List<NamePart> nameParts,
            String fallbackBase) {
        this.name = name;
        this.type = type;
        this.origin = origin;
        this.numbered = numbered;
        this.nameParts = List.copyOf(nameParts);
        this.fallbackBase = fallbackBase;
    }

    public static Variable generated(String suggestedName, Type type) {
        return new Variable(suggestedName, type, Origin.GENERATED);
    }

    /**
     * A generated variable for a value with no name of its own, one of a series the emitter numbers
     * from 1 ({@code tmp1}, {@code adj2}): a number says "generated" where a bare {@code t} would pass
     * for one of the user's variables.
     */
    public static Variable numbered(String base, Type type) {
        return new Variable(base, type, Origin.GENERATED, true, List.of(), null);
    }

    /**
     * A generated variable named after others, in camel case: {@code [sin, y]} is {@code sinY}. The
     * emitter builds the name from the names it gave those variables, so it stays true when they are
     * renamed.
     */
    public static Variable derived(List<NamePart> parts, Type type) {
        return new Variable(NamePart.join(parts, Variable::name), type, Origin.GENERATED, false, parts, null);
    }

    /**
     * Like {@link #derived(List, Type)}, but when that name is taken the variable is numbered with
     * {@code fallbackBase} ({@code tmp3}) instead of the name ({@code sinY2}, which would read as
     * {@code sin(y2)}).
     */
    public static Variable derived(List<NamePart> parts, Type type, String fallbackBase) {
        return new Variable(NamePart.join(parts, Variable::name), type, Origin.GENERATED, false, parts, fallbackBase);
    }

    /** {@code base}'s name followed by {@code suffix}: {@code xAdj} for {@code x}. */
    public static Variable derived(Variable base, String suffix, Type type) {
        return derived(List.of(NamePart.of(base), NamePart.word(suffix)), type);
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

    public boolean numbered() {
        return numbered;
    }

    /** What the name is built from ({@link #derived}), or empty when it is a name of its own. */
    public List<NamePart> nameParts() {
        return nameParts;
    }

    /** The numbered base used when the derived name is taken, or null. */
    public String fallbackBase() {
        return fallbackBase;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
