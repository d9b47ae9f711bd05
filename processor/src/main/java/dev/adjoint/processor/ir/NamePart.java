package dev.adjoint.processor.ir;

import java.util.List;
import java.util.function.Function;

/**
 * A piece of a generated variable's name that is built from other names ({@link Variable#derived}):
 * a fixed word ({@code "sin"}, {@code "Adj"}) or a variable, which stands for the name the emitter
 * gives that variable, so that {@code sinY} follows {@code y} if {@code y} has to be renamed.
 */
public record NamePart(String word, Variable variable) {

    public static NamePart word(String word) {
        return new NamePart(word, null);
    }

    public static NamePart of(Variable variable) {
        return new NamePart(null, variable);
    }

    /** {@code parts} as one camel-case name ({@code [sin, y]} is {@code sinY}), each variable named by {@code names}. */
    public static String join(List<NamePart> parts, Function<Variable, String> names) {
        StringBuilder name = new StringBuilder();
        for (NamePart part : parts) {
            String piece = part.variable != null ? names.apply(part.variable) : part.word;
            name.append(name.length() == 0 || piece.isEmpty() ? piece
                    : Character.toUpperCase(piece.charAt(0)) + piece.substring(1));
        }
        return name.toString();
    }
}
