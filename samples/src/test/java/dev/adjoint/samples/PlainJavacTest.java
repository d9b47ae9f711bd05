package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor jar is a complete processor path on its own, as Bazel, Ant, plain javac or an IDE's
 * manual setting use it: a fresh {@code javac} process with only that jar on {@code -processorpath}
 * and the annotations and runtime on the class path generates working derivatives.
 */
class PlainJavacTest {

    private static final String SOURCE = """
            package plain;

            import dev.adjoint.Differentiable;

            public class Model {
                @Differentiable
                public static double f(double x, double y) {
                    return Math.exp(x) * Math.sin(y);
                }
            }
            """;

    @Test
    void theProcessorJarAloneIsTheProcessorPath(@TempDir Path work) throws Exception {
        Path processorJar = Path.of(System.getProperty("adjoint.processor.jar", "")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(processorJar), "build the processor jar first (mvn verify): " + processorJar);
        Path source = work.resolve("src/plain/Model.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
        Path classes = work.resolve("classes");
        String classpath = codeSource(Differentiable.class) + File.pathSeparator + codeSource(Dual.class);
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");

        Process process = new ProcessBuilder(javac.toString(), "-processorpath", processorJar.toString(),
                "-classpath", classpath, "-d", classes.toString(), "-Xlint:all", "-Werror", source.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "javac did not finish");
        assertEquals(0, process.exitValue(), "javac failed:\n" + output);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                PlainJavacTest.class.getClassLoader())) {
            Class<?> grad = loader.loadClass("plain.ModelGrad");
            Method forward = grad.getMethod("fForward", Dual.class, Dual.class);
            Dual dx = (Dual) forward.invoke(null, Dual.variable(0.5), Dual.constant(1.2));
            assertEquals(Math.exp(0.5) * Math.sin(1.2), dx.value(), 0.0);
            assertEquals(Math.exp(0.5) * Math.sin(1.2), dx.tangent(), 1e-15);
            Object gradient = grad.getMethod("fGradient", double.class, double.class).invoke(null, 0.5, 1.2);
            double dy = (double) gradient.getClass().getMethod("dY").invoke(gradient);
            assertEquals(Math.exp(0.5) * Math.cos(1.2), dy, 1e-15);
        }
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
