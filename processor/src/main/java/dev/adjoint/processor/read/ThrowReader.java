package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads a {@code throw} statement: an argument guard ({@code if (x < 0) throw new
 * IllegalArgumentException("x < 0: " + x);}) or a method's last word ({@code throw new
 * ConvergenceException();} after a loop that returns). Both modes throw the same exception, with the
 * same message, where the primal does.
 *
 * <p>Accepted: {@code throw new E(arguments)} of an unchecked exception class {@code E} (the generated
 * methods declare no checked exceptions), as the last statement of an {@code if} branch or of the
 * method body, with arguments that are numbers, strings and their concatenations, or static fields
 * (an enum constant naming the message, say). Anything else is an error on its tree.
 */
final class ThrowReader {

    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final ExpressionReader expressions;

    ThrowReader(SymbolResolver symbols, Diagnostics diagnostics, ExpressionReader expressions) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.expressions = expressions;
    }

    Optional<Stmt> read(TreePath path) {
        if (!endsABranchOrTheMethod(path)) {
            return unsupported(path, "a throw here",
                    "a throw may end an if branch (a guard) or the method; restructure the code around it");
        }
        ExpressionTree thrown = ((ThrowTree) path.getLeaf()).getExpression();
        if (!(thrown instanceof NewClassTree created) || created.getClassBody() != null
                || created.getEnclosingExpression() != null) {
            return unsupported(child(path, thrown), "throwing '" + thrown + "'",
                    "throw a new exception where it is thrown: throw new IllegalArgumentException(...)");
        }
        TreePath creation = child(path, created);
        Optional<TypeElement> exception = symbols.findClass(created.getIdentifier().toString());
        if (exception.isEmpty()) {
            diagnostics.error(at(child(creation, created.getIdentifier())), Message.UNKNOWN_NAME,
                    created.getIdentifier());
            return Optional.empty();
        }
        if (!isUnchecked(exception.get())) {
            return unsupported(creation, "throwing the checked exception " + exception.get().getSimpleName(),
                    "throw an unchecked exception (a RuntimeException) instead");
        }
        List<Expr> arguments = new ArrayList<>();
        for (ExpressionTree argument : created.getArguments()) {
            arguments.add(argument(child(creation, argument)));
        }
        if (arguments.contains(ERROR)) {
            return Optional.empty();
        }
        return Optional.of(new Stmt.Throw(symbols.classType(exception.get()), arguments, at(path)));
    }

    /**
     * The last statement of an {@code if} branch (itself or its block) or of the method's body; or of a
     * switch case (itself or its arrow block) in a switch with a label besides {@code default}, since
     * {@link SwitchReader} makes its cases branches of an {@code if} (an old-form case's own block
     * stays a block inside the branch, as a block in an {@code if} branch's block would).
     */
    private static boolean endsABranchOrTheMethod(TreePath path) {
        TreePath parent = path.getParentPath();
        if (parent.getLeaf() instanceof IfTree || endsACase(parent)) {
            return true;
        }
        if (!(parent.getLeaf() instanceof BlockTree block) || block.getStatements().isEmpty()
                || block.getStatements().get(block.getStatements().size() - 1) != path.getLeaf()) {
            return false;
        }
        Tree around = parent.getParentPath().getLeaf();
        return around instanceof IfTree || around instanceof MethodTree
                || (around instanceof CaseTree arrow && arrow.getCaseKind() == CaseTree.CaseKind.RULE
                        && endsACase(parent.getParentPath()));
    }

    /** Whether a throw directly in {@code parent} ends a switch case that is a branch of an {@code if}. */
    private static boolean endsACase(TreePath parent) {
        if (!(parent.getLeaf() instanceof CaseTree)) {
            return false;
        }
        Tree switchTree = parent.getParentPath().getLeaf();
        List<? extends CaseTree> cases = switchTree instanceof SwitchTree statement ? statement.getCases()
                : ((SwitchExpressionTree) switchTree).getCases();
        return SwitchReader.becomesAnIf(cases);
    }

    private static boolean isUnchecked(TypeElement exception) {
        for (TypeElement type = exception; type != null; type = superclass(type)) {
            String name = type.getQualifiedName().toString();
            if (name.equals("java.lang.RuntimeException") || name.equals("java.lang.Error")) {
                return true;
            }
        }
        return false;
    }

    private static TypeElement superclass(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        return superclass.getKind() == TypeKind.DECLARED
                ? (TypeElement) ((DeclaredType) superclass).asElement() : null;
    }

    /** One argument of the exception's constructor: a value, never differentiated. */
    private Expr argument(TreePath path) {
        Tree tree = path.getLeaf();
        if (tree instanceof ParenthesizedTree parenthesized) {
            return argument(child(path, parenthesized.getExpression()));
        }
        if (tree.getKind() == Tree.Kind.STRING_LITERAL) {
            return new Expr.Literal(((LiteralTree) tree).getValue(), Type.STRING, at(path));
        }
        if (tree.getKind() == Tree.Kind.PLUS && isString(tree)) {
            BinaryTree plus = (BinaryTree) tree;
            Expr left = argument(child(path, plus.getLeftOperand()));
            Expr right = argument(child(path, plus.getRightOperand()));
            return left == ERROR || right == ERROR ? ERROR : new Expr.Binary(BinaryOp.ADD, left, right, at(path));
        }
        Optional<VariableElement> field = referenceField(tree);
        if (field.isPresent()) {
            return constant(path, field.get());
        }
        return expressions.readExpression(path);
    }

    /** Whether an argument is a string: a literal, a string field, or a concatenation with one. */
    private boolean isString(Tree tree) {
        while (tree instanceof ParenthesizedTree parenthesized) {
            tree = parenthesized.getExpression();
        }
        if (tree.getKind() == Tree.Kind.STRING_LITERAL) {
            return true;
        }
        if (tree.getKind() == Tree.Kind.PLUS) {
            BinaryTree plus = (BinaryTree) tree;
            return isString(plus.getLeftOperand()) || isString(plus.getRightOperand());
        }
        return referenceField(tree).map(f -> f.asType().toString().equals("java.lang.String")).orElse(false);
    }

    /** The static field of a class type (a String, an enum constant naming the message) a tree names. */
    private Optional<VariableElement> referenceField(Tree tree) {
        Optional<VariableElement> field = Optional.empty();
        if (tree instanceof MemberSelectTree select) {
            field = symbols.findClass(select.getExpression().toString())
                    .flatMap(owner -> symbols.staticField(owner, select.getIdentifier().toString()));
        } else if (tree instanceof IdentifierTree identifier) {
            field = symbols.unqualifiedField(identifier.getName().toString());
        }
        return field.filter(f -> f.asType().getKind() == TypeKind.DECLARED);
    }

    /** A reference-typed static field: a string constant is its value (private ones too), else the field. */
    private Expr constant(TreePath path, VariableElement field) {
        TypeElement type = (TypeElement) ((DeclaredType) field.asType()).asElement();
        if (field.getConstantValue() instanceof String text) {
            return new Expr.Literal(text, Type.STRING, at(path));
        }
        if (field.getModifiers().contains(Modifier.PRIVATE)) {
            diagnostics.error(at(path), Message.INACCESSIBLE_FIELD, field.getSimpleName());
            return ERROR;
        }
        TypeElement owner = (TypeElement) field.getEnclosingElement();
        Type fieldType = type.getQualifiedName().contentEquals("java.lang.String") ? Type.STRING : symbols.classType(type);
        return new Expr.StaticField(symbols.classType(owner), field.getSimpleName().toString(), fieldType, at(path));
    }

    private Optional<Stmt> unsupported(TreePath path, String construct, String advice) {
        diagnostics.error(at(path), Message.UNSUPPORTED_STATEMENT, construct, advice);
        return Optional.empty();
    }
}
