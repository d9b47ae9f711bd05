package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Shapes;
import dev.adjoint.test.fixtures.Shapes.Point;
import dev.adjoint.test.fixtures.Shapes.Segment;

/**
 * Hand-written, deliberately broken derivatives of {@link Shapes}, of the shape of the generated
 * {@code dev.adjoint.test.fixtures.ShapesGrad}: each method delegates to the generated one and breaks
 * one thing, as a bug in the code generation of record results would.
 */
public final class ShapesGrad {

    private ShapesGrad() {
    }

    // polar: reverse mode gets d x / d theta (J[x][theta]) wrong, so fJacobian (built by reverse sweeps) does too
    public static dev.adjoint.test.fixtures.ShapesGrad.PolarForward polarForward(Dual r, Dual theta) {
        return dev.adjoint.test.fixtures.ShapesGrad.polarForward(r, theta);
    }

    public static PolarPullback polarPullback(double r, double theta, Point seed) {
        var p = dev.adjoint.test.fixtures.ShapesGrad.polarPullback(r, theta, seed);
        // d x/d theta is -r sin(theta); this pullback uses +r sin(theta)
        return new PolarPullback(p.value(), p.dR(), p.dTheta() + 2 * seed.x() * r * Math.sin(theta));
    }

    public static double[][] polarJacobian(double r, double theta) {
        PolarPullback x = polarPullback(r, theta, new Point(1, 0));
        PolarPullback y = polarPullback(r, theta, new Point(0, 1));
        return new double[][] {{x.dR(), x.dTheta()}, {y.dR(), y.dTheta()}};
    }

    // chord: forward mode's to.y is one ulp off; the pullback is right for unit seeds only (it keeps the
    // first nonzero component of the seed, in declaration order, and drops the rest); fJacobian loses
    // d length/d radius
    public static dev.adjoint.test.fixtures.ShapesGrad.ChordForward chordForward(Dual[] angles, Dual radius) {
        var f = dev.adjoint.test.fixtures.ShapesGrad.chordForward(angles, radius);
        Segment v = f.value();
        Segment oneUlpOff = new Segment(v.from(), new Point(v.to().x(), Math.nextUp(v.to().y())), v.length());
        return new dev.adjoint.test.fixtures.ShapesGrad.ChordForward(oneUlpOff, f.tangent());
    }

    public static ChordPullback chordPullback(double[] angles, double radius, Segment seed) {
        double[] s = {seed.from().x(), seed.from().y(), seed.to().x(), seed.to().y(), seed.length()};
        double[] firstOnly = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 0) {
                firstOnly[i] = s[i];
                break;
            }
        }
        Segment kept = new Segment(new Point(firstOnly[0], firstOnly[1]), new Point(firstOnly[2], firstOnly[3]),
                firstOnly[4]);
        var p = dev.adjoint.test.fixtures.ShapesGrad.chordPullback(angles, radius, kept);
        return new ChordPullback(p.value(), p.dAngles(), p.dRadius());
    }

    public static double[][] chordJacobian(double[] angles, double radius) {
        double[][] j = dev.adjoint.test.fixtures.ShapesGrad.chordJacobian(angles, radius);
        j[4][angles.length] = 0;
        return j;
    }

    // rotate: no pullback at all
    public static dev.adjoint.test.fixtures.ShapesGrad.RotateForward rotateForward(double[] p, Dual theta) {
        return dev.adjoint.test.fixtures.ShapesGrad.rotateForward(p, theta);
    }

    public record PolarPullback(Point value, double dR, double dTheta) {
    }

    public record ChordPullback(Segment value, double[] dAngles, double dRadius) {
    }
}
