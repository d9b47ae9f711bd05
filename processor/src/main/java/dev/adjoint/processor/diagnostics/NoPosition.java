package dev.adjoint.processor.diagnostics;

/**
 * {@link SourcePosition#NONE}: no place in the user's source. A record without components, so that it
 * equals only itself and hashes to 0, as positions without a tree always have.
 */
record NoPosition() implements SourcePosition {
}
