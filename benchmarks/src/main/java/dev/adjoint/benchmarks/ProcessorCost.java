package dev.adjoint.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import dev.adjoint.processor.AdjointProcessor;

/**
 * The processor's cost to a build: javac (in process, {@code javax.tools}) compiling one generated
 * class of {@code methods} {@code @Differentiable} methods of {@code statements} straight-line
 * statements each, with {@code -proc:none} and with Adjoint's processor (which also compiles the
 * generated {@code *Grad} class), and with {@code -proc:none} on the input and the generated source
 * together: what javac alone spends on the generated code, so that the rest is the processor's own
 * work (reading trees, transforming, writing the source). Prints a markdown table.
 *
 * <p>With {@code cold} as a fourth argument, each compilation is a {@code javac} process of its own
 * instead, the way a build that starts the compiler afresh pays for it.
 *
 * <pre>java -cp target/benchmarks.jar dev.adjoint.benchmarks.ProcessorCost [methods=100] [sizes=10,100,1000] [reps=5] [cold]</pre>
 */
public final class ProcessorCost {

    private ProcessorCost() {
    }

    /** One statement of a chain {@code v0, v1, ...}, cycling through four shapes. */
    static String statement(int k) {
        String a = "v" + (k - 1);
        String b = "v" + (k - 2);
        switch (k % 4) {
            case 0: return "double v" + k + " = " + a + " * y + Math.sin(" + b + ");";
            case 1: return "double v" + k + " = Math.exp(-" + a + " * " + a + ") + x * " + b + ";";
            case 2: return "double v" + k + " = " + a + " / (1 + " + b + " * " + b + ");";
            default: return "double v" + k + " = Math.log1p(" + a + " * " + a + ") - 0.5 * " + b + ";";
        }
    }

    static String source(String cls, int methods, int statements) {
        StringBuilder s = new StringBuilder("package gen;\n\nimport dev.adjoint.Differentiable;\n\npublic class ")
                .append(cls).append(" {\n");
        for (int m = 0; m < methods; m++) {
            s.append("    @Differentiable\n    public static double m").append(m).append("(double x, double y) {\n");
            s.append("        double v0 = x * y;\n        double v1 = Math.sin(x) + y;\n");
            for (int k = 2; k < statements; k++) {
                s.append("        ").append(statement(k)).append('\n');
            }
            s.append("        return v").append(Math.max(1, statements - 1)).append(" + v0;\n    }\n\n");
        }
        return s.append("}\n").toString();
    }

    record Result(long nanos, long generatedChars, long classBytes, List<String> errors, List<JavaFileObject> generated) {
    }

    static JavaFileObject sourceFile(String path, String text) {
        return new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }

    static Result compile(String cls, String source, boolean withProcessor) throws IOException {
        return compile(cls, source, withProcessor, List.of());
    }

