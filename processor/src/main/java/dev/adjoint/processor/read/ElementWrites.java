package dev.adjoint.processor.read;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import java.util.Optional;

/**
 * Whether an array element ({@code a[i]}, found in an unattributed body) is written where it stands:
 * the target of an assignment or compound assignment, or the operand of {@code ++} or {@code --}, also
 * through parentheses ({@code (a[i]) = 1} is Java too). The proofs that an array is only read (a copied
 * private table, an argument check given the caller's arrays) ask it the same way.
 */
final class ElementWrites {

    private ElementWrites() {
    }

    /** The assignment or increment that writes the element at {@code element}, or empty when it is only read. */
    static Optional<Tree> writeOf(TreePath element) {
        TreePath at = element;
        while (at.getParentPath().getLeaf() instanceof ParenthesizedTree) {
            at = at.getParentPath();
        }
        Tree parent = at.getParentPath().getLeaf();
        Tree self = at.getLeaf();
        boolean written = parent instanceof AssignmentTree assignment && assignment.getVariable() == self
                || parent instanceof CompoundAssignmentTree compound && compound.getVariable() == self
                || parent instanceof UnaryTree unary && unary.getExpression() == self && switch (parent.getKind()) {
                    case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
                    default -> false;
                };
        return written ? Optional.of(parent) : Optional.empty();
    }
}
