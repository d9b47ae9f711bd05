package dev.adjoint.processor.diagnostics;

import com.sun.source.util.TreePath;

/**
 * Where a piece of IR came from in the user's source: the javac tree path, so that a diagnostic
 * lands on the exact sub-expression and javac prints {@code File.java:LINE} with a caret.
 *
 * <p>Generated IR (temporaries, adjoints) has no position; it uses {@link #NONE}.
 */
public record SourcePosition(TreePath path) {

    public static final SourcePosition NONE = new SourcePosition(null);

    public boolean isKnown() {
        return path != null;
    }
}
