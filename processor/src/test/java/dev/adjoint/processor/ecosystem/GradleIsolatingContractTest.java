package dev.adjoint.processor.ecosystem;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.testing.GradleLikeEnvironment;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor declares itself {@code isolating} to Gradle
 * ({@code META-INF/gradle/incremental.annotation.processors}). Gradle's contract for that: every file
 * written through the {@link Filer} has exactly one originating element (here: the class that holds
 * the {@code @Differentiable} methods), and the processor reads no resources. Gradle checks this by wrapping the processing
 * environment; this test does the same (its wrapper keeps javac's environment in a {@code delegate}
 * field, as Gradle's does, so the processor must also find javac's environment behind it).
 */
class GradleIsolatingContractTest {

    private static final String REGISTRATION = "META-INF/gradle/incremental.annotation.processors";

    @TempDir
    Path dir;

    @Test
    void processorIsRegisteredAsIsolating() throws IOException {
        assertEquals(List.of(AdjointProcessor.class.getName() + ",isolating"), lines(REGISTRATION));
        assertTrue(lines("META-INF/services/javax.annotation.processing.Processor")
                .contains(AdjointProcessor.class.getName()), "the javac registration names the same class");
    }

    @Test
    void everyGeneratedFileHasItsAnnotatedClassAsSingleOriginatingElement() throws Exception {
        Path src = dir.resolve("src/p");
        Files.createDirectories(src);
        Files.writeString(src.resolve("A.java"), """
                package p;
                import dev.adjoint.Differentiable;
                public class A {
                    @Differentiable public static double f(double x) { return x * x; }
                    @Differentiable public static double g(double x, double y) { return Math.sin(x) * y; }
                    public static class Inner {
                        @Differentiable public static double h(double x) { return Math.exp(x); }
                    }
                }
                """, UTF_8);
        Files.writeString(src.resolve("B.java"), """
                package p;
                import dev.adjoint.Differentiable;
                public class B {
                    @Differentiable public static double k(double x) { return A.f(x) + 1; }
                }
                """, UTF_8);
        Files.writeString(src.resolve("Plain.java"), """
                package p;
                public class Plain { public static double twice(double x) { return 2 * x; } }
                """, UTF_8);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createDirectories(dir.resolve("classes"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
            String classPath = ModularConsumerTest.location(Differentiable.class) + File.pathSeparator
                    + ModularConsumerTest.location(Dual.class);
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-classpath", classPath, "-d", out.toString()), null,
                    files.getJavaFileObjectsFromPaths(
                            List.of(src.resolve("A.java"), src.resolve("B.java"), src.resolve("Plain.java"))));
            GradleLikeProcessor processor = new GradleLikeProcessor(new AdjointProcessor());
            task.setProcessors(List.of(processor));
            boolean ok = task.call();
            assertTrue(ok, diagnostics.getDiagnostics().stream().map(Object::toString)
                    .collect(Collectors.joining("\n")));
            assertEquals(List.of(), processor.wrapped.filer().violations());
            assertEquals(Map.of("p.AGrad", "p.A", "p.A_InnerGrad", "p.A.Inner", "p.BGrad", "p.B"),
                    processor.wrapped.filer().sources(),
                    "one generated file per annotated class, originating from that class only");
        }
        assertTrue(Files.isRegularFile(out.resolve("p/A_InnerGrad.class")));
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = AdjointProcessor.class.getClassLoader().getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " is on the processor's class path");
            return new String(in.readAllBytes(), UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        }
    }

    /** Runs a processor against a wrapped environment, the way Gradle's incremental processing does. */
    private static final class GradleLikeProcessor implements Processor {
        private final Processor delegate;
        private GradleLikeEnvironment wrapped;

        GradleLikeProcessor(Processor delegate) {
            this.delegate = delegate;
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }

        @Override
        public void init(ProcessingEnvironment environment) {
            wrapped = new GradleLikeEnvironment(environment);
            delegate.init(wrapped);
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return delegate.process(annotations, round);
        }

        @Override
        public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                ExecutableElement member, String userText) {
            return delegate.getCompletions(element, annotation, member, userText);
        }
    }
}
