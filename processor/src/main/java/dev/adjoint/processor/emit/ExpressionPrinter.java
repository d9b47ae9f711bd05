package dev.adjoint.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.BinaryOp;
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
final class ExpressionPrinter implements Expr.Visitor<Void> {

    private static final int CONDITIONAL = 2;
    private static final int UNARY = 14;
    private static final int PRIMARY = 16;

    private final Names names;
    private final Code code;

    /** Prints into {@code code}, naming variables by {@code names}. */
    ExpressionPrinter(Names names, Code code) {
        this.names = names;
        this.code = code;
    }

    /**
     * A format string and its arguments, built left to right: literal text, and {@code $T} where a
     * type is named, so that JavaPoet writes the imports.
     */
    static final class Code {
        private final StringBuilder format = new StringBuilder();
        private final List<Object> arguments = new ArrayList<>();
        /** Whether types are written as their simple names: in a comment, which imports nothing. */
        private final boolean simpleTypeNames;

        Code() {
            this(false);
        }

        private Code(boolean simpleTypeNames) {
            this.simpleTypeNames = simpleTypeNames;
        }

        /** Code for a comment: plain text, with types by their simple names. */
        static Code comment() {
            return new Code(true);
        }

        Code text(String text) {
            format.append(text.replace("$", "$$"));
            return this;
        }

        Code type(TypeName type) {
            if (simpleTypeNames) {
                return text(simpleName(type));
            }
            format.append("$T");
            arguments.add(type);
            return this;
        }

        private static String simpleName(TypeName type) {
            if (type instanceof ClassName named) {
                return String.join(".", named.simpleNames());
            }
            if (type instanceof ArrayTypeName array) {
                return simpleName(array.componentType()) + "[]";
            }
            return type.toString();
        }

        /** The text of a comment's code. */
        String plainText() {
            if (!simpleTypeNames) {
                throw new IllegalStateException("only comment code is plain text");
            }
            return format.toString().replace("$$", "$");
        }

        CodeBlock build() {
            return CodeBlock.of(format.toString(), arguments.toArray());
        }
    }

    /** Appends {@code e}. */
    void print(Expr e) {
        append(e, 0);
    }

    /** Appends {@code e} as an operand where {@code context} is the least precedence that needs no parentheses. */
    private void append(Expr e, int context) {
        boolean parenthesize = e.accept(PRECEDENCE) < context;
        if (parenthesize) {
            code.text("(");
        }
        e.accept(this);
        if (parenthesize) {
            code.text(")");
        }
    }

