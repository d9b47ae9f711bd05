package dev.adjoint.processor.diagnostics;

/**
 * Where a piece of IR came from in the user's source, so that a diagnostic lands on the exact
 * sub-expression and javac prints {@code File.java:LINE} with a caret. Opaque to the IR, which only
 * carries positions: the read stage makes them from javac's trees ({@link TreePosition#of}), and only
 * {@link Diagnostics} resolves one to a file and line.
 *
 * <p>Generated IR (temporaries, adjoints) has no position; it uses {@link #NONE}.
 */
public sealed interface SourcePosition permits TreePosition, NoPosition {

    SourcePosition NONE = new NoPosition();
}
