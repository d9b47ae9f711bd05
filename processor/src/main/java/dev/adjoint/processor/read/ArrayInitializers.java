package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * A local array declared with an initializer, {@code double[] c = {1, x, 2 * y};} (also
 * {@code new double[] {..}} and a rectangular {@code double[][] m = {{a, b}, {c, d}};}), read as what
 * it does: a zeroed array of that size, then each element written in order. The elements are read
 * first, left to right, as Java evaluates them before the array exists; the transforms then see an
 * ordinary local array.
 */
final class ArrayInitializers {

    private final ExpressionReader expressions;
    private final Diagnostics diagnostics;

    ArrayInitializers(ExpressionReader expressions, Diagnostics diagnostics) {
        this.expressions = expressions;
        this.diagnostics = diagnostics;
    }

    /** Whether {@code tree} is an array initializer ({@code {..}} or {@code new double[] {..}}). */
    static boolean isInitializer(Tree tree) {
        return tree instanceof NewArrayTree created && created.getInitializers() != null;
    }

    /**
     * The statements declaring {@code variable} (a {@code double[][]} or an array of one dimension) from
     * the initializer at {@code path}; empty, with an error reported, for one that cannot be read so.
     */
    List<Stmt> declare(Variable variable, TreePath path) {
        NewArrayTree initializer = (NewArrayTree) path.getLeaf();
        List<List<Expr>> rows = new ArrayList<>();
        boolean matrix = variable.type().equals(Type.DOUBLE_MATRIX);
        Type elementType = ((Type.Array) variable.type()).element();
        if (!matrix && (elementType instanceof Type.Array || TypeMapping.arrayOf(elementType).isEmpty())) {
            diagnostics.error(at(path), Message.UNSUPPORTED_TYPE, variable.type());
            return List.of();
        }
        if (matrix) {
            for (ExpressionTree row : initializer.getInitializers()) {
                if (!isInitializer(row)) {
                    return refuse(child(path, row), "a row that is not written out, such as another array",
                            "write each row's elements: double[][] m = {{a, b}, {c, d}}");
                }
                rows.add(elements(child(path, row), Type.DOUBLE));
            }
            int columns = rows.isEmpty() ? 0 : rows.get(0).size();
            if (rows.stream().anyMatch(r -> r.size() != columns)) {
                return refuse(path, "rows of different lengths", "Adjoint's matrices are rectangular");
            }
        } else {
            rows.add(elements(path, elementType));
        }
        if (rows.stream().anyMatch(r -> r.contains(ERROR))) {
            return List.of();
        }
        SourcePosition position = at(path);
        List<Expr> dimensions = matrix
                ? List.of(Expr.Literal.ofInt(rows.size()), Expr.Literal.ofInt(rows.isEmpty() ? 0 : rows.get(0).size()))
                : List.of(Expr.Literal.ofInt(rows.get(0).size()));
        List<Stmt> statements = new ArrayList<>();
        statements.add(new Stmt.Declare(variable, new Expr.NewArray((Type.Array) variable.type(), dimensions, position),
                position));
        Expr array = new Expr.Ref(variable, position);
        for (int i = 0; i < rows.size(); i++) {
            Expr row = matrix ? new Expr.ArrayRead(array, Expr.Literal.ofInt(i), position) : array;
            List<Expr> elements = rows.get(i);
            for (int j = 0; j < elements.size(); j++) {
                Expr element = elements.get(j);
                statements.add(new Stmt.ArrayWrite(row, Expr.Literal.ofInt(j), element, element.position()));
            }
        }
        return statements;
    }

    /**
     * The elements of a one-dimensional initializer, read in order; each must be a number for an
     * array of doubles, a value of the element type (or one that widens to it) for the others.
     */
    private List<Expr> elements(TreePath path, Type type) {
        List<Expr> elements = new ArrayList<>();
        for (ExpressionTree element : ((NewArrayTree) path.getLeaf()).getInitializers()) {
            TreePath elementPath = child(path, element);
            if (isInitializer(element)) {
                elements.add(expressions.error(elementPath, Message.UNSUPPORTED_EXPRESSION,
                        "an array initializer nested this deep", "Adjoint's arrays have one or two dimensions"));
                continue;
            }
            Expr value = expressions.readExpression(elementPath);
            if (value != ERROR && !(type == Type.DOUBLE ? value.type().isNumeric() : TypeMapping.assignable(value.type(), type))) {
                value = expressions.error(elementPath, Message.UNSUPPORTED_EXPRESSION,
                        "an element of type " + value.type(), type == Type.DOUBLE ? "an array of doubles holds numbers"
                                : "an array of " + type + "s holds " + type + " values");
            }
            elements.add(value);
        }
        return elements;
    }

    private List<Stmt> refuse(TreePath path, String construct, String advice) {
        diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, construct, advice);
        return List.of();
    }
}
