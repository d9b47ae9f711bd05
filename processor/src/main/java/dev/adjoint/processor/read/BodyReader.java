package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;
import static dev.adjoint.processor.read.ExpressionReader.describe;
import static dev.adjoint.processor.read.ExpressionReader.declaredType;

import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a method body from javac's trees into the IR: its statements here, its expressions through
 * {@link ExpressionReader}. The two are the one place that decides what Java the processor accepts:
 * every other construct is reported here, on its own tree, and reading goes on so that one compile
 * shows all of a method's problems.
 */
final class BodyReader {

    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final Scope scope = new Scope();
    private final ThrowReader throwStatements;
    private final ArrayInitializers arrays;
    private final EffectCallReader effectCalls;
    private final ArrayCopyReader arrayCopies;
    private final ExpressionReader expressions;
    private final SwitchReader switches;
    private final SideEffectLowering effects;
    private final ArrayRecreations recreations;
    private final AssignmentReader assignments;
    private final LocalDeclarations declarations;
    /** {@code double}, or {@code double[]} for a vector-valued method. */
    private final Type returnType;
    /** Loops whose body, condition or update is being read: code there may run many times per call. */
    private int loopDepth;
    /** For a method returning a record: how its returns are read; null for any other method. */
    private ReturnedRecords returnedRecords;
    /** How many loop conditions and updates are being read: what they create is created again each iteration. */
    private int loopHeaderDepth;
    /** The arrays of the enhanced for loops being read: read again each iteration, so not given a new array. */
    private final java.util.Deque<Expr> iterated = new java.util.ArrayDeque<>();

