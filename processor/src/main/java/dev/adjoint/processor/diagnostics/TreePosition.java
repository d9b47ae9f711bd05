package dev.adjoint.processor.diagnostics;

import com.sun.source.util.TreePath;

/**
 * A position in javac's trees, the one kind of {@link SourcePosition} that has a place: what the read
 * stage marks its IR with. Two positions are equal when they are the same tree path.
 */
public final class TreePosition implements SourcePosition {

    private final TreePath path;

    private TreePosition(TreePath path) {
        this.path = path;
    }

    /** The position of {@code path}'s leaf, or {@link SourcePosition#NONE} when there is no path. */
    public static SourcePosition of(TreePath path) {
        return path == null ? SourcePosition.NONE : new TreePosition(path);
    }

    /** For {@link Diagnostics} only: where to report. */
    TreePath path() {
        return path;
    }

    /** The 1-based line of the leaf in its file, or 0 when unknown. */
    long line(com.sun.source.util.Trees trees) {
        var unit = path.getCompilationUnit();
        long start = trees.getSourcePositions().getStartPosition(unit, path.getLeaf());
        return start < 0 || unit.getLineMap() == null ? 0 : unit.getLineMap().getLineNumber(start);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreePosition position && position.path == path;
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "TreePosition[" + path.getLeaf() + "]";
    }
}
