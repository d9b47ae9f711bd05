package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Calls between differentiable code of records: a record passed whole to a {@code @Differentiable}
 * method ({@code predict(p, x)}, a nested record {@code n.first()}, {@code this}), and methods of a
 * record called on it ({@code g.logPdf(x)}, {@code this.logPdf(x)}, {@code logPdf(x)}). Both modes
 * against central differences of the user's methods, every input in turn.
 */
class RecordCallsTest {

    private static final Compiled COMPILED = compileStrict("""
            package q;

            import dev.adjoint.Differentiable;

            public class Fit {
                public record Params(double w, double b) {}
                public record Layer(double[] w, double bias, int size) {}
                public record Net(Params first, Layer second, boolean relu) {}

                @Differentiable
                public static double predict(Params p, double x) {
                    return Math.tanh(p.w() * x + p.b());
                }

                @Differentiable
                public static double loss(Params p, double[] xs, double[] ys) {
                    double s = 0;
                    for (int i = 0; i < xs.length; i++) {
                        double r = predict(p, xs[i]) - ys[i];
                        s += r * r;
                    }
                    return s;
                }

                @Differentiable
                public static double layer(Layer l, double h) {
                    double out = l.bias();
                    for (int i = 0; i < l.size(); i++) {
                        out += l.w()[i] * Math.sin(h * (i + 1));
                    }
                    return out;
                }

                @Differentiable
                public static double net(Net n, double x) {
                    double h = predict(n.first(), x);
                    if (n.relu()) {
                        h = Math.max(h, 0.1 * h);
                    }
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += layer(n.second(), h * k) * predict(n.first(), h);
                    }
                    return s;
                }

                @Differentiable(wrt = "x")
                public static double fixed(Params p, double x) {
                    return predict(p, x) * x;
                }

                @Differentiable(wrt = "p")
                public static double onlyP(Params p, double x) {
                    return p.w() * p.b() * x;
                }

                @Differentiable
                public static double callsOnlyP(double x, Params p) {
                    return onlyP(p, 2.0) + x * p.b();
                }

                @Differentiable
                public static double ignores(Params p, double x) {
                    return x * x;
                }

                @Differentiable
                public static double spread(Gaussian g, double x) {
                    return g.sigma() * Math.sin(x) + g.mu() * g.mu();
                }

                @Differentiable
                public static double mixture(Gaussian g, Gaussian h, double x) {
                    return g.logPdf(x) * 0.3 + h.logPdf(x) * 0.7 + g.twice(x + h.mu());
                }
            }
            """, """
            package q;

            import dev.adjoint.Differentiable;

            public record Gaussian(double mu, double sigma) {
                @Differentiable
                public double logPdf(double x) {
                    double z = (x - mu) / sigma;
                    return -0.5 * z * z - Math.log(sigma);
                }

                @Differentiable
                public double twice(double x) {
                    return this.logPdf(x) + logPdf(0.5 * x) + Fit.spread(this, x);
                }
            }
            """);

    private static final double H = 1e-6;

    /** One method checked at one point: its inputs flattened, how to build its arguments, and its partials. */
    private interface Case {
        Object[] arguments(double[] v, boolean direction) throws Exception;

        double[] partials(Object gradient) throws Exception;
    }

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