    static Result compile(String cls, String source, boolean withProcessor, List<JavaFileObject> alsoCompiled)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path dir = Files.createTempDirectory("adjoint-cost");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path generated = Files.createDirectories(dir.resolve("generated"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
            List<JavaFileObject> sources = new ArrayList<>(List.of(sourceFile("gen/" + cls + ".java", source)));
            sources.addAll(alsoCompiled);
            List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                    "--release", "17", "-implicit:class"));
            if (!withProcessor) {
                options.add("-proc:none");
            }
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null, sources);
            if (withProcessor) {
                task.setProcessors(List.of(new AdjointProcessor()));
            }
            long start = System.nanoTime();
            boolean ok = task.call();
            long nanos = System.nanoTime() - start;
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(d.getMessage(Locale.ROOT));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add("compilation failed");
            }
            List<JavaFileObject> generatedSources = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(generated)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    generatedSources.add(sourceFile(generated.relativize(p).toString(), Files.readString(p)));
                }
            }
            return new Result(nanos, size(generated), size(classes), errors, generatedSources);
        } finally {
            deleteRecursively(dir);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /**
     * Wall time of one {@code javac} process compiling {@code source}, as a build that starts the
     * compiler afresh pays it: JVM start, javac's own class loading and unwarmed code included.
     */
    static long coldCompile(String cls, String source, boolean withProcessor) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("adjoint-cold");
        try {
            Path file = dir.resolve("gen").resolve(cls + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            String classPath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                    "-d", dir.resolve("classes").toString(), "-s", dir.resolve("generated").toString(),
                    "--release", "17", "-implicit:class", "-classpath", classPath));
            if (withProcessor) {
                command.addAll(List.of("-processorpath", classPath, "-processor", AdjointProcessor.class.getName()));
            } else {
                command.add("-proc:none");
            }
            command.add(file.toString());
            long start = System.nanoTime();
            Process javac = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                    .start();
            int exit = javac.waitFor();
            long nanos = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException("javac failed: " + Files.readString(dir.resolve("log")));
            }
            return nanos;
        } finally {
            deleteRecursively(dir);
        }
    }

    /** The cold table: one fresh javac process per compilation, median of {@code reps}. */
    static void cold(int methods, int[] sizes, int reps) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "javac %s as a process, %d methods per class, median of %d compilations%n%n",
                System.getProperty("java.version"), methods, reps);
        System.out.println("| statements per method | source | javac -proc:none | javac + Adjoint | ratio |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        for (int statements : sizes) {
            String cls = "Gen" + statements;
            String src = source(cls, methods, statements);
            long[] without = new long[reps];
            long[] with = new long[reps];
            for (int i = 0; i < reps; i++) {
                without[i] = coldCompile(cls, src, false);
                with[i] = coldCompile(cls, src, true);
            }
            double wo = median(without) / 1e6;
            double w = median(with) / 1e6;
            System.out.printf(Locale.ROOT, "| %d | %.0f KB | %.0f ms | %.0f ms | %.2f× |%n", statements,
                    src.length() / 1024.0, wo, w, w / wo);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int methods = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int[] sizes = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 100, 1000};
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (args.length > 3 && args[3].equals("cold")) {
            cold(methods, sizes, reps);
            return;
        }
        System.out.printf(Locale.ROOT, "javac %s, %d methods per class, median of %d in-process compilations after 2 warm-ups%n%n",
                System.getProperty("java.version"), methods, reps);
        System.out.println("| statements per method | source | javac -proc:none | javac + Adjoint | processor overhead | javac -proc:none on source + generated | of which the processor's own work | generated source | class files (with / without) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int statements : sizes) {
            String cls = "Gen" + statements;
            String src = source(cls, methods, statements);
            int r = statements >= 1000 ? Math.max(3, reps / 2) : reps;
            long[] without = new long[r];
            long[] with = new long[r];
            long[] both = new long[r];
            Result lastWith = null;
            Result lastWithout = null;
            for (int i = -2; i < r; i++) {
                Result a = compile(cls, src, false);
                Result b = compile(cls, src, true);
                Result c = b.errors().isEmpty() ? compile(cls, src, false, b.generated()) : b;
                if (!a.errors().isEmpty() || !b.errors().isEmpty()) {
                    System.out.printf(Locale.ROOT, "| %d | %.0f KB | %s | %s | | | | | |%n", statements, src.length() / 1024.0,
                            a.errors().isEmpty() ? "ok" : "error: " + a.errors().get(0),
                            b.errors().isEmpty() ? "ok" : "error: " + b.errors().get(0).replace('\n', ' '));
                    lastWith = null;
                    break;
                }
                if (i >= 0) {
                    without[i] = a.nanos();
                    with[i] = b.nanos();
                    both[i] = c.nanos();
                }
                lastWith = b;
                lastWithout = a;
            }
            if (lastWith == null) {
                continue;
            }
            double w = median(with) / 1e6;
            double wo = median(without) / 1e6;
            double b = median(both) / 1e6;
            System.out.printf(Locale.ROOT,
                    "| %d | %.0f KB | %.0f ms | %.0f ms | +%.0f ms (%.2f×) | %.0f ms (%.2f×) | %.0f ms | %.0f KB | %.0f KB / %.0f KB |%n",
                    statements, src.length() / 1024.0, wo, w, w - wo, w / wo, b, b / wo, w - b,
                    lastWith.generatedChars() / 1024.0,
                    lastWith.classBytes() / 1024.0, lastWithout.classBytes() / 1024.0);
        }
    }
}
