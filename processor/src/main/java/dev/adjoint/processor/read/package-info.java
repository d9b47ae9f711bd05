/**
 * The read stage: javac's trees to the IR. The one place that decides which Java is accepted, and
 * the only stage that sees javac's trees.
 *
 * <p>Takes an annotated method's element and source trees, and the round's {@code @DerivativeOf}
 * rules (checked here too). Gives the method as an {@code ir.Function} with every name and call
 * resolved, or its errors, each on its own tree.
 */
package dev.adjoint.processor.read;
