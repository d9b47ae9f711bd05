package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.ParityCheck;
import dev.adjoint.processor.testing.RecordValues;
import dev.adjoint.processor.testing.StaticCalls;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vector-valued methods (a {@code double[]} or a record result) taking records: the pullback's partial
 * of a record is a record of its type, forward mode takes a record's direction as a record beside it,
 * and the Jacobian's columns are the flattened inputs, a record's differentiable components in its
 * place. Checked bit for bit against the same methods written with double parameters, against
 * differences of the method, and pullback rows and forward columns against the Jacobian.
 */
class RecordJacobianTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Fits {
                public record Params(double w, double b) {}
                public record Layer(double[] weights, double bias, int width) {}
                public record Point(double x, double y) {}

                public record Arm(double length, double angle) {
                    @Differentiable
                    public Point tip(double base) {
                        return new Point(length * Math.cos(angle + base), length * Math.sin(angle + base));
                    }
                }

                @Differentiable
                public static double[] residuals(Params p, double[] xs, double[] ys) {
                    double[] r = new double[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        r[i] = Math.tanh(p.w() * xs[i] + p.b()) - ys[i];
                    }
                    return r;
                }

                @Differentiable
                public static double[] residualsFlat(double w, double b, double[] xs, double[] ys) {
                    double[] r = new double[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        r[i] = Math.tanh(w * xs[i] + b) - ys[i];
                    }
                    return r;
                }

                /** More outputs than inputs: the Jacobian by forward sweeps, a record's direction built per column. */
                @Differentiable
                public static double[] spread(Params p, int n) {
                    double[] r = new double[n];
                    for (int i = 0; i < n; i++) {
                        r[i] = Math.sin(p.w() * i) * p.b();
                    }
                    return r;
                }

                @Differentiable
                public static double[] spreadFlat(double w, double b, int n) {
                    double[] r = new double[n];
                    for (int i = 0; i < n; i++) {
                        r[i] = Math.sin(w * i) * b;
                    }
                    return r;
                }

                @Differentiable
                public static Point moved(Layer l, Params p, double t) {
                    double s = l.bias();
                    for (int i = 0; i < l.width(); i++) {
                        s += l.weights()[i] * Math.exp(-t * i);
                    }
                    return new Point(s * p.w(), s + p.b() * t);
                }

                @Differentiable
                public static Point movedFlat(double[] weights, double bias, int width, double w, double b, double t) {
                    double s = bias;
                    for (int i = 0; i < width; i++) {
                        s += weights[i] * Math.exp(-t * i);
                    }
                    return new Point(s * w, s + b * t);
                }

