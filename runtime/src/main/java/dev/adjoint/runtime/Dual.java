package dev.adjoint.runtime;

/**
 * A dual number: a value and its tangent (directional derivative), the currency of forward mode.
 *
 * <p>Seed the inputs of a generated {@code fForward} method with {@link #variable(double)} for the
 * input to differentiate along and {@link #constant(double)} for the others; the returned
 * {@code Dual} carries the function's value and its derivative along that direction. Any tangents
 * may be given: the result is then the directional derivative along the vector of tangents.
 *
 * @param value the primal value
 * @param tangent the derivative of the value along the chosen direction
 */
public record Dual(double value, double tangent) {

    /** An input to differentiate along: tangent 1. */
    public static Dual variable(double value) {
        return new Dual(value, 1.0);
    }

    /** An input held fixed: tangent 0. */
    public static Dual constant(double value) {
        return new Dual(value, 0.0);
    }
}
