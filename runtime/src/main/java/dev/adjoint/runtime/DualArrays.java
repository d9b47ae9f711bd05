package dev.adjoint.runtime;

/**
 * Builds the {@code Dual[]} arguments that generated forward mode passes to another method's
 * forward mode, from an array of values and an array of tangents.
 */
public final class DualArrays {

    private DualArrays() {
    }

    public static Dual[] of(double[] values, double[] tangents) {
        Dual[] duals = new Dual[values.length];
        for (int i = 0; i < values.length; i++) {
            duals[i] = new Dual(values[i], tangents[i]);
        }
        return duals;
    }

    /** Row by row; a null row stays null, as the primal has it. */
    public static Dual[][] of(double[][] values, double[][] tangents) {
        Dual[][] duals = new Dual[values.length][];
        for (int i = 0; i < values.length; i++) {
            duals[i] = values[i] == null ? null : of(values[i], tangents[i]);
        }
        return duals;
    }

    /** The values of dual numbers, for a call that takes plain arrays; {@code null} for {@code null}, as the primal passes it. */
    public static double[] values(Dual[] duals) {
        if (duals == null) {
            return null;
        }
        double[] values = new double[duals.length];
        for (int i = 0; i < duals.length; i++) {
            values[i] = duals[i].value();
        }
        return values;
    }

    public static double[][] values(Dual[][] duals) {
        if (duals == null) {
            return null;
        }
        double[][] values = new double[duals.length][];
        for (int i = 0; i < duals.length; i++) {
            values[i] = values(duals[i]);
        }
        return values;
    }

    /** The tangents of dual numbers: what a vector-valued callee's forward mode gives its caller. */
    public static double[] tangents(Dual[] duals) {
        double[] tangents = new double[duals.length];
        for (int i = 0; i < duals.length; i++) {
            tangents[i] = duals[i].tangent();
        }
        return tangents;
    }

    /** Values held fixed: every tangent 0. */
    public static Dual[] constant(double[] values) {
        return of(values, new double[values.length]);
    }

    public static Dual[][] constant(double[][] values) {
        return of(values, AdjointArrays.zerosLike(values));
    }

    /** Seeds for forward mode: {@code values} with the tangent 1 at {@code index} and 0 elsewhere. */
    public static Dual[] variable(double[] values, int index) {
        double[] tangents = new double[values.length];
        tangents[index] = 1.0;
        return of(values, tangents);
    }
}
