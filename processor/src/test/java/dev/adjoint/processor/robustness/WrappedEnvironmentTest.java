package dev.adjoint.processor.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.GradleLikeEnvironment;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor behind the wrappers build tools put around javac's {@link ProcessingEnvironment}.
 * Each test runs plain javac ({@link ToolProvider#getSystemJavaCompiler()}) with one processor, a
 * {@link WrappingProcessor} that forwards everything to a real {@code AdjointProcessor} but hands its
 * {@code init} a wrapped environment:
 * <ul>
 *   <li>Gradle-like: an object implementing {@code ProcessingEnvironment} that delegates every method
 *       and keeps the real environment in a field named {@code delegate} (and wraps the {@code Filer},
 *       as Gradle's incremental processing does, to see what the processor writes);</li>
 *   <li>IntelliJ-like: a {@link Proxy} whose {@link InvocationHandler} holds the real environment;</li>
 *   <li>both nested, and a proxy whose handler is a lambda;</li>
 *   <li>a wrapper the processor cannot see through (the real environment reachable only through a
 *       {@code Supplier} over an {@code Object}): exactly one clear error, no exception out of javac.</li>
 * </ul>
 */
class WrappedEnvironmentTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class C {
                @Differentiable
                public static double f(double x, double y) {
                    return Math.sin(x) * y + Math.exp(x * y);
                }
            }
            """;

    private static final List<String> OPTIONS = List.of("-parameters", "-Xlint:all", "-Werror");

    @TempDir
    Path dir;

    // ---------------------------------------------------------------------------------- wrappers

    /** Like IntelliJ's: a proxy whose handler keeps the real environment in a field. */
    static final class ForwardingHandler implements InvocationHandler {
        private final ProcessingEnvironment delegate;

        ForwardingHandler(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return forward(delegate, method, args);
        }
    }

    static Object forward(Object target, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> args[0] == target;
                case "hashCode" -> System.identityHashCode(target);
                default -> "Proxy for " + target;
            };
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static ProcessingEnvironment proxyOf(InvocationHandler handler) {
        return (ProcessingEnvironment) Proxy.newProxyInstance(WrappedEnvironmentTest.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, handler);
    }

    /**
     * A wrapper that hides the real environment: no field of a {@code ProcessingEnvironment} type or of
     * a known name holds it, only a {@code Supplier} whose lambda captured it as an {@code Object}.
     */
    static final class OpaqueEnvironment implements ProcessingEnvironment {
        private final Supplier<Object> source;

        OpaqueEnvironment(ProcessingEnvironment real) {
            Object hidden = real;
            this.source = () -> hidden;
        }

        private ProcessingEnvironment env() {
            return (ProcessingEnvironment) source.get();
        }

        @Override
        public Map<String, String> getOptions() {
            return env().getOptions();
        }

        @Override
        public Messager getMessager() {
            return env().getMessager();
        }

        @Override
        public Filer getFiler() {
            return env().getFiler();
        }

        @Override
        public Elements getElementUtils() {
            return env().getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return env().getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return env().getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return env().getLocale();
        }

        @Override
        public boolean isPreviewEnabled() {
            return env().isPreviewEnabled();
        }
    }

    /** Forwards every {@link Processor} method to a real AdjointProcessor, but inits it with a wrapper. */
    static final class WrappingProcessor implements Processor {
        private final Processor real = AdjointCompiler.newProcessor();
        private final Function<ProcessingEnvironment, ProcessingEnvironment> wrap;
        ProcessingEnvironment javacEnvironment;
        ProcessingEnvironment wrapped;
        int rounds;

        WrappingProcessor(Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public Set<String> getSupportedOptions() {
            return real.getSupportedOptions();
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return real.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return real.getSupportedSourceVersion();
        }

        @Override
        public void init(ProcessingEnvironment processingEnv) {
            javacEnvironment = processingEnv;
            wrapped = wrap.apply(processingEnv);
            real.init(wrapped);
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
            rounds++;
            return real.process(annotations, roundEnv);
        }

        @Override
        public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                ExecutableElement member, String userText) {
            return real.getCompletions(element, annotation, member, userText);
        }
    }

    // ------------------------------------------------------------------------------- compilation

    private record Outcome(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path classes,
            Path generated) {

        List<Diagnostic<? extends JavaFileObject>> of(Diagnostic.Kind... kinds) {
            Set<Diagnostic.Kind> wanted = Set.of(kinds);
            return diagnostics.stream().filter(d -> wanted.contains(d.getKind())).toList();
        }

        String describe() {
            return diagnostics.stream().map(d -> d.getKind() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n", "diagnostics:\n", ""));
        }
    }

    /** Runs javac on {@link #SOURCE} with exactly {@code processor}; javac must not throw. */
    private Outcome compile(Processor processor) throws IOException {
        Path src = dir.resolve("src/p/C.java");
        Path classes = dir.resolve("classes");
        Path generated = dir.resolve("generated");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.createDirectories(generated);
        Files.writeString(src, SOURCE, StandardCharsets.UTF_8);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(OPTIONS);
            options.addAll(List.of("-classpath", codeSourceOf(Differentiable.class) + File.pathSeparator + codeSourceOf(Dual.class),
                    "-d", classes.toString(), "-s", generated.toString()));
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(src.toFile()));
            task.setProcessors(List.of(processor));
            boolean success = task.call(); // an exception out of the processor would surface here
            return new Outcome(success, diagnostics.getDiagnostics(), classes, generated);
        }
    }

    /** The wrapped run must succeed with no diagnostics at all and generate working derivatives. */
    private void assertGeneratesCleanly(WrappingProcessor processor) throws Exception {
        Outcome outcome = compile(processor);
        assertTrue(outcome.success(), outcome::describe);
        assertEquals(List.of(), outcome.of(Diagnostic.Kind.ERROR, Diagnostic.Kind.WARNING,
                Diagnostic.Kind.MANDATORY_WARNING), outcome::describe);
        assertNotSame(processor.javacEnvironment, processor.wrapped);
        assertTrue(processor.rounds > 0, "process was never forwarded");
        assertTrue(Files.isRegularFile(outcome.generated().resolve("p/CGrad.java")), "no p/CGrad.java generated");
        assertTrue(Files.isRegularFile(outcome.classes().resolve("p/CGrad.class")), "p/CGrad.java not compiled");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {outcome.classes().toUri().toURL()},
                WrappedEnvironmentTest.class.getClassLoader())) {
            Class<?> user = Class.forName("p.C", true, loader);
            Class<?> grad = Class.forName("p.CGrad", true, loader);
            new GradientChecker(user, grad).check("f", 0.3, -1.2)
                    .assertDerivatives(1e-12, Math.cos(0.3) * -1.2 + -1.2 * Math.exp(0.3 * -1.2),
                            Math.sin(0.3) + 0.3 * Math.exp(0.3 * -1.2));
        }
    }

    // ------------------------------------------------------------------------------------- tests

    @Test
    void gradleLikeDelegateFieldIsUnwrapped() throws Exception {
        WrappingProcessor processor = new WrappingProcessor(GradleLikeEnvironment::new);
        assertGeneratesCleanly(processor);
        // the processor writes through the wrapper's Filer, one file per class with the class as
        // its single originating element (what Gradle's isolating incremental mode requires)
        GradleLikeEnvironment.RecordingFiler filer = ((GradleLikeEnvironment) processor.wrapped).filer();
        assertEquals(Map.of("p.CGrad", "p.C"), filer.sources());
        assertEquals(List.of(), filer.violations());
    }

    @Test
    void proxyWithHandlerHoldingTheEnvironmentIsUnwrapped() throws Exception {
        WrappingProcessor processor = new WrappingProcessor(env -> proxyOf(new ForwardingHandler(env)));
        assertGeneratesCleanly(processor);
        assertTrue(Proxy.isProxyClass(processor.wrapped.getClass()));
    }

    @Test
    void proxyWhoseHandlerIsALambdaIsUnwrapped() throws Exception {
        // the lambda's captured variable is a synthetic field of type ProcessingEnvironment
        assertGeneratesCleanly(new WrappingProcessor(env -> proxyOf((proxy, method, args) -> forward(env, method, args))));
    }

    @Test
    void nestedWrappersAreUnwrapped() throws Exception {
        assertGeneratesCleanly(new WrappingProcessor(env -> proxyOf(new ForwardingHandler(new GradleLikeEnvironment(env)))));
        assertGeneratesCleanly(new WrappingProcessor(env -> new GradleLikeEnvironment(proxyOf(new ForwardingHandler(env)))));
    }

    @Test
    void opaqueWrapperGivesExactlyOneClearError() throws Exception {
        WrappingProcessor processor = new WrappingProcessor(OpaqueEnvironment::new);
        Outcome outcome = compile(processor); // no exception out of javac
        assertFalse(outcome.success(), outcome::describe);
        List<Diagnostic<? extends JavaFileObject>> errors = outcome.of(Diagnostic.Kind.ERROR);
        assertEquals(1, errors.size(), outcome::describe);
        String message = errors.get(0).getMessage(Locale.ROOT);
        assertTrue(message.contains("processing environment"), message);
        assertTrue(message.contains(OpaqueEnvironment.class.getName()), message);
        assertTrue(message.contains("Trees API"), message);
        assertEquals(List.of(), outcome.of(Diagnostic.Kind.WARNING, Diagnostic.Kind.MANDATORY_WARNING),
                outcome::describe);
        assertFalse(Files.exists(outcome.generated().resolve("p/CGrad.java")), "generated code without trees");
    }

    private static String codeSourceOf(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
