package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Optional;

/**
 * Whether a private static final array stays as its initializer made it, so that a copy made from the
 * same initializer holds the same elements: every use of its name in the whole file must read an
 * element ({@code T[i]}) or the length ({@code T.length}), or loop over it. A write of an element, and
 * anything that lets the array escape (passing it to a method, assigning it to a variable, returning or
 * storing it) where it may be written, is found here. Method bodies are not attributed while processors
 * run, so uses are found by name: a local of the same name counts too, which may refuse a safe field but
 * never accepts an unsafe one.
 */
final class PrivateFieldUses {

    private PrivateFieldUses() {
    }

    /** Why a copy of the array {@code name} declared in {@code unit} could differ from it, or empty when it cannot. */
    static Optional<String> firstUnsafeUse(Trees trees, CompilationUnitTree unit, String name) {
        return scan(trees, unit, name, true);
    }

    /** Where the field {@code name} is assigned (a final field without initializer, in a static block), if anywhere. */
    static Optional<String> firstAssignment(Trees trees, CompilationUnitTree unit, String name) {
        return scan(trees, unit, name, false);
    }

    private static Optional<String> scan(Trees trees, CompilationUnitTree unit, String name, boolean array) {
        String[] found = {null};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void unused) {
                if (found[0] == null && node.getName().contentEquals(name)) {
                    found[0] = array ? unsafe(trees, getCurrentPath()) : assignment(trees, getCurrentPath());
                }
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void unused) {
                if (found[0] == null && node.getIdentifier().contentEquals(name)) {
                    found[0] = array ? unsafe(trees, getCurrentPath()) : assignment(trees, getCurrentPath());
                }
                return super.visitMemberSelect(node, unused);
            }
        }.scan(unit, null);
        return Optional.ofNullable(found[0]);
    }

    /** What is unsafe about the use of the array at {@code use}, or null when it only reads it. */
    private static String unsafe(Trees trees, TreePath use) {
        Tree array = use.getLeaf();
        TreePath parentPath = use.getParentPath();
        Tree parent = parentPath.getLeaf();
        if (parent instanceof MemberSelectTree select && select.getExpression() == array
                && select.getIdentifier().contentEquals("length")) {
            return null;
        }
        if (parent instanceof EnhancedForLoopTree loop && loop.getExpression() == array) {
            return null;
        }
        if (parent instanceof ArrayAccessTree access && access.getExpression() == array) {
            return ElementWrites.writeOf(parentPath)
                    .map(write -> "its elements are written at line " + line(trees, parentPath) + " (" + write + ")")
                    .orElse(null);
        }
        if (parent instanceof AssignmentTree assignment && assignment.getVariable() == array) {
            return "it is assigned at line " + line(trees, parentPath);
        }
        return "the array escapes at line " + line(trees, parentPath) + " (" + parent
                + "), where whatever receives it may write its elements";
    }

    private static String assignment(Trees trees, TreePath use) {
        TreePath parentPath = use.getParentPath();
        return parentPath.getLeaf() instanceof AssignmentTree assignment && assignment.getVariable() == use.getLeaf()
                ? "it is assigned at line " + line(trees, parentPath) : null;
    }

    static long line(Trees trees, TreePath path) {
        CompilationUnitTree unit = path.getCompilationUnit();
        long start = trees.getSourcePositions().getStartPosition(unit, path.getLeaf());
        return start < 0 || unit.getLineMap() == null ? 0 : unit.getLineMap().getLineNumber(start);
    }
}
