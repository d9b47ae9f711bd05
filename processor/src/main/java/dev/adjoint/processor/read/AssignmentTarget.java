package dev.adjoint.processor.read;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.List;

/** What an assignment writes: a local or parameter, or an element of a local array. */
sealed interface AssignmentTarget permits AssignmentTarget.Local, AssignmentTarget.Element {

    /** The target's value before the write, for a compound assignment or an increment. */
    Expr current(SourcePosition position);

    Type type();

    Stmt write(Expr value, SourcePosition position);

    /** A local or parameter. */
    record Local(Variable variable) implements AssignmentTarget {
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

    /** {@code array[index]}, where {@code array} is a local array or one of its rows. */
    record Element(Expr array, Expr index) implements AssignmentTarget {
        public Expr current(SourcePosition position) {
            return new Expr.ArrayRead(array, index, position);
        }

        public Type type() {
            return ((Type.Array) array.type()).element();
        }

        public Stmt write(Expr value, SourcePosition position) {
            return new Stmt.ArrayWrite(array, index, value, position);
        }

        /** The same element, with each index that is not a constant evaluated now, into a local of {@code out}. */
        Element evaluatedOnce(List<Stmt> out) {
            Expr rows = array instanceof Expr.ArrayRead row
                    ? new Expr.ArrayRead(row.array(), once(row.index(), out), row.position()) : array;
            return new Element(rows, once(index, out));
        }

        private static Expr once(Expr index, List<Stmt> out) {
            if (index instanceof Expr.Literal) {
                return index;
            }
            Variable once = Variable.generated("index", index.type());
            out.add(new Stmt.Declare(once, index, index.position()));
            return new Expr.Ref(once, index.position());
        }
    }
}
