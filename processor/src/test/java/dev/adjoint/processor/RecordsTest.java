package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Records as differentiable parameters ({@code loss(Params p, ...)}, nested records, array and int
 * components) and {@code @Differentiable} methods of records: both modes against central differences
 * of the user's method, and known values.
 */
class RecordsTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Model {
                public record Params(double w, double b) {}
                public record Layer(double[] w, double bias, int size) {}
                public record Net(Params first, Layer second, boolean relu) {}

                @Differentiable
                public static double loss(Params p, double[] xs, double[] ys) {
                    double s = 0;
                    for (int i = 0; i < xs.length; i++) {
                        double r = p.w() * xs[i] + p.b - ys[i];
                        s += r * r;
                    }
                    return s;
                }

                @Differentiable
                public static double net(Net n, double x) {
                    double h = n.first().w() * x + n.first().b();
                    if (n.relu()) {
                        h = Math.max(h, 0);
                    }
                    double out = n.second().bias();
                    for (int i = 0; i < n.second().size(); i++) {
                        out += n.second().w()[i] * Math.tanh(h * (i + 1));
                    }
                    for (double v : n.second().w()) {
                        out += 0.1 * v * v;
                    }
                    return out + n.second().w().length;
                }

                @Differentiable(wrt = "p")
                public static double scaled(double scale, Params p) {
                    return scale * Math.sin(p.w() * p.b());
                }
            }
            """, """
            package p;

            import dev.adjoint.Differentiable;

            public record Gaussian(double mu, double sigma) {
                @Differentiable
                public double logPdf(double x) {
                    double z = (x - mu) / this.sigma;
                    return -0.5 * z * z - Math.log(sigma()) - 0.5 * Math.log(2 * Math.PI) + 0 * this.mu();
                }
            }
            """);

    private static final double H = 1e-6;

    private final ClassLoader loader = COMPILED.classLoader();

    private Object record(String binaryName, Object... components) throws Exception {
        Class<?> type = Class.forName(binaryName, true, loader);
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return type.getDeclaredConstructor(types).newInstance(components);
    }

    private static Object component(Object record, String name) throws Exception {
        return record.getClass().getMethod(name).invoke(record);
    }

    private static Method method(Class<?> owner, String name) {
        return Arrays.stream(owner.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    private double value(String name, Object... arguments) throws Exception {
        Class<?> model = COMPILED.load("p.Model");
        return (double) method(model, name).invoke(null, arguments);
    }

    private Object gradient(String name, Object... arguments) throws Exception {
        return method(COMPILED.gradClassFor("p.Model"), name + "Gradient").invoke(null, arguments);
    }

    private Dual forward(String name, Object... arguments) throws Exception {
        return (Dual) method(COMPILED.gradClassFor("p.Model"), name + "Forward").invoke(null, arguments);
    }

    private static Dual[] constants(double[] values) {
        return Arrays.stream(values).mapToObj(Dual::constant).toArray(Dual[]::new);
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void gradientOfARecordIsARecordOfItsType() throws Exception {
        double[] xs = {0.5, -1.0, 2.0};
        double[] ys = {1.0, 0.3, -0.7};
        double w = 0.8;
        double b = -0.2;
        Object grad = gradient("loss", record("p.Model$Params", w, b), xs, ys);
        Object dP = component(grad, "dP");
        assertEquals("p.Model$Params", dP.getClass().getName());
        // Known values: d/dw sum r^2 = sum 2 r x, d/db = sum 2 r.
        double dW = 0;
        double dB = 0;
        for (int i = 0; i < xs.length; i++) {
            double r = w * xs[i] + b - ys[i];
            dW += 2 * r * xs[i];
            dB += 2 * r;
        }
        assertClose(dW, (double) component(dP, "w"));
        assertClose(dB, (double) component(dP, "b"));
        assertClose(value("loss", record("p.Model$Params", w, b), xs, ys), (double) component(grad, "value"));
        // Forward mode: the direction is a Params too.
        Dual along = forward("loss", record("p.Model$Params", w, b), record("p.Model$Params", 0.3, -1.5),
                constants(xs), constants(ys));
        assertClose(0.3 * dW - 1.5 * dB, along.tangent());
        double[] dXs = (double[]) component(grad, "dXs");
        assertClose(2 * (w * xs[1] + b - ys[1]) * w, dXs[1]);
    }

    @Test
    void nestedRecordsWithArraysIntsAndBooleansAgainstDifferences() throws Exception {
        for (boolean relu : new boolean[] {true, false}) {
            double[] layerW = {0.4, -0.9, 1.3};
            double[] point = {0.7, -0.3, layerW[0], layerW[1], layerW[2], 0.25, 0.6};
            Object grad = gradient("net", net(point, relu), point[6]);
            Object dN = component(grad, "dN");
            Object dFirst = component(dN, "first");
            Object dSecond = component(dN, "second");
            double[] reverse = {(double) component(dFirst, "w"), (double) component(dFirst, "b"),
                    ((double[]) component(dSecond, "w"))[0], ((double[]) component(dSecond, "w"))[1],
                    ((double[]) component(dSecond, "w"))[2], (double) component(dSecond, "bias"),
                    (double) component(grad, "dX")};
            // Components that are not differentiated come back as they went in.
            assertEquals(3, component(dSecond, "size"));
            assertEquals(relu, component(dN, "relu"));
            for (int k = 0; k < point.length; k++) {
                double[] up = point.clone();
                double[] down = point.clone();
                up[k] += H;
                down[k] -= H;
                double difference = (value("net", net(up, relu), up[6]) - value("net", net(down, relu), down[6])) / (2 * H);
                assertClose(difference, reverse[k]);
                double[] direction = new double[point.length];
                direction[k] = 1;
                Dual x = new Dual(point[6], direction[6]);
                assertClose(reverse[k], forward("net", net(point, relu), net(direction, relu), x).tangent());
            }
        }
    }

    private Object net(double[] v, boolean relu) throws Exception {
        return record("p.Model$Net", record("p.Model$Params", v[0], v[1]),
                record("p.Model$Layer", new double[] {v[2], v[3], v[4]}, v[5], 3), relu);
    }

    @Test
    void wrtNamesARecord() throws Exception {
        Method reverse = method(COMPILED.gradClassFor("p.Model"), "scaledGradient");
        assertEquals("[value, dP]", Arrays.toString(Arrays.stream(reverse.getReturnType().getRecordComponents())
                .map(RecordComponent::getName).toArray()));
        assertEquals("[double, class p.Model$Params, class p.Model$Params]",
                Arrays.toString(method(COMPILED.gradClassFor("p.Model"), "scaledForward").getParameterTypes()));
        Object dP = component(gradient("scaled", 2.0, record("p.Model$Params", 0.5, 1.5)), "dP");
        assertClose(2.0 * Math.cos(0.75) * 1.5, (double) component(dP, "w"));
        assertClose(2.0 * Math.cos(0.75) * 0.5, (double) component(dP, "b"));
    }

    @Test
    void methodOfARecordTakesItAsSelf() throws Exception {
        Class<?> grad = COMPILED.gradClassFor("p.Gaussian");
        Object g = record("p.Gaussian", 0.4, 1.7);
        double x = 1.3;
        double z = (x - 0.4) / 1.7;
        Object gradient = method(grad, "logPdfGradient").invoke(null, g, x);
        Object dSelf = component(gradient, "dSelf");
        assertEquals(g.getClass(), dSelf.getClass());
        // Known values of the normal log-density's partials.
        assertClose(z / 1.7, (double) component(dSelf, "mu"));
        assertClose((z * z - 1) / 1.7, (double) component(dSelf, "sigma"));
        assertClose(-z / 1.7, (double) component(gradient, "dX"));
        double logPdf = (double) g.getClass().getMethod("logPdf", double.class).invoke(g, x);
        assertClose(logPdf, (double) component(gradient, "value"));
        Dual along = (Dual) method(grad, "logPdfForward").invoke(null, g, record("p.Gaussian", 1.0, 2.0), Dual.variable(x));
        assertClose(logPdf, along.value());
        assertClose(z / 1.7 + 2.0 * (z * z - 1) / 1.7 - z / 1.7, along.tangent());
    }

    @Test
    void recordsOfTheUserClassAreNamedAsDeclared() throws Exception {
        assertArrayEquals(new Class<?>[] {Class.forName("p.Model$Params", false, loader), double[].class, double[].class},
                method(COMPILED.gradClassFor("p.Model"), "lossGradient").getParameterTypes());
    }
}
