package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.List;

/** Prints IR expressions as Java, with the parentheses precedence needs and no more. */
final class ExpressionPrinter {

    private static final int CONDITIONAL = 2;
    private static final int UNARY = 14;
    private static final int PRIMARY = 16;

    private final Names names;

    ExpressionPrinter(Names names) {
        this.names = names;
    }

    CodeBlock print(Expr e) {
        return print(e, 0);
    }

    private CodeBlock print(Expr e, int context) {
        CodeBlock code = bare(e);
        return precedence(e, code) < context ? CodeBlock.of("($L)", code) : code;
    }

    private static int precedence(Expr e, CodeBlock printed) {
        if (e instanceof Expr.Binary b) {
            return b.op().precedence();
        }
        if (e instanceof Expr.Conditional) {
            return CONDITIONAL;
        }
        if (e instanceof Expr.Unary || e instanceof Expr.Cast) {
            return UNARY;
        }
        if (e instanceof Expr.Literal && printed.toString().startsWith("-")) {
            return UNARY;
        }
        return PRIMARY;
    }

    private CodeBlock bare(Expr e) {
        if (e instanceof Expr.Literal literal) {
            return literal(literal.value());
        }
        if (e instanceof Expr.Ref ref) {
            return CodeBlock.of("$N", names.of(ref.variable()));
        }
        if (e instanceof Expr.StaticField field) {
            return CodeBlock.of("$T.$N", JavaTypes.className(field.owner()), field.name());
        }
        if (e instanceof Expr.Unary u) {
            CodeBlock operand = print(u.operand(), UNARY);
            boolean wouldMerge = u.op() != UnaryOp.NOT && operand.toString().startsWith(u.op().symbol());
            return wouldMerge ? CodeBlock.of("$L($L)", u.op().symbol(), operand) : CodeBlock.of("$L$L", u.op().symbol(), operand);
        }
        if (e instanceof Expr.Binary b) {
            // Floating-point arithmetic is not associative: keep the right operand grouped as written.
            return CodeBlock.of("$L $L $L", print(b.left(), b.op().precedence()), b.op().symbol(),
                    print(b.right(), b.op().precedence() + 1));
        }
        if (e instanceof Expr.Conditional c) {
            return CodeBlock.of("$L ? $L : $L", print(c.condition(), CONDITIONAL + 1), print(c.whenTrue(), CONDITIONAL + 1),
                    print(c.whenFalse(), CONDITIONAL));
        }
        if (e instanceof Expr.Cast c) {
            return CodeBlock.of("($T) $L", JavaTypes.of(c.type()), print(c.operand(), UNARY));
        }
        if (e instanceof Expr.MathCall call) {
            return CodeBlock.of("$T.$N($L)", ClassName.get("java.lang", call.owner()), call.function().javaName(),
                    arguments(call.arguments()));
        }
        if (e instanceof Expr.Call call) {
            return CodeBlock.of("$T.$N($L)", JavaTypes.className(call.target().owner()), call.target().name(),
                    arguments(call.arguments()));
        }
        if (e instanceof Expr.ArrayRead read) {
            return CodeBlock.of("$L[$L]", print(read.array(), PRIMARY), print(read.index()));
        }
        if (e instanceof Expr.ArrayLength length) {
            return CodeBlock.of("$L.length", print(length.array(), PRIMARY));
        }
        if (e instanceof Expr.NewArray created) {
            CodeBlock.Builder code = CodeBlock.builder().add("new $T", JavaTypes.of(created.type().scalar()));
            created.dimensions().forEach(d -> code.add("[$L]", print(d)));
            return code.build();
        }
        if (e instanceof Expr.Invoke invoke) {
            return CodeBlock.of("$L.$N($L)", print(invoke.receiver(), PRIMARY), invoke.name(), arguments(invoke.arguments()));
        }
        if (e instanceof Expr.InvokeStatic invoke) {
            return CodeBlock.of("$T.$N($L)", JavaTypes.className(invoke.owner()), invoke.name(),
                    arguments(invoke.arguments()));
        }
        if (e instanceof Expr.New created) {
            return CodeBlock.of("new $T($L)", JavaTypes.className(created.type()), arguments(created.arguments()));
        }
        throw new IllegalStateException("cannot print " + e);
    }

    private CodeBlock arguments(List<Expr> arguments) {
        return arguments.stream().map(this::print).collect(CodeBlock.joining(", "));
    }

    private static CodeBlock literal(Object value) {
        if (value == null) {
            return CodeBlock.of("null");
        }
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return CodeBlock.of("$T.NaN", Double.class);
            }
            if (d.isInfinite()) {
                return CodeBlock.of(d > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
            }
            return CodeBlock.of("$L", Double.toString(d));
        }
        if (value instanceof Long l) {
            return CodeBlock.of("$LL", l);
        }
        return CodeBlock.of("$L", value);
    }
}
