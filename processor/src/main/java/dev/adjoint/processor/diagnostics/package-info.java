/**
 * Every error the processor reports: the {@code Message} texts, the positions IR carries
 * ({@code SourcePosition}, opaque outside this package), and {@code Diagnostics}, which collects a
 * method's errors and prints each through javac on its tree.
 */
package dev.adjoint.processor.diagnostics;
