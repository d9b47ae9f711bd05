package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * README.md's code, checked as it stands in the README at test time. Every {@code ```java} block says
 * in an HTML comment on the line before it what it is, and is checked accordingly:
 * <ul>
 *   <li>{@code <!-- compiles -->}: whole compilation units (or a {@code module} declaration), compiled
 *       together with every other such block, through the processor;</li>
 *   <li>{@code <!-- compiles in a class; import a.B; ... -->}: members, compiled as the body of a class
 *       with exactly those imports; {@code <!-- compiles in a method; ... -->}: statements, as the body of
 *       a method of such a class;</li>
 *   <li>{@code <!-- generated: demo/PricingGrad.java -->}: code the processor wrote compiling the blocks
 *       above, found line for line in that generated file;</li>
 *   <li>{@code <!-- fragment: why -->}: an outline ({@code { ... }}, names standing for yours), not checked.</li>
 * </ul>
 * A block without a marker fails the test. The {@code ```xml} blocks must be well-formed XML (a block of
 * several sibling elements is parsed inside one root), and the {@code ```kotlin} blocks must balance
 * their brackets and quotes.
 */
class ReadmeCodeBlocksTest {

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern TYPE = Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    /** One fenced block: its language, the marker before it (empty if none), its text, and its first line's number. */
    record Block(String language, String marker, String text, int line) {
        String where() {
            return "README.md:" + line;
        }
    }

    @Test
    void everyJavaBlockCompilesOrSaysWhatItIs(@TempDir Path work) throws IOException, URISyntaxException {
        List<Block> java = blocks("java");
        assertTrue(java.size() >= 10, "README.md's java blocks not found: " + java.size());
        List<Path> units = new ArrayList<>();
        Map<Path, Integer> readmeLineOffsets = new HashMap<>();
        List<Block> generated = new ArrayList<>();
        Block module = null;
        for (Block b : java) {
            String marker = b.marker();
            if (marker.equals("compiles") && b.text().strip().startsWith("module ")) {
                module = b;
            } else if (marker.equals("compiles")) {
                units.add(write(work.resolve("src"), unitPath(b), b.text()));
                readmeLineOffsets.put(units.get(units.size() - 1), b.line() - 1);
            } else if (marker.startsWith("compiles in a class") || marker.startsWith("compiles in a method")) {
                String source = wrapped(b);
                units.add(write(work.resolve("src"), Path.of("ReadmeBlock" + b.line() + ".java"), source));
                long wrapperLines = source.substring(0, source.indexOf(b.text())).chars().filter(c -> c == '\n').count();
                readmeLineOffsets.put(units.get(units.size() - 1), b.line() - 1 - (int) wrapperLines);
            } else if (marker.startsWith("generated:")) {
                generated.add(b);
            } else if (!marker.startsWith("fragment:")) {
                fail(b.where() + ": a ```java block needs a marker on the line before it: <!-- compiles -->,"
                        + " <!-- compiles in a class; imports -->, <!-- compiles in a method; imports -->,"
                        + " <!-- generated: path -->, or <!-- fragment: why -->; found '" + marker + "'");
            }
        }
        Path generatedSources = work.resolve("generated");
        compile(units, List.of("-processorpath", processorJar(), "-classpath", System.getProperty("java.class.path"),
                "-s", generatedSources.toString(), "-d", work.resolve("classes").toString(), "-Xlint:all"),
                readmeLineOffsets);
        for (Block b : generated) {
            Path file = generatedSources.resolve(b.marker().substring("generated:".length()).strip());
            assertTrue(Files.isRegularFile(file), b.where() + ": the processor wrote no " + file);
            assertContainsLines(Files.readString(file), b);
        }
        if (module != null) {
            Path moduleInfo = write(work.resolve("module"), Path.of("module-info.java"), module.text());
            compile(List.of(moduleInfo), List.of("-proc:none", "--module-path", codeSource(Differentiable.class)
                    + File.pathSeparator + codeSource(Dual.class), "-d", work.resolve("module-classes").toString()),
                    Map.of(moduleInfo, module.line() - 1));
        }
    }

