package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Calls into a {@code @Differentiable} method compiled earlier, as from a jar: only its class files
 * are there, compiled without {@code -parameters}, so its parameter names are gone and its
 * generated gradient record is the only place that still knows them.
 */
class SeparateCompilationTest {

    private static final String LIBRARY = """
            package lib;

            import dev.adjoint.Differentiable;

            public final class Lib {
                @Differentiable
                public static double energy(double position, double velocity, int scale) {
                    return scale * (0.5 * velocity * velocity + Math.cos(position));
                }
            }
            """;

    private static final String APP = """
            package app;

            import dev.adjoint.Differentiable;
            import lib.Lib;

            public final class App {
                @Differentiable
                public static double total(double q, double p) {
                    return Lib.energy(q, p, 2) * q + Lib.energy(p, q, 1);
                }
            }
            """;

    private record Result(boolean success, List<String> errors) {
    }

    private static Result javac(Path out, List<String> extraClasspath, boolean withProcessor, String name, String source)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> classpath = new ArrayList<>(extraClasspath);
        classpath.add(System.getProperty("java.class.path"));
        List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-s", out.toString(),
                "-classpath", String.join(File.pathSeparator, classpath)));
        if (!withProcessor) {
            options.add("-proc:none");
        }
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    List.of(JavaFileObjects.forSourceString(name, source)));
            if (withProcessor) {
                task.setProcessors(List.of(new AdjointProcessor()));
            }
            boolean success = task.call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getLineNumber() + ": " + d.getMessage(null))
                    .toList();
            return new Result(success, errors);
        }
    }

    @Test
    void callsAnAlreadyCompiledDifferentiableMethodInBothModes() throws Exception {
        Path library = Files.createTempDirectory("adjoint-lib");
        Path app = Files.createTempDirectory("adjoint-app");
        Result lib = javac(library, List.of(), true, "lib.Lib", LIBRARY);
        assertTrue(lib.success(), () -> "library: " + lib.errors());
        Result consumer = javac(app, List.of(library.toString()), true, "app.App", APP);
        assertTrue(consumer.success(), () -> "consumer: " + consumer.errors());

        try (URLClassLoader loader = new URLClassLoader(new URL[] {library.toUri().toURL(), app.toUri().toURL()},
                SeparateCompilationTest.class.getClassLoader())) {
            Class<?> appClass = loader.loadClass("app.App");
            Class<?> grad = loader.loadClass("app.AppGrad");
            Method total = appClass.getMethod("total", double.class, double.class);
            Method forward = grad.getMethod("totalForward", Dual.class, Dual.class);
            Method gradient = grad.getMethod("totalGradient", double.class, double.class);
            double q = 0.7;
            double p = -1.3;
            // total = 2 (p^2/2 + cos q) q + (q^2/2 + cos p)
            double dq = 2 * (0.5 * p * p + Math.cos(q)) - 2 * Math.sin(q) * q + q;
            double dp = 2 * p * q - Math.sin(p);
            Object record = gradient.invoke(null, q, p);
            double[] reverse = new double[3];
            var components = record.getClass().getRecordComponents();
            for (int i = 0; i < 3; i++) {
                reverse[i] = (double) components[i].getAccessor().invoke(record);
            }
            assertEquals((double) total.invoke(null, q, p), reverse[0]);
            assertEquals(dq, reverse[1], 1e-12);
            assertEquals(dp, reverse[2], 1e-12);
            Dual alongQ = (Dual) forward.invoke(null, Dual.variable(q), Dual.constant(p));
            Dual alongP = (Dual) forward.invoke(null, Dual.constant(q), Dual.variable(p));
            assertEquals(dq, alongQ.tangent(), 1e-12);
            assertEquals(dp, alongP.tangent(), 1e-12);
        }
    }

    private static final String VECTOR_LIBRARY = """
            package lib;

            import dev.adjoint.Differentiable;

            public final class Vectors {
                @Differentiable
                public static double[] polar(double radius, double angle) {
                    double[] p = new double[2];
                    p[0] = radius * Math.cos(angle);
                    p[1] = radius * Math.sin(angle);
                    return p;
                }
            }
            """;

    private static final String VECTOR_APP = """
            package app;

            import dev.adjoint.Differentiable;
            import lib.Vectors;

            public final class Heights {
                @Differentiable
                public static double height(double r, double t) {
                    double[] p = Vectors.polar(r, t);
                    return p[1] * r + p[0];
                }
            }
            """;

    /** The library is compiled without -parameters: the pullback's record keeps the partials' names. */
    @Test
    void callsAnAlreadyCompiledVectorValuedMethodInBothModes() throws Exception {
        checkHeight("lib.Vectors", VECTOR_LIBRARY, "app.Heights", VECTOR_APP);
    }

    private static void checkHeight(String libraryName, String librarySource, String appName, String appSource)
            throws Exception {
        Path library = Files.createTempDirectory("adjoint-lib");
        Path app = Files.createTempDirectory("adjoint-app");
        Result lib = javac(library, List.of(), true, libraryName, librarySource);
        assertTrue(lib.success(), () -> "library: " + lib.errors());
        Result consumer = javac(app, List.of(library.toString()), true, appName, appSource);
        assertTrue(consumer.success(), () -> "consumer: " + consumer.errors());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {library.toUri().toURL(), app.toUri().toURL()},
                SeparateCompilationTest.class.getClassLoader())) {
            Class<?> grad = loader.loadClass(appName + "Grad");
            double r = 0.7;
            double t = -1.3;
            // height = r² sin t + r cos t
            double dr = 2 * r * Math.sin(t) + Math.cos(t);
            double dt = r * r * Math.cos(t) - r * Math.sin(t);
            Object record = grad.getMethod("heightGradient", double.class, double.class).invoke(null, r, t);
            var components = record.getClass().getRecordComponents();
            assertEquals(dr, (double) components[1].getAccessor().invoke(record), 1e-12);
            assertEquals(dt, (double) components[2].getAccessor().invoke(record), 1e-12);
            Method forward = grad.getMethod("heightForward", Dual.class, Dual.class);
            assertEquals(dr, ((Dual) forward.invoke(null, Dual.variable(r), Dual.constant(t))).tangent(), 1e-12);
            assertEquals(dt, ((Dual) forward.invoke(null, Dual.constant(r), Dual.variable(t))).tangent(), 1e-12);
        }
    }

    private static final String RECORD_LIBRARY = """
            package lib;

            import dev.adjoint.Differentiable;

            public final class Shapes {
                public record Point(double x, double y) { }

                @Differentiable
                public static Point polar(double radius, double angle) {
                    return new Point(radius * Math.cos(angle), radius * Math.sin(angle));
                }
            }
            """;

    private static final String RECORD_APP = """
            package app;

            import dev.adjoint.Differentiable;
            import lib.Shapes;

            public final class Orbit {
                @Differentiable
                public static double height(double r, double t) {
                    Shapes.Point p = Shapes.polar(r, t);
                    return p.y() * r + p.x();
                }
            }
            """;

    @Test
    void callsAnAlreadyCompiledMethodReturningARecordInBothModes() throws Exception {
        checkHeight("lib.Shapes", RECORD_LIBRARY, "app.Orbit", RECORD_APP);
    }

    private static final String RULED_LIBRARY = """
            package lib;

            import dev.adjoint.DerivativeOf;

            public final class Special {
                public static double softplus(double x) {
                    return x > 30 ? x : Math.log1p(Math.exp(x));
                }

                @DerivativeOf("softplus")
                public static double logistic(double x) {
                    return 1 / (1 + Math.exp(-x));
                }
            }
            """;

    private static final String RULED_APP = """
            package app;

            import dev.adjoint.Differentiable;
            import lib.Special;

            public final class Net {
                @Differentiable
                public static double layer(double w, double x) {
                    return Special.softplus(w * x) * w;
                }
            }
            """;

    @Test
    void derivativeRulesCompiledIntoALibraryApply() throws Exception {
        double w = 0.8;
        double x = -1.5;
        double[] gradient = layerGradientWithLibrary("lib.Special", RULED_LIBRARY, RULED_APP, w, x);
        double softplus = Math.log1p(Math.exp(w * x));
        double logistic = 1 / (1 + Math.exp(-w * x));
        assertEquals(logistic * x * w + softplus, gradient[0], 1e-15);
        assertEquals(logistic * w * w, gradient[1], 1e-15);
    }

    /**
     * Compiles {@code librarySource} without the processor (as a jar ships it), then {@code appSource},
     * {@code app.Net} with a {@code @Differentiable layer(w, x)}, against it; the partials of layer at (w, x).
     */
    private static double[] layerGradientWithLibrary(String libraryClass, String librarySource, String appSource,
            double w, double x) throws Exception {
        Path library = Files.createTempDirectory("adjoint-lib");
        Path app = Files.createTempDirectory("adjoint-app");
        Result lib = javac(library, List.of(), false, libraryClass, librarySource);
        assertTrue(lib.success(), () -> "library: " + lib.errors());
        Result consumer = javac(app, List.of(library.toString()), true, "app.Net", appSource);
        assertTrue(consumer.success(), () -> "consumer: " + consumer.errors());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {library.toUri().toURL(), app.toUri().toURL()},
                SeparateCompilationTest.class.getClassLoader())) {
            Class<?> grad = loader.loadClass("app.NetGrad");
            Object record = grad.getMethod("layerGradient", double.class, double.class).invoke(null, w, x);
            var components = record.getClass().getRecordComponents();
            return new double[] {(double) components[1].getAccessor().invoke(record),
                (double) components[2].getAccessor().invoke(record)};
        }
    }

    private static final String RULED_OBJECTS = """
            package lib;

            import dev.adjoint.DerivativeOf;

            public final class Scaled {
                private final double scale;

                public Scaled(double scale) {
                    this.scale = scale;
                }

                public double softplus(double x) {
                    return scale * Math.log1p(Math.exp(x / scale));
                }

                @DerivativeOf("softplus")
                public static double logistic(Scaled self, double x) {
                    return 1 / (1 + Math.exp(-x / self.scale));
                }
            }
            """;

    private static final String OBJECTS_APP = """
            package app;

            import dev.adjoint.Differentiable;
            import lib.Scaled;

            public final class Net {
                @Differentiable
                public static double layer(double w, double x) {
                    Scaled activation = new Scaled(2);
                    return activation.softplus(w * x) * w;
                }
            }
            """;

    @Test
    void rulesForMethodsOfObjectsCompiledIntoALibraryApply() throws Exception {
        double w = 0.8;
        double x = -1.5;
        double[] gradient = layerGradientWithLibrary("lib.Scaled", RULED_OBJECTS, OBJECTS_APP, w, x);
        double softplus = 2 * Math.log1p(Math.exp(w * x / 2));
        double logistic = 1 / (1 + Math.exp(-w * x / 2));
        assertEquals(logistic * x * w + softplus, gradient[0], 1e-15);
        assertEquals(logistic * w * w, gradient[1], 1e-15);
    }

    @Test
    void aHessianThroughALibraryMethodWithoutSecondOrderCodeIsAClearError() throws Exception {
        Path library = Files.createTempDirectory("adjoint-lib");
        Path app = Files.createTempDirectory("adjoint-app");
        Result lib = javac(library, List.of(), true, "lib.Lib", LIBRARY);
        assertTrue(lib.success(), () -> "library: " + lib.errors());
        Result consumer = javac(app, List.of(library.toString()), true, "app.App",
                APP.replace("@Differentiable\n", "@Differentiable(hessian = true)\n"));
        assertTrue(!consumer.success());
        assertEquals(List.of("8: cannot generate fHessian for 'total': 'energy' (compiled earlier) has no second-order code;"
                + " compile it with @Differentiable(hessian = true)"), consumer.errors());
    }

    @Test
    void aDifferentiableMethodCompiledWithoutTheProcessorIsAClearError() throws Exception {
        Path library = Files.createTempDirectory("adjoint-lib");
        Path app = Files.createTempDirectory("adjoint-app");
        Result lib = javac(library, List.of(), false, "lib.Lib", LIBRARY);
        assertTrue(lib.success(), () -> "library: " + lib.errors());
        Result consumer = javac(app, List.of(library.toString()), true, "app.App", APP);
        assertTrue(!consumer.success());
        assertEquals(List.of(
                "9: 'energy' is @Differentiable but its derivatives class lib.LibGrad is not on the class path;"
                        + " compile its source with the Adjoint processor",
                "9: 'energy' is @Differentiable but its derivatives class lib.LibGrad is not on the class path;"
                        + " compile its source with the Adjoint processor"),
                consumer.errors());
    }
}
