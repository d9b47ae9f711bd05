package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.ParityCheck;
import dev.adjoint.processor.testing.RecordValues;
import dev.adjoint.processor.testing.StaticCalls;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hessians of methods taking records: {@code fHessian} and {@code fHessianVector} over the flattened
 * inputs, a record's differentiable components in its place in declaration order (nested records' in
 * theirs). Checked bit for bit against the same method written with double parameters (the same
 * arithmetic once the record is taken apart), and against central differences of the gradient.
 */
class RecordSecondOrderTest {

    static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Model {
                public record Params(double w, double b) {}
                public record Layer(double[] weights, double bias, int width) {}
                public record Net(Params input, Layer output, boolean rectify) {}

                public record Gaussian(double mu, double sigma) {
                    @Differentiable(hessian = true)
                    public double logPdf(double x) {
                        double z = (x - mu) / sigma;
                        return -0.5 * z * z - Math.log(sigma);
                    }

                    /** Calls of the record's own method, on this and plainly. */
                    @Differentiable(hessian = true)
                    public double pair(double x) {
                        return logPdf(x) + this.logPdf(2 * x) * mu;
                    }
                }

                @Differentiable(hessian = true)
                public static double loss(Params p, double[] xs, double[] ys) {
                    double s = 0;
                    for (int i = 0; i < xs.length; i++) {
                        double r = Math.tanh(p.w() * xs[i] + p.b) - ys[i];
                        s += r * r;
                    }
                    return s / xs.length;
                }

                @Differentiable(hessian = true)
                public static double lossFlat(double w, double b, double[] xs, double[] ys) {
                    double s = 0;
                    for (int i = 0; i < xs.length; i++) {
                        double r = Math.tanh(w * xs[i] + b) - ys[i];
                        s += r * r;
                    }
                    return s / xs.length;
                }

                @Differentiable(hessian = true)
                public static double predict(Net m, double x) {
                    double h = m.input().w() * x + m.input().b();
                    if (m.rectify()) {
                        h = Math.max(h, 0);
                    }
                    double out = m.output().bias() * h;
                    for (int i = 0; i < m.output().width(); i++) {
                        out += m.output().weights()[i] * Math.tanh(h * (i + 1));
                    }
                    return out * out;
                }

                @Differentiable(hessian = true)
                public static double predictFlat(double w, double b, double[] weights, double bias, int width,
                        boolean rectify, double x) {
                    double h = w * x + b;
                    if (rectify) {
                        h = Math.max(h, 0);
                    }
                    double out = bias * h;
                    for (int i = 0; i < width; i++) {
                        out += weights[i] * Math.tanh(h * (i + 1));
                    }
                    return out * out;
                }

                /** A record passed on whole to another method with a Hessian. */
                @Differentiable(hessian = true)
                public static double regularized(Params p, double[] xs, double[] ys, double lambda) {
                    return loss(p, xs, ys) + lambda * (p.w() * p.w() + p.b() * p.b());
                }

                public record Grid(double[][] cells, double scale) {}

                @Differentiable(hessian = true)
                public static double energy(Grid g, double x) {
                    double e = 0;
                    for (int i = 0; i < g.cells().length; i++) {
                        for (int j = 0; j < g.cells()[i].length; j++) {
                            e += Math.exp(g.scale() * g.cells()[i][j] * x);
                        }
                    }
                    return e;
                }

                @Differentiable(hessian = true)
                public static double energyFlat(double[][] cells, double scale, double x) {
                    double e = 0;
                    for (int i = 0; i < cells.length; i++) {
                        for (int j = 0; j < cells[i].length; j++) {
                            e += Math.exp(scale * cells[i][j] * x);
                        }
                    }
                    return e;
                }

                /** A record left out by wrt: it passes through, only x is differentiated. */
                @Differentiable(hessian = true, wrt = "x")
                public static double shifted(Params p, double x) {
                    return Math.sin(p.w() * x) * x + p.b();
                }
            }
            """;

    private static final Compiled COMPILED = compileStrict(SOURCE);
    private static final Class<?> GRAD = COMPILED.gradClassFor("p.Model");

    private static final Class<?> GAUSSIAN_GRAD = COMPILED.gradClassFor("p.Model$Gaussian");
    private static final double[] XS = {0.3, -1.1, 0.8, 1.7};
    private static final double[] YS = {0.2, -0.4, 0.5, 0.9};

    @Test
    void aRecordParameterGivesTheHessianOfItsComponentsInItsPlace() throws Exception {
        Object p = record("p.Model$Params", 0.7, -0.2);
        double[][] hessian = (double[][]) StaticCalls.call(GRAD, "lossHessian", p, XS, YS);
        double[][] flat = (double[][]) StaticCalls.call(GRAD, "lossFlatHessian", 0.7, -0.2, XS, YS);
        assertEquals(2 + XS.length + YS.length, hessian.length);
        for (int k = 0; k < flat.length; k++) {
            assertArrayEquals(flat[k], hessian[k], "row " + k); // bit for bit: the same arithmetic
        }
        checkAgainstGradient(GRAD, "loss", new Object[] {p, XS, YS}, new boolean[] {true, true, true});
    }

    @Test
    void nestedRecordsArrayComponentsAndPassiveComponents() throws Exception {
        double[] weights = {0.4, -0.9, 1.3};
        for (boolean rectify : new boolean[] {true, false}) {
            for (double b : new double[] {0.35, -2.0}) {
                Object m = net(0.8, b, weights, 0.6, 3, rectify);
                double[][] hessian = (double[][]) StaticCalls.call(GRAD, "predictHessian", m, 1.2);
                double[][] flat = (double[][]) StaticCalls.call(GRAD, "predictFlatHessian", 0.8, b, weights, 0.6, 3,
                        rectify, 1.2);
                assertEquals(2 + weights.length + 1 + 1, hessian.length); // w, b, weights, bias, x; not width
                for (int k = 0; k < flat.length; k++) {
                    assertArrayEquals(flat[k], hessian[k], "row " + k);
                }
                checkAgainstGradient(GRAD, "predict", new Object[] {m, 1.2}, new boolean[] {true, true});
            }
        }
    }

    @Test
    void aMatrixComponentIsFlattenedRowByRowInItsPlace() throws Exception {
        double[][] cells = {{0.1, -0.3}, {0.5}, {}};
        Object g = record("p.Model$Grid", cells, 0.8);
        double[][] hessian = (double[][]) StaticCalls.call(GRAD, "energyHessian", g, 0.6);
        double[][] flat = (double[][]) StaticCalls.call(GRAD, "energyFlatHessian", cells, 0.8, 0.6);
        assertEquals(3 + 1 + 1, hessian.length);
        for (int k = 0; k < flat.length; k++) {
            assertArrayEquals(flat[k], hessian[k], "row " + k);
        }
        checkAgainstGradient(GRAD, "energy", new Object[] {g, 0.6}, new boolean[] {true, true});
    }

    @Test
    void hessianVectorProductTakesItsDirectionAsARecord() throws Exception {
        Object p = record("p.Model$Params", 0.7, -0.2);
        Object v = record("p.Model$Params", 0.5, 2.0);
        double[] vXs = {1, -1, 0.5, 0.25};
        double[] vYs = {0, 2, -1, 3};
        double[] product = (double[]) StaticCalls.call(GRAD, "lossHessianVector", p, XS, YS, v, vXs, vYs);
        double[] flat = (double[]) StaticCalls.call(GRAD, "lossFlatHessianVector", 0.7, -0.2, XS, YS, 0.5, 2.0, vXs, vYs);
        assertArrayEquals(flat, product);
        double[][] hessian = (double[][]) StaticCalls.call(GRAD, "lossHessian", p, XS, YS);
        double[] direction = concat(new double[] {0.5, 2.0}, vXs, vYs);
        for (int i = 0; i < hessian.length; i++) {
            double expected = 0;
            for (int j = 0; j < direction.length; j++) {
                expected += hessian[i][j] * direction[j];
            }
            assertEquals(expected, product[i], 1e-12 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void methodsOfRecordsAndCallsPassingRecords() throws Exception {
        Object g = record("p.Model$Gaussian", 0.4, 1.5);
        double x = 1.1;
        double[][] hessian = (double[][]) StaticCalls.call(GAUSSIAN_GRAD, "logPdfHessian", g, x);
        // log N(x; mu, sigma) = -z²/2 - log sigma, z = (x - mu) / sigma: closed-form second derivatives
        double sigma = 1.5;
        double z = (x - 0.4) / sigma;
        double[][] expected = {
                {-1 / (sigma * sigma), -2 * z / (sigma * sigma), 1 / (sigma * sigma)},
                {-2 * z / (sigma * sigma), (1 - 3 * z * z) / (sigma * sigma), 2 * z / (sigma * sigma)},
                {1 / (sigma * sigma), 2 * z / (sigma * sigma), -1 / (sigma * sigma)}};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], hessian[i], 1e-14, "row " + i);
        }
        checkAgainstGradient(GAUSSIAN_GRAD, "logPdf", new Object[] {g, x}, new boolean[] {true, true});
        checkAgainstGradient(GAUSSIAN_GRAD, "pair", new Object[] {g, x}, new boolean[] {true, true});
        checkAgainstGradient(GRAD, "regularized", new Object[] {record("p.Model$Params", 0.7, -0.2), XS, YS, 0.3},
                new boolean[] {true, true, true, true});
    }

    @Test
    void aRecordLeftOutByWrtPassesThrough() throws Exception {
        Object p = record("p.Model$Params", 0.7, -0.2);
        double[][] hessian = (double[][]) StaticCalls.call(GRAD, "shiftedHessian", p, 0.9);
        assertEquals(1, hessian.length);
        checkAgainstGradient(GRAD, "shifted", new Object[] {p, 0.9}, new boolean[] {false, true});
    }

    @Test
    void everyGeneratedMethodEndsAsTheMethodEnds() throws Exception {
        ParityCheck parity = new ParityCheck(COMPILED, "p.Model");
        assertEquals(List.of(), parity.mismatches("loss", record("p.Model$Params", 0.7, -0.2), XS, YS));
        assertEquals(List.of(), parity.mismatches("loss", record("p.Model$Params", 0.7, -0.2), new double[0], YS));
        assertEquals(List.of(), parity.mismatches("loss", null, XS, YS)); // NullPointerException everywhere
        assertEquals(List.of(), parity.mismatches("predict", net(0.8, 0.35, new double[] {1, 2}, 0.6, 2, true), 1.2));
        // A null array component: the method throws reading it, and so does every generated method.
        assertEquals(List.of(), parity.mismatches("predict", net(0.8, 0.35, null, 0.6, 2, true), 1.2));
        // ... unless it never reads it (width 0): its partial is null, and it adds no flattened inputs.
        assertEquals(List.of(), parity.mismatches("predict", net(0.8, 0.35, null, 0.6, 0, true), 1.2));
        assertEquals(List.of(), parity.mismatches("shifted", record("p.Model$Params", 0.7, -0.2), 0.9));
    }

    /**
     * Every Hessian entry against central differences of the (already checked) gradient, the
     * Hessian symmetric; inputs and partials flattened a record's leaves in place.
     */
    private static void checkAgainstGradient(Class<?> grad, String method, Object[] args, boolean[] differentiable)
            throws Exception {
        String at = method + Arrays.deepToString(args);
        double[][] hessian = (double[][]) StaticCalls.call(grad, method + "Hessian", args);
        double[] inputs = RecordValues.inputs(args, differentiable);
        assertEquals(inputs.length, hessian.length, at);
        for (int j = 0; j < inputs.length; j++) {
            double h = 1e-5 * Math.max(1, Math.abs(inputs[j]));
            double[] plus = gradient(grad, method, RecordValues.moved(args, differentiable, j, h));
            double[] minus = gradient(grad, method, RecordValues.moved(args, differentiable, j, -h));
            for (int i = 0; i < inputs.length; i++) {
                double difference = (plus[i] - minus[i]) / (2 * h);
                assertEquals(difference, hessian[i][j], 1e-6 * Math.max(1, Math.abs(difference)),
                        at + " [" + i + "][" + j + "]");
                assertEquals(hessian[j][i], hessian[i][j], 1e-12 * Math.max(1, Math.abs(hessian[i][j])), at);
            }
        }
    }

    /** The gradient's partials flattened, in the record's component order. */
    private static double[] gradient(Class<?> grad, String method, Object[] args) {
        return RecordValues.partials(StaticCalls.call(grad, method + "Gradient", args));
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    private static Object record(String binaryName, Object... components) {
        return RecordValues.newRecord(COMPILED.load(binaryName), components);
    }

    private static Object net(double w, double b, double[] weights, double bias, int width, boolean rectify)
            throws Exception {
        return record("p.Model$Net", record("p.Model$Params", w, b), record("p.Model$Layer", weights, bias, width),
                rectify);
    }
}
