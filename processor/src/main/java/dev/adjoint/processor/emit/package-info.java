/**
 * The emit stage: generated methods to Java source, with JavaPoet.
 *
 * <p>Takes the {@code GradClassWriter.Derivatives} of a class's methods: their forward and reverse
 * {@code ir.MethodDef}s and records, and any second-order part. Gives the class's {@code *Grad}
 * source file, with the Jacobian and Hessian methods written from those. The two things printing does
 * to a method's IR: a method whose loops record on the thread's tapes takes its records back when it
 * fails ({@code TakeBackOnFailure}), and a method longer than the JIT compiles is printed in parts
 * ({@code SplitLongMethods}), its statements too long for one part opened first
 * ({@code UnnestLongStatements}) and its loops too long for one part run with their bodies in parts of
 * their own ({@code OutlineLongLoops}), all parts keeping their values in one frame ({@code FrameSpace}).
 */
package dev.adjoint.processor.emit;