    BodyReader(SymbolResolver symbols, ReadOnlyArrayParameters readOnlyArrays, Diagnostics diagnostics,
               List<Variable> parameters, Type returnType) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.returnType = returnType;
        this.effects = new SideEffectLowering(this, diagnostics);
        this.expressions = new ExpressionReader(symbols, diagnostics, scope, effects);
        this.throwStatements = new ThrowReader(symbols, diagnostics, expressions);
        this.arrays = new ArrayInitializers(expressions, diagnostics);
        this.effectCalls = new EffectCallReader(symbols, readOnlyArrays, diagnostics, expressions);
        this.arrayCopies = new ArrayCopyReader(symbols, diagnostics, expressions);
        this.switches = new SwitchReader(this, expressions, diagnostics, scope);
        this.recreations = new ArrayRecreations(scope, diagnostics, expressions, effects, arrays);
        this.assignments = new AssignmentReader(symbols, diagnostics, scope, expressions, effects, switches);
        this.declarations = new LocalDeclarations(this, symbols, diagnostics, scope, expressions, effects, arrays,
                assignments);
        parameters.forEach(scope::declare);
    }

    /** Makes a record parameter readable through its components under {@code name} ({@code p}, or {@code this}). */
    void declareRecord(String name, RecordShape shape) {
        scope.declareRecord(name, shape);
    }

    /** A parameter whose type was refused: reads of it in the body are not reported again. */
    void declareRefused(String name) {
        scope.declareRefused(name);
    }

    /** The method returns the record {@code shape}: its returns write the components into one local array. */
    void returnsRecord(RecordShape shape) {
        returnedRecords = new ReturnedRecords(shape, symbols, expressions, effects, diagnostics);
    }

    /** The method's body. */
    Stmt.Block readBody(TreePath path) {
        Stmt.Block body = effects.initialised(readBlock(path));
        if (returnedRecords == null) {
            return body;
        }
        List<Stmt> statements = new ArrayList<>();
        statements.add(returnedRecords.declaration());
        statements.addAll(body.statements());
        return new Stmt.Block(statements);
    }

    Stmt.Block readBlock(TreePath path) {
        scope.enter();
        List<Stmt> statements = new ArrayList<>();
        for (StatementTree statement : ((BlockTree) path.getLeaf()).getStatements()) {
            readStatement(new TreePath(path, statement), statements);
        }
        scope.exit();
        return new Stmt.Block(statements);
    }

    /** Whether a loop's body, condition or update is being read: code there may run many times per call. */
    boolean isInLoop() {
        return loopDepth > 0;
    }

    /** Whether a loop's condition or update is being read: what it creates is created again each iteration. */
    boolean isInLoopHeader() {
        return loopHeaderDepth > 0;
    }

    private Stmt.Block readLoopBody(TreePath path) {
        return inLoop(() -> readBranch(path));
    }

    /** Reads a part of a loop that runs each iteration: its body, its condition or its update. */
    private <T> T inLoop(Supplier<T> read) {
        loopDepth++;
        try {
            return read.get();
        } finally {
            loopDepth--;
        }
    }

    /**
     * Reads a loop's condition or update. A local array may be declared in a loop's body (a fresh one each
     * iteration), not in these: their statements are run again where the condition or update is.
     */
    private <T> T inLoopHeader(Supplier<T> read) {
        loopHeaderDepth++;
        try {
            return inLoop(read);
        } finally {
            loopHeaderDepth--;
        }
    }

    /** {@code for (init; condition; update) body} as a block: the initialisers, then the loop. */
    private Stmt readFor(TreePath path, ForLoopTree loop) {
        scope.enter();
        List<Stmt> statements = new ArrayList<>();
        for (StatementTree init : loop.getInitializer()) {
            readStatement(child(path, init), statements);
        }
        List<Stmt> conditionEffects = new ArrayList<>();
        Expr condition = loop.getCondition() == null ? Expr.Literal.of(true)
                : effects.into(conditionEffects, () -> inLoopHeader(() -> expressions.readCondition(child(path, loop.getCondition()))));
        Stmt.Block body = readLoopBody(child(path, loop.getStatement()));
        List<Stmt> update = new ArrayList<>();
        inLoopHeader(() -> {
            for (ExpressionStatementTree step : loop.getUpdate()) {
                readStatement(child(path, step), update);
            }
            return update;
        });
        scope.exit();
        statements.add(LoopConditions.loop(true, conditionEffects, condition, body, new Stmt.Block(update), at(path)));
        return new Stmt.Block(statements);
    }

    /** {@code for (double v : a) body} as {@code for (int i = 0; i < a.length; i++) { double v = a[i]; body }}. */
    private void readEnhancedFor(TreePath path, EnhancedForLoopTree loop, List<Stmt> out) {
        Expr array = effects.refusing("the array of an enhanced for loop",
                () -> expressions.readExpression(child(path, loop.getExpression())));
        if (array == ERROR) {
            return;
        }
        if (!(array.type() instanceof Type.Array type) || type.element() instanceof Type.Array) {
            unsupportedStatement(path, "an enhanced for loop over " + array.type(),
                    "loop over a double[], int[], long[] or boolean[], or over an index");
            return;
        }
        VariableTree element = loop.getVariable();
        Variable index = new Variable(element.getName() + "Index", Type.INT, Variable.Origin.GENERATED);
        Tree declared = element.getType();
        Optional<Type> valueType = declared == null || declared instanceof IdentifierTree id && id.getName().contentEquals("var")
                ? Optional.of(type.element()) : declaredType(child(path, declared));
        if (valueType.isEmpty() || !TypeMapping.assignable(type.element(), valueType.get())) {
            diagnostics.error(at(path), Message.UNSUPPORTED_TYPE, declared);
            return;
        }
        Variable value = new Variable(element.getName().toString(), valueType.get(), Variable.Origin.LOCAL);
        scope.enter();
        scope.declare(value);
        SourcePosition position = at(path);
        List<Stmt> body = new ArrayList<>();
        body.add(new Stmt.Declare(value, convert(new Expr.ArrayRead(array, new Expr.Ref(index), position), value.type()),
                position));
        iterated.push(array);
        try {
            body.addAll(readLoopBody(child(path, loop.getStatement())).statements());
        } finally {
            iterated.pop();
        }
        scope.exit();
        Expr condition = new Expr.Binary(BinaryOp.LT, new Expr.Ref(index), new Expr.ArrayLength(array, position), position);
        Stmt step = new Stmt.Assign(index, new Expr.Binary(BinaryOp.ADD, new Expr.Ref(index), Expr.Literal.ofInt(1),
                position), position);
        out.add(new Stmt.Block(List.of(
                new Stmt.Declare(index, Expr.Literal.ofInt(0), position),
                new Stmt.Loop(true, condition, new Stmt.Block(body), new Stmt.Block(List.of(step)), position))));
    }

    /** Enters a block of generated code: a branch of a lowered switch. */
    void enterBlock() {
        scope.enter();
    }

    void exitBlock() {
        scope.exit();
    }

    /** A branch of an {@code if}: a block even where the source wrote a single statement. */
    private Stmt.Block readBranch(TreePath path) {
        if (path == null) {
            return new Stmt.Block(List.of());
        }
        if (path.getLeaf() instanceof BlockTree) {
            return readBlock(path);
        }
        scope.enter();
        List<Stmt> statements = new ArrayList<>();
        readStatement(path, statements);
        scope.exit();
        return new Stmt.Block(statements);
    }

    private void unsupportedStatement(TreePath path, String construct, String advice) {
        diagnostics.error(at(path), Message.UNSUPPORTED_STATEMENT, construct, advice);
    }

    void readStatement(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case BLOCK -> out.add(readBlock(path));
            case EMPTY_STATEMENT -> { }
            case VARIABLE -> declarations.read(path, (VariableTree) tree, out);
            case EXPRESSION_STATEMENT -> readExpressionStatement(
                    child(path, ((ExpressionStatementTree) tree).getExpression()), out);
            case IF -> {
                IfTree ifTree = (IfTree) tree;
                Expr condition = effects.into(out, () -> expressions.readCondition(child(path, ifTree.getCondition())));
                out.add(new Stmt.If(condition, readBranch(child(path, ifTree.getThenStatement())),
                        readBranch(child(path, ifTree.getElseStatement())), at(path)));
            }
            case RETURN -> {
                ExpressionTree value = ((ReturnTree) tree).getExpression();
                TreePath switchValue = value == null ? null : SwitchReader.switchExpression(child(path, value));
                if (switchValue != null) {
                    switches.readExpression(switchValue, (v, o) -> o.add(new Stmt.Return(readReturned(v, o), at(v))), out);
                } else {
                    Expr returned = value == null ? ERROR : effects.into(out, () -> readReturned(child(path, value), out));
                    out.add(new Stmt.Return(returned, at(path)));
                }
            }
            case WHILE_LOOP -> {
                WhileLoopTree loop = (WhileLoopTree) tree;
                List<Stmt> conditionEffects = new ArrayList<>();
                Expr condition = effects.into(conditionEffects,
                        () -> inLoopHeader(() -> expressions.readCondition(child(path, loop.getCondition()))));
                out.add(LoopConditions.loop(true, conditionEffects, condition, readLoopBody(child(path, loop.getStatement())),
                        new Stmt.Block(List.of()), at(path)));
            }
            case DO_WHILE_LOOP -> {
                DoWhileLoopTree loop = (DoWhileLoopTree) tree;
                Stmt.Block body = readLoopBody(child(path, loop.getStatement()));
                List<Stmt> conditionEffects = new ArrayList<>();
                TreePath conditionPath = child(path, loop.getCondition());
                Expr condition = effects.into(conditionEffects, () -> inLoopHeader(() -> expressions.readCondition(conditionPath)));
                ControlFlow flow = ControlFlow.of(body);
                if (!conditionEffects.isEmpty() && (flow.mayContinueEnclosingLoop() || !flow.completesNormally())) {
                    diagnostics.error(at(conditionPath), Message.ASSIGNMENT_IN_EXPRESSION,
                            "the condition of a do/while loop whose body has continue or cannot complete normally");
                } else {
                    out.add(LoopConditions.loop(false, conditionEffects, condition, body, new Stmt.Block(List.of()),
                            at(path)));
                }
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
            case THROW -> effects.refusing("a throw statement", () -> throwStatements.read(path)).ifPresent(out::add);
            case SWITCH -> switches.readStatement(path, out);
            case YIELD -> unsupportedStatement(path, "a yield inside a loop or a nested switch statement",
                    "compute the value into a local there and yield it from the switch expression's arm");
            case ASSERT -> unsupportedStatement(path, "an assert statement", "check the arguments in the caller");
            case LABELED_STATEMENT -> unsupportedStatement(path, "a labeled statement",
                    "remove the label; break and continue may leave only the innermost loop");
            case CLASS, INTERFACE, ENUM, RECORD -> unsupportedStatement(path, "a local class",
                    "declare it outside the method");
            default -> unsupportedStatement(path, "this statement (" + describe(tree) + ")",
                    "use assignments, if / else, loops and return");
        }
    }

    /**
     * {@code new T[] {..}} read where a value is: a local array of its own, declared into {@code out}
     * (see {@link SideEffectLowering#freshArray}); the reference to it, or {@link ExpressionReader#ERROR}.
     */
    Expr declareFreshArray(TreePath path, List<Stmt> out) {
        NewArrayTree init = (NewArrayTree) path.getLeaf();
        Optional<Type> type = declaredType(child(path, init.getType())).map(Type.Array::new);
        if (type.isEmpty()) {
            return expressions.error(child(path, init.getType()), Message.UNSUPPORTED_TYPE, init.getType());
        }
        if (loopHeaderDepth > 0) {
            return expressions.error(path, Message.UNSUPPORTED_EXPRESSION, "an array initializer in a loop's condition or update",
                    "declare a local array before the loop or in its body and write its elements");
        }
        Variable array = new Variable("array", type.get(), Variable.Origin.LOCAL);
        List<Stmt> declaration = effects.refusing("an array initializer", () -> arrays.declare(array, path));
        if (declaration.isEmpty()) {
            return ERROR;
        }
        out.addAll(declaration);
        return new Expr.Ref(array, at(path));
    }

    /** Java converts implicitly on assignment and compound assignment; the IR says so. */
    static Expr convert(Expr value, Type target) {
        if (value.type().equals(target) || value == ERROR || target == Type.DOUBLE) {
            return value;
        }
        return new Expr.Cast(target, value, value.position());
    }

    /** See {@link AssignmentReader#readWrite}. */
    Optional<AssignmentTarget> readWrite(TreePath path, List<Stmt> out) {
        return assignments.readWrite(path, out);
    }

    /** See {@link AssignmentReader#assignedTarget}. */
    Optional<AssignmentTarget> assignedTarget(TreePath path, List<Stmt> out) {
        return assignments.assignedTarget(path, out);
    }

    private void readExpressionStatement(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case ASSIGNMENT -> {
                if (!recreations.read(path, out, loopHeaderDepth > 0, iterated)) {
                    readWrite(path, out);
                }
            }
            case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
                    REMAINDER_ASSIGNMENT, AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT,
                    LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT,
                    PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> readWrite(path, out);
            case METHOD_INVOCATION -> {
                if (arrayCopies.isArrayCopy((MethodInvocationTree) tree)) {
                    effects.refusing("the arguments of System.arraycopy", () -> {
                        arrayCopies.read(path, out);
                        return Optional.<Stmt>empty();
                    });
                } else {
                    effects.refusing("the arguments of a call made for its effect",
                            () -> effectCalls.read(path)).ifPresent(out::add);
                }
            }
            default -> unsupportedStatement(path, "this expression statement (" + describe(tree) + ")",
                    "write an assignment");
        }
    }

    /**
     * A returned value: a number, for a vector-valued method the name of one of its local arrays, and
     * for a record its components, written into the result array in {@code out} first.
     */
    private Expr readReturned(TreePath path, List<Stmt> out) {
        if (returnedRecords != null) {
            return returnedRecords.read(path, out);
        }
        if (returnType instanceof Type.Array) {
            Expr e = expressions.readExpression(path);
            boolean localArray = e instanceof Expr.Ref ref && ref.variable().origin() == Variable.Origin.LOCAL
                    && ref.type().equals(Type.DOUBLE_ARRAY);
            if (e != ERROR && !localArray) {
                return expressions.error(path, Message.VECTOR_RETURN, path.getLeaf());
            }
            return e;
        }
        return returnType == Type.BOOLEAN ? expressions.readCondition(path) : expressions.readNumeric(path);
    }

}
