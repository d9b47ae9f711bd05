package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Reads static fields for {@link ExpressionReader}, {@code C.f} or an unqualified {@code f}, and an
 * array's {@code length}.
 */
final class FieldReader {

    private final ExpressionReader expressions;
    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final Scope scope;
    private final RecordReads records;

    FieldReader(ExpressionReader expressions, SymbolResolver symbols, Diagnostics diagnostics, Scope scope,
                RecordReads records) {
        this.expressions = expressions;
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.scope = scope;
        this.records = records;
    }

    Expr readStaticField(TreePath path, MemberSelectTree tree) {
        if (tree.getIdentifier().contentEquals("length") && isArrayExpression(tree.getExpression())) {
            Expr array = expressions.readExpression(child(path, tree.getExpression()));
            return array == ERROR ? ERROR : new Expr.ArrayLength(array, at(path));
        }
        String qualifier = tree.getExpression().toString();
        if (scope.refused(qualifier)) {
            return ERROR; // xs.length of a parameter whose type is the error, reported on the parameter
        }
        Optional<TypeElement> owner = scope.lookup(qualifier).isPresent() ? Optional.empty() : symbols.findClass(qualifier);
        if (owner.isEmpty()) {
            return expressions.error(path, Message.UNKNOWN_NAME, tree.toString());
        }
        Optional<VariableElement> field = symbols.staticField(owner.get(), tree.getIdentifier().toString());
        if (field.isEmpty()) {
            return expressions.error(path, Message.UNKNOWN_NAME, tree.toString());
        }
        return staticField(path, field.get());
    }

    /**
     * A static field read. A private compile-time constant becomes its value, since the generated
     * class cannot name it; another private final field is read from the generated class's copy of
     * it ({@link PrivateMembers}); a private field that is not final cannot be read from there.
     */
    Expr staticField(TreePath path, VariableElement field) {
        Optional<Type> type = TypeMapping.ofValue(field.asType())
                .or(() -> ValueOnlyTypes.of(field.asType(), symbols.elements(), symbols.rules()));
        if (type.isEmpty()) {
            return expressions.error(path, Message.UNSUPPORTED_TYPE, field.asType());
        }
        if (field.getModifiers().contains(Modifier.PRIVATE)) {
            Object constant = field.getConstantValue();
            if (constant != null) {
                return new Expr.Literal(constant, type.get(), at(path));
            }
            if (!field.getModifiers().contains(Modifier.FINAL)) {
                return expressions.error(path, Message.INACCESSIBLE_FIELD, field.getSimpleName());
            }
            return symbols.privateMembers().fieldRead(field, type.get(), path, diagnostics);
        }
        TypeElement owner = (TypeElement) field.getEnclosingElement();
        return new Expr.StaticField(symbols.classType(owner), field.getSimpleName().toString(), type.get(), at(path));
    }

    /** Whether {@code tree} names an array local, parameter or static field, or indexes one. */
    private boolean isArrayExpression(Tree tree) {
        if (records.isArray(tree)) {
            return true;
        }
        if (tree instanceof IdentifierTree id) {
            String name = id.getName().toString();
            Optional<Variable> local = scope.lookup(name);
            return local.isPresent() ? local.get().type() instanceof Type.Array
                    : symbols.unqualifiedField(name).map(FieldReader::isArrayField).orElse(false);
        }
        if (tree instanceof MemberSelectTree select && scope.lookup(select.getExpression().toString()).isEmpty()) {
            return symbols.findClass(select.getExpression().toString())
                    .flatMap(owner -> symbols.staticField(owner, select.getIdentifier().toString()))
                    .map(FieldReader::isArrayField).orElse(false);
        }
        if (tree instanceof ArrayAccessTree access) {
            return isArrayExpression(access.getExpression());
        }
        if (tree instanceof ParenthesizedTree parenthesized) {
            return isArrayExpression(parenthesized.getExpression());
        }
        return false;
    }

    private static boolean isArrayField(VariableElement field) {
        return field.asType().getKind() == TypeKind.ARRAY;
    }
}
