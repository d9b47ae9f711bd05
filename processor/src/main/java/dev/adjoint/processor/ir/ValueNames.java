package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Names for the temporaries that hold the value of a small expression of the user's variables, built
 * from the expression itself: {@code Math.sin(y)} is {@code sinY}, {@code x[i]} is {@code xI},
 * {@code s / k} is {@code sOverK}, {@code -r} is {@code minusR}, {@code xs.length} is
 * {@code xsLength}. Anything larger, or reading a generated variable, has no such name: its temporary
 * is numbered instead ({@code tmp1}, see {@link Variable#numbered}), which no user's name resembles
 * by accident.
 */
public final class ValueNames {

    /** Longer names would make the lines that use them much longer than {@code tmp1} does. */
    private static final int LONGEST = 12;

    private ValueNames() {
    }

    /**
     * A temporary for a value tied to {@code e}: named after {@code e} followed by {@code suffix}
     * ({@code sinYAdj} for the adjoint of {@code Math.sin(y)}), else numbered with the base
     * {@code anonymous} ({@code adj1}).
     */
    public static Variable temporary(Expr e, String suffix, String anonymous, Type type) {
        List<NamePart> parts = describe(e);
        if (parts == null || NamePart.join(parts, Variable::name).length() > LONGEST) {
            return Variable.numbered(anonymous, type);
        }
        parts = new ArrayList<>(parts);
        if (!suffix.isEmpty()) {
            parts.add(NamePart.word(suffix));
        }
        return Variable.derived(parts, type, anonymous);
    }

    private static List<NamePart> describe(Expr e) {
        if (e instanceof Expr.Cast cast) {
            return describe(cast.operand());
        }
        if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
            return joined(NamePart.word("minus"), operand(u.operand()));
        }
        if (e instanceof Expr.MathCall call) {
            return call(call.function().javaName(), call.arguments());
        }
        if (e instanceof Expr.Call call) {
            return call(call.target().name(), call.arguments());
        }
        if (e instanceof Expr.ArrayLength length) {
            List<NamePart> array = operand(length.array());
            return array == null ? null : joined(array, NamePart.word("Length"));
        }
        if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        return operand(e);
    }

    /** Two operands: {@code rTimesX}, {@code sOverK}, {@code xSquared} for {@code x * x}. */
    private static List<NamePart> binary(Expr.Binary b) {
        String operator = switch (b.op()) {
            case ADD -> "Plus";
            case SUB -> "Minus";
            case MUL -> "Times";
            case DIV -> "Over";
            default -> null;
        };
        List<NamePart> left = operand(b.left());
        List<NamePart> right = operand(b.right());
        if (operator == null || left == null || right == null) {
            return null;
        }
        if (b.op() == BinaryOp.MUL && Exprs.sameValue(b.left(), b.right())) {
            return joined(left, NamePart.word("Squared"));
        }
        List<NamePart> parts = joined(left, NamePart.word(operator));
        parts.addAll(right);
        return parts;
    }

    /** A function of one operand: {@code sinY}, {@code softplusT}. */
    private static List<NamePart> call(String function, List<Expr> arguments) {
        return arguments.size() == 1 ? joined(NamePart.word(function), operand(arguments.get(0))) : null;
    }

    /** A variable of the user's ({@code x}) or an element of one at simple indices ({@code xI}, {@code p0}). */
    private static List<NamePart> operand(Expr e) {
        if (e instanceof Expr.Ref ref) {
            Variable v = ref.variable();
            return v.origin() == Variable.Origin.GENERATED ? null : List.of(NamePart.of(v));
        }
        if (e instanceof Expr.ArrayRead read) {
            List<NamePart> array = operand(read.array());
            List<NamePart> index = read.index() instanceof Expr.Literal literal && literal.value() instanceof Integer i
                    && i >= 0 ? List.of(NamePart.word(String.valueOf(i))) : operand(read.index());
            if (array == null || index == null) {
                return null;
            }
            List<NamePart> parts = new ArrayList<>(array);
            parts.addAll(index);
            return parts;
        }
        return null;
    }

    private static List<NamePart> joined(NamePart first, List<NamePart> rest) {
        if (rest == null) {
            return null;
        }
        List<NamePart> parts = new ArrayList<>(List.of(first));
        parts.addAll(rest);
        return parts;
    }

    private static List<NamePart> joined(List<NamePart> first, NamePart last) {
        List<NamePart> parts = new ArrayList<>(first);
        parts.add(last);
        return parts;
    }
}
