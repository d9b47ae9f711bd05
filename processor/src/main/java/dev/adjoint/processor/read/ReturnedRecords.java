package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * The returns of a method returning a record of doubles ({@code return new Point(r * cos(t), r * sin(t));}),
 * read as a vector-valued method's: the method declares one local {@code double[]} of the record's
 * leaves at its top, each return writes the constructor's arguments into it, in order, and returns
 * it. The transforms see an ordinary vector-valued method; only its entry points know the record.
 *
 * <p>Only {@code new R(...)} with every argument written out is read so (nested records built in
 * place: {@code new Segment(new Point(a, b), new Point(c, d))}): there the arguments are exactly the
 * leaves. Anything else (a local record, a call, a conditional choosing between records) is refused on
 * its line.
 */
final class ReturnedRecords {

    private final RecordShape shape;
    private final SymbolResolver symbols;
    private final ExpressionReader expressions;
    private final SideEffectLowering effects;
    private final Diagnostics diagnostics;
    /** The local the returns write: one per call, declared before the body, so also returns inside loops. */
    private final Variable result;

    ReturnedRecords(RecordShape shape, SymbolResolver symbols, ExpressionReader expressions, SideEffectLowering effects,
            Diagnostics diagnostics) {
        this.shape = shape;
        this.symbols = symbols;
        this.expressions = expressions;
        this.effects = effects;
        this.diagnostics = diagnostics;
        this.result = new Variable("result", Type.DOUBLE_ARRAY, Variable.Origin.LOCAL);
    }

    /**
     * The shape of the record {@code method} returns, or null with the errors reported at {@code position}:
     * a plain record of this compilation ({@link RecordShapes}) whose leaves are all doubles, at least one.
     */
    static RecordShape shapeOf(RecordShapes shapes, TypeElement record, String method, SourcePosition position,
            Diagnostics diagnostics) {
        Optional<RecordShape> shape = shapes.shapeOf(record, "", position, diagnostics);
        if (shape.isEmpty()) {
            return null;
        }
        if (shape.get().leaves().isEmpty()) {
            diagnostics.error(position, Message.RECORD_RESULT_EMPTY, method, record.getSimpleName());
            return null;
        }
        return checkDoubles(shape.get(), method, position, diagnostics) ? shape.get() : null;
    }

    private static boolean checkDoubles(RecordShape record, String method, SourcePosition position,
            Diagnostics diagnostics) {
        boolean doubles = true;
        for (RecordShape.Component c : record.components()) {
            if (c.nested() != null) {
                doubles &= checkDoubles(c.nested(), method, position, diagnostics);
            } else if (!c.leaf().type().isDouble()) {
                diagnostics.error(position, Message.RECORD_RESULT_COMPONENT, method, record.type().simpleName(), c.name(),
                        c.leaf().type());
                doubles = false;
            }
        }
        return doubles;
    }

    /** {@code double[] result = new double[leaves];}, the first statement of the body. */
    Stmt declaration() {
        return new Stmt.Declare(result, new Expr.NewArray(Type.DOUBLE_ARRAY,
                List.of(Expr.Literal.ofInt(shape.leaves().size())), SourcePosition.NONE), SourcePosition.NONE);
    }

    /**
     * A returned value at {@code path}: its arguments read in Java's order, the writes of them into the
     * result array appended to {@code out}; the reference to the array, or {@link ExpressionReader#ERROR}.
     */
    Expr read(TreePath path, List<Stmt> out) {
        List<TreePath> leaves = new ArrayList<>();
        if (!collectLeaves(path, shape, leaves)) {
            return expressions.error(path, Message.RECORD_RESULT_FORM, shape.type().simpleName(), path.getLeaf());
        }
        List<Expr> values = effects.inOrder(leaves, expressions::readNumeric);
        if (values.contains(ERROR)) {
            return ERROR;
        }
        SourcePosition position = at(path);
        for (int i = 0; i < values.size(); i++) {
            Expr value = values.get(i);
            out.add(new Stmt.ArrayWrite(new Expr.Ref(result, position), Expr.Literal.ofInt(i), value, value.position()));
        }
        return new Expr.Ref(result, position);
    }

    /** The arguments of {@code new R(...)} at {@code path} that are leaves of {@code record}, in order; false for another form. */
    private boolean collectLeaves(TreePath path, RecordShape record, List<TreePath> leaves) {
        Tree tree = path.getLeaf();
        if (tree instanceof ParenthesizedTree parenthesized) {
            return collectLeaves(child(path, parenthesized.getExpression()), record, leaves);
        }
        if (!(tree instanceof NewClassTree created) || created.getClassBody() != null
                || created.getEnclosingExpression() != null || !created.getTypeArguments().isEmpty()
                || !names(created, record) || created.getArguments().size() != record.components().size()) {
            return false;
        }
        for (int i = 0; i < record.components().size(); i++) {
            RecordShape.Component component = record.components().get(i);
            ExpressionTree argument = created.getArguments().get(i);
            if (component.leaf() != null) {
                leaves.add(child(path, argument));
            } else if (!collectLeaves(child(path, argument), component.nested(), leaves)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code new X(...)} creates the record {@code record}: X resolves to its class. */
    private boolean names(NewClassTree created, RecordShape record) {
        Optional<String> named = symbols.findClass(created.getIdentifier().toString())
                .map(type -> type.getQualifiedName().toString());
        return named.isPresent() && named.get().equals(record.type().qualifiedName());
    }
}
