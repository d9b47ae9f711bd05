package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A local array given a new array by a statement ({@code v = new double[n];}): read for the
 * {@link BodyReader}, which knows where the statement stands (in a loop's header, in enhanced for loops).
 */
final class ArrayRecreations {

    private final Scope scope;
    private final Diagnostics diagnostics;
    private final ExpressionReader expressions;
    private final SideEffectLowering effects;
    private final ArrayInitializers arrays;

    ArrayRecreations(Scope scope, Diagnostics diagnostics, ExpressionReader expressions, SideEffectLowering effects,
            ArrayInitializers arrays) {
        this.scope = scope;
        this.diagnostics = diagnostics;
        this.expressions = expressions;
        this.effects = effects;
        this.arrays = arrays;
    }

    /**
     * {@code v = new double[n];} or {@code v = new double[] {a, b};} as a statement, where {@code v} is a
     * local array (a matrix too, {@code m = new double[n][k];}): a fresh array in {@code v}, as its declaration run again makes one
     * (see reverse/LoopArrays), elements read before it exists as Java reads them. Refused where a second
     * name for {@code v} is in scope (it names the array, not the variable) or an enhanced for loop
     * iterates over {@code v} (it reads {@code v} each iteration). Returns false, reading nothing, for any
     * other assignment.
     *
     * @param inLoopHeader whether the statement is a loop's update
     * @param iterated the arrays of the enhanced for loops around the statement
     */
    boolean read(TreePath path, List<Stmt> out, boolean inLoopHeader, Collection<Expr> iterated) {
        AssignmentTree assignment = (AssignmentTree) path.getLeaf();
        if (!(assignment.getVariable() instanceof IdentifierTree id)
                || !(assignment.getExpression() instanceof NewArrayTree created)) {
            return false;
        }
        Variable v = scope.lookup(id.getName().toString()).orElse(null);
        if (v == null || v.origin() != Variable.Origin.LOCAL || !(v.type() instanceof Type.Array type)
                || scope.aliased(v).isPresent()) {
            return false;
        }
        Optional<Variable> alias = scope.aliasOf(v);
        if (alias.isPresent()) {
            diagnostics.error(at(path), Message.ARRAY_REASSIGNED_ALIASED, v.name(), alias.get().name());
            return true;
        }
        if (iterated.stream().anyMatch(array -> StatementWalker.reads(array, v))) {
            diagnostics.error(at(path), Message.ARRAY_REASSIGNED_ITERATED, v.name());
            return true;
        }
        if (inLoopHeader) {
            diagnostics.error(at(path), Message.LOCAL_ARRAY_PLACEMENT, v.name());
            return true;
        }
        TreePath value = child(path, created);
        if (created.getInitializers() == null) {
            Expr init = effects.into(out, () -> expressions.readExpression(value));
            if (init instanceof Expr.NewArray made && type.element() instanceof Type.Array && made.dimensions().size() < 2) {
                // rows left null: the adjoint sweep could not rebuild the matrix it replaces
                diagnostics.error(at(path), Message.LOCAL_MATRIX_IN_LOOP, v.name());
            } else if (init != ERROR) {
                out.add(new Stmt.Assign(v, init, at(path)));
            }
            return true;
        }
        // Read as a declaration of a stand-in, then given to v. Java reads the elements before v changes:
        // an element that reads v is evaluated into a local first.
        Variable standIn = new Variable(v.name(), v.type(), Variable.Origin.LOCAL);
        List<Stmt> declared = effects.refusing("an array initializer", () -> arrays.declare(standIn, value));
        List<Stmt> writes = new ArrayList<>();
        for (Stmt s : declared) {
            if (s instanceof Stmt.Declare d) {
                writes.add(new Stmt.Assign(v, d.init(), at(path)));
            } else if (s instanceof Stmt.ArrayWrite w) {
                Expr element = w.value();
                if (StatementWalker.reads(element, v)) {
                    Variable early = new Variable(v.name() + "Element", element.type(), Variable.Origin.GENERATED);
                    out.add(new Stmt.Declare(early, element, element.position()));
                    element = new Expr.Ref(early, element.position());
                }
                // the stand-in's element, or its row's for a matrix (standIn[i][j]), now v's
                Expr array = w.array() instanceof Expr.ArrayRead row
                        ? new Expr.ArrayRead(new Expr.Ref(v, row.position()), row.index(), row.position())
                        : new Expr.Ref(v, w.array().position());
                writes.add(new Stmt.ArrayWrite(array, w.index(), element, w.position()));
            }
        }
        out.addAll(writes);
        return true;
    }
}