    /** Whether {@code e} prints with a leading minus: checked on the IR, not on printed text. */
    private static boolean negativeLiteral(Expr e) {
        if (e instanceof Expr.Literal literal && literal.value() instanceof Number n) {
            double d = n.doubleValue();
            return d < 0 || ((n instanceof Double || n instanceof Float) && Double.doubleToRawLongBits(d) == Long.MIN_VALUE);
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

    /** How tightly each kind binds as printed: a negative literal binds like the minus it starts with. */
    private static final Expr.Visitor<Integer> PRECEDENCE = new Expr.Visitor<>() {
        @Override
        public Integer visitLiteral(Expr.Literal node) {
            return negativeLiteral(node) ? UNARY : PRIMARY;
        }

        @Override
        public Integer visitRef(Expr.Ref node) {
            return PRIMARY;
        }

        @Override
        public Integer visitStaticField(Expr.StaticField node) {
            return PRIMARY;
        }

        @Override
        public Integer visitUnary(Expr.Unary node) {
            return UNARY;
        }

        @Override
        public Integer visitBinary(Expr.Binary node) {
            return node.op().precedence();
        }

        @Override
        public Integer visitConditional(Expr.Conditional node) {
            return CONDITIONAL;
        }

        @Override
        public Integer visitCast(Expr.Cast node) {
            return UNARY;
        }

        @Override
        public Integer visitMathCall(Expr.MathCall node) {
            return PRIMARY;
        }

        @Override
        public Integer visitCall(Expr.Call node) {
            return PRIMARY;
        }

        @Override
        public Integer visitArrayRead(Expr.ArrayRead node) {
            return PRIMARY;
        }

        @Override
        public Integer visitArrayLength(Expr.ArrayLength node) {
            return PRIMARY;
        }

        @Override
        public Integer visitNewArray(Expr.NewArray node) {
            return PRIMARY;
        }

        @Override
        public Integer visitInvoke(Expr.Invoke node) {
            return PRIMARY;
        }

        @Override
        public Integer visitInvokeStatic(Expr.InvokeStatic node) {
            return PRIMARY;
        }

        @Override
        public Integer visitNew(Expr.New node) {
            return PRIMARY;
        }
    };

    // The visit methods print a node without the parentheses around it, which append adds.

    @Override
    public Void visitLiteral(Expr.Literal node) {
        literal(node.value());
        return null;
    }

    @Override
    public Void visitRef(Expr.Ref node) {
        code.text(names.of(node.variable()));
        return null;
    }

    @Override
    public Void visitStaticField(Expr.StaticField node) {
        code.type(JavaTypes.className(node.owner())).text("." + node.name());
        return null;
    }

    @Override
    public Void visitUnary(Expr.Unary node) {
        boolean sign = node.op() == UnaryOp.NEG || node.op() == UnaryOp.PLUS;
        boolean wouldMerge = sign && startsWith(node.operand(), node.op());
        code.text(node.op().symbol());
        if (wouldMerge) {
            code.text("(");
        }
        append(node.operand(), UNARY);
        if (wouldMerge) {
            code.text(")");
        }
        return null;
    }

    @Override
    public Void visitBinary(Expr.Binary node) {
        // Floating-point arithmetic is not associative: keep the right operand grouped as written.
        operand(node.op(), node.left(), node.op().precedence());
        code.text(" " + node.op().symbol() + " ");
        operand(node.op(), node.right(), node.op().precedence() + 1);
        return null;
    }

    private void operand(BinaryOp op, Expr operand, int context) {
        if (op.isBitwise() && operand instanceof Expr.Literal literal && isMask(literal.value())) {
            code.text(hex((Number) literal.value()));
        } else {
            append(operand, operandContext(op, operand, context));
        }
    }

    /** An integer that a mask reads best as in hexadecimal: beyond a byte, or negative (high bits set). */
    private static boolean isMask(Object value) {
        return (value instanceof Integer || value instanceof Long) && (((Number) value).longValue() < 0
                || ((Number) value).longValue() > 0xff);
    }

    private static String hex(Number value) {
        return value instanceof Long l ? "0x" + Long.toHexString(l) + "L" : "0x" + Integer.toHexString(value.intValue());
    }

    /**
     * The context of an operand: what precedence needs, except that an operand of a shift or of
     * {@code & ^ |} that is arithmetic or another bit operation keeps its parentheses, as people write
     * it: {@code (bits >>> 52) & 0x7ff}, not {@code bits >>> 52 & 0x7ff}.
     */
    private static int operandContext(BinaryOp op, Expr operand, int context) {
        boolean bitLevel = op.isShift() || op.isBitwise();
        if (bitLevel && operand instanceof Expr.Binary b && b.op() != op
                && (b.op().isArithmetic() || b.op().isShift() || b.op().isBitwise())) {
            return PRIMARY;
        }
        return context;
    }

    @Override
    public Void visitConditional(Expr.Conditional node) {
        append(node.condition(), CONDITIONAL + 1);
        code.text(" ? ");
        append(node.whenTrue(), CONDITIONAL + 1);
        code.text(" : ");
        append(node.whenFalse(), CONDITIONAL);
        return null;
    }

    @Override
    public Void visitCast(Expr.Cast node) {
        code.text("(").type(JavaTypes.of(node.type())).text(") ");
        append(node.operand(), UNARY);
        return null;
    }

    @Override
    public Void visitMathCall(Expr.MathCall node) {
        if (node.owner().packageName().equals("java.lang")) {
            // java.lang needs no import; as text it spares JavaPoet a piece per call
            code.text(node.owner().simpleName() + "." + node.function().javaName());
        } else {
            code.type(JavaTypes.className(node.owner())).text("." + node.function().javaName());
        }
        arguments(node.arguments());
        return null;
    }

    @Override
    public Void visitCall(Expr.Call node) {
        if (node.target().records().self()) {
            // A method of a record (quoted in a comment): called on the record, its first argument.
            append(node.arguments().get(0), PRIMARY);
            code.text("." + node.target().name());
            arguments(node.arguments().subList(1, node.arguments().size()));
            return null;
        }
        code.type(JavaTypes.className(node.target().owner())).text("." + node.target().name());
        arguments(node.arguments());
        return null;
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead node) {
        append(node.array(), PRIMARY);
        code.text("[");
        append(node.index(), 0);
        code.text("]");
        return null;
    }

    @Override
    public Void visitArrayLength(Expr.ArrayLength node) {
        append(node.array(), PRIMARY);
        code.text(".length");
        return null;
    }

    @Override
    public Void visitNewArray(Expr.NewArray node) {
        code.text("new ").type(JavaTypes.of(node.type().scalar()));
        for (Expr dimension : node.dimensions()) {
            code.text("[");
            append(dimension, 0);
            code.text("]");
        }
        return null;
    }

    @Override
    public Void visitInvoke(Expr.Invoke node) {
        append(node.receiver(), PRIMARY);
        code.text("." + node.name());
        if (!node.field()) {
            arguments(node.arguments());
        }
        return null;
    }

    @Override
    public Void visitInvokeStatic(Expr.InvokeStatic node) {
        code.type(JavaTypes.className(node.owner())).text("." + names.method(node.owner(), node.name()));
        arguments(node.arguments());
        return null;
    }

    @Override
    public Void visitNew(Expr.New node) {
        code.text("new ").type(JavaTypes.className(node.type()));
        arguments(node.arguments());
        return null;
    }

    private void arguments(List<Expr> arguments) {
        code.text("(");
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                code.text(", ");
            }
            Expr argument = arguments.get(i);
            if (argument instanceof Expr.Literal literal && literal.value() == null) {
                // typed, so that the generated overloads (fForward(Dual, int[]), fForward(Dual, Dual)) cannot make it ambiguous
                code.text("(").type(JavaTypes.of(literal.type())).text(") ");
            }
            append(argument, 0);
        }
        code.text(")");
    }