    private static Object call(Method m, Object[] arguments) throws Exception {
        try {
            return m.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * Checks every partial of {@code name} in {@code owner} against central differences, and forward
     * mode along each input's unit direction against the partial. Forward arguments: the same
     * builder with {@code direction} true gives the directions in the places of the records' and
     * doubles' tangents (doubles as {@code Dual}s built by the case).
     */
    private void check(String owner, String name, double[] point, Case values, Case forward) throws Exception {
        Class<?> user = COMPILED.load(owner);
        Class<?> grad = COMPILED.gradClassFor(owner);
        Method primal = method(user, name);
        double[] partials = values.partials(call(method(grad, name + "Gradient"), values.arguments(point, false)));
        assertEquals(point.length, partials.length);
        for (int k = 0; k < point.length; k++) {
            double[] up = point.clone();
            double[] down = point.clone();
            up[k] += H;
            down[k] -= H;
            double difference = ((double) call(primal, values.arguments(up, false))
                    - (double) call(primal, values.arguments(down, false))) / (2 * H);
            assertClose(name + " d/d input " + k, difference, partials[k]);
            double[] unit = new double[point.length];
            unit[k] = 1;
            double[] pointAndDirection = new double[2 * point.length];
            System.arraycopy(point, 0, pointAndDirection, 0, point.length);
            System.arraycopy(unit, 0, pointAndDirection, point.length, point.length);
            Dual along = (Dual) call(method(grad, name + "Forward"), forward.arguments(pointAndDirection, true));
            assertClose(name + " forward along input " + k, partials[k], along.tangent());
        }
    }

    private static void assertClose(String what, double expected, double actual) {
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
    }

    private static Dual[] duals(double[] values, double[] tangents) {
        Dual[] duals = new Dual[values.length];
        for (int i = 0; i < values.length; i++) {
            duals[i] = new Dual(values[i], tangents[i]);
        }
        return duals;
    }

    private Object params(double[] v, int at) throws Exception {
        return record("q.Fit$Params", v[at], v[at + 1]);
    }

    private static double[] doubles(Object... parts) throws Exception {
        return Arrays.stream(parts).flatMapToDouble(p -> p instanceof double[] a ? Arrays.stream(a)
                : java.util.stream.DoubleStream.of((double) p)).toArray();
    }

    @Test
    void overloadsTakingARecordNameTheirRecordsByItsSimpleName() throws Exception {
        Compiled overloads = compileStrict("""
                package r;

                import dev.adjoint.Differentiable;

                public class O {
                    public record P(double a) {}

                    @Differentiable
                    public static double f(P p) {
                        return p.a() * p.a();
                    }

                    @Differentiable
                    public static double f(P p, double x) {
                        return f(p) * x;
                    }
                }
                """);
        Class<?> grad = overloads.gradClassFor("r.O");
        Object p = overloads.load("r.O$P").getConstructor(double.class).newInstance(3.0);
        Object gradient = grad.getMethod("fGradient", p.getClass(), double.class).invoke(null, p, 2.0);
        assertEquals("FPDoubleGradient", gradient.getClass().getSimpleName());
        assertEquals(12.0, (double) component(component(gradient, "dP"), "a"));
        assertEquals("FPGradient", grad.getMethod("fGradient", p.getClass()).getReturnType().getSimpleName());
    }

    @Test
    void aNullRecordThrowsFromTheGeneratedMethodsEvenWhereTheMethodWouldNotReadIt() throws Exception {
        assertEquals(4.0, (double) call(method(COMPILED.load("q.Fit"), "ignores"), new Object[] {null, 2.0}));
        Class<?> grad = COMPILED.gradClassFor("q.Fit");
        assertThrows(NullPointerException.class, () -> call(method(grad, "ignoresGradient"), new Object[] {null, 2.0}));
        assertThrows(NullPointerException.class,
                () -> call(method(grad, "ignoresForward"), new Object[] {null, null, Dual.variable(2.0)}));
    }

    @Test
    void recordPassedToAStaticMethodInALoop() throws Exception {
        double[] point = {0.8, -0.2, 0.5, -1.0, 2.0, 0.3, 0.1, -0.4};
        check("q.Fit", "loss", point, new Case() {
            public Object[] arguments(double[] v, boolean direction) throws Exception {
                return new Object[] {params(v, 0), Arrays.copyOfRange(v, 2, 5), Arrays.copyOfRange(v, 5, 8)};
            }

            public double[] partials(Object g) throws Exception {
                Object dP = component(g, "dP");
                return doubles(component(dP, "w"), component(dP, "b"), component(g, "dXs"), component(g, "dYs"));
            }
        }, new Case() {
            public Object[] arguments(double[] v, boolean direction) throws Exception {
                return new Object[] {params(v, 0), params(v, 8), duals(Arrays.copyOfRange(v, 2, 5), Arrays.copyOfRange(v, 10, 13)),
                        duals(Arrays.copyOfRange(v, 5, 8), Arrays.copyOfRange(v, 13, 16))};
            }

            public double[] partials(Object g) {
                throw new UnsupportedOperationException();
            }
        });
    }

    @Test
    void nestedRecordsPassedOnWithArrayIntAndBooleanComponents() throws Exception {
        for (boolean relu : new boolean[] {true, false}) {
            double[] point = {0.7, -0.3, 0.4, -0.9, 1.3, 0.25, 0.6};
            check("q.Fit", "net", point, new Case() {
                public Object[] arguments(double[] v, boolean direction) throws Exception {
                    return new Object[] {net(v, 0, relu), v[6]};
                }

                public double[] partials(Object g) throws Exception {
                    Object dN = component(g, "dN");
                    Object first = component(dN, "first");
                    Object second = component(dN, "second");
                    assertEquals(3, component(second, "size"));
                    assertEquals(relu, component(dN, "relu"));
                    return doubles(component(first, "w"), component(first, "b"), component(second, "w"),
                            component(second, "bias"), component(g, "dX"));
                }
            }, new Case() {
                public Object[] arguments(double[] v, boolean direction) throws Exception {
                    return new Object[] {net(v, 0, relu), net(v, 7, relu), new Dual(v[6], v[13])};
                }

                public double[] partials(Object g) {
                    throw new UnsupportedOperationException();
                }
            });
        }
    }

    private Object net(double[] v, int at, boolean relu) throws Exception {
        return record("q.Fit$Net", params(v, at),
                record("q.Fit$Layer", new double[] {v[at + 2], v[at + 3], v[at + 4]}, v[at + 5], 3), relu);
    }

    @Test
    void recordTheCallerDoesNotDifferentiateGoesWithAZeroDirection() throws Exception {
        double[] point = {1.1};
        Object p = record("q.Fit$Params", 0.6, -0.4);
        check("q.Fit", "fixed", point, new Case() {
            public Object[] arguments(double[] v, boolean direction) {
                return new Object[] {p, v[0]};
            }

            public double[] partials(Object g) throws Exception {
                return doubles(component(g, "dX"));
            }
        }, new Case() {
            public Object[] arguments(double[] v, boolean direction) {
                return new Object[] {p, new Dual(v[0], v[1])};
            }

            public double[] partials(Object g) {
                throw new UnsupportedOperationException();
            }
        });
    }

    @Test
    void calleeDifferentiatingOnlyTheRecord() throws Exception {
        double[] point = {0.9, 0.6, -0.4};
        check("q.Fit", "callsOnlyP", point, new Case() {
            public Object[] arguments(double[] v, boolean direction) throws Exception {
                return new Object[] {v[0], params(v, 1)};
            }

            public double[] partials(Object g) throws Exception {
                Object dP = component(g, "dP");
                return doubles(component(g, "dX"), component(dP, "w"), component(dP, "b"));
            }
        }, new Case() {
            public Object[] arguments(double[] v, boolean direction) throws Exception {
                return new Object[] {new Dual(v[0], v[3]), params(v, 1), params(v, 4)};
            }

            public double[] partials(Object g) {
                throw new UnsupportedOperationException();
            }
        });
    }

    @Test
    void methodsOfRecordsCalledOnThemAndOnThis() throws Exception {
        double[] point = {0.4, 1.7, -0.2, 0.9, 1.3};
        check("q.Fit", "mixture", point, new Case() {
            public Object[] arguments(double[] v, boolean direction) throws Exception {
                return new Object[] {record("q.Gaussian", v[0], v[1]), record("q.Gaussian", v[2], v[3]), v[4]};
            }

            public double[] partials(Object g) throws Exception {
                Object dG = component(g, "dG");
                Object dH = component(g, "dH");
                return doubles(component(dG, "mu"), component(dG, "sigma"), component(dH, "mu"), component(dH, "sigma"),
                        component(g, "dX"));
            }
        }, new Case() {
            public Object[] arguments(double[] v, boolean direction) throws Exception {
                return new Object[] {record("q.Gaussian", v[0], v[1]), record("q.Gaussian", v[5], v[6]),
                        record("q.Gaussian", v[2], v[3]), record("q.Gaussian", v[7], v[8]), new Dual(v[4], v[9])};
            }

            public double[] partials(Object g) {
                throw new UnsupportedOperationException();
            }
        });
    }
}
