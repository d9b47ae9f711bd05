package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Record-like final classes (issue 17): a final class of final fields with a constructor storing
 * each from a parameter of its own is a parameter as a record is (partial and tangent objects of the
 * class built with that constructor), and its {@code @Differentiable} instance methods take it as
 * {@code self}. Both modes against central differences of the user's methods, and known values.
 */
class FinalClassesTest {

    static final String GAUSSIAN = """
            package f;

            import dev.adjoint.Differentiable;

            /** Private fields read through getters the processor proves return them as they are. */
            public final class Gaussian {
                private static final double HALF = 0.5;
                private final double mu;
                private final double sigma;

                public Gaussian(double mu, double sigma) {
                    this.mu = mu;
                    this.sigma = sigma;
                }

                public double mu() {
                    return mu;
                }

                public double getSigma() {
                    return this.sigma;
                }

                @Differentiable
                public double logPdf(double x) {
                    double z = (x - mu) / this.sigma;
                    return -HALF * z * z - Math.log(getSigma());
                }

                @Differentiable
                public double twice(double x) {
                    return this.logPdf(x) + logPdf(0.5 * x) + Fit.spread(this, x);
                }
            }
            """;

    static final String LINE = """
            package f;

            /** Package-private fields, read directly; the constructor's parameters in another order. */
            final class Line {
                final double slope;
                final double[] knots;
                final int count;

                Line(int n, double[] ks, double s) {
                    count = n;
                    knots = ks;
                    this.slope = s;
                }
            }
            """;

    static final String FIT = """
            package f;

            import dev.adjoint.Differentiable;

            public class Fit {
                public record Params(double w, double b) {}

                /** A class holding a class and a record. */
                public static final class Model {
                    final Gaussian prior;
                    private final Params params;

                    Model(Gaussian prior, Params params) {
                        this.prior = prior;
                        this.params = params;
                    }

                    Params params() {
                        return params;
                    }
                }

                @Differentiable
                public static double spread(Gaussian g, double x) {
                    return g.getSigma() * Math.sin(x) + g.mu() * g.mu();
                }

                @Differentiable
                public static double line(Line l, double x) {
                    double s = l.slope * x;
                    for (int i = 0; i < l.count; i++) {
                        s += l.knots[i] * Math.cos(x * (i + 1));
                    }
                    return s;
                }

                @Differentiable
                public static double mixture(Gaussian g, Gaussian h, double x) {
                    return g.logPdf(x) * 0.3 + h.logPdf(x) * 0.7 + g.twice(x + h.mu());
                }

                @Differentiable(hessian = true)
                public static double model(Model m, double x) {
                    double y = m.params().w() * x + m.params().b();
                    return m.prior.logPdf(y) + spread(m.prior, y);
                }
            }
            """;

    static final Compiled COMPILED = compileStrict(FIT, GAUSSIAN, LINE);

    private static final double H = 1e-6;

    /** How one method is called at a flat point, and how its partials are read back flat. */
    private interface Case {
        /** The gradient method's arguments at {@code v}; the forward method's with {@code direction}, v then dv. */
        Object[] arguments(double[] v, boolean forward) throws Exception;

        double[] partials(Object gradient) throws Exception;
    }

    private final ClassLoader loader = COMPILED.classLoader();

    /** An object of a class of the test, built with its (only) constructor, which may be package-private. */
    private Object object(String binaryName, Object... fields) throws Exception {
        var constructor = Class.forName(binaryName, true, loader).getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        return constructor.newInstance(fields);
    }

    private static Object field(Object object, String name) throws Exception {
        Field field = object.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(object);
    }

    private static Object component(Object record, String name) throws Exception {
        return record.getClass().getMethod(name).invoke(record);
    }

