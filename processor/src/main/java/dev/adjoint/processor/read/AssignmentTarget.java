package dev.adjoint.processor.read;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;

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
    }
}
