package dev.adjoint.processor.testing;

import java.util.Arrays;
import java.util.Locale;

/**
 * What {@link GradientChecker} computed at one point: the value and, per {@code double} parameter
 * (in declaration order), the derivative by forward mode, by reverse mode and by finite differences
 * ({@code null} when not computed).
 */
public record Gradients(String where, String[] names, double value, double[] forward, double[] reverse,
                        double[] finiteDifference) {

    /** Asserts the value equals {@code expected} to {@code tol * max(1, |expected|)}. */
    public Gradients assertValue(double expected, double tol) {
        if (!(Math.abs(value - expected) <= tol * Math.max(1, Math.abs(expected)))) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: value %s, expected %s (tolerance %s)", where, value, expected, tol));
        }
        return this;
    }

    /** Asserts forward and reverse derivatives equal {@code expected} to {@code tol * max(1, |expected|)}. */
    public Gradients assertDerivatives(double tol, double... expected) {
        checkArity(expected);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < expected.length; k++) {
            double t = tol * Math.max(1, Math.abs(expected[k]));
            if (!(Math.abs(forward[k] - expected[k]) <= t) || !(Math.abs(reverse[k] - expected[k]) <= t)) {
                sb.append(String.format(Locale.ROOT, "%n  d/d%s: expected %s, forward %s, reverse %s (tolerance %s)",
                        names[k], expected[k], forward[k], reverse[k], t));
            }
        }
        if (sb.length() > 0) {
            throw new AssertionError(where + ": wrong derivatives" + sb);
        }
        return this;
    }

    /** Asserts forward and reverse derivatives are exactly {@code expected} ({@code ==}, so -0.0 equals 0.0). */
    public Gradients assertDerivativesExactly(double... expected) {
        checkArity(expected);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < expected.length; k++) {
            if (forward[k] != expected[k] || reverse[k] != expected[k]) {
                sb.append(String.format(Locale.ROOT, "%n  d/d%s: expected exactly %s, forward %s, reverse %s",
                        names[k], expected[k], forward[k], reverse[k]));
            }
        }
        if (sb.length() > 0) {
            throw new AssertionError(where + ": wrong derivatives" + sb);
        }
        return this;
    }

    private void checkArity(double[] expected) {
        if (expected.length != names.length) {
            throw new IllegalArgumentException(where + " has " + names.length + " double parameters "
                    + Arrays.toString(names) + ", " + expected.length + " expected derivatives given");
        }
    }

    @Override
    public String toString() {
        return where + " value=" + value + " forward=" + Arrays.toString(forward) + " reverse=" + Arrays.toString(reverse)
                + " fd=" + Arrays.toString(finiteDifference);
    }
}
