/**
 * The intermediate representation every stage after reading works on: sealed {@code Stmt} and
 * {@code Expr} records (each with a {@code Visitor}), types, variables, a method as read
 * ({@code Function}) and a method as generated ({@code MethodDef}), the Math functions with their
 * partial derivatives ({@code MathFunction}), and the builders and walks the transforms share. Free
 * of javac: positions are opaque {@code diagnostics.SourcePosition}s.
 */
package dev.adjoint.processor.ir;