    private void literal(Object value) {
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
        } else if (value instanceof Float f) {
            if (f.isNaN()) {
                code.type(ClassName.get(Float.class)).text(".NaN");
            } else if (f.isInfinite()) {
                code.type(ClassName.get(Float.class)).text(f > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
            } else {
                // the shortest decimal that reads back as this float, so the generated code has its exact value
                code.text(Float.toString(f) + "f");
            }
        } else if (value instanceof Long l) {
            code.text(l + "L");
        } else if (value instanceof String text) {
            code.text(quoted(text));
        } else if (value instanceof Character c) {
            code.text(quoted(c));
        } else {
            code.text(String.valueOf(value));
        }
    }

    /** A string as a Java literal: quoted, with the characters a literal cannot hold escaped. */
    private static String quoted(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            literal.append(escaped(c, '"'));
        }
        return literal.append('"').toString();
    }

    /** A character as a Java literal: {@code 'a'}, {@code '\''}, {@code '\n'}. */
    private static String quoted(char c) {
        return "'" + escaped(c, '\'') + "'";
    }

    /**
     * {@code c} as it stands inside a literal quoted by {@code quote}. Line ends get their named
     * escapes: javac reads a {@code \}{@code u000a} as a line end before the literal is parsed.
     */
    private static String escaped(char c, char quote) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> {
                if (c == quote) {
                    yield "\\" + c;
                }
                yield c < 0x20 || c == 0x7f ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c)
                        : String.valueOf(c);
            }
        };
    }
}
