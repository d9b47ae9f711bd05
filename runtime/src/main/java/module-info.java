/**
 * Adjoint's runtime, used by generated derivative code: {@link dev.adjoint.runtime.Dual} for forward
 * mode, the primitive stacks that reverse mode keeps inside loops, and the object stack on which a
 * long method printed in parts passes objects from part to part. No dependencies.
 */
module dev.adjoint.runtime {
    exports dev.adjoint.runtime;
}
