/**
 * Adjoint's annotations: {@link dev.adjoint.Differentiable} marks the methods whose derivatives the
 * annotation processor generates.
 *
 * <p>The generated {@code *Grad} classes carry {@code @javax.annotation.processing.Generated}, which
 * lives in {@code java.compiler}. That annotation is source-retained, so the dependence is compile-time
 * only ({@code static}) and passed on to every module that reads this one ({@code transitive}): a
 * consumer's {@code requires dev.adjoint;} is enough to compile the generated code, and nothing extra
 * is needed at run time.
 */
module dev.adjoint {
    requires static transitive java.compiler;

    exports dev.adjoint;
}
