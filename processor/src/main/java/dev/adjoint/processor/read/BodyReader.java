package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.ir.StatementWalker;
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
import dev.adjoint.processor.ir.MathFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Reads a method body from javac's trees into the IR, resolving every name and type from
 * declarations. This is the one place that decides what Java the processor accepts: every other
 * construct is reported here, on its own tree, and reading goes on so that one compile shows all of
 * a method's problems.
 */
final class BodyReader {

    private static final Expr ERROR = Expr.Literal.of(0.0);

    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final Scope scope = new Scope();
    /** {@code double}, or {@code double[]} for a vector-valued method. */
    private final Type returnType;
    private int loopDepth;
    /** Blocks entered: 1 in the method body itself. */
    private int blockDepth;

    BodyReader(SymbolResolver symbols, Diagnostics diagnostics, List<Variable> parameters, Type returnType) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.returnType = returnType;
        parameters.forEach(scope::declare);
    }

    Stmt.Block readBlock(TreePath path) {
        blockDepth++;
        scope.enter();
        List<Stmt> statements = new ArrayList<>();
        for (StatementTree statement : ((BlockTree) path.getLeaf()).getStatements()) {
            readStatement(new TreePath(path, statement), statements);
        }
        scope.exit();
        blockDepth--;
        return new Stmt.Block(statements);
    }

    private Stmt.Block readLoopBody(TreePath path) {
        loopDepth++;
        Stmt.Block body = readBranch(path);
        loopDepth--;
        return body;
    }

    /** {@code for (init; condition; update) body} as a block: the initialisers, then the loop. */
    private Stmt readFor(TreePath path, ForLoopTree loop) {
        scope.enter();
        List<Stmt> statements = new ArrayList<>();
        for (StatementTree init : loop.getInitializer()) {
            readStatement(child(path, init), statements);
        }
        Expr condition = loop.getCondition() == null
                ? Expr.Literal.of(true) : readCondition(child(path, loop.getCondition()));
        Stmt.Block body = readLoopBody(child(path, loop.getStatement()));
        List<Stmt> update = new ArrayList<>();
        for (ExpressionStatementTree step : loop.getUpdate()) {
            readStatement(child(path, step), update);
        }
        scope.exit();
        statements.add(new Stmt.Loop(true, condition, body, new Stmt.Block(update), at(path)));
        return new Stmt.Block(statements);
    }

    /** {@code for (double v : a) body} as {@code for (int i = 0; i < a.length; i++) { double v = a[i]; body }}. */
    private void readEnhancedFor(TreePath path, EnhancedForLoopTree loop, List<Stmt> out) {
        Expr array = readExpression(child(path, loop.getExpression()));
        if (array == ERROR) {
            return;
        }
        if (!array.type().equals(Type.DOUBLE_ARRAY)) {
            unsupportedStatement(path, "an enhanced for loop over " + array.type(), "loop over a double[] or over an index");
            return;
        }
        VariableTree element = loop.getVariable();
        Variable index = new Variable(element.getName() + "Index", Type.INT, Variable.Origin.GENERATED);
        Variable value = new Variable(element.getName().toString(), Type.DOUBLE, Variable.Origin.LOCAL);
        scope.enter();
        scope.declare(value);
        SourcePosition position = at(path);
        List<Stmt> body = new ArrayList<>();
        body.add(new Stmt.Declare(value, new Expr.ArrayRead(array, new Expr.Ref(index), position), position));
        body.addAll(readLoopBody(child(path, loop.getStatement())).statements());
        scope.exit();
        Expr condition = new Expr.Binary(BinaryOp.LT, new Expr.Ref(index), new Expr.ArrayLength(array, position), position);
        Stmt step = new Stmt.Assign(index, new Expr.Binary(BinaryOp.ADD, new Expr.Ref(index), Expr.Literal.ofInt(1),
                position), position);
        out.add(new Stmt.Block(List.of(
                new Stmt.Declare(index, Expr.Literal.ofInt(0), position),
                new Stmt.Loop(true, condition, new Stmt.Block(body), new Stmt.Block(List.of(step)), position))));
    }

    /** A branch of an {@code if}: a block even where the source wrote a single statement. */
    private Stmt.Block readBranch(TreePath path) {
        if (path == null) {
            return new Stmt.Block(List.of());
        }
        if (path.getLeaf() instanceof BlockTree) {
            return readBlock(path);
        }
        blockDepth++;
        scope.enter();
        List<Stmt> statements = new ArrayList<>();
        readStatement(path, statements);
        scope.exit();
        blockDepth--;
        return new Stmt.Block(statements);
    }

    private static TreePath child(TreePath parent, Tree tree) {
        return tree == null ? null : new TreePath(parent, tree);
    }

    private void unsupportedStatement(TreePath path, String construct, String advice) {
        diagnostics.error(at(path), Message.UNSUPPORTED_STATEMENT, construct, advice);
    }

    private static SourcePosition at(TreePath path) {
        return TreePosition.of(path);
    }

    private void readStatement(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case BLOCK -> out.add(readBlock(path));
            case EMPTY_STATEMENT -> { }
            case VARIABLE -> readDeclaration(path, (VariableTree) tree, out);
            case EXPRESSION_STATEMENT -> readExpressionStatement(
                    child(path, ((ExpressionStatementTree) tree).getExpression()), out);
            case IF -> {
                IfTree ifTree = (IfTree) tree;
                Expr condition = readCondition(child(path, ifTree.getCondition()));
                out.add(new Stmt.If(condition, readBranch(child(path, ifTree.getThenStatement())),
                        readBranch(child(path, ifTree.getElseStatement())), at(path)));
            }
            case RETURN -> {
                ExpressionTree value = ((ReturnTree) tree).getExpression();
                out.add(new Stmt.Return(value == null ? ERROR : readReturned(child(path, value)), at(path)));
            }
            case WHILE_LOOP -> {
                WhileLoopTree loop = (WhileLoopTree) tree;
                Expr condition = readCondition(child(path, loop.getCondition()));
                out.add(new Stmt.Loop(true, condition, readLoopBody(child(path, loop.getStatement())),
                        new Stmt.Block(List.of()), at(path)));
            }
            case DO_WHILE_LOOP -> {
                DoWhileLoopTree loop = (DoWhileLoopTree) tree;
                Stmt.Block body = readLoopBody(child(path, loop.getStatement()));
                Expr condition = readCondition(child(path, loop.getCondition()));
                out.add(new Stmt.Loop(false, condition, body, new Stmt.Block(List.of()), at(path)));
            }
            case FOR_LOOP -> out.add(readFor(path, (ForLoopTree) tree));
            case ENHANCED_FOR_LOOP -> readEnhancedFor(path, (EnhancedForLoopTree) tree, out);
            case BREAK, CONTINUE -> {
                boolean isBreak = tree.getKind() == Tree.Kind.BREAK;
                // Labels are rejected where they are declared, so every break and continue read here is
                // unlabelled and inside a loop (javac rejects one outside).
                out.add(isBreak ? new Stmt.Break(at(path)) : new Stmt.Continue(at(path)));
            }
            case TRY -> unsupportedStatement(path, "a try statement",
                    "derivatives cannot flow through exceptions; handle errors in the caller");
            case SYNCHRONIZED -> unsupportedStatement(path, "a synchronized block",
                    "a differentiable method works on its own parameters and locals only; synchronize in the caller");
            case THROW -> unsupportedStatement(path, "a throw statement",
                    "check the arguments in the caller, or return Double.NaN for points outside the domain");
            case SWITCH -> unsupportedStatement(path, "a switch statement", "use if / else if / else");
            case ASSERT -> unsupportedStatement(path, "an assert statement", "check the arguments in the caller");
            case LABELED_STATEMENT -> unsupportedStatement(path, "a labeled statement",
                    "remove the label; break and continue may leave only the innermost loop");
            case CLASS, INTERFACE, ENUM, RECORD -> unsupportedStatement(path, "a local class",
                    "declare it outside the method");
            default -> unsupportedStatement(path, "this statement (" + describe(tree) + ")",
                    "use assignments, if / else, loops and return");
        }
    }

    private void readDeclaration(TreePath path, VariableTree tree, List<Stmt> out) {
        String name = tree.getName().toString();
        Tree typeTree = tree.getType();
        Expr init = tree.getInitializer() == null ? null : readExpression(child(path, tree.getInitializer()));
        Optional<Type> type;
        if (typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"))) {
            type = init == null ? Optional.empty() : Optional.of(init.type());
        } else {
            type = declaredType(child(path, typeTree));
        }
        if (type.isEmpty()) {
            if (typeTree != null) {
                diagnostics.error(at(child(path, typeTree)), Message.UNSUPPORTED_TYPE, typeTree);
            }
            return;
        }
        Variable variable = new Variable(name, type.get(), Variable.Origin.LOCAL);
        scope.declare(variable);
        if (type.get() instanceof Type.Array) {
            if (!(init instanceof Expr.NewArray)) {
                diagnostics.error(at(path), Message.LOCAL_ARRAY_INITIALIZER, name);
            } else if (blockDepth > 1 || loopDepth > 0) {
                diagnostics.error(at(path), Message.LOCAL_ARRAY_PLACEMENT, name);
            }
        }
        out.add(new Stmt.Declare(variable, init == null ? null : convert(init, type.get()), at(path)));
    }

    private static Optional<Type> declaredType(TreePath path) {
        if (path.getLeaf() instanceof ArrayTypeTree array) {
            return declaredType(new TreePath(path, array.getType()))
                    .filter(element -> element == Type.DOUBLE || element.equals(Type.DOUBLE_ARRAY))
                    .map(Type.Array::new);
        }
        if (path.getLeaf() instanceof PrimitiveTypeTree primitive) {
            return switch (primitive.getPrimitiveTypeKind()) {
                case DOUBLE -> Optional.of(Type.DOUBLE);
                case INT -> Optional.of(Type.INT);
                case LONG -> Optional.of(Type.LONG);
                case BOOLEAN -> Optional.of(Type.BOOLEAN);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** Java converts implicitly on assignment and compound assignment; the IR says so. */
    private static Expr convert(Expr value, Type target) {
        if (value.type().equals(target) || value == ERROR || target == Type.DOUBLE) {
            return value;
        }
        return new Expr.Cast(target, value, value.position());
    }

    /** What an assignment writes: a local or parameter, or an element of a local array. */
    private sealed interface Target permits VariableTarget, ElementTarget {
        Expr current(SourcePosition position);

        Type type();

        Stmt write(Expr value, SourcePosition position);
    }

    private record VariableTarget(Variable variable) implements Target {
        public Expr current(SourcePosition position) {
            return new Expr.Ref(variable, position);
        }

        public Type type() {
            return variable.type();
        }

        public Stmt write(Expr value, SourcePosition position) {
            return new Stmt.Assign(variable, value, position);
        }
    }

    private record ElementTarget(Expr array, Expr index) implements Target {
        public Expr current(SourcePosition position) {
            return new Expr.ArrayRead(array, index, position);
        }

        public Type type() {
            return ((Type.Array) array.type()).element();
        }

        public Stmt write(Expr value, SourcePosition position) {
            return new Stmt.ArrayWrite(array, index, value, position);
        }
    }

    private void readExpressionStatement(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case ASSIGNMENT -> {
                AssignmentTree assignment = (AssignmentTree) tree;
                Optional<Target> target = assignedTarget(child(path, assignment.getVariable()), out);
                Expr value = readExpression(child(path, assignment.getExpression()));
                target.ifPresent(t -> {
                    requireNumericOrBoolean(child(path, assignment.getExpression()), value);
                    out.add(t.write(convert(value, t.type()), at(path)));
                });
            }
            case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT -> {
                CompoundAssignmentTree compound = (CompoundAssignmentTree) tree;
                Optional<Target> target = assignedTarget(child(path, compound.getVariable()), out);
                Expr value = readExpression(child(path, compound.getExpression()));
                BinaryOp op = switch (tree.getKind()) {
                    case PLUS_ASSIGNMENT -> BinaryOp.ADD;
                    case MINUS_ASSIGNMENT -> BinaryOp.SUB;
                    case MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
                    case DIVIDE_ASSIGNMENT -> BinaryOp.DIV;
                    default -> BinaryOp.REM;
                };
                target.ifPresent(t -> {
                    requireNumeric(child(path, compound.getExpression()), value);
                    Expr combined = new Expr.Binary(op, t.current(at(path)), value, at(path));
                    out.add(t.write(convert(combined, t.type()), at(path)));
                });
            }
            case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> {
                UnaryTree unary = (UnaryTree) tree;
                Optional<Target> target = assignedTarget(child(path, unary.getExpression()), out);
                boolean up = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
                target.ifPresent(t -> {
                    Expr step = new Expr.Binary(up ? BinaryOp.ADD : BinaryOp.SUB, t.current(at(path)),
                            Expr.Literal.ofInt(1), at(path));
                    out.add(t.write(convert(step, t.type()), at(path)));
                });
            }
            case METHOD_INVOCATION -> unsupportedStatement(path, "a call whose result is not used",
                    "a differentiable method has no side effects to keep; use the call's value or remove it");
            default -> unsupportedStatement(path, "this expression statement (" + describe(tree) + ")",
                    "write an assignment");
        }
    }

    private void requireNumericOrBoolean(TreePath path, Expr e) {
        if (e != ERROR && e.type() instanceof Type.Array) {
            diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, "an array value",
                    "arrays are created once with new double[...] and then written element by element");
        }
    }

    /**
     * What an assignment writes; fields, parameter arrays and whole arrays are reported. An index
     * that reads the array being written is evaluated once, into a local added to {@code out}.
     */
    private Optional<Target> assignedTarget(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        if (tree instanceof IdentifierTree id) {
            Optional<Variable> local = scope.lookup(id.getName().toString());
            if (local.isPresent() && local.get().type() instanceof Type.Array) {
                diagnostics.error(at(path), Message.ARRAY_REASSIGNED, id.getName());
                return Optional.empty();
            }
            if (local.isPresent()) {
                return Optional.of(new VariableTarget(local.get()));
            }
            if (symbols.unqualifiedField(id.getName().toString()).isPresent()) {
                diagnostics.error(at(path), Message.ASSIGNMENT_TO_FIELD, id.getName());
            } else {
                diagnostics.error(at(path), Message.UNKNOWN_NAME, id.getName());
            }
        } else if (tree instanceof MemberSelectTree select) {
            diagnostics.error(at(path), Message.ASSIGNMENT_TO_FIELD, select.toString());
        } else if (tree instanceof ArrayAccessTree access) {
            Expr array = readExpression(child(path, access.getExpression()));
            Expr index = readIndex(child(path, access.getIndex()));
            if (array == ERROR || index == ERROR) {
                return Optional.empty();
            }
            Variable base = StatementWalker.arrayVariable(array);
            if (base != null && base.origin() == Variable.Origin.PARAMETER) {
                diagnostics.error(at(path), Message.PARAMETER_ARRAY_WRITE, base.name());
            } else if (!(((Type.Array) array.type()).element() == Type.DOUBLE)) {
                diagnostics.error(at(path), Message.ARRAY_REASSIGNED, tree);
            } else {
                if (array instanceof Expr.ArrayRead row) {
                    array = new Expr.ArrayRead(row.array(), indexOnce(row.index(), base, out), row.position());
                }
                return Optional.of(new ElementTarget(array, indexOnce(index, base, out)));
            }
        } else {
            diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, describe(tree), "assign a local variable");
        }
        return Optional.empty();
    }

    /**
     * {@code index} itself, or a local holding its value when it reads {@code array}, the array being
     * written: Java evaluates it once, before the write, and the reverse sweep, which undoes the write,
     * must find the element it wrote; computed again after the write, {@code a[(int) a[0]] = v} would
     * read the new {@code a[0]}.
     */
    private static Expr indexOnce(Expr index, Variable array, List<Stmt> out) {
        if (array == null || !StatementWalker.reads(index, array)) {
            return index;
        }
        Variable once = new Variable(array.name() + "Index", index.type(), Variable.Origin.GENERATED);
        out.add(new Stmt.Declare(once, index, index.position()));
        return new Expr.Ref(once, index.position());
    }

    private Expr readIndex(TreePath path) {
        Expr index = readExpression(path);
        if (index != ERROR && index.type() != Type.INT) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "an index of type " + index.type(), "index with an int");
        }
        return index;
    }

    private Expr readCondition(TreePath path) {
        Expr condition = readExpression(path);
        if (condition != ERROR && condition.type() != Type.BOOLEAN) {
            diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, "a non-boolean condition", "compare values");
        }
        return condition;
    }

    /** A returned value: a number, or for a vector-valued method the name of one of its local arrays. */
    private Expr readReturned(TreePath path) {
        if (returnType instanceof Type.Array) {
            Expr e = readExpression(path);
            boolean localArray = e instanceof Expr.Ref ref && ref.variable().origin() == Variable.Origin.LOCAL
                    && ref.type().equals(Type.DOUBLE_ARRAY);
            if (e != ERROR && !localArray) {
                return error(path, Message.VECTOR_RETURN, path.getLeaf());
            }
            return e;
        }
        return readNumeric(path);
    }

    private Expr readNumeric(TreePath path) {
        Expr e = readExpression(path);
        requireNumeric(path, e);
        return e;
    }

    private void requireNumeric(TreePath path, Expr e) {
        if (e != ERROR && !e.type().isNumeric()) {
            diagnostics.error(at(path), Message.UNSUPPORTED_TYPE, e.type());
        }
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
                return error(path, Message.UNSUPPORTED_TYPE, "float");
            case STRING_LITERAL:
                return error(path, Message.UNSUPPORTED_TYPE, "String");
            case CHAR_LITERAL:
                return error(path, Message.UNSUPPORTED_TYPE, "char");
            case NULL_LITERAL:
                return error(path, Message.UNSUPPORTED_EXPRESSION, "null", "use a number");
            case IDENTIFIER:
                return readName(path, (IdentifierTree) tree);
            case MEMBER_SELECT:
                return readStaticField(path, (MemberSelectTree) tree);
            case UNARY_MINUS:
            case UNARY_PLUS: {
                Expr operand = readNumeric(child(path, ((UnaryTree) tree).getExpression()));
                return new Expr.Unary(tree.getKind() == Tree.Kind.UNARY_MINUS ? UnaryOp.NEG : UnaryOp.PLUS,
                        operand, position);
            }
            case LOGICAL_COMPLEMENT:
                return new Expr.Unary(UnaryOp.NOT, readCondition(child(path, ((UnaryTree) tree).getExpression())),
                        position);
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
                return error(path, Message.ASSIGNMENT_IN_EXPRESSION);
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
                return readBinary(path, (BinaryTree) tree);
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree c = (ConditionalExpressionTree) tree;
                Expr condition = readCondition(child(path, c.getCondition()));
                Expr whenTrue = readExpression(child(path, c.getTrueExpression()));
                Expr whenFalse = readExpression(child(path, c.getFalseExpression()));
                Type type = whenTrue.type().isNumeric() && whenFalse.type().isNumeric()
                        ? Type.promote(whenTrue.type(), whenFalse.type()) : whenTrue.type();
                return new Expr.Conditional(condition, whenTrue, whenFalse, type, position);
            }
            case TYPE_CAST: {
                TypeCastTree cast = (TypeCastTree) tree;
                Optional<Type> type = declaredType(child(path, cast.getType()));
                Expr operand = readNumeric(child(path, cast.getExpression()));
                if (type.isEmpty() || type.get() == Type.BOOLEAN) {
                    return error(child(path, cast.getType()), Message.UNSUPPORTED_TYPE, cast.getType());
                }
                return new Expr.Cast(type.get(), operand, position);
            }
            case METHOD_INVOCATION:
                return readCall(path, (MethodInvocationTree) tree);
            case LAMBDA_EXPRESSION:
            case MEMBER_REFERENCE:
                return error(path, Message.UNSUPPORTED_EXPRESSION, "a lambda or method reference",
                        "write the computation as a @Differentiable static method and call it");
            case NEW_CLASS:
                return error(path, Message.UNSUPPORTED_EXPRESSION, "object creation",
                        "a differentiable method computes with doubles; create objects in the caller");
            case ARRAY_ACCESS: {
                ArrayAccessTree access = (ArrayAccessTree) tree;
                Expr array = readExpression(child(path, access.getExpression()));
                Expr index = readIndex(child(path, access.getIndex()));
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
                return error(path, Message.UNSUPPORTED_EXPRESSION, "a switch expression", "use the ?: operator or if / else");
            case AND:
            case OR:
            case XOR:
            case LEFT_SHIFT:
            case RIGHT_SHIFT:
            case UNSIGNED_RIGHT_SHIFT:
            case BITWISE_COMPLEMENT:
                return error(path, Message.UNSUPPORTED_EXPRESSION, "a bitwise operator",
                        "use && and || for conditions and arithmetic for numbers");
            default:
                return error(path, Message.UNSUPPORTED_EXPRESSION, describe(tree),
                        "use arithmetic, comparisons, ?:, Math functions and calls to @Differentiable methods");
        }
    }

    private Expr error(TreePath path, Message message, Object... arguments) {
        diagnostics.error(at(path), message, arguments);
        return ERROR;
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
            default -> BinaryOp.OR;
        };
        TreePath leftPath = child(path, tree.getLeftOperand());
        TreePath rightPath = child(path, tree.getRightOperand());
        Expr left = op.isLogical() ? readCondition(leftPath) : readExpression(leftPath);
        Expr right = op.isLogical() ? readCondition(rightPath) : readExpression(rightPath);
        if (op.isArithmetic() || (op.isComparison() && op != BinaryOp.EQ && op != BinaryOp.NE)) {
            requireNumeric(leftPath, left);
            requireNumeric(rightPath, right);
        }
        return new Expr.Binary(op, left, right, at(path));
    }

    private Expr readName(TreePath path, IdentifierTree tree) {
        String name = tree.getName().toString();
        Optional<Variable> local = scope.lookup(name);
        if (local.isPresent()) {
            return new Expr.Ref(local.get(), at(path));
        }
        Optional<VariableElement> field = symbols.unqualifiedField(name);
        if (field.isPresent()) {
            return staticField(path, field.get());
        }
        return error(path, Message.UNKNOWN_NAME, name);
    }

    private Expr readStaticField(TreePath path, MemberSelectTree tree) {
        if (tree.getIdentifier().contentEquals("length") && isArrayExpression(tree.getExpression())) {
            Expr array = readExpression(child(path, tree.getExpression()));
            return array == ERROR ? ERROR : new Expr.ArrayLength(array, at(path));
        }
        String qualifier = tree.getExpression().toString();
        Optional<TypeElement> owner = scope.lookup(qualifier).isPresent() ? Optional.empty() : symbols.findClass(qualifier);
        if (owner.isEmpty()) {
            return error(path, Message.UNKNOWN_NAME, tree.toString());
        }
        Optional<VariableElement> field = symbols.staticField(owner.get(), tree.getIdentifier().toString());
        if (field.isEmpty()) {
            return error(path, Message.UNKNOWN_NAME, tree.toString());
        }
        return staticField(path, field.get());
    }

    /**
     * A static field read. A private compile-time constant becomes its value, since the generated
     * class cannot name it; any other private field cannot be read from there.
     */
    private Expr staticField(TreePath path, VariableElement field) {
        Optional<Type> type = TypeMapping.of(field.asType());
        if (type.isEmpty()) {
            return error(path, Message.UNSUPPORTED_TYPE, field.asType());
        }
        if (field.getModifiers().contains(Modifier.PRIVATE)) {
            Object constant = field.getConstantValue();
            if (constant == null) {
                return error(path, Message.INACCESSIBLE_FIELD, field.getSimpleName());
            }
            return new Expr.Literal(constant, type.get(), at(path));
        }
        TypeElement owner = (TypeElement) field.getEnclosingElement();
        return new Expr.StaticField(symbols.classType(owner), field.getSimpleName().toString(), type.get(), at(path));
    }

    /** Whether {@code tree} names an array local or parameter, or indexes one. */
    private boolean isArrayExpression(Tree tree) {
        if (tree instanceof IdentifierTree id) {
            return scope.lookup(id.getName().toString()).map(v -> v.type() instanceof Type.Array).orElse(false);
        }
        if (tree instanceof ArrayAccessTree access) {
            return isArrayExpression(access.getExpression());
        }
        if (tree instanceof ParenthesizedTree parenthesized) {
            return isArrayExpression(parenthesized.getExpression());
        }
        return false;
    }

    private Expr readNewArray(TreePath path, NewArrayTree tree) {
        if (tree.getInitializers() != null || tree.getType() == null) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "an array initializer",
                    "create the array with new double[n] and write its elements");
        }
        Optional<Type> element = declaredType(child(path, tree.getType()));
        if (element.isEmpty() || element.get() != Type.DOUBLE || tree.getDimensions().size() > 2) {
            return error(path, Message.UNSUPPORTED_TYPE, tree.getType() + "[]".repeat(tree.getDimensions().size()));
        }
        List<Expr> dimensions = new ArrayList<>();
        for (ExpressionTree dimension : tree.getDimensions()) {
            dimensions.add(readIndex(child(path, dimension)));
        }
        if (dimensions.contains(ERROR)) {
            return ERROR;
        }
        Type.Array type = dimensions.size() == 1 ? Type.DOUBLE_ARRAY : Type.DOUBLE_MATRIX;
        return new Expr.NewArray(type, List.copyOf(dimensions), at(path));
    }

    private Expr readCall(TreePath path, MethodInvocationTree tree) {
        List<Expr> arguments = new ArrayList<>();
        for (ExpressionTree argument : tree.getArguments()) {
            arguments.add(readExpression(child(path, argument)));
        }
        if (arguments.contains(ERROR)) {
            return ERROR;
        }
        List<Type> argumentTypes = arguments.stream().map(Expr::type).toList();
        String name;
        List<ExecutableElement> candidates;
        String owner;
        Tree select = tree.getMethodSelect();
        if (select instanceof MemberSelectTree member) {
            name = member.getIdentifier().toString();
            String qualifier = member.getExpression().toString();
            Optional<TypeElement> ownerClass = scope.lookup(qualifier).isPresent()
                    ? Optional.empty() : symbols.findClass(qualifier);
            if (ownerClass.isEmpty()) {
                return error(path, Message.UNSUPPORTED_EXPRESSION, "calling a method on an object (" + tree + ")",
                        "call static methods only");
            }
            owner = ownerClass.get().getQualifiedName().toString();
            candidates = symbols.methods(ownerClass.get(), name);
        } else {
            name = ((IdentifierTree) select).getName().toString();
            candidates = symbols.unqualifiedMethods(name);
            owner = candidates.isEmpty() ? "" : ((TypeElement) candidates.get(0).getEnclosingElement())
                    .getQualifiedName().toString();
        }
        if (owner.equals("java.lang.Math") || owner.equals("java.lang.StrictMath")) {
            String ownerSimple = owner.substring("java.lang.".length());
            if (name.equals("random")) {
                return error(path, Message.NONDETERMINISTIC_CALL, ownerSimple + ".random()");
            }
            boolean onDoubles = argumentTypes.contains(Type.DOUBLE);
            Optional<MathFunction> function = MathFunction.find(name, arguments.size());
            if (function.isPresent() && onDoubles) {
                return new Expr.MathCall(ownerSimple, function.get(), List.copyOf(arguments), at(path));
            }
        }
        Optional<ExecutableElement> method = symbols.choose(candidates, argumentTypes);
        if (method.isEmpty()) {
            boolean exists = !candidates.isEmpty();
            if (exists && candidates.stream().noneMatch(m -> m.getParameters().size() == arguments.size())) {
                return error(path, Message.UNRESOLVED_METHOD, name, arguments.size());
            }
            if (exists) {
                return error(path, Message.UNSUPPORTED_EXPRESSION, "a call of '" + name + "' with these argument types",
                        "its parameters must be double, int, long or boolean");
            }
            return error(path, Message.UNRESOLVED_METHOD, name, arguments.size());
        }
        ExecutableElement resolved = method.get();
        if (!resolved.getModifiers().contains(Modifier.STATIC)) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "calling instance method '" + name + "'",
                    "call static methods only");
        }
        Optional<Type> resultType = TypeMapping.of(resolved.getReturnType());
        if (resultType.isEmpty()) {
            return error(path, Message.UNSUPPORTED_TYPE, resolved.getReturnType());
        }
        if (resultType.get() instanceof Type.Array) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "using the array '" + name + "' returns",
                    "call vector-valued methods from outside differentiable code, or write the loop here");
        }
        if (resolved.getModifiers().contains(Modifier.PRIVATE)) {
            return error(path, Message.INACCESSIBLE_METHOD, name);
        }
        return new Expr.Call(symbols.target(resolved), List.copyOf(arguments), at(path));
    }

    private static String describe(Tree tree) {
        return tree.getKind().name().toLowerCase().replace('_', ' ');
    }
}
