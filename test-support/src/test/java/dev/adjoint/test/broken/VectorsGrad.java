package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Vectors;

/**
 * Hand-written, deliberately broken derivatives of {@link Vectors}, of the shape of the generated
 * {@code dev.adjoint.test.fixtures.VectorsGrad}: each method delegates to the generated one and breaks
 * one thing, as a bug in the vector-valued code generation would.
 */
public final class VectorsGrad {

    private VectorsGrad() {
    }

    // polar: reverse mode gets d x / d theta (J[0][theta]) wrong, so fJacobian (built by reverse sweeps) does too
    public static Dual[] polarForward(Dual r, Dual theta) {
        return dev.adjoint.test.fixtures.VectorsGrad.polarForward(r, theta);
    }

    public static PolarPullback polarPullback(double r, double theta, double[] seed) {
        var p = dev.adjoint.test.fixtures.VectorsGrad.polarPullback(r, theta, seed);
        // d x/d theta is -r sin(theta); this pullback uses +r sin(theta)
        return new PolarPullback(p.value(), p.dR(), p.dTheta() + 2 * seed[0] * r * Math.sin(theta));
    }

    public static double[][] polarJacobian(double r, double theta) {
        double[][] j = new double[2][];
        for (int i = 0; i < 2; i++) {
            double[] seed = new double[2];
            seed[i] = 1;
            PolarPullback row = polarPullback(r, theta, seed);
            j[i] = new double[] {row.dR(), row.dTheta()};
        }
        return j;
    }

    // trajectory: both sweeps right, but fJacobian loses the last row's derivative along v
    public static Dual[] trajectoryForward(Dual v, Dual angle, int steps) {
        return dev.adjoint.test.fixtures.VectorsGrad.trajectoryForward(v, angle, steps);
    }

    public static TrajectoryPullback trajectoryPullback(double v, double angle, int steps, double[] seed) {
        var p = dev.adjoint.test.fixtures.VectorsGrad.trajectoryPullback(v, angle, steps, seed);
        return new TrajectoryPullback(p.value(), p.dV(), p.dAngle());
    }

    public static double[][] trajectoryJacobian(double v, double angle, int steps) {
        double[][] j = dev.adjoint.test.fixtures.VectorsGrad.trajectoryJacobian(v, angle, steps);
        j[j.length - 1][0] = 0;
        return j;
    }

    // moments: right for unit seeds only (it drops every seed element after the first nonzero one);
    // forward mode changes the value of element [1]
    public static Dual[] momentsForward(Dual[] x, Dual shift) {
        Dual[] m = dev.adjoint.test.fixtures.VectorsGrad.momentsForward(x, shift);
        m[1] = new Dual(Math.nextUp(m[1].value()), m[1].tangent());
        return m;
    }

    public static MomentsPullback momentsPullback(double[] x, double shift, double[] seed) {
        double[] firstOnly = new double[seed.length];
        for (int i = 0; i < seed.length; i++) {
            if (seed[i] != 0) {
                firstOnly[i] = seed[i];
                break;
            }
        }
        var p = dev.adjoint.test.fixtures.VectorsGrad.momentsPullback(x, shift, firstOnly);
        return new MomentsPullback(p.value(), p.dX(), p.dShift());
    }

    public record PolarPullback(double[] value, double dR, double dTheta) {
    }

    public record TrajectoryPullback(double[] value, double dV, double dAngle) {
    }

    public record MomentsPullback(double[] value, double[] dX, double dShift) {
    }
}
