package dev.adjoint.processor.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles Java source strings in memory through the Adjoint annotation processor, asserts that the
 * compilation succeeded, and hands back a {@link Compiled} whose class loader sees both the user's
 * classes and the generated ones.
 *
 * <p>The classpath is hermetic: only the JDK, {@code adjoint-annotations} and {@code adjoint-runtime}
 * are visible to the compiled code, exactly what a user of Adjoint has at compile time (the
 * processor itself is handed in as an instance, not put on the classpath). Generated code must
 * therefore not depend on anything but the runtime.
 *
 * <p>Two flavours:
 * <ul>
 *   <li>{@link #compile(String...)}: {@code -parameters -Xlint:all}; any warning reported against a
 *       <em>generated</em> file fails the compilation check (user sources may warn, though the tests
 *       keep theirs clean).</li>
 *   <li>{@link #compileStrict(String...)}: additionally {@code -Werror}, so any warning at all
 *       (including processor-level ones such as unclaimed annotations or an unsupported source
 *       version) fails.</li>
 * </ul>
 */
public final class AdjointCompiler {

    /** The processor under test, by name so that this harness compiles before the processor exists. */
    public static final String PROCESSOR_CLASS = "dev.adjoint.processor.AdjointProcessor";

    private static final List<String> BASE_OPTIONS = List.of("-parameters", "-Xlint:all");

    private AdjointCompiler() {}

    /** Compiles with {@code -parameters -Xlint:all}; fails on errors and on warnings in generated files. */
    public static Compiled compile(String... sources) {
        return compile(BASE_OPTIONS, sources);
    }

    /** Compiles with {@code -parameters -Xlint:all -Werror}: any warning anywhere fails. */
    public static Compiled compileStrict(String... sources) {
        List<String> options = new ArrayList<>(BASE_OPTIONS);
        options.add("-Werror");
        return compile(options, sources);
    }

    /** Compiles with the given javac options and asserts success. */
    public static Compiled compile(List<String> options, String... sources) {
        return compile(options, List.of(), sources);
    }

    /** Compiles against a library (its jar on the classpath, as a user's build has it) and asserts success. */
    public static Compiled compileAgainst(List<File> libraries, String... sources) {
        return compile(BASE_OPTIONS, libraries, sources);
    }

    private static Compiled compile(List<String> options, List<File> libraries, String... sources) {
        Compilation compilation = compileRaw(options, libraries, sources);
        List<String> problems = new ArrayList<>();
        if (compilation.status() != Compilation.Status.SUCCESS) {
            problems.add("compilation FAILED");
        }
        List<JavaFileObject> generatedSources = generatedSourceFiles(compilation);
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                JavaFileObject source = d.getSource();
                if (source != null && isGenerated(source, generatedSources)) {
                    problems.add("warning in generated file " + source.getName());
                }
            }
        }
        if (generatedSources.isEmpty()) {
            problems.add("no source file was generated");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("; ", problems) + "\n" + describe(compilation, sources));
        }
        return new Compiled(compilation, new GeneratedClassLoader(compilation, AdjointCompiler.class.getClassLoader()));
    }

    /** Compiles without asserting anything: for tests that inspect the outcome themselves. */
    public static Compilation compileRaw(List<String> options, String... sources) {
        return compileRaw(options, List.of(), sources);
    }

    /** As {@link #compileRaw(List, String...)}, with classes compiled earlier (as from a jar) on the classpath. */
    public static Compilation compileRaw(List<String> options, List<File> extraClasspath, String... sources) {
        List<File> classpath = new ArrayList<>(List.of(codeSourceOf(Differentiable.class), codeSourceOf(Dual.class)));
        classpath.addAll(extraClasspath);
        List<JavaFileObject> files = new ArrayList<>();
        for (String source : sources) {
            files.add(JavaFileObjects.forSourceString(qualifiedNameOf(source), source));
        }
        Compilation compilation = Compiler.javac()
                .withProcessors(newProcessor())
                .withOptions(options)
                .withClasspath(classpath)
                .compile(files);
        dumpGeneratedSources(options, sources, compilation);
        return compilation;
    }

    /**
     * With {@code -Dadjoint.test.dumpGenerated=dir}, each compilation's generated sources are written to
     * a directory of their own under {@code dir}, named by a hash of the options and sources compiled:
     * running the tests with two processors and comparing the directories shows whether a refactoring
     * left every generated file byte-identical (README, "Verifying a refactoring").
     */
    private static void dumpGeneratedSources(List<String> options, String[] sources, Compilation compilation) {
        String dump = System.getProperty("adjoint.test.dumpGenerated");
        if (dump == null) {
            return;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\u0000", options).getBytes(UTF_8));
            for (String source : sources) {
                sha.update(source.getBytes(UTF_8));
            }
            Path dir = Files.createDirectories(Path.of(dump, HexFormat.of().formatHex(sha.digest()).substring(0, 16)));
            for (JavaFileObject file : generatedSourceFiles(compilation)) {
                String name = file.getName().substring(file.getName().lastIndexOf('/') + 1);
                Files.writeString(dir.resolve(name), file.getCharContent(true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A fresh instance of the processor under test. */
    public static Processor newProcessor() {
        try {
            return (Processor) Class.forName(PROCESSOR_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + PROCESSOR_CLASS + " with its public no-arg constructor", e);
        }
    }

    /** Every diagnostic, the user's sources and the full text of every generated source file. */
    public static String describe(Compilation compilation, String... sources) {
        StringBuilder sb = new StringBuilder();
        sb.append("==== diagnostics (").append(compilation.diagnostics().size()).append(") ====\n");
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            sb.append(d.getKind());
            if (d.getSource() != null) {
                sb.append(' ').append(d.getSource().getName()).append(':').append(d.getLineNumber())
                        .append(':').append(d.getColumnNumber());
            }
            sb.append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
        }
        for (String source : sources) {
            sb.append("==== user source ").append(qualifiedNameOf(source)).append(" ====\n");
            appendNumbered(sb, source);
        }
        List<JavaFileObject> generated = generatedSourceFiles(compilation);
        sb.append("==== generated source files (").append(generated.size()).append(") ====\n");
        for (JavaFileObject file : generated) {
            sb.append("==== generated ").append(file.getName()).append(" ====\n");
            appendNumbered(sb, textOf(file));
        }
        return sb.toString();
    }

    /**
     * The generated source files whether or not the compilation succeeded: compile-testing only
     * exposes them after a success, but a failure inside generated code is exactly when their text
     * is needed, so read its private field.
     */
    public static List<JavaFileObject> generatedSourceFiles(Compilation compilation) {
        return generatedFiles(compilation).stream().filter(f -> f.getKind() == JavaFileObject.Kind.SOURCE).toList();
    }

    /** All generated files (sources and classes) whether or not the compilation succeeded. */
    @SuppressWarnings("unchecked")
    public static List<JavaFileObject> generatedFiles(Compilation compilation) {
        if (compilation.status() == Compilation.Status.SUCCESS) {
            return compilation.generatedFiles();
        }
        try {
            Field field = Compilation.class.getDeclaredField("generatedFiles");
            field.setAccessible(true);
            return (List<JavaFileObject>) field.get(compilation);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of();
        }
    }

    private static void appendNumbered(StringBuilder sb, String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            sb.append(String.format(Locale.ROOT, "%4d| %s%n", i + 1, lines[i]));
        }
    }

    public static String textOf(JavaFileObject file) {
        try {
            return file.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnsupportedOperationException e) {
            try (InputStream in = file.openInputStream()) {
                return new String(in.readAllBytes(), UTF_8);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    }

    private static boolean isGenerated(JavaFileObject source, List<JavaFileObject> generated) {
        for (JavaFileObject g : generated) {
            if (g.toUri().equals(source.toUri()) || g.getName().equals(source.getName())) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern ANY_TYPE = Pattern.compile(
            "^(?:(?:final|abstract|sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);

    /** The qualified name of the source's public top-level type (or its first top-level type). */
    public static String qualifiedNameOf(String source) {
        Matcher pkg = PACKAGE.matcher(source);
        String prefix = pkg.find() ? pkg.group(1) + "." : "";
        Matcher type = PUBLIC_TYPE.matcher(source);
        if (!type.find()) {
            type = ANY_TYPE.matcher(source);
            if (!type.find()) {
                throw new IllegalArgumentException("no top-level type declaration (at column 0) in:\n" + source);
            }
        }
        return prefix + type.group(1);
    }

    /** The jar or class directory {@code c} was loaded from. */
    /** The jar of a library on the test classpath (a test dependency), named by one of its classes. */
    public static File jarOf(String className) {
        try {
            return codeSourceOf(Class.forName(className));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " should come from a test dependency of the processor", e);
        }
    }

    public static File codeSourceOf(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
