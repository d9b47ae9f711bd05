package dev.adjoint.processor.ecosystem;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer that is itself a JPMS module: {@code requires dev.adjoint; requires dev.adjoint.runtime;}
 * with adjoint-annotations and adjoint-runtime on the {@code --module-path}, compiled by javac with the
 * processor. The generated class must compile inside module {@code demo} (with nothing but those two
 * {@code requires}, so {@code dev.adjoint} must pass on the compile-time readability of
 * {@code java.compiler} that {@code @Generated} needs), and must run in a module layer where the runtime
 * is the named module {@code dev.adjoint.runtime}.
 */
class ModularConsumerTest {

    private static final String MODULE_INFO = """
            module demo {
                requires dev.adjoint;
                requires dev.adjoint.runtime;
            }
            """;

    private static final String PRICING = """
            package demo;

            import dev.adjoint.Differentiable;

            public class Pricing {
                @Differentiable
                public static double f(double x, double y, double z) {
                    return Math.tanh(Math.log(1 + z * (2 * x / Math.sin(y))));
                }

                /** A loop: reverse mode keeps the overwritten r on the runtime's DoubleStack. */
                @Differentiable
                public static double power(double x, int n) {
                    double r = 1;
                    for (int i = 0; i < n; i++) {
                        r = r * x;
                    }
                    return r;
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void annotationsAndRuntimeAreNamedModules() throws Exception {
        assertModule(location(Differentiable.class), "dev.adjoint", "dev.adjoint");
        assertModule(location(Dual.class), "dev.adjoint.runtime", "dev.adjoint.runtime");
    }

    @Test
    void modularConsumerCompilesAndRunsInAModuleLayer() throws Exception {
        Path src = dir.resolve("src");
        Path generated = dir.resolve("generated");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.resolve("demo"));
        Files.createDirectories(generated);
        Files.createDirectories(classes);
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO, UTF_8);
        Files.writeString(src.resolve("demo/Pricing.java"), PRICING, UTF_8);

        Path annotations = location(Differentiable.class);
        Path runtime = location(Dual.class);
        compile(List.of(src.resolve("module-info.java"), src.resolve("demo/Pricing.java")), generated, classes,
                List.of(annotations, runtime));

        assertTrue(Files.isRegularFile(generated.resolve("demo/PricingGrad.java")), "PricingGrad.java generated");
        assertTrue(Files.isRegularFile(classes.resolve("demo/PricingGrad.class")), "PricingGrad compiled");
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), "module demo compiled");

        // A layer of its own: demo, dev.adjoint and dev.adjoint.runtime as named modules, loaded apart
        // from the copies on the test class path (parent: the platform loader).
        ModuleFinder finder = ModuleFinder.of(classes, annotations, runtime);
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("demo"));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration,
                List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
        ModuleLayer layer = controller.layer();
        Module demo = layer.findModule("demo").orElseThrow();
        // module demo exports nothing; open its package to this test only, as a framework would.
        controller.addExports(demo, "demo", getClass().getModule());

        Class<?> grad = Class.forName(demo, "demo.PricingGrad");
        assertEquals(demo, grad.getModule());

        Method forward = grad.getMethod("fForward", dualOf(layer), dualOf(layer), dualOf(layer));
        assertEquals("dev.adjoint.runtime", forward.getParameterTypes()[0].getModule().getName(),
                "generated code uses the runtime's named module");

        double x = 1, y = 2, z = 3;
        Object gradient = grad.getMethod("fGradient", double.class, double.class, double.class).invoke(null, x, y, z);
        double u = 1 + z * (2 * x / Math.sin(y));
        double value = Math.tanh(Math.log(u));
        double common = (1 - value * value) / u;
        assertEquals(value, component(gradient, "value"), 0.0);
        assertEquals(common * z * 2 / Math.sin(y), component(gradient, "dX"), 1e-12);
        assertEquals(-common * z * 2 * x * Math.cos(y) / (Math.sin(y) * Math.sin(y)), component(gradient, "dY"), 1e-12);
        assertEquals(common * 2 * x / Math.sin(y), component(gradient, "dZ"), 1e-12);

        Object power = grad.getMethod("powerGradient", double.class, int.class).invoke(null, 1.5, 5);
        assertEquals(Math.pow(1.5, 5), component(power, "value"), 1e-12);
        assertEquals(5 * Math.pow(1.5, 4), component(power, "dX"), 1e-12);
    }

    private static void compile(List<Path> sources, Path generated, Path classes, List<Path> modulePath)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
            List<String> options = new ArrayList<>(List.of(
                    "--release", "17",
                    "-Xlint:all", "-Werror",
                    "--module-path", modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                    "-s", generated.toString(),
                    "-d", classes.toString()));
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources));
            task.setProcessors(List.of(new AdjointProcessor()));
            boolean ok = task.call();
            String report = diagnostics.getDiagnostics().stream()
                    .map(d -> d.getKind() + ": " + d.getSource() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            assertTrue(ok, "modular consumer failed to compile:\n" + report);
            assertTrue(diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
                    || d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING),
                    "no errors or warnings:\n" + report);
        }
    }

    /** The class dir (in the reactor) or jar (from a repository) a class was loaded from. */
    static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void assertModule(Path location, String name, String exported) {
        ModuleDescriptor descriptor = ModuleFinder.of(location).findAll().stream()
                .map(reference -> reference.descriptor())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no module found at " + location));
        assertEquals(name, descriptor.name(), location + " must hold module-info.class of " + name);
        assertTrue(!descriptor.isAutomatic(), name + " must be explicit, not automatic");
        assertTrue(descriptor.exports().stream().anyMatch(e -> e.source().equals(exported) && !e.isQualified()),
                name + " exports " + exported);
    }

    private static Class<?> dualOf(ModuleLayer layer) throws ClassNotFoundException {
        return Class.forName(layer.findModule("dev.adjoint.runtime").orElseThrow(), "dev.adjoint.runtime.Dual");
    }

    private static double component(Object record, String name) throws ReflectiveOperationException {
        return (double) record.getClass().getMethod(name).invoke(record);
    }
}
