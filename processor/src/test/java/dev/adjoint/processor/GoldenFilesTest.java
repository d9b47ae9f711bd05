package dev.adjoint.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: the exact generated code of representative shapes, so that every change to generated
 * code shows up as a reviewable diff and a refactoring can prove it changed none.
 *
 * <p>Each folder under {@code src/test/resources/golden/} is one case: {@code input/} holds the user's
 * sources, {@code library/} (optional) sources compiled first on their own, as from a jar, and
 * {@code expected/} every generated source file by its simple name; {@code sources.txt} (optional) names
 * further inputs that live elsewhere in the repository, relative to the processor module, such as the
 * benchmarks' functions, so that their generated code is pinned where it is measured; {@code classpath.txt}
 * (optional) names one class of each published library (a test dependency) whose jar the case compiles
 * against. To accept a
 * change on purpose:
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl processor test -Dtest=GoldenFilesTest -Dgolden.update=true
 * git diff processor/src/test/resources/golden
 * </pre>
 */
class GoldenFilesTest {

    private static final Path ROOT = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> generatedCodeMatchesTheGoldenFiles() throws IOException {
        assertTrue(Files.isDirectory(ROOT), "run from the processor module: no " + ROOT.toAbsolutePath());
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(ROOT)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 12, "expected at least a dozen golden cases, found " + cases);
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        List<File> classpath = new ArrayList<>();
        Path library = dir.resolve("library");
        if (Files.isDirectory(library)) {
            classpath.add(compileLibrary(library).toFile());
        }
        classpath.addAll(publishedJars(dir));
        List<String> inputs = new ArrayList<>(readAll(dir.resolve("input")).values());
        Path elsewhere = dir.resolve("sources.txt");
        if (Files.exists(elsewhere)) {
            for (String line : Files.readAllLines(elsewhere, UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    inputs.add(Files.readString(Path.of(line.strip()), UTF_8));
                }
            }
        }
        assertTrue(!inputs.isEmpty(), "no input in " + dir);
        String[] sources = inputs.toArray(String[]::new);
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), classpath, sources);
        assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> AdjointCompiler.describe(compilation, sources));

        Map<String, String> actual = new TreeMap<>();
        for (JavaFileObject file : AdjointCompiler.generatedSourceFiles(compilation)) {
            String name = Path.of(file.toUri().getPath()).getFileName().toString();
            actual.put(name, AdjointCompiler.textOf(file));
        }
        Path expectedDir = dir.resolve("expected");
        if (UPDATE) {
            write(expectedDir, actual);
        }
        Map<String, String> expected = readAll(expectedDir);
        assertEquals(expected.keySet(), actual.keySet(), "generated files of " + dir.getFileName());
        for (Map.Entry<String, String> file : actual.entrySet()) {
            assertEquals(expected.get(file.getKey()), file.getValue(),
                    dir.getFileName() + "/expected/" + file.getKey() + " differs; if the change is intended, "
                            + "rerun with -Dgolden.update=true and review git diff");
        }
    }

    /** The jars a case's {@code classpath.txt} names, each by one of its classes. */
    static List<File> publishedJars(Path dir) throws IOException {
        List<File> jars = new ArrayList<>();
        Path published = dir.resolve("classpath.txt");
        if (Files.exists(published)) {
            for (String className : Files.readAllLines(published, UTF_8)) {
                if (!className.isBlank() && !className.startsWith("#")) {
                    jars.add(AdjointCompiler.jarOf(className.strip()));
                }
            }
        }
        return jars;
    }


    /** The library's classes and their generated *Grad classes, in a fresh directory: what a jar holds. */
    private static Path compileLibrary(Path library) throws IOException {
        Path out = Files.createTempDirectory("adjoint-golden-lib");
        List<File> files;
        try (Stream<Path> paths = Files.list(library)) {
            files = paths.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
            String classpath = AdjointCompiler.codeSourceOf(Differentiable.class) + File.pathSeparator
                    + AdjointCompiler.codeSourceOf(Dual.class);
            JavaCompiler.CompilationTask task = javac.getTask(null, manager, diagnostics,
                    List.of("-d", out.toString(), "-classpath", classpath, "-s", out.toString()), null,
                    manager.getJavaFileObjectsFromFiles(files));
            task.setProcessors(List.of(AdjointCompiler.newProcessor()));
            assertTrue(task.call(), () -> "library of " + library + " failed: " + diagnostics.getDiagnostics());
        }
        return out;
    }

    private static Map<String, String> readAll(Path dir) throws IOException {
        Map<String, String> texts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return texts;
        }
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                texts.put(path.getFileName().toString(), Files.readString(path, UTF_8));
            }
        }
        return texts;
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path path : old.toList()) {
                Files.delete(path);
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue(), UTF_8);
        }
    }
}
