package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints IR expressions as Java, with the parentheses precedence needs and no more, into the flat
 * format string of a whole method body ({@link Code}), not a block per node or per statement:
 * JavaPoet's cost grows with the number of pieces it is given, and nested blocks made printing long
 * methods slow.
 */
final class ExpressionPrinter {

    private static final int CONDITIONAL = 2;
    private static final int UNARY = 14;
    private static final int PRIMARY = 16;

    private final Names names;

    ExpressionPrinter(Names names) {
        this.names = names;
    }

    /**
     * A format string and its arguments, built left to right: literal text, and {@code $T} where a
     * type is named, so that JavaPoet writes the imports.
     */
    static final class Code {
        private final StringBuilder format = new StringBuilder();
        private final List<Object> arguments = new ArrayList<>();

        Code text(String text) {
            format.append(text.replace("$", "$$"));
            return this;
        }

        Code type(TypeName type) {
            format.append("$T");
            arguments.add(type);
            return this;
        }

        CodeBlock build() {
            return CodeBlock.of(format.toString(), arguments.toArray());
        }
    }

    /** Appends {@code e} to {@code code}. */
    void print(Expr e, Code code) {
        append(e, 0, code);
    }

    private void append(Expr e, int context, Code code) {
        boolean parenthesize = precedence(e) < context;
        if (parenthesize) {
            code.text("(");
        }
        bare(e, code);
        if (parenthesize) {
            code.text(")");
        }
    }

    /** Whether {@code e} prints with a leading minus: checked on the IR, not on printed text. */
    private static boolean negativeLiteral(Expr e) {
        if (e instanceof Expr.Literal literal && literal.value() instanceof Number n) {
            double d = n.doubleValue();
            return d < 0 || (n instanceof Double && Double.doubleToRawLongBits(d) == Long.MIN_VALUE);
        }
        return false;
    }

    /** Whether {@code e}, printed as an operand of a unary operator, starts with {@code op}'s symbol. */
    private static boolean startsWith(Expr e, UnaryOp op) {
        if (e instanceof Expr.Unary u) {
            return u.op() == op;
        }
        return op == UnaryOp.NEG && negativeLiteral(e);
    }

    private static int precedence(Expr e) {
        if (e instanceof Expr.Binary b) {
            return b.op().precedence();
        }
        if (e instanceof Expr.Conditional) {
            return CONDITIONAL;
        }
        if (e instanceof Expr.Unary || e instanceof Expr.Cast || negativeLiteral(e)) {
            return UNARY;
        }
        return PRIMARY;
    }

    private void bare(Expr e, Code code) {
        if (e instanceof Expr.Literal literal) {
            literal(literal.value(), code);
        } else if (e instanceof Expr.Ref ref) {
            code.text(names.of(ref.variable()));
        } else if (e instanceof Expr.StaticField field) {
            code.type(JavaTypes.className(field.owner())).text("." + field.name());
        } else if (e instanceof Expr.Unary u) {
            boolean wouldMerge = u.op() != UnaryOp.NOT && startsWith(u.operand(), u.op());
            code.text(u.op().symbol());
            if (wouldMerge) {
                code.text("(");
            }
            append(u.operand(), UNARY, code);
            if (wouldMerge) {
                code.text(")");
            }
        } else if (e instanceof Expr.Binary b) {
            // Floating-point arithmetic is not associative: keep the right operand grouped as written.
            append(b.left(), b.op().precedence(), code);
            code.text(" " + b.op().symbol() + " ");
            append(b.right(), b.op().precedence() + 1, code);
        } else if (e instanceof Expr.Conditional c) {
            append(c.condition(), CONDITIONAL + 1, code);
            code.text(" ? ");
            append(c.whenTrue(), CONDITIONAL + 1, code);
            code.text(" : ");
            append(c.whenFalse(), CONDITIONAL, code);
        } else if (e instanceof Expr.Cast c) {
            code.text("(").type(JavaTypes.of(c.type())).text(") ");
            append(c.operand(), UNARY, code);
        } else if (e instanceof Expr.MathCall call) {
            // java.lang needs no import; as text it spares JavaPoet a piece per call
            code.text(call.owner() + "." + call.function().javaName());
            arguments(call.arguments(), code);
        } else if (e instanceof Expr.Call call) {
            code.type(JavaTypes.className(call.target().owner())).text("." + call.target().name());
            arguments(call.arguments(), code);
        } else if (e instanceof Expr.ArrayRead read) {
            append(read.array(), PRIMARY, code);
            code.text("[");
            append(read.index(), 0, code);
            code.text("]");
        } else if (e instanceof Expr.ArrayLength length) {
            append(length.array(), PRIMARY, code);
            code.text(".length");
        } else if (e instanceof Expr.NewArray created) {
            code.text("new ").type(JavaTypes.of(created.type().scalar()));
            for (Expr dimension : created.dimensions()) {
                code.text("[");
                append(dimension, 0, code);
                code.text("]");
            }
        } else if (e instanceof Expr.Invoke invoke) {
            append(invoke.receiver(), PRIMARY, code);
            code.text("." + invoke.name());
            arguments(invoke.arguments(), code);
        } else if (e instanceof Expr.InvokeStatic invoke) {
            code.type(JavaTypes.className(invoke.owner())).text("." + invoke.name());
            arguments(invoke.arguments(), code);
        } else if (e instanceof Expr.New created) {
            code.text("new ").type(JavaTypes.className(created.type()));
            arguments(created.arguments(), code);
        } else {
            throw new IllegalStateException("cannot print " + e);
        }
    }

    private void arguments(List<Expr> arguments, Code code) {
        code.text("(");
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                code.text(", ");
            }
            append(arguments.get(i), 0, code);
        }
        code.text(")");
    }

    private static void literal(Object value, Code code) {
        if (value == null) {
            code.text("null");
        } else if (value instanceof Double d) {
            if (d.isNaN()) {
                code.type(ClassName.get(Double.class)).text(".NaN");
            } else if (d.isInfinite()) {
                code.type(ClassName.get(Double.class)).text(d > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
            } else {
                code.text(Double.toString(d));
            }
        } else if (value instanceof Long l) {
            code.text(l + "L");
        } else {
            code.text(String.valueOf(value));
        }
    }
}