    private static Method method(Class<?> owner, String name) {
        return Arrays.stream(owner.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .map(m -> {
                    m.setAccessible(true);
                    return m;
                }).orElseThrow();
    }

    private static Object call(Method m, Object receiver, Object[] arguments) throws Exception {
        try {
            return m.invoke(receiver, arguments);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * Every partial of {@code name} against central differences of the user's method (an instance
     * method when {@code instance}: then the first argument is its receiver), and forward mode along
     * each input's unit direction against the partial.
     */
    private void check(String owner, String name, boolean instance, double[] point, Case values) throws Exception {
        Class<?> user = COMPILED.load(owner);
        Class<?> grad = COMPILED.gradClassFor(owner);
        Method primal = method(user, name);
        double[] partials = values.partials(call(method(grad, name + "Gradient"), null, values.arguments(point, false)));
        assertEquals(point.length, partials.length);
        for (int k = 0; k < point.length; k++) {
            double[] up = point.clone();
            double[] down = point.clone();
            up[k] += H;
            down[k] -= H;
            double difference = (primal(primal, instance, values.arguments(up, false))
                    - primal(primal, instance, values.arguments(down, false))) / (2 * H);
            assertClose(name + " d/d input " + k, difference, partials[k]);
            double[] pointAndDirection = new double[2 * point.length];
            System.arraycopy(point, 0, pointAndDirection, 0, point.length);
            pointAndDirection[point.length + k] = 1;
            Dual along = (Dual) call(method(grad, name + "Forward"), null, values.arguments(pointAndDirection, true));
            assertClose(name + " forward along input " + k, partials[k], along.tangent());
        }
    }

    private static double primal(Method primal, boolean instance, Object[] arguments) throws Exception {
        return instance ? (double) call(primal, arguments[0], Arrays.copyOfRange(arguments, 1, arguments.length))
                : (double) call(primal, null, arguments);
    }

    private static void assertClose(String what, double expected, double actual) {
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
    }

    private static double[] doubles(Object... parts) {
        return Arrays.stream(parts).flatMapToDouble(p -> p instanceof double[] a ? Arrays.stream(a)
                : java.util.stream.DoubleStream.of((double) p)).toArray();
    }

    /** The value of {@code v[at]}, or in forward mode the dual of it with its direction. */
    private static Object number(double[] v, int at, int inputs, boolean forward) {
        return forward ? new Dual(v[at], v[inputs + at]) : v[at];
    }

    private Object gaussian(double[] v, int at) throws Exception {
        return object("f.Gaussian", v[at], v[at + 1]);
    }

    private double[] gaussianParts(Object g) throws Exception {
        return doubles(field(g, "mu"), field(g, "sigma"));
    }

    @Test
    void aClassParameterReadThroughItsGettersHasAPartialOfItsClass() throws Exception {
        double[] point = {0.4, 1.3, 0.7};
        check("f.Fit", "spread", false, point, new Case() {
            public Object[] arguments(double[] v, boolean forward) throws Exception {
                return forward ? new Object[] {gaussian(v, 0), gaussian(v, 3), number(v, 2, 3, true)}
                        : new Object[] {gaussian(v, 0), v[2]};
            }

            public double[] partials(Object g) throws Exception {
                Object dG = component(g, "dG");
                assertEquals("f.Gaussian", dG.getClass().getName());
                return doubles(gaussianParts(dG), component(g, "dX"));
            }
        });
        // Known values: d/dmu (sigma sin x + mu^2) = 2 mu, d/dsigma = sin x.
        Object gradient = call(method(COMPILED.gradClassFor("f.Fit"), "spreadGradient"), null,
                new Object[] {object("f.Gaussian", 0.4, 1.3), 0.7});
        assertClose("dmu", 0.8, (double) field(component(gradient, "dG"), "mu"));
        assertClose("dsigma", Math.sin(0.7), (double) field(component(gradient, "dG"), "sigma"));
    }

    @Test
    void packagePrivateFieldsAreReadDirectlyAndTheObjectIsRebuiltInItsConstructorsOrder() throws Exception {
        double[] point = {0.9, 0.3, -0.5, 1.1, 0.6};
        check("f.Fit", "line", false, point, new Case() {
            public Object[] arguments(double[] v, boolean forward) throws Exception {
                Object line = object("f.Line", 3, Arrays.copyOfRange(v, 1, 4), v[0]);
                if (!forward) {
                    return new Object[] {line, v[4]};
                }
                Object direction = object("f.Line", 3, Arrays.copyOfRange(v, 6, 9), v[5]);
                return new Object[] {line, direction, number(v, 4, 5, true)};
            }

            public double[] partials(Object g) throws Exception {
                Object dL = component(g, "dL");
                assertEquals(3, (int) field(dL, "count"));
                return doubles(field(dL, "slope"), field(dL, "knots"), component(g, "dX"));
            }
        });
    }

    @Test
    void instanceMethodsTakeTheirObjectAsSelf() throws Exception {
        double[] point = {0.2, 0.9, 1.4};
        for (String name : new String[] {"logPdf", "twice"}) {
            check("f.Gaussian", name, true, point, new Case() {
                public Object[] arguments(double[] v, boolean forward) throws Exception {
                    return forward ? new Object[] {gaussian(v, 0), gaussian(v, 3), number(v, 2, 3, true)}
                            : new Object[] {gaussian(v, 0), v[2]};
                }

                public double[] partials(Object g) throws Exception {
                    return doubles(gaussianParts(component(g, "dSelf")), component(g, "dX"));
                }
            });
        }
    }

    @Test
    void methodsOfAClassCalledOnItsObjects() throws Exception {
        double[] point = {0.2, 0.9, -0.3, 1.7, 1.4};
        check("f.Fit", "mixture", false, point, new Case() {
            public Object[] arguments(double[] v, boolean forward) throws Exception {
                return forward
                        ? new Object[] {gaussian(v, 0), gaussian(v, 5), gaussian(v, 2), gaussian(v, 7), number(v, 4, 5, true)}
                        : new Object[] {gaussian(v, 0), gaussian(v, 2), v[4]};
            }

            public double[] partials(Object g) throws Exception {
                return doubles(gaussianParts(component(g, "dG")), gaussianParts(component(g, "dH")), component(g, "dX"));
            }
        });
    }

    private Object model(double[] v, int at) throws Exception {
        Object params = Class.forName("f.Fit$Params", true, loader).getConstructor(double.class, double.class)
                .newInstance(v[at + 2], v[at + 3]);
        return object("f.Fit$Model", gaussian(v, at), params);
    }

    @Test
    void aClassHoldingAClassAndARecordHasGradientAndHessian() throws Exception {
        double[] point = {0.1, 1.2, 0.7, -0.4, 0.9};
        Case values = new Case() {
            public Object[] arguments(double[] v, boolean forward) throws Exception {
                return forward ? new Object[] {model(v, 0), model(v, 5), number(v, 4, 5, true)}
                        : new Object[] {model(v, 0), v[4]};
            }

            public double[] partials(Object g) throws Exception {
                Object dM = component(g, "dM");
                Object dParams = field(dM, "params");
                return doubles(gaussianParts(field(dM, "prior")), component(dParams, "w"), component(dParams, "b"),
                        component(g, "dX"));
            }
        };
        check("f.Fit", "model", false, point, values);
        Class<?> grad = COMPILED.gradClassFor("f.Fit");
        double[][] hessian = (double[][]) call(method(grad, "modelHessian"), null, values.arguments(point, false));
        assertEquals(point.length, hessian.length);
        for (int k = 0; k < point.length; k++) {
            double[] up = point.clone();
            double[] down = point.clone();
            up[k] += H;
            down[k] -= H;
            double[] gradientUp = values.partials(call(method(grad, "modelGradient"), null, values.arguments(up, false)));
            double[] gradientDown = values.partials(call(method(grad, "modelGradient"), null, values.arguments(down, false)));
            for (int j = 0; j < point.length; j++) {
                assertEquals((gradientUp[j] - gradientDown[j]) / (2 * H), hessian[k][j], 1e-5, "H[" + k + "][" + j + "]");
            }
        }
    }

    @Test
    void generatedCodeReadsPrivateFieldsThroughTheirGetters() {
        String gradient = COMPILED.generatedMethod("f.FitGrad", "spreadGradient");
        org.junit.jupiter.api.Assertions.assertTrue(gradient.contains("g.mu()") && gradient.contains("g.getSigma()"),
                gradient);
        org.junit.jupiter.api.Assertions.assertTrue(
                COMPILED.generatedMethod("f.FitGrad", "lineGradient").contains("new Line(lCount, lKnotsAdj, lSlopeAdj)"));
    }
}
