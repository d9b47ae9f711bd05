package dev.adjoint.test;

/**
 * The builder's tolerances for one run: {@code rtol} and {@code atol} against finite differences,
 * {@code modeRtol} between forward and reverse mode, the first finite-difference {@code step}, and the
 * largest fraction of a method's comparisons that may be skipped.
 */
record Tolerances(double rtol, double atol, double modeRtol, double step, double maxSkipped) {
}
