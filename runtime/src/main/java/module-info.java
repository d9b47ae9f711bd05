/**
 * Adjoint's runtime, used by generated derivative code: {@link dev.adjoint.runtime.Dual} for forward
 * mode and the primitive stacks that reverse mode keeps inside loops. No dependencies.
 */
module dev.adjoint.runtime {
    exports dev.adjoint.runtime;
}
