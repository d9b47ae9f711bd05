package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook QUESTION 1 (cell {@code In [40]}): a two-input polynomial built from intermediate
 * variables, {@code z = 2(2a + 3b) + 3(5a² + 3b·b²)}, differentiated at {@code (a, b) = (1, 2)}.
 *
 * <p>PyTorch printed {@code dz/da(a=1.0) using torch: 34.0}; it computed {@code b.grad} too but did
 * not print it.
 */
public final class Question1 {

    private Question1() {
    }

    /** The computation PyTorch traced, with the notebook's intermediate variables. */
    @Differentiable
    public static double z(double a, double b) {
        double x1 = 2 * a;
        double x2 = 3 * b;
        double x = x1 + x2;
        double c = 2 * x;
        double y1 = a * a;
        double y4 = 3 * b;
        double y3 = b * b;
        double y2 = 5 * y1;
        double y5 = y4 * y3;
        double y = y2 + y5;
        double d = 3 * y;
        double z = c + d;
        return z;
    }

    /** The notebook's analytical {@code grad(a, b)}: {@code dz/da} along both paths from {@code a}. */
    public static double grad(double a, double b) {
        // intermediate variables
        double x1 = 2 * a;
        double x2 = 3 * b;
        double x = x1 + x2;
        double c = 2 * x;
        double y1 = a * a;
        double y4 = 3 * b;
        double y3 = b * b;
        double y2 = 5 * y1;
        double y5 = y4 * y3;
        double y = y2 + y5;
        double d = 3 * y;
        double z = c + d;
        // calculating gradient
        double dzdc = 1;
        double dcdx = 2;
        double dxdx1 = 1;
        double dx1da = 2;
        double dzdd = 1;
        double dddy = 3;
        double dydy2 = 1;
        double dy2dy1 = 5;
        double dy1da = 2 * a;
        double dzda = (dzdc * dcdx * dxdx1 * dx1da) + (dzdd * dddy * dydy2 * dy2dy1 * dy1da);
        return dzda;
    }

    /**
     * {@code dz/db}, which the notebook does not derive, derived here the same way: along
     * {@code b -> x2 -> x -> c -> z} and {@code b -> y4, y3 -> y5 -> y -> d -> z}.
     */
    public static double gradB(double a, double b) {
        double y4 = 3 * b;
        double y3 = b * b;
        double dzdc = 1;
        double dcdx = 2;
        double dxdx2 = 1;
        double dx2db = 3;
        double dzdd = 1;
        double dddy = 3;
        double dydy5 = 1;
        double dy5dy4 = y3;
        double dy4db = 3;
        double dy5dy3 = y4;
        double dy3db = 2 * b;
        double dzdb = (dzdc * dcdx * dxdx2 * dx2db)
                + (dzdd * dddy * dydy5 * (dy5dy4 * dy4db + dy5dy3 * dy3db));
        return dzdb;
    }
}