    @Test
    void xmlBlocksAreWellFormed() throws Exception {
        List<Block> xml = blocks("xml");
        assertTrue(xml.size() >= 3, "README.md's xml blocks not found");
        for (Block b : xml) {
            try {
                DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new InputSource(new StringReader("<snippet>" + b.text() + "</snippet>")));
            } catch (Exception e) {
                fail(b.where() + ": not well-formed XML: " + e.getMessage());
            }
        }
    }

    @Test
    void kotlinBlocksBalanceTheirBrackets() throws IOException {
        List<Block> kotlin = blocks("kotlin");
        assertTrue(!kotlin.isEmpty(), "README.md's kotlin block not found");
        for (Block b : kotlin) {
            Deque<Character> open = new ArrayDeque<>();
            for (String line : b.text().split("\n")) {
                assertEquals(0, line.chars().filter(c -> c == '"').count() % 2, b.where() + ": unbalanced quotes in " + line);
                for (char c : line.replaceAll("\"[^\"]*\"", "").toCharArray()) {
                    if ("({[".indexOf(c) >= 0) {
                        open.push(c);
                    } else if (")}]".indexOf(c) >= 0) {
                        assertTrue(!open.isEmpty() && "({[".indexOf(open.pop()) == ")}]".indexOf(c),
                                b.where() + ": unbalanced '" + c + "' in " + line);
                    }
                }
            }
            assertTrue(open.isEmpty(), b.where() + ": unclosed " + open);
        }
    }

    // --------------------------------------------------------------------------------------------

    /** The fenced blocks of README.md in {@code language}, with the HTML comment right before each. */
    static List<Block> blocks(String language) throws IOException {
        List<String> lines = Files.readAllLines(readme(), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (open.group(1).equals(language)) {
                int before = i - 1;
                while (before >= 0 && lines.get(before).isBlank()) {
                    before--;
                }
                Matcher marker = before >= 0 ? MARKER.matcher(lines.get(before).strip()) : null;
                String text = String.join("\n", lines.subList(i + 1, end)) + "\n";
                blocks.add(new Block(language, marker != null && marker.matches() ? marker.group(1) : "", text, i + 2));
            }
            i = end;
        }
        return blocks;
    }

    private static Path readme() {
        Path readme = Path.of("..", "README.md").toAbsolutePath().normalize(); // surefire runs in samples/
        assertTrue(Files.isRegularFile(readme), "no README.md at " + readme);
        return readme;
    }

    /** {@code package p; ... public class C} is {@code p/C.java}. */
    private static Path unitPath(Block b) {
        Matcher type = TYPE.matcher(b.text());
        assertTrue(type.find(), b.where() + ": <!-- compiles --> but no public top-level type to name the file after");
        Matcher pkg = PACKAGE.matcher(b.text());
        String dir = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
        return Path.of(dir + type.group(1) + ".java");
    }

    /** The block as the body of a class (or of a method in it), with the imports its marker lists, and no others. */
    private static String wrapped(Block b) {
        String[] parts = b.marker().split(";");
        StringBuilder imports = new StringBuilder();
        for (int k = 1; k < parts.length; k++) {
            if (!parts[k].isBlank()) {
                imports.append(parts[k].strip()).append(";\n");
            }
        }
        boolean method = b.marker().startsWith("compiles in a method");
        return imports + "\npublic class ReadmeBlock" + b.line() + " {\n"
                + (method ? "void block() throws Exception {\n" + b.text() + "}\n" : b.text()) + "}\n";
    }

    private static Path write(Path root, Path relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Compiles {@code sources}; errors and warnings fail, each named by its README line where it has one. */
    private static void compile(List<Path> sources, List<String> options, Map<Path, Integer> readmeLineOffsets)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            for (int k = 0; k + 1 < options.size(); k++) {
                if (options.get(k).equals("-s") || options.get(k).equals("-d")) {
                    Files.createDirectories(Path.of(options.get(k + 1)));
                }
            }
            boolean ok = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
                            || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                    .map(d -> where(d, readmeLineOffsets) + d.getKind() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            assertTrue(ok && errors.isEmpty(), "README code blocks do not compile cleanly:\n" + errors);
        }
    }

    private static String where(Diagnostic<? extends JavaFileObject> d, Map<Path, Integer> readmeLineOffsets) {
        if (d.getSource() == null) {
            return "";
        }
        Path file = Path.of(d.getSource().toUri());
        Integer offset = readmeLineOffsets.get(file);
        return offset == null ? file.getFileName() + ":" + d.getLineNumber() + ": "
                : "README.md:" + (offset + d.getLineNumber()) + ": ";
    }

    /** Every line of the block, in order and adjacent, in {@code source} (indentation aside). */
    private static void assertContainsLines(String source, Block b) {
        List<String> want = b.text().lines().map(String::strip).toList();
        List<String> have = source.lines().map(String::strip).toList();
        for (int start = 0; start + want.size() <= have.size(); start++) {
            if (have.subList(start, start + want.size()).equals(want)) {
                return;
            }
        }
        fail(b.where() + ": the processor's " + b.marker().substring("generated:".length()).strip()
                + " does not hold this block line for line; it is now:\n"
                + source);
    }

    private static String processorJar() {
        Path jar = Path.of(System.getProperty("adjoint.processor.jar", "")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "build the processor jar first (mvn verify): " + jar);
        return jar.toString();
    }

    private static String codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
