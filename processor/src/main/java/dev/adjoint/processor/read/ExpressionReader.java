package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.diagnostics.TreePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Reads the expressions of a method body into the IR, resolving every name, field and call from
 * declarations. Each construct it does not accept is reported on its own tree, and reading goes on
 * with {@link #ERROR} in its place, so that one compile shows all of a method's problems.
 */
final class ExpressionReader {

    /** What an expression with an error reads as: the error is reported, reading goes on. */
    static final Expr ERROR = Expr.Literal.of(0.0);

    private static final String NULL_ADVICE = NullArguments.ADVICE;

    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    /** The locals and parameters visible where the expression is: the statement reader's scope. */
    private final Scope scope;
    private final RecordReads records;
    private final ObjectCalls objectCalls;
    private final CallReader calls;
    private final CallResultReads callResults;
    private final FieldReader fields;
    /** Where assignments inside expressions go, and whether they may be there. */
    private final SideEffectLowering effects;

    ExpressionReader(SymbolResolver symbols, Diagnostics diagnostics, Scope scope, SideEffectLowering effects) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.scope = scope;
        this.records = new RecordReads(scope);
        this.objectCalls = new ObjectCalls(symbols, scope, diagnostics);
        this.calls = new CallReader(this, symbols, diagnostics, scope,
                new RecordCalls(symbols, diagnostics, records, this::lowerRecordPassed), objectCalls);
        this.fields = new FieldReader(this, symbols, diagnostics, scope, records);
        this.effects = effects;
        this.callResults = new CallResultReads(this, calls, records, effects, diagnostics);
    }

    /** A record passed or called on, when a call gives it: see {@link CallResultReads#lower}. */
    private boolean lowerRecordPassed(TreePath path) {
        return callResults.lower(path, true);
    }

    SideEffectLowering effects() {
        return effects;
    }

    Expr readExpression(TreePath path) {
        Tree tree = path.getLeaf();
        SourcePosition position = at(path);
        switch (tree.getKind()) {
            case PARENTHESIZED:
                return readExpression(child(path, ((ParenthesizedTree) tree).getExpression()));
            case INT_LITERAL:
                return new Expr.Literal(((LiteralTree) tree).getValue(), Type.INT, position);
            case LONG_LITERAL:
                return new Expr.Literal(((LiteralTree) tree).getValue(), Type.LONG, position);
            case DOUBLE_LITERAL:
                return new Expr.Literal(((LiteralTree) tree).getValue(), Type.DOUBLE, position);
            case BOOLEAN_LITERAL:
                return new Expr.Literal(((LiteralTree) tree).getValue(), Type.BOOLEAN, position);
            case FLOAT_LITERAL:
                return new Expr.Literal(((LiteralTree) tree).getValue(), Type.FLOAT, position);
            case STRING_LITERAL:
                return new Expr.Literal(((LiteralTree) tree).getValue(), Type.STRING, position);
            case CHAR_LITERAL:
                return new Expr.Literal(((LiteralTree) tree).getValue(), Type.CHAR, position);
            case NULL_LITERAL:
                return error(path, Message.UNSUPPORTED_EXPRESSION, "null", NULL_ADVICE);
            case IDENTIFIER:
                return readName(path, (IdentifierTree) tree);
            case MEMBER_SELECT:
                return readRecordComponent(path).orElseGet(() -> fields.readStaticField(path, (MemberSelectTree) tree));
            case UNARY_MINUS:
            case UNARY_PLUS: {
                Expr operand = readNumeric(child(path, ((UnaryTree) tree).getExpression()));
                return new Expr.Unary(tree.getKind() == Tree.Kind.UNARY_MINUS ? UnaryOp.NEG : UnaryOp.PLUS,
                        operand, position);
            }
            case LOGICAL_COMPLEMENT:
                return new Expr.Unary(UnaryOp.NOT, readCondition(child(path, ((UnaryTree) tree).getExpression())),
                        position);
            case BITWISE_COMPLEMENT: {
                Expr operand = readExpression(child(path, ((UnaryTree) tree).getExpression()));
                if (operand != ERROR && !operand.type().isIntegral()) {
                    return error(path, Message.UNSUPPORTED_EXPRESSION, "the operator ~ on " + operand.type(),
                            "~ takes an int or a long");
                }
                return operand == ERROR ? ERROR : new Expr.Unary(UnaryOp.BIT_NOT, operand, position);
            }
            case PREFIX_INCREMENT:
            case PREFIX_DECREMENT:
            case POSTFIX_INCREMENT:
            case POSTFIX_DECREMENT:
            case ASSIGNMENT:
            case PLUS_ASSIGNMENT:
            case MINUS_ASSIGNMENT:
            case MULTIPLY_ASSIGNMENT:
            case DIVIDE_ASSIGNMENT:
            case REMAINDER_ASSIGNMENT:
            case AND_ASSIGNMENT:
            case OR_ASSIGNMENT:
            case XOR_ASSIGNMENT:
            case LEFT_SHIFT_ASSIGNMENT:
            case RIGHT_SHIFT_ASSIGNMENT:
            case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
                return effects.read(path);
            case MULTIPLY:
            case DIVIDE:
            case REMAINDER:
            case PLUS:
            case MINUS:
            case LESS_THAN:
            case LESS_THAN_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_EQUAL:
            case EQUAL_TO:
            case NOT_EQUAL_TO:
            case CONDITIONAL_AND:
            case CONDITIONAL_OR:
            case AND:
            case OR:
            case XOR:
            case LEFT_SHIFT:
            case RIGHT_SHIFT:
            case UNSIGNED_RIGHT_SHIFT:
                return readBinary(path, (BinaryTree) tree);
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree c = (ConditionalExpressionTree) tree;
                Expr condition = readCondition(child(path, c.getCondition()));
                List<Stmt> trueEffects = new ArrayList<>();
                List<Stmt> falseEffects = new ArrayList<>();
                Expr whenTrue = effects.inBranch(trueEffects, () -> readExpression(child(path, c.getTrueExpression())));
                Expr whenFalse = effects.inBranch(falseEffects, () -> readExpression(child(path, c.getFalseExpression())));
                Type type = whenTrue.type().isNumeric() && whenFalse.type().isNumeric()
                        ? Type.promote(whenTrue.type(), whenFalse.type()) : whenTrue.type();
                if (!trueEffects.isEmpty() || !falseEffects.isEmpty()) {
                    return effects.choice(condition, trueEffects, whenTrue, falseEffects, whenFalse, type, position);
                }
                return new Expr.Conditional(condition, whenTrue, whenFalse, type, position);
            }
            case TYPE_CAST: {
                TypeCastTree cast = (TypeCastTree) tree;
                Optional<Type> type = declaredType(child(path, cast.getType()));
                if (cast.getType() instanceof PrimitiveTypeTree primitive
                        && primitive.getPrimitiveTypeKind() == TypeKind.CHAR) {
                    type = Optional.of(Type.CHAR);
                }
                Expr operand = readExpression(child(path, cast.getExpression()));
                if (operand.type() != Type.CHAR || type.isEmpty() || !type.get().isNumeric()) {
                    requireNumeric(child(path, cast.getExpression()), operand);
                }
                if (type.isEmpty() || type.get() == Type.BOOLEAN) {
                    return error(child(path, cast.getType()), Message.UNSUPPORTED_TYPE, cast.getType());
                }
                return new Expr.Cast(type.get(), operand, position);
            }
            case METHOD_INVOCATION:
                return readRecordComponent(path).orElseGet(() -> calls.readCall(path, (MethodInvocationTree) tree));
            case LAMBDA_EXPRESSION:
            case MEMBER_REFERENCE:
                return error(path, Message.UNSUPPORTED_EXPRESSION, "a lambda or method reference",
                        "write the computation as a @Differentiable static method and call it");
            case NEW_CLASS:
                return objectCalls.creation(path, (NewClassTree) tree, operands -> inOrder(operands, this::readExpression));
            case ARRAY_ACCESS: {
                ArrayAccessTree access = (ArrayAccessTree) tree;
                Expr array = readExpression(child(path, access.getExpression()));
                int mark = effects.mark();
                Expr index = readIndex(child(path, access.getIndex()));
                array = effects.settled(array, mark);
                if (array == ERROR || index == ERROR) {
                    return ERROR;
                }
                if (!(array.type() instanceof Type.Array)) {
                    return error(path, Message.UNSUPPORTED_EXPRESSION, "indexing a non-array", "index arrays only");
                }
                return new Expr.ArrayRead(array, index, position);
            }
            case NEW_ARRAY:
                return readNewArray(path, (NewArrayTree) tree);
            case SWITCH_EXPRESSION:
                return error(path, Message.UNSUPPORTED_EXPRESSION, "a switch expression inside another expression",
                        "a switch expression may be a declaration's initializer, an assignment's right side or the "
                                + "returned value; compute it into a local first");
            default:
                return error(path, Message.UNSUPPORTED_EXPRESSION, describe(tree),
                        "use arithmetic, comparisons, ?:, Math functions and calls to @Differentiable methods");
        }
    }

    Expr error(TreePath path, Message message, Object... arguments) {
        diagnostics.error(at(path), message, arguments);
        return ERROR;
    }

    Expr readIndex(TreePath path) {
        Expr index = readExpression(path);
        if (index != ERROR && index.type() != Type.INT) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "an index of type " + index.type(), "index with an int");
        }
        return index;
    }

    Expr readCondition(TreePath path) {
        Expr condition = readExpression(path);
        if (condition != ERROR && condition.type() != Type.BOOLEAN) {
            diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, "a non-boolean condition", "compare values");
        }
        return condition;
    }

    Expr readNumeric(TreePath path) {
        Expr e = readExpression(path);
        requireNumeric(path, e);
        return e;
    }

    void requireNumeric(TreePath path, Expr e) {
        if (e != ERROR && !e.type().isNumeric()) {
            diagnostics.error(at(path), Message.UNSUPPORTED_TYPE, e.type());
        }
    }

    private Expr readBinary(TreePath path, BinaryTree tree) {
        BinaryOp op = switch (tree.getKind()) {
            case MULTIPLY -> BinaryOp.MUL;
            case DIVIDE -> BinaryOp.DIV;
            case REMAINDER -> BinaryOp.REM;
            case PLUS -> BinaryOp.ADD;
            case MINUS -> BinaryOp.SUB;
            case LESS_THAN -> BinaryOp.LT;
            case LESS_THAN_EQUAL -> BinaryOp.LE;
            case GREATER_THAN -> BinaryOp.GT;
            case GREATER_THAN_EQUAL -> BinaryOp.GE;
            case EQUAL_TO -> BinaryOp.EQ;
            case NOT_EQUAL_TO -> BinaryOp.NE;
            case CONDITIONAL_AND -> BinaryOp.AND;
            case CONDITIONAL_OR -> BinaryOp.OR;
            case AND -> BinaryOp.BIT_AND;
            case XOR -> BinaryOp.BIT_XOR;
            case OR -> BinaryOp.BIT_OR;
            case LEFT_SHIFT -> BinaryOp.SHL;
            case RIGHT_SHIFT -> BinaryOp.SHR;
            default -> BinaryOp.USHR;
        };
        TreePath leftPath = child(path, tree.getLeftOperand());
        TreePath rightPath = child(path, tree.getRightOperand());
        if ((op == BinaryOp.EQ || op == BinaryOp.NE) && isNull(leftPath) != isNull(rightPath)) {
            return readNullTest(path, op, leftPath, rightPath);
        }
        Expr left = op.isLogical() ? readCondition(leftPath) : readExpression(leftPath);
        if (op.isLogical()) {
            List<Stmt> rightEffects = new ArrayList<>();
            Expr right = effects.inBranch(rightEffects, () -> readCondition(rightPath));
            return rightEffects.isEmpty() ? new Expr.Binary(op, left, right, at(path))
                    : effects.shortCircuit(op, left, rightEffects, right, at(path));
        }
        int mark = effects.mark();
        Expr right = readExpression(rightPath);
        left = effects.settled(left, mark);
        if (left != ERROR && right != ERROR
                && (ValueOnlyTypes.isValueOnly(left.type()) || ValueOnlyTypes.isValueOnly(right.type()))) {
            return valueComparison(path, op, left, right);
        }
        if (op.isShift() || op.isBitwise()) {
            return bitOperation(path, op, left, right);
        }
        if (op.isArithmetic() || (op.isComparison() && op != BinaryOp.EQ && op != BinaryOp.NE)) {
            requireNumeric(leftPath, left);
            requireNumeric(rightPath, right);
        }
        return new Expr.Binary(op, left, right, at(path));
    }

    /**
     * {@code left op right} where an operand is a {@code char}, {@code String} or enum: such values are
     * compared, never computed with. {@code ==} and {@code !=} between two chars or two constants of one
     * enum, and {@code < <= > >=} between two chars; {@code ==} on Strings compares references, which is
     * rarely what was meant, so it is refused with the switch as the way to compare their text.
     */
    private Expr valueComparison(TreePath path, BinaryOp op, Expr left, Expr right) {
        Type type = left.type();
        boolean sameType = type.equals(right.type());
        if (sameType && type.equals(Type.STRING) && (op == BinaryOp.EQ || op == BinaryOp.NE)) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "comparing Strings with " + op.symbol(),
                    "== compares references, not text; switch on the String to compare its text");
        }
        boolean equality = op == BinaryOp.EQ || op == BinaryOp.NE;
        boolean allowed = sameType && (equality || type == Type.CHAR && op.isComparison());
        if (!allowed) {
            return error(path, Message.UNSUPPORTED_EXPRESSION,
                    "the operator " + op.symbol() + " on " + left.type() + " and " + right.type(),
                    "char, String and enum values are compared (== and != between two chars or two enum constants, "
                            + "< <= > >= between two chars) and switched on, not computed with");
        }
        return new Expr.Binary(op, left, right, at(path));
    }

    /** Whether the expression at {@code path} is {@code null}, also in parentheses. */
    static boolean isNull(TreePath path) {
        Tree tree = path.getLeaf();
        while (tree instanceof ParenthesizedTree parenthesized) {
            tree = parenthesized.getExpression();
        }
        return tree.getKind() == Tree.Kind.NULL_LITERAL;
    }

    /**
     * {@code w == null} or {@code w != null} (either way round) for an array {@code w}: the one place
     * null is read. Nothing is differentiated through it; a null array parameter that the method
     * returns without reading gets a null partial.
     */
    private Expr readNullTest(TreePath path, BinaryOp op, TreePath leftPath, TreePath rightPath) {
        boolean nullOnLeft = isNull(leftPath);
        TreePath nullPath = nullOnLeft ? leftPath : rightPath;
        Expr array = readExpression(nullOnLeft ? rightPath : leftPath);
        if (array == ERROR) {
            return ERROR;
        }
        if (!(array.type() instanceof Type.Array)) {
            return error(nullPath, Message.UNSUPPORTED_EXPRESSION, "null", NULL_ADVICE);
        }
        Expr none = new Expr.Literal(null, array.type(), at(nullPath));
        return nullOnLeft ? new Expr.Binary(op, none, array, at(path)) : new Expr.Binary(op, array, none, at(path));
    }

    /**
     * {@code left op right} for a shift or {@code & ^ |}, on the operands Java allows: integers, or two
     * booleans for {@code & ^ |}. Their values are exact and never differentiated; on booleans both
     * operands are evaluated, as Java does. {@code path} is where an error is reported.
     */
    Expr bitOperation(TreePath path, BinaryOp op, Expr left, Expr right) {
        if (left == ERROR || right == ERROR) {
            return ERROR;
        }
        boolean onIntegers = left.type().isIntegral() && right.type().isIntegral();
        boolean onBooleans = op.isBitwise() && left.type() == Type.BOOLEAN && right.type() == Type.BOOLEAN;
        if (!onIntegers && !onBooleans) {
            return error(path, Message.UNSUPPORTED_EXPRESSION,
                    "the operator " + op.symbol() + " on " + left.type() + " and " + right.type(),
                    op.isShift() ? "shifts take int and long operands" : "& ^ | take int and long operands, or two booleans");
        }
        return new Expr.Binary(op, left, right, at(path));
    }

    private Expr readName(TreePath path, IdentifierTree tree) {
        String name = tree.getName().toString();
        Optional<Variable> local = scope.lookup(name);
        if (local.isPresent()) {
            return scope.aliased(local.get()).orElseGet(() -> new Expr.Ref(local.get(), at(path)));
        }
        if (scope.record(name).isPresent()) {
            return error(path, Message.RECORD_AS_VALUE, name);
        }
        Optional<VariableElement> field = symbols.unqualifiedField(name);
        if (field.isPresent()) {
            return fields.staticField(path, field.get());
        }
        if (scope.refused(name)) {
            return ERROR; // its type is the error, reported on the parameter
        }
        return error(path, Message.UNKNOWN_NAME, name);
    }

    /**
     * A record's component ({@code p.w()}, {@code p.w}, {@code this.mu}, {@code polar(r, t).x()}: see
     * {@link CallResultReads}), or empty when the tree reads no record.
     */
    private Optional<Expr> readRecordComponent(TreePath path) {
        if (!callResults.lower(path, false)) {
            return Optional.of(ERROR);
        }
        return records.resolve(path.getLeaf()).map(found -> found.leaf() != null
                ? new Expr.Ref(found.leaf(), at(path))
                : error(path, Message.RECORD_AS_VALUE, path.getLeaf()));
    }

    private Expr readNewArray(TreePath path, NewArrayTree tree) {
        if (tree.getInitializers() != null && tree.getType() != null && effects.allowed()) {
            return effects.freshArray(path);
        }
        if (tree.getInitializers() != null || tree.getType() == null) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "an array initializer here",
                    "declare it as a local array first: double[] v = {a, b};");
        }
        Optional<Type> element = declaredType(child(path, tree.getType()));
        int rank = tree.getDimensions().size();
        if (element.isEmpty() || TypeMapping.arrayOf(element.get()).isEmpty()
                || element.get() != Type.DOUBLE && rank > 1 || rank > 2) {
            return error(path, Message.UNSUPPORTED_TYPE, tree.getType() + "[]".repeat(rank));
        }
        List<Expr> dimensions = readInOrder(path, tree.getDimensions(), this::readIndex);
        if (dimensions.contains(ERROR)) {
            return ERROR;
        }
        Type.Array type = rank == 1 ? new Type.Array(element.get()) : Type.DOUBLE_MATRIX;
        return new Expr.NewArray(type, List.copyOf(dimensions), at(path));
    }

    /** See {@link CallReader#readArrayInitializer}. */
    Expr readArrayInitializer(TreePath path) {
        return calls.readArrayInitializer(path);
    }

    /** See {@link CallReader#callee}. */
    Optional<CallReader.Callee> callee(TreePath path, MethodInvocationTree tree) {
        return calls.callee(path, tree);
    }

    /** Operands Java evaluates left to right (arguments, dimensions): see {@link SideEffectLowering#inOrder}. */
    List<Expr> readInOrder(TreePath path, List<? extends ExpressionTree> trees,
            java.util.function.Function<TreePath, Expr> read) {
        return inOrder(trees.stream().map(tree -> child(path, tree)).toList(), read);
    }

    /** Operands at {@code paths}, in Java's left-to-right order: see {@link SideEffectLowering#inOrder}. */
    List<Expr> inOrder(List<TreePath> paths, java.util.function.Function<TreePath, Expr> read) {
        return effects.inOrder(paths, read);
    }

    static Optional<Type> declaredType(TreePath path) {
        if (path.getLeaf() instanceof ArrayTypeTree array) {
            return declaredType(new TreePath(path, array.getType())).flatMap(TypeMapping::arrayOf);
        }
        if (path.getLeaf() instanceof PrimitiveTypeTree primitive) {
            return switch (primitive.getPrimitiveTypeKind()) {
                case DOUBLE -> Optional.of(Type.DOUBLE);
                case INT -> Optional.of(Type.INT);
                case LONG -> Optional.of(Type.LONG);
                case FLOAT -> Optional.of(Type.FLOAT);
                case BOOLEAN -> Optional.of(Type.BOOLEAN);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    static TreePath child(TreePath parent, Tree tree) {
        return tree == null ? null : new TreePath(parent, tree);
    }

    static SourcePosition at(TreePath path) {
        return TreePosition.of(path);
    }

    static String describe(Tree tree) {
        return tree.getKind().name().toLowerCase().replace('_', ' ');
    }
}
