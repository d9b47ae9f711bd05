package dev.adjoint.test;

import java.util.function.DoubleUnaryOperator;

/**
 * Judges one derivative, as both modes computed it, against finite differences of the function
 * along that input: agree, mismatch, or cannot tell (a kink, a jump, or an estimate too rough to
 * judge). The tolerance is {@code |ad - fd| <= rtol * max(|ad|, |fd|) + atol}.
 */
final class FiniteDifferenceJudge {

    enum Verdict { AGREE, MISMATCH, UNRELIABLE }

    /** The verdict, the estimate it rests on, and why (for a skip or a mismatch at a kink), else empty. */
    record Outcome(Verdict verdict, FiniteDifference.Estimate estimate, String note) {
    }

    private final double rtol;
    private final double atol;
    private final double step;

    /** {@code step}: the first finite-difference step, relative to {@code max(1, |x|)}. */
    FiniteDifferenceJudge(double rtol, double atol, double step) {
        this.rtol = rtol;
        this.atol = atol;
        this.step = step;
    }

    /**
     * Compares both modes with central differences; where those are unreliable, or disagree,
     * one-sided differences tell a kink or jump (skipped, if the modes take one side's
     * derivative) from a wrong derivative (mismatch).
     */
    Outcome classify(DoubleUnaryOperator f, double x, double fwd, double rev) {
        double h = step * Math.max(1, Math.abs(x));
        FiniteDifference.Estimate est = FiniteDifference.central(f, x, h);
        Verdict v = verdict(fwd, rev, est);
        if (v != Verdict.AGREE) {
            // a kink, a jump or steep curvature within the first step: try one 1000 times smaller
            double small = h * 1e-3;
            FiniteDifference.Estimate retry = FiniteDifference.central(f, x, small);
            Verdict v2 = verdict(fwd, rev, retry);
            if (v2 != Verdict.UNRELIABLE || v == Verdict.UNRELIABLE
                    && (!est.finite() || retry.finite() && retry.error() < est.error())) {
                est = retry;
                v = v2;
                h = small;
            }
        }
        if (v == Verdict.AGREE) {
            return new Outcome(Verdict.AGREE, est, "");
        }
        // one-sided differences: a kink or jump at the point, or a wrong derivative?
        FiniteDifference.Estimate left = FiniteDifference.oneSided(f, x, h, -1);
        FiniteDifference.Estimate right = FiniteDifference.oneSided(f, x, h, +1);
        boolean leftOk = usable(left);
        boolean rightOk = usable(right);
        boolean kink = leftOk && rightOk && Math.abs(left.value() - right.value())
                > tolerance(left.value(), right.value(), 0) + 3 * (left.error() + right.error());
        boolean jump = leftOk != rightOk;
        String sides = "left derivative " + (leftOk ? Values.num(left.value()) : "unreliable")
                + ", right " + (rightOk ? Values.num(right.value()) : "unreliable");
        String side = leftOk && matches(fwd, rev, left) ? "left" : rightOk && matches(fwd, rev, right) ? "right" : null;
        if (v == Verdict.MISMATCH) {
            // a confident central difference disagrees: only a kink right at the point excuses that
            if (kink && side != null) {
                return new Outcome(Verdict.UNRELIABLE, est, "kink: " + sides + "; both modes take the " + side + " one");
            }
            return new Outcome(Verdict.MISMATCH, est, kink
                    ? "non-differentiable point (" + sides + "), and the modes match neither side" : "");
        }
        if ((kink || jump) && side != null) {
            return new Outcome(Verdict.UNRELIABLE, est, (kink ? "kink: " : "jump: ") + sides
                    + "; both modes take the " + side + " one");
        }
        return new Outcome(Verdict.UNRELIABLE, est, est.finite()
                ? "FD error estimate " + Values.err(est.error()) + " too large to judge"
                : "no finite difference: the method is not finite next to the point");
    }

    /** Good enough to tell the sides of a kink apart. */
    private boolean usable(FiniteDifference.Estimate e) {
        return e.finite() && e.error() <= 1e-3 * Math.max(1, Math.abs(e.value()));
    }

    private boolean matches(double fwd, double rev, FiniteDifference.Estimate side) {
        double s = side.value();
        return Math.abs(fwd - s) <= tolerance(fwd, fwd, s) + 3 * side.error()
                && Math.abs(rev - s) <= tolerance(rev, rev, s) + 3 * side.error();
    }

    /**
     * AGREE: both modes within the tolerance of the estimate. MISMATCH: the estimate is accurate
     * to the tolerance and a mode is off by more than the tolerance plus three error estimates.
     * UNRELIABLE: anything else (the estimate cannot tell).
     */
    private Verdict verdict(double fwd, double rev, FiniteDifference.Estimate est) {
        double fd = est.value();
        if (!est.finite()) {
            return Verdict.UNRELIABLE;
        }
        double tol = tolerance(fwd, rev, fd);
        double diff = Math.max(Math.abs(fwd - fd), Math.abs(rev - fd));
        if (diff <= tol) {
            return Verdict.AGREE;
        }
        boolean confident = est.error() <= tol && (diff > tol + 3 * est.error() || Double.isNaN(diff));
        return confident ? Verdict.MISMATCH : Verdict.UNRELIABLE;
    }

    double tolerance(double fwd, double rev, double fd) {
        return rtol * Math.max(finiteAbs(fd), Math.max(finiteAbs(fwd), finiteAbs(rev))) + atol;
    }

    private static double finiteAbs(double v) {
        return Double.isFinite(v) ? Math.abs(v) : 0;
    }
}
