package dev.adjoint.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

import dev.adjoint.processor.AdjointProcessor;

/**
 * Where the generated code's volume comes from: the {@code *Grad} class of one method of
 * {@link ProcessorCost}'s chain of N statements, member by member (forward mode, reverse mode, the
 * gradient record, ...), in characters of Javadoc, of comments and of code, lines of code, operators
 * (what javac's attribution pays for: every binary operator and compound assignment is resolved
 * against the operator table), method calls, and bytes of bytecode (from {@code javap -c}). Volume,
 * unlike time, is exact on a loaded machine. Prints markdown tables.
 *
 * <p>The processor measured is the {@code AdjointProcessor} first on the class path: the installed
 * one, shaded into the benchmarks jar; or a build's {@code processor/target/classes} with JavaPoet's
 * jar (which that build does not shade) before the benchmarks jar.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.adjoint.benchmarks.GeneratedVolume [sizes=10,100]
 * java -cp processor/target/classes:javapoet-0.22.0.jar:benchmarks/target/benchmarks.jar dev.adjoint.benchmarks.GeneratedVolume</pre>
 */
public final class GeneratedVolume {

    /** The name of a member declared on a line at the class's indentation. */
    private static final Pattern MEMBER = Pattern.compile("^    (?:public |private )\\S.*?(\\w+)\\(.*\\{$");
    private static final Pattern OPERATOR = Pattern.compile(
            "[+\\-*/]=|==|!=|<=|>=|&&|\\|\\||(?<![eE])[-+](?![-+=])|[*/<>](?!=)");
    private static final Pattern CALL = Pattern.compile("[\\w)]\\s*\\.\\s*\\w+\\(|\\bnew \\w+\\(");

    private GeneratedVolume() {
    }

    /** The volume of one kind of member. */
    static final class Volume {
        int members;
        long javadoc;
        long comments;
        long code;
        long codeLines;
        long operators;
        long calls;
        long bytecode;
    }

    /** Forward (its checking entry point, its sweep), reverse, reverse into buffers, its core, Jacobian, second order, record, other. */
    static String kind(String name, String header) {
        if (header.contains(" record ")) {
            return "record (its canonical constructor's bytecode)";
        }
        if (header.startsWith("    private") && name.endsWith("Grad")) {
            return "private constructor";
        }
        String[][] suffixes = {{"ForwardSweep", "forward sweep (fForwardSweep)"},
                {"Forward", "forward entry point (fForward: the check)"}, {"GradientIntoZeroed", "core of fGradient/fGradientInto"},
                {"GradientInto", "fGradientInto"}, {"Gradient", "reverse (fGradient)"}, {"Pullback", "pullback"},
                {"Jacobian", "Jacobian"}, {"HessianVector", "second order"}, {"Hessian", "second order"},
                {"Tangent", "second order"}};
        for (String[] s : suffixes) {
            if (name.endsWith(s[0])) {
                return s[1];
            }
        }
        return "other";
    }

    static Map<String, Volume> measure(String gradSource, Map<String, Integer> bytecodeByMethod) {
        Map<String, Volume> byKind = new LinkedHashMap<>();
        String[] lines = gradSource.split("\n");
        long javadoc = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("    /**")) {
                for (; !lines[i].strip().endsWith("*/"); i++) {
                    javadoc += lines[i].length() + 1;
                }
                javadoc += lines[i].length() + 1;
                continue;
            }
            Matcher header = MEMBER.matcher(lines[i]);
            if (!header.matches()) {
                continue;
            }
            Volume v = byKind.computeIfAbsent(kind(header.group(1), lines[i]), k -> new Volume());
            v.members++;
            v.javadoc += javadoc;
            javadoc = 0;
            v.bytecode += bytecodeByMethod.getOrDefault(header.group(1), 0);
            for (; ; i++) {
                String line = lines[i];
                if (line.strip().startsWith("//")) {
                    v.comments += line.length() + 1;
                } else {
                    v.code += line.length() + 1;
                    v.codeLines++;
                    v.operators += OPERATOR.matcher(line.replaceAll("\"[^\"]*\"", "")).results().count();
                    v.calls += CALL.matcher(line).results().count();
                }
                if (line.equals("    }")) {
                    break;
                }
            }
        }
        return byKind;
    }

    /** The bytes of bytecode of each method of the class files in {@code classes}, by method name (overloads summed). */
    static Map<String, Integer> bytecode(Path classes) throws IOException {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(List.of("-c", "-p"));
        try (var files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> args.add(p.toString()));
        }
        StringWriter out = new StringWriter();
        javap.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        Pattern method = Pattern.compile("^  \\S.*?(\\w+)\\(.*\\);$");
        Pattern instruction = Pattern.compile("^\\s+(\\d+): \\w+");
        String current = null;
        int last = -1;
        for (String line : out.toString().split("\n")) {
            Matcher mm = method.matcher(line);
            if (mm.matches()) {
                if (current != null && last >= 0) {
                    sizes.merge(current, last + 1, Integer::sum);
                }
                current = mm.group(1);
                last = -1;
                continue;
            }
            Matcher im = instruction.matcher(line);
            if (im.find()) {
                last = Integer.parseInt(im.group(1));
            }
        }
        if (current != null && last >= 0) {
            sizes.merge(current, last + 1, Integer::sum);
        }
        return sizes;
    }

    /** The bytes of the input's own class file, which the totals leave out. */
    private static long classBytes(Path classes, String cls) throws IOException {
        return Files.size(classes.resolve("gen").resolve(cls + ".class"));
    }

    public static void main(String[] args) throws IOException {
        String[] sizes = (args.length > 0 ? args[0] : "10,100").split(",");
        System.out.printf(Locale.ROOT, "Generated volume per method (one method m0 of N statements; the last"
                + " instruction's offset + 1 as its bytecode size, about 1 byte under the exact size)%n");
        for (String size : sizes) {
            int statements = Integer.parseInt(size);
            String cls = "Vol" + statements;
            Path dir = Files.createTempDirectory("adjoint-volume");
            try {
                Path classes = Files.createDirectories(dir.resolve("classes"));
                Path generated = Files.createDirectories(dir.resolve("generated"));
                JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
                try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
                    files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
                    files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
                    String source = ProcessorCost.source(cls, 1, statements);
                    var task = javac.getTask(null, files, null, List.of("-classpath", System.getProperty("java.class.path"),
                            "--release", "17", "-implicit:class"), null,
                            List.of(ProcessorCost.sourceFile("gen/" + cls + ".java", source)));
                    task.setProcessors(List.of(new AdjointProcessor()));
                    if (!task.call()) {
                        throw new IllegalStateException("compilation failed at " + statements + " statements");
                    }
                    String grad = Files.readString(generated.resolve("gen").resolve(cls + "Grad.java"));
                    Map<String, Volume> byKind = measure(grad, bytecode(classes));
                    System.out.printf(Locale.ROOT, "%n%d statements: input %d chars; %sGrad.java %d chars, %d lines;"
                            + " class files %d bytes%n%n", statements, source.length(), cls, grad.length(),
                            grad.split("\n").length, ProcessorCost.size(classes) - classBytes(classes, cls));
                    System.out.println("| member | members | Javadoc chars | comment chars | code chars | code lines"
                            + " | operators | calls | bytecode bytes |");
                    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
                    byKind.forEach((kind, v) -> System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d |%n",
                            kind, v.members, v.javadoc, v.comments, v.code, v.codeLines, v.operators, v.calls, v.bytecode));
                }
            } finally {
                ProcessorCost.deleteRecursively(dir);
            }
        }
    }
}
