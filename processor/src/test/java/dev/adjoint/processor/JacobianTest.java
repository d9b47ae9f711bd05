package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Vector-valued functions: fForward returns Dual[], fPullback gives seedᵀJ, fJacobian the m × n Jacobian. */
class JacobianTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Vectors {
                @Differentiable
                public static double[] polarToCartesian(double r, double theta) {
                    double[] xy = new double[2];
                    xy[0] = r * Math.cos(theta);
                    xy[1] = r * Math.sin(theta);
                    return xy;
                }

                /** Many outputs from few inputs: forward sweeps. */
                @Differentiable
                public static double[] trajectory(double v, double angle, int steps) {
                    double[] height = new double[steps];
                    double y = 0;
                    double vy = v * Math.sin(angle);
                    for (int i = 0; i < steps; i++) {
                        vy -= 0.1 * 9.81 + 0.01 * vy * Math.abs(vy);
                        y += 0.1 * vy;
                        height[i] = y;
                    }
                    return height;
                }

                /** Few outputs from many inputs: reverse sweeps. */
                @Differentiable
                public static double[] moments(double[] x, double shift) {
                    double[] m = new double[2];
                    for (double v : x) {
                        m[0] += (v - shift) / x.length;
                        m[1] += (v - shift) * (v - shift) / x.length;
                    }
                    if (m[1] > 1) {
                        m[1] = Math.sqrt(m[1]);
                        return m;
                    }
                    return m;
                }
            }
            """);

    private static Method method(String name) {
        return Arrays.stream(COMPILED.gradClassFor("p.Vectors").getMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void polarToCartesian() throws Exception {
        double r = 1.7;
        double theta = 0.6;
        double[][] jacobian = (double[][]) method("polarToCartesianJacobian").invoke(null, r, theta);
        assertArrayEquals(new double[] {Math.cos(theta), -r * Math.sin(theta)}, jacobian[0], 1e-15);
        assertArrayEquals(new double[] {Math.sin(theta), r * Math.cos(theta)}, jacobian[1], 1e-15);
        Dual[] alongTheta = (Dual[]) method("polarToCartesianForward").invoke(null, Dual.constant(r), Dual.variable(theta));
        assertEquals(r * Math.cos(theta), alongTheta[0].value());
        assertEquals(-r * Math.sin(theta), alongTheta[0].tangent(), 1e-15);
        Object pullback = method("polarToCartesianPullback").invoke(null, r, theta, new double[] {2, -1});
        var components = pullback.getClass().getRecordComponents();
        assertArrayEquals(new double[] {r * Math.cos(theta), r * Math.sin(theta)},
                (double[]) components[0].getAccessor().invoke(pullback));
        assertEquals(2 * Math.cos(theta) - Math.sin(theta), (double) components[1].getAccessor().invoke(pullback), 1e-15);
    }

    /** The Jacobian against central differences of the primal, column by column. */
    private static void checkAgainstDifferences(String name, double[][] jacobian, Object[] args, int[] positions)
            throws Exception {
        Method primal = Arrays.stream(COMPILED.load("p.Vectors").getMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
        int column = 0;
        for (int position : positions) {
            int elements = args[position] instanceof double[] a ? a.length : 1;
            for (int e = 0; e < elements; e++, column++) {
                Object[] plus = args.clone();
                Object[] minus = args.clone();
                double h = 1e-6;
                if (args[position] instanceof double[] a) {
                    double[] up = a.clone();
                    double[] down = a.clone();
                    up[e] += h;
                    down[e] -= h;
                    plus[position] = up;
                    minus[position] = down;
                } else {
                    plus[position] = (double) args[position] + h;
                    minus[position] = (double) args[position] - h;
                }
                double[] fPlus = (double[]) primal.invoke(null, plus);
                double[] fMinus = (double[]) primal.invoke(null, minus);
                for (int i = 0; i < fPlus.length; i++) {
                    double difference = (fPlus[i] - fMinus[i]) / (2 * h);
                    assertEquals(difference, jacobian[i][column], 1e-6 * Math.max(1, Math.abs(difference)),
                            name + " [" + i + "][" + column + "]");
                }
            }
        }
    }

    @Test
    void manyOutputsByForwardSweeps() throws Exception {
        double[][] jacobian = (double[][]) method("trajectoryJacobian").invoke(null, 12.0, 0.8, 25);
        assertEquals(25, jacobian.length);
        assertEquals(2, jacobian[0].length);
        checkAgainstDifferences("trajectory", jacobian, new Object[] {12.0, 0.8, 25}, new int[] {0, 1});
    }

    @Test
    void fewOutputsByReverseSweepsAlsoWithEarlyReturns() throws Exception {
        for (double[] x : new double[][] {{0.3, -1.2, 0.8, 1.5}, {3, -2, 4, 0.5, -3}}) {
            double[][] jacobian = (double[][]) method("momentsJacobian").invoke(null, x, 0.2);
            assertEquals(2, jacobian.length);
            assertEquals(x.length + 1, jacobian[0].length);
            checkAgainstDifferences("moments", jacobian, new Object[] {x, 0.2}, new int[] {0, 1});
            // forward mode agrees with the reverse-built rows
            for (int k = 0; k < x.length; k++) {
                Dual[] column = (Dual[]) method("momentsForward").invoke(null, DualArrays.variable(x, k), Dual.constant(0.2));
                for (int i = 0; i < 2; i++) {
                    assertEquals(jacobian[i][k], column[i].tangent(), 1e-13);
                }
            }
        }
    }
}
