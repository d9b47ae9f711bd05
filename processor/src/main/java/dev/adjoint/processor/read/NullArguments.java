package dev.adjoint.processor.read;

import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code null} passed for an array parameter ({@code lgamma(z, null)}, {@code dot(a, null)}). The
 * processor runs before javac gives expressions their types, so a null argument is read untyped and
 * takes its type from the method the call can mean: the array type of the parameter it is passed for
 * ({@code int[]}, {@code double[]}, ...). It is then an ordinary array argument that reads nothing and
 * depends on nothing, so no derivative flows through it; the callee's generated methods already accept
 * a null array where the callee does (a null partial in reverse mode, a null {@code Dual[]} in forward
 * mode) and throw where it throws.
 */
final class NullArguments {

    /** The type of a null argument until its call is resolved; it never leaves the reader. */
    private static final Type UNTYPED = Type.Named.of("", "null");

    static final String ADVICE = "null may only be compared with an array (w == null, w != null) or passed for"
            + " an array parameter of a static method (f(x, null))";

    private NullArguments() {
    }

    /** A null argument, before its call is resolved. */
    static Expr untyped(SourcePosition at) {
        return new Expr.Literal(null, UNTYPED, at);
    }

    static boolean isUntyped(Expr e) {
        return e instanceof Expr.Literal literal && literal.type().equals(UNTYPED);
    }

    /**
     * {@code arguments} with every null typed as the array parameter it is passed for, in every method
     * of {@code candidates} that could take the call. Empty, with the error reported on the first null,
     * when none takes an array there (a {@code double} or record parameter, an unknown method) or the
     * methods disagree on the array type (javac finds such a call ambiguous too).
     */
    static Optional<List<Expr>> typed(String name, List<ExecutableElement> candidates, List<Expr> arguments,
                                      Diagnostics diagnostics) {
        Expr firstNull = arguments.stream().filter(NullArguments::isUntyped).findFirst().orElse(null);
        if (firstNull == null) {
            return Optional.of(arguments);
        }
        Set<List<Type>> typings = new LinkedHashSet<>();
        for (ExecutableElement candidate : candidates) {
            nullTypesIn(candidate, arguments).ifPresent(typings::add);
        }
        if (typings.size() != 1) {
            diagnostics.error(firstNull.position(), Message.UNSUPPORTED_EXPRESSION,
                    typings.isEmpty() ? "null passed to '" + name + "' where it takes no array"
                            : "null passed to '" + name + "' where it may be " + describe(typings),
                    typings.isEmpty() ? ADVICE : "javac finds such a call ambiguous too; pass an array of the type meant");
            return Optional.empty();
        }
        Iterator<Type> nullTypes = typings.iterator().next().iterator();
        List<Expr> typed = new ArrayList<>();
        for (Expr argument : arguments) {
            typed.add(isUntyped(argument) ? new Expr.Literal(null, nullTypes.next(), argument.position()) : argument);
        }
        return Optional.of(List.copyOf(typed));
    }

    /**
     * The array types the nulls take when {@code method} can take these arguments with every null
     * passed for an array parameter, in order; empty when it cannot. An argument whose parameter type
     * the IR does not map (a record) is left to the call's own resolution.
     */
    private static Optional<List<Type>> nullTypesIn(ExecutableElement method, List<Expr> arguments) {
        if (method.isVarArgs() || method.getParameters().size() != arguments.size()) {
            return Optional.empty();
        }
        List<Type> nullTypes = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            Optional<Type> declared = TypeMapping.of(method.getParameters().get(i).asType());
            Expr argument = arguments.get(i);
            if (isUntyped(argument)) {
                if (declared.isEmpty() || !(declared.get() instanceof Type.Array)) {
                    return Optional.empty();
                }
                nullTypes.add(declared.get());
            } else if (declared.isPresent() && !TypeMapping.assignable(argument.type(), declared.get())) {
                return Optional.empty();
            }
        }
        return Optional.of(nullTypes);
    }

    private static String describe(Set<List<Type>> typings) {
        return String.join(" or ", typings.stream()
                .map(types -> String.join(", ", types.stream().map(Object::toString).toList())).toList());
    }
}
