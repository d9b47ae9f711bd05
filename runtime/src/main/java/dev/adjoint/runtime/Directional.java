package dev.adjoint.runtime;

/**
 * What generated forward mode does when its own sweep meets a value that is not finite: it returns the
 * directional derivative from reverse mode's partials instead, so that both modes give one answer.
 *
 * <p>Why: a forward sweep carries the tangent of every input at once. An input held fixed has tangent
 * 0, and where a partial on its path is infinite the sweep multiplies {@code 0 * Infinity = NaN} into
 * the result, although that input contributes nothing: at {@code mu = +Infinity} a Gaussian
 * log-likelihood's forward sweep along {@code mu} gives NaN where reverse mode, which follows each input's
 * own paths, gives {@code -Infinity}. The sweep is exact wherever everything it sees is finite, which is
 * nearly always, so the generated {@code fForward} checks that ({@link #finite}: its result and its
 * {@code double} inputs; not the elements of array inputs, whose scan would cost a sweep) and only otherwise
 * calls {@code fGradient} and adds {@link #along} for each input: each tangent times its partial, a zero
 * tangent contributing exactly zero.
 */
public final class Directional {

    private Directional() {
    }

    /** Whether a dual number's value and tangent are both finite: a sweep's result, or an input. */
    public static boolean finite(Dual result) {
        return Double.isFinite(result.value()) && Double.isFinite(result.tangent());
    }

    /** Whether a {@code double} is finite: a component of a record, as an input or a sweep's result. */
    public static boolean finite(double value) {
        return Double.isFinite(value);
    }

    /** Whether every element's value and tangent are finite: a vector-valued sweep's result. */
    public static boolean finite(Dual[] duals) {
        if (duals != null) {
            for (Dual d : duals) {
                if (!finite(d)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code tangent * partial}, but exactly 0 for a zero tangent: an input held fixed contributes nothing. */
    public static double along(double tangent, double partial) {
        return tangent == 0.0 ? 0.0 : tangent * partial;
    }

    /** The sum of {@link #along(double, double)} over the elements, in order; 0 for a {@code null} array. */
    public static double along(double[] tangents, double[] partials) {
        double sum = 0.0;
        if (tangents != null) {
            for (int i = 0; i < tangents.length; i++) {
                sum += along(tangents[i], partials[i]);
            }
        }
        return sum;
    }

    public static double along(double[][] tangents, double[][] partials) {
        double sum = 0.0;
        if (tangents != null) {
            for (int i = 0; i < tangents.length; i++) {
                sum += along(tangents[i], partials[i]);
            }
        }
        return sum;
    }

    /** The tangents of {@code inputs} along their partials, in order. */
    public static double along(Dual[] inputs, double[] partials) {
        double sum = 0.0;
        if (inputs != null) {
            for (int i = 0; i < inputs.length; i++) {
                sum += along(inputs[i].tangent(), partials[i]);
            }
        }
        return sum;
    }

    public static double along(Dual[][] inputs, double[][] partials) {
        double sum = 0.0;
        if (inputs != null) {
            for (int i = 0; i < inputs.length; i++) {
                sum += along(inputs[i], partials[i]);
            }
        }
        return sum;
    }
}