                /** A record left out by wrt passes through. */
                @Differentiable(wrt = "t")
                public static double[] scaled(Params p, double t) {
                    double[] r = new double[2];
                    r[0] = p.w() * t * t;
                    r[1] = p.b() / t;
                    return r;
                }
            }
            """);

    private static final Class<?> FITS = COMPILED.load("p.Fits");
    private static final Class<?> GRAD = COMPILED.gradClassFor("p.Fits");
    private static final Class<?> ARM_GRAD = COMPILED.gradClassFor("p.Fits$Arm");
    private static final double[] XS = {0.3, -1.1, 0.8};
    private static final double[] YS = {0.2, -0.4, 0.5};

    @Test
    void theSameJacobianAsWithDoubleParameters() {
        Object p = params(0.7, -0.2);
        assertSameRows(StaticCalls.call(GRAD, "residualsFlatJacobian", 0.7, -0.2, XS, YS),
                StaticCalls.call(GRAD, "residualsJacobian", p, XS, YS));
        assertSameRows(StaticCalls.call(GRAD, "spreadFlatJacobian", 0.7, -0.2, 5),
                StaticCalls.call(GRAD, "spreadJacobian", p, 5));
        double[] weights = {0.4, -0.9, 1.3};
        Object layer = layer(weights, 0.6, 3);
        assertSameRows(StaticCalls.call(GRAD, "movedFlatJacobian", weights, 0.6, 3, 0.7, -0.2, 0.5),
                StaticCalls.call(GRAD, "movedJacobian", layer, p, 0.5));
    }

    @Test
    void jacobiansAgainstDifferencesPullbacksAndForwardMode() {
        Object p = params(0.7, -0.2);
        checkAll(GRAD, FITS, "residuals", new Object[] {p, XS, YS}, new boolean[] {true, true, true});
        checkAll(GRAD, FITS, "spread", new Object[] {p, 5}, new boolean[] {true, false});
        checkAll(GRAD, FITS, "moved", new Object[] {layer(new double[] {0.4, -0.9}, 0.6, 2), p, 0.5},
                new boolean[] {true, true, true});
        checkAll(GRAD, FITS, "scaled", new Object[] {p, 1.5}, new boolean[] {false, true});
        checkAll(ARM_GRAD, null, "tip", new Object[] {RecordValues.newRecord(COMPILED.load("p.Fits$Arm"), 1.5, 0.3), 0.2},
                new boolean[] {true, true});
    }

    @Test
    void aRecordsPartialIsARecordOfItsType() {
        Object pullback = StaticCalls.call(GRAD, "residualsPullback", params(0.7, -0.2), XS, YS, new double[] {1, 0, 0});
        assertEquals(COMPILED.load("p.Fits$Params"), component(pullback, "dP").getClass());
        double a = 0.7 * XS[0] - 0.2;
        double slope = 1 - Math.tanh(a) * Math.tanh(a);
        assertEquals(params(slope * XS[0], slope), component(pullback, "dP"));
    }

    @Test
    void everyGeneratedMethodEndsAsTheMethodEnds() {
        ParityCheck parity = new ParityCheck(COMPILED, "p.Fits");
        assertEquals(List.of(), parity.mismatches("residuals", params(0.7, -0.2), XS, YS));
        assertEquals(List.of(), parity.mismatches("residuals", null, XS, YS)); // NullPointerException everywhere
        assertEquals(List.of(), parity.mismatches("residuals", params(0.7, -0.2), new double[0], YS));
        assertEquals(List.of(), parity.mismatches("spread", params(0.7, -0.2), 4));
        assertEquals(List.of(), parity.mismatches("spread", params(0.7, -0.2), -1)); // NegativeArraySizeException
        assertEquals(List.of(), parity.mismatches("moved", layer(new double[] {1, 2}, 0.5, 2), params(0.7, -0.2), 0.5));
        // A null array component the method never reads: no flattened inputs, a null partial.
        assertEquals(List.of(), parity.mismatches("moved", layer(null, 0.5, 0), params(0.7, -0.2), 0.5));
        assertEquals(List.of(), parity.mismatches("moved", layer(null, 0.5, 1), params(0.7, -0.2), 0.5));
        assertEquals(List.of(), parity.mismatches("scaled", params(0.7, -0.2), 1.5));
    }

    /**
     * The Jacobian against central differences of the method (or of its forward mode's value, for a
     * method of a record); each forward column (a unit direction, a record's as a record) and each
     * pullback row (unit seeds) equal to the Jacobian's.
     */
    private static void checkAll(Class<?> grad, Class<?> primal, String method, Object[] args, boolean[] differentiable) {
        String at = method + Arrays.deepToString(args);
        double[][] jacobian = (double[][]) StaticCalls.call(grad, method + "Jacobian", args);
        double[] inputs = RecordValues.inputs(args, differentiable);
        for (double[] row : jacobian) {
            assertEquals(inputs.length, row.length, at);
        }
        for (int j = 0; j < inputs.length; j++) {
            double h = 1e-6;
            double[] plus = value(grad, primal, method, RecordValues.moved(args, differentiable, j, h), differentiable);
            double[] minus = value(grad, primal, method, RecordValues.moved(args, differentiable, j, -h), differentiable);
            double[] unit = new double[inputs.length];
            unit[j] = 1;
            double[] tangent = forwardTangent(grad, method, args, differentiable, unit);
            for (int i = 0; i < jacobian.length; i++) {
                double difference = (plus[i] - minus[i]) / (2 * h);
                assertEquals(difference, jacobian[i][j], 1e-6 * Math.max(1, Math.abs(difference)), at + " [" + i + "][" + j + "]");
                assertEquals(jacobian[i][j], tangent[i], 1e-12 * Math.max(1, Math.abs(tangent[i])), at);
            }
        }
        for (int i = 0; i < jacobian.length; i++) {
            Object pullback = StaticCalls.call(grad, method + "Pullback",
                    withSeed(args, seedLike(grad, method, args, differentiable, i)));
            assertArrayEquals(jacobian[i], RecordValues.partials(pullback), 1e-12, at + " row " + i);
        }
    }

    /** The method's value flattened: the primal's, or forward mode's value for a method of a record. */
    private static double[] value(Class<?> grad, Class<?> primal, String method, Object[] args,
            boolean[] differentiable) {
        if (primal != null) {
            return RecordValues.flatten(StaticCalls.call(primal, method, args));
        }
        Object forward = StaticCalls.call(grad, method + "Forward", forwardArguments(args, differentiable, null));
        return RecordValues.flatten(component(forward, "value"));
    }

    private static double[] forwardTangent(Class<?> grad, String method, Object[] args, boolean[] differentiable,
            double[] direction) {
        Object forward = StaticCalls.call(grad, method + "Forward", forwardArguments(args, differentiable, direction));
        if (forward instanceof Dual[] duals) {
            return Arrays.stream(duals).mapToDouble(Dual::tangent).toArray();
        }
        return RecordValues.flatten(component(forward, "tangent"));
    }

    /**
     * fForward's arguments: a record and its direction beside it, arrays as Dual[], doubles as Dual;
     * with no {@code direction}, along zero.
     */
    private static Object[] forwardArguments(Object[] args, boolean[] all, double[] direction) {
        double[] along = direction != null ? direction : new double[RecordValues.inputs(args, all).length];
        Object[] directions = RecordValues.replaced(args, all, along);
        List<Object> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!all[i] || args[i] instanceof Integer) {
                out.add(args[i]);
            } else if (args[i] instanceof Record) {
                out.add(args[i]);
                out.add(directions[i]);
            } else if (args[i] instanceof double[] a) {
                out.add(DualArrays.of(a, (double[]) directions[i]));
            } else {
                out.add(new Dual((double) args[i], (double) directions[i]));
            }
        }
        return out.toArray();
    }

    /** A seed with a one at result element {@code i} (none for -1): a double[] or a record like the result. */
    private static Object seedLike(Class<?> grad, String method, Object[] args, boolean[] differentiable, int i) {
        Object forward = StaticCalls.call(grad, method + "Forward", forwardArguments(args, differentiable, null));
        Object value = forward instanceof Dual[] duals ? new double[duals.length] : component(forward, "value");
        double[] seed = new double[RecordValues.flatten(value).length];
        if (i >= 0) {
            seed[i] = 1;
        }
        return RecordValues.rebuilt(value, seed, new int[1]);
    }

    private static Object[] withSeed(Object[] args, Object seed) {
        Object[] with = Arrays.copyOf(args, args.length + 1);
        with[args.length] = seed;
        return with;
    }

    private static void assertSameRows(Object expected, Object actual) {
        double[][] e = (double[][]) expected;
        double[][] a = (double[][]) actual;
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertArrayEquals(e[i], a[i], "row " + i); // bit for bit
        }
    }

    private static Object component(Object record, String name) {
        for (var c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError(record.getClass() + " has no " + name);
    }

    private static Object params(double w, double b) {
        return RecordValues.newRecord(COMPILED.load("p.Fits$Params"), w, b);
    }

    private static Object layer(double[] weights, double bias, int width) {
        return RecordValues.newRecord(COMPILED.load("p.Fits$Layer"), weights, bias, width);
    }
}
