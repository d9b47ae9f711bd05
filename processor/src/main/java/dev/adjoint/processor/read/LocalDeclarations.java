package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.BodyReader.convert;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;
import static dev.adjoint.processor.read.ExpressionReader.declaredType;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;

/**
 * Reads the declarations of locals for {@link BodyReader}: a value, an array created, initialized,
 * returned by a call or left null, a switch expression's value, and where each may stand (in a loop,
 * in a loop's condition or update).
 */
final class LocalDeclarations {

    private final BodyReader body;
    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final Scope scope;
    private final ExpressionReader expressions;
    private final SideEffectLowering effects;
    private final ArrayInitializers arrays;
    private final AssignmentReader assignments;

    LocalDeclarations(BodyReader body, SymbolResolver symbols, Diagnostics diagnostics, Scope scope,
                      ExpressionReader expressions, SideEffectLowering effects, ArrayInitializers arrays,
                      AssignmentReader assignments) {
        this.body = body;
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.scope = scope;
        this.expressions = expressions;
        this.effects = effects;
        this.arrays = arrays;
        this.assignments = assignments;
    }

    void read(TreePath path, VariableTree tree, List<Stmt> out) {
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
        if (init instanceof Expr.Call call && call.target().resultRecord() != null) {
            readRecordCall(path, tree, call, out);
            return;
        }
        if (init == ExpressionReader.ERROR && typeTree != null && namesRecord(typeTree)) {
            scope.declareRefused(name); // a local record whose initializer has its error: its uses report nothing more
            return;
        }
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
        if (ValueOnlyTypes.isValueOnly(type.get()) && (body.isInLoop() || init == null)) {
            diagnostics.error(at(path), Message.VALUE_ONLY_LOCAL, name, type.get());
        }
        if (type.get() instanceof Type.Array) {
            boolean vectorCall = init instanceof Expr.Call call && call.type() instanceof Type.Array;
            // An initializer with an error has had it reported: no second one on the declaration.
            if (vectorCall) {
                if (body.isInLoop()) {
                    diagnostics.error(at(path), Message.VECTOR_CALL_IN_LOOP, name);
                }
            } else if (!(init instanceof Expr.NewArray) && init != ExpressionReader.ERROR) {
                diagnostics.error(at(path), Message.LOCAL_ARRAY_INITIALIZER, name, type.get().scalar());
            } else if (init instanceof Expr.NewArray) {
                checkPlacement(path, variable);
                boolean rowsLeftNull = ((Type.Array) type.get()).element() instanceof Type.Array
                        && ((Expr.NewArray) init).dimensions().size() < 2;
                if (body.isInLoop() && rowsLeftNull) {
                    diagnostics.error(at(path), Message.LOCAL_MATRIX_IN_LOOP, name);
                }
            }
        }
        out.add(new Stmt.Declare(variable, init == null ? null : convert(init, type.get()), at(path)));
    }

    /**
     * {@code Point p = polar(r, t);}, a local record given by a {@code @Differentiable} method: see
     * {@link RecordResultLocals}. Like a local array a vector call gives, outside loops only.
     */
    private void readRecordCall(TreePath path, VariableTree tree, Expr.Call call, List<Stmt> out) {
        String name = tree.getName().toString();
        Tree typeTree = tree.getType();
        String record = call.target().resultRecord().type().qualifiedName();
        boolean declaredAsRecord = typeTree == null || typeTree instanceof IdentifierTree id && id.getName().contentEquals("var")
                || symbols.findClass(typeTree.toString()).filter(c -> c.getQualifiedName().contentEquals(record)).isPresent();
        if (!declaredAsRecord) {
            diagnostics.error(at(child(path, typeTree)), Message.UNSUPPORTED_TYPE, typeTree);
            scope.declareRefused(name); // its uses report nothing more
            return;
        }
        if (body.isInLoop()) {
            diagnostics.error(at(path), Message.RECORD_CALL_IN_LOOP, name, call.target().name());
        }
        RecordResultLocals.declare(path, name, call, scope, out);
    }

    /** Whether {@code typeTree} names a record class. */
    private boolean namesRecord(Tree typeTree) {
        return (typeTree instanceof IdentifierTree || typeTree instanceof MemberSelectTree)
                && symbols.findClass(typeTree.toString()).filter(c -> c.getKind() == ElementKind.RECORD).isPresent();
    }

    /**
     * Reports a local array created in a loop's condition or update (run again where the condition is).
     * One may be created in a loop's body, a fresh one each iteration (see reverse/LoopArrays).
     */
    private void checkPlacement(TreePath path, Variable array) {
        if (body.isInLoopHeader()) {
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
            assignments.readSwitchInto(variable, value, out);
        }
        scope.declare(variable);
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
}
