package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;
import static dev.adjoint.processor.read.ExpressionReader.describe;
import static dev.adjoint.processor.read.ExpressionReader.declaredType;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.ir.StatementWalker;
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
import javax.lang.model.type.TypeKind;

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
            case VARIABLE -> readDeclaration(path, (VariableTree) tree, out);
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

    private void readDeclaration(TreePath path, VariableTree tree, List<Stmt> out) {
        String name = tree.getName().toString();
        Tree typeTree = tree.getType();
        TreePath switchValue = tree.getInitializer() == null ? null
                : SwitchReader.switchExpression(child(path, tree.getInitializer()));
        if (switchValue != null) {
            readSwitchDeclaration(path, tree, switchValue, out);
            return;
        }
        if (tree.getInitializer() != null && ArrayInitializers.isInitializer(tree.getInitializer())) {
            readInitializedArray(path, tree, out);
            return;
        }
        if (tree.getInitializer() != null && ExpressionReader.isNull(child(path, tree.getInitializer()))
                && typeTree != null && declaredType(child(path, typeTree)).orElse(null) instanceof Type.Array array) {
            readNullArray(path, tree.getName().toString(), array);
            return;
        }
        Expr init = tree.getInitializer() == null ? null
                : effects.into(out, () -> expressions.readArrayInitializer(child(path, tree.getInitializer())));
        Optional<Type> type;
        if (typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"))) {
            type = init == null ? Optional.empty() : Optional.of(init.type());
        } else {
            type = declaredType(child(path, typeTree)).or(() -> valueOnlyType(typeTree));
        }
        if (type.isEmpty()) {
            if (typeTree != null) {
                diagnostics.error(at(child(path, typeTree)), Message.UNSUPPORTED_TYPE, typeTree);
            }
            return;
        }
        Variable variable = new Variable(name, type.get(), Variable.Origin.LOCAL);
        if (type.get() instanceof Type.Array && init != null && !(init instanceof Expr.NewArray)) {
            Optional<Expr> target = ArrayAliases.target(variable, init, out);
            if (target.isPresent()) {
                scope.declareAlias(variable, target.get());
                return;
            }
        }
        scope.declare(variable);
        if (ValueOnlyTypes.isValueOnly(type.get()) && (loopDepth > 0 || init == null)) {
            diagnostics.error(at(path), Message.VALUE_ONLY_LOCAL, name, type.get());
        }
        if (type.get() instanceof Type.Array) {
            boolean vectorCall = init instanceof Expr.Call call && call.type() instanceof Type.Array;
            // An initializer with an error has had it reported: no second one on the declaration.
            if (vectorCall) {
                if (loopDepth > 0) {
                    diagnostics.error(at(path), Message.VECTOR_CALL_IN_LOOP, name);
                }
            } else if (!(init instanceof Expr.NewArray) && init != ExpressionReader.ERROR) {
                diagnostics.error(at(path), Message.LOCAL_ARRAY_INITIALIZER, name, type.get().scalar());
            } else if (init instanceof Expr.NewArray) {
                checkPlacement(path, variable);
                boolean rowsLeftNull = ((Type.Array) type.get()).element() instanceof Type.Array
                        && ((Expr.NewArray) init).dimensions().size() < 2;
                if (loopDepth > 0 && rowsLeftNull) {
                    diagnostics.error(at(path), Message.LOCAL_MATRIX_IN_LOOP, name);
                }
            }
        }
        out.add(new Stmt.Declare(variable, init == null ? null : convert(init, type.get()), at(path)));
    }

    /**
     * Reports a local array created in a loop's condition or update (run again where the condition is).
     * One may be created in a loop's body, a fresh one each iteration (see reverse/LoopArrays).
     */
    private void checkPlacement(TreePath path, Variable array) {
        if (loopHeaderDepth > 0) {
            diagnostics.error(at(path), Message.LOCAL_ARRAY_PLACEMENT, array.name());
        }
    }

    /**
     * {@code int[] sign = null;}: refused on its line. Adjoint keeps one adjoint and one tangent array per
     * local array, made with it where it is created; pass {@code null} itself instead. The variable is
     * declared all the same, so that its uses report nothing more.
     */
    private void readNullArray(TreePath path, String name, Type.Array type) {
        diagnostics.error(at(path), Message.UNSUPPORTED_STATEMENT, "a local array that starts as null (" + name + ")",
                "pass null itself where it goes (f(x, null)), or create the array with new " + type.scalar() + "[...]");
        scope.declare(new Variable(name, type, Variable.Origin.LOCAL));
    }

    /** {@code double[] c = {a, b};}: see {@link ArrayInitializers}. */
    private void readInitializedArray(TreePath path, VariableTree tree, List<Stmt> out) {
        NewArrayTree init = (NewArrayTree) tree.getInitializer();
        Tree typeTree = tree.getType();
        Optional<Type> type = typeTree == null || typeTree instanceof IdentifierTree id && id.getName().contentEquals("var")
                ? Optional.ofNullable(init.getType()).flatMap(t -> declaredType(child(child(path, init), t))).map(Type.Array::new)
                : declaredType(child(path, typeTree));
        if (type.isEmpty()) {
            diagnostics.error(at(path), Message.UNSUPPORTED_TYPE, typeTree != null ? typeTree : tree.getInitializer());
            return;
        }
        Variable variable = new Variable(tree.getName().toString(), type.get(), Variable.Origin.LOCAL);
        checkPlacement(path, variable);
        out.addAll(effects.refusing("an array initializer", () -> arrays.declare(variable, child(path, init))));
        scope.declare(variable);
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

    /**
     * {@code T v = switch (..) {..};}: {@code T v;}, then the switch with a write of {@code v} for each
     * value it yields. The variable is in scope after its initializer, as for any declaration.
     */
    private void readSwitchDeclaration(TreePath path, VariableTree tree, TreePath value, List<Stmt> out) {
        Tree typeTree = tree.getType();
        if (typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"))) {
            diagnostics.error(at(value), Message.UNSUPPORTED_EXPRESSION, "a switch expression initializing a var",
                    "declare the variable's type");
            return;
        }
        Optional<Type> type = declaredType(child(path, typeTree));
        if (type.isEmpty()) {
            if (valueOnlyType(typeTree).isPresent()) {
                diagnostics.error(at(value), Message.UNSUPPORTED_EXPRESSION, "a switch expression of type " + typeTree,
                        "switch expressions yield numbers or booleans; give a " + typeTree + " its value with ?: or in an if");
            } else {
                diagnostics.error(at(child(path, typeTree)), Message.UNSUPPORTED_TYPE, typeTree);
            }
            return;
        }
        Variable variable = new Variable(tree.getName().toString(), type.get(), Variable.Origin.LOCAL);
        if (type.get() instanceof Type.Array) {
            diagnostics.error(at(path), Message.LOCAL_ARRAY_INITIALIZER, variable.name(), type.get().scalar());
        } else {
            out.add(new Stmt.Declare(variable, null, at(path)));
            readSwitchInto(variable, value, out);
        }
        scope.declare(variable);
    }

    /** The switch expression {@code value}, with a write of {@code variable} for each value it yields. */
    private void readSwitchInto(Variable variable, TreePath value, List<Stmt> out) {
        switches.readExpression(value, (yielded, o) -> {
            Expr e = effects.refusing("a switch expression's value", () -> expressions.readExpression(yielded));
            requireNumericOrBoolean(yielded, e);
            o.add(new Stmt.Assign(variable, convert(e, variable.type()), at(yielded)));
        }, out);
    }

    /**
     * {@code target = switch (..) {..};}: a write of the variable for each value the switch yields. An
     * array element is written once, after the switch, with its indices evaluated before it as Java
     * does: a case may change what they read.
     */
    private void readSwitchAssignment(TreePath path, AssignmentTarget target, TreePath value, List<Stmt> out) {
        if (target instanceof AssignmentTarget.Element element) {
            AssignmentTarget.Element pinned = element.evaluatedOnce(out);
            Variable result = Variable.generated("switchValue", pinned.type());
            out.add(new Stmt.Declare(result, null, at(path)));
            readSwitchInto(result, value, out);
            out.add(pinned.write(new Expr.Ref(result, at(path)), at(path)));
        } else {
            readSwitchInto(((AssignmentTarget.Local) target).variable(), value, out);
        }
    }

    /** The type a local declared as {@code typeTree} has when it is {@code char}, {@code String} or an enum. */
    private Optional<Type> valueOnlyType(Tree typeTree) {
        if (typeTree instanceof PrimitiveTypeTree primitive) {
            return primitive.getPrimitiveTypeKind() == TypeKind.CHAR ? Optional.of(Type.CHAR) : Optional.empty();
        }
        if (!(typeTree instanceof IdentifierTree || typeTree instanceof MemberSelectTree)) {
            return Optional.empty();
        }
        return symbols.findClass(typeTree.toString()).flatMap(c -> ValueOnlyTypes.of(c, symbols.elements(), symbols.rules()));
    }

    /** Java converts implicitly on assignment and compound assignment; the IR says so. */
    static Expr convert(Expr value, Type target) {
        if (value.type().equals(target) || value == ERROR || target == Type.DOUBLE) {
            return value;
        }
        return new Expr.Cast(target, value, value.position());
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
     * An assignment, compound assignment, {@code ++} or {@code --}, its write added to {@code out} after
     * the effects of the expressions in it (see {@link SideEffectLowering}); returns what it wrote, its
     * indices evaluated where Java evaluates them, or empty after an error. Java evaluates the target's
     * indices and, for a compound assignment, the target's value before the right side: where the
     * right side's effects change them, they are settled into temporaries first ({@code x += (x = 2)}).
     */
    Optional<AssignmentTarget> readWrite(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case ASSIGNMENT -> {
                AssignmentTree assignment = (AssignmentTree) tree;
                Optional<AssignmentTarget> target = effects.into(out,
                        () -> assignedTarget(child(path, assignment.getVariable()), out));
                TreePath switchValue = SwitchReader.switchExpression(child(path, assignment.getExpression()));
                if (switchValue != null) {
                    if (target.isPresent()) {
                        readSwitchAssignment(path, target.get(), switchValue, out);
                    } else {
                        // no target to write, but the switch's own errors are reported too
                        switches.readExpression(switchValue, (v, o) -> expressions.readExpression(v), new ArrayList<>());
                    }
                    return target;
                }
                int mark = out.size();
                Expr value = effects.into(out, () -> expressions.readExpression(child(path, assignment.getExpression())));
                return target.map(written -> {
                    AssignmentTarget t = SideEffectLowering.settled(written, out, mark);
                    requireNumericOrBoolean(child(path, assignment.getExpression()), value);
                    out.add(t.write(convert(value, t.type()), at(path)));
                    return t;
                });
            }
            case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT,
                    AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT,
                    LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> {
                CompoundAssignmentTree compound = (CompoundAssignmentTree) tree;
                Optional<AssignmentTarget> target = effects.into(out,
                        () -> assignedTarget(child(path, compound.getVariable()), out));
                int mark = out.size();
                Expr value = effects.into(out, () -> expressions.readExpression(child(path, compound.getExpression())));
                BinaryOp op = switch (tree.getKind()) {
                    case PLUS_ASSIGNMENT -> BinaryOp.ADD;
                    case MINUS_ASSIGNMENT -> BinaryOp.SUB;
                    case MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
                    case DIVIDE_ASSIGNMENT -> BinaryOp.DIV;
                    case REMAINDER_ASSIGNMENT -> BinaryOp.REM;
                    case AND_ASSIGNMENT -> BinaryOp.BIT_AND;
                    case OR_ASSIGNMENT -> BinaryOp.BIT_OR;
                    case XOR_ASSIGNMENT -> BinaryOp.BIT_XOR;
                    case LEFT_SHIFT_ASSIGNMENT -> BinaryOp.SHL;
                    case RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.SHR;
                    default -> BinaryOp.USHR;
                };
                return target.flatMap(written -> {
                    // the value before the right side's effects, then the element those effects may move
                    Expr current = SideEffectLowering.settled(written.current(at(path)), out, mark);
                    AssignmentTarget t = SideEffectLowering.settled(written, out, mark);
                    Expr combined;
                    if (op.isArithmetic()) {
                        expressions.requireNumeric(child(path, compound.getExpression()), value);
                        combined = new Expr.Binary(op, current, value, at(path));
                    } else {
                        combined = expressions.bitOperation(path, op, current, value);
                    }
                    if (combined == ERROR) {
                        return Optional.empty();
                    }
                    out.add(t.write(convert(combined, t.type()), at(path)));
                    return Optional.of(t);
                });
            }
            default -> {
                UnaryTree unary = (UnaryTree) tree;
                Optional<AssignmentTarget> target = effects.into(out,
                        () -> assignedTarget(child(path, unary.getExpression()), out));
                boolean up = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
                target.ifPresent(t -> {
                    Expr step = new Expr.Binary(up ? BinaryOp.ADD : BinaryOp.SUB, t.current(at(path)),
                            Expr.Literal.ofInt(1), at(path));
                    out.add(t.write(convert(step, t.type()), at(path)));
                });
                return target;
            }
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
    Optional<AssignmentTarget> assignedTarget(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        if (tree instanceof IdentifierTree id) {
            Optional<Variable> local = scope.lookup(id.getName().toString());
            if (local.isPresent() && local.get().type() instanceof Type.Array) {
                diagnostics.error(at(path), Message.ARRAY_REASSIGNED, id.getName());
                return Optional.empty();
            }
            if (local.isPresent() && ValueOnlyTypes.isValueOnly(local.get().type())) {
                diagnostics.error(at(path), Message.VALUE_ONLY_ASSIGNED, id.getName(), local.get().type());
                return Optional.empty();
            }
            if (local.isPresent()) {
                return Optional.of(new AssignmentTarget.Local(local.get()));
            }
            if (symbols.unqualifiedField(id.getName().toString()).isPresent()) {
                diagnostics.error(at(path), Message.ASSIGNMENT_TO_FIELD, id.getName());
            } else {
                diagnostics.error(at(path), Message.UNKNOWN_NAME, id.getName());
            }
        } else if (tree instanceof MemberSelectTree select) {
            diagnostics.error(at(path), Message.ASSIGNMENT_TO_FIELD, select.toString());
        } else if (tree instanceof ArrayAccessTree access) {
            Expr rows = expressions.readExpression(child(path, access.getExpression()));
            int mark = out.size();
            Expr index = expressions.readIndex(child(path, access.getIndex()));
            Expr array = SideEffectLowering.settled(rows, out, mark);
            if (array == ERROR || index == ERROR) {
                return Optional.empty();
            }
            Variable base = StatementWalker.arrayVariable(array);
            if (base != null && base.origin() == Variable.Origin.PARAMETER) {
                diagnostics.error(at(path), Message.PARAMETER_ARRAY_WRITE, RecordReads.asWritten(access, base));
            } else if (((Type.Array) array.type()).element() instanceof Type.Array) {
                diagnostics.error(at(path), Message.ARRAY_REASSIGNED, tree);
            } else {
                if (array instanceof Expr.ArrayRead row) {
                    array = new Expr.ArrayRead(row.array(), indexOnce(row.index(), base, out), row.position());
                }
                return Optional.of(new AssignmentTarget.Element(array, indexOnce(index, base, out)));
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

    /** A returned value: a number, or for a vector-valued method the name of one of its local arrays. */
    /** A returned value; for a record, its components are written into the result array in {@code out} first. */
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
