package dev.adjoint.processor.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code corpus/methods.tsv}: a published source file, the methods annotated in it (the
 * first is the one checked; any others are helpers it calls, annotated alongside as a user would),
 * the points where its derivatives are checked, and the outcome expected today.
 *
 * <p>Columns, separated by tabs: {@code artifact} (groupId:artifactId:version), {@code source} (path
 * in the sources jar), {@code methods} ({@code Class.method(types)}, several joined by {@code " + "}),
 * {@code points} (see {@link Points}), {@code expected} ({@code ok} or {@code refused at line N:
 * <message prefix>}). Lines starting with {@code #} and blank lines are comments.
 */
record CorpusEntry(int lineInFile, String artifact, String source, List<MethodSpec> methods, String points,
                   Expected expected) {

    static final Path FILE = Path.of("src/test/resources/corpus/methods.tsv");

    /** The method whose derivatives are checked. */
    MethodSpec checked() {
        return methods.get(0);
    }

    /** A short name for reports: {@code artifactId:Class.method(types)}. */
    String name() {
        return artifact.split(":")[1] + ":" + checked() + (methods.size() > 1 ? " (+" + (methods.size() - 1) + " helpers)" : "");
    }

    /** The simple name of the entry's own source file ({@code Geodesic.java}). */
    String fileName() {
        return source.substring(source.lastIndexOf('/') + 1);
    }

    /**
     * The source file that declares {@code method}: the entry's own, or, for a helper of another top-level
     * class, that class's file in the same package ({@code GeoMath.sq(double)} of a Geodesic.java entry is
     * in GeoMath.java beside it). A user who owns the library annotates its helpers where they are.
     */
    String sourceOf(MethodSpec method) {
        String topLevel = method.classPath().split("\\.")[0];
        String directory = method.packageName().isEmpty() ? source.substring(0, source.lastIndexOf('/') + 1)
                : method.packageName().replace('.', '/') + "/";
        return directory + topLevel + ".java";
    }

    /** The source files the entry annotates, its own first. */
    List<String> sources() {
        List<String> files = new ArrayList<>(List.of(source));
        for (MethodSpec m : methods) {
            String file = sourceOf(m);
            if (!files.contains(file)) {
                files.add(file);
            }
        }
        return files;
    }

    /** The methods the entry annotates in {@code file}, as the file declares them (no package). */
    List<MethodSpec> methodsIn(String file) {
        return methods.stream().filter(m -> sourceOf(m).equals(file)).map(MethodSpec::inFile).toList();
    }

    /** The package of the source file, from its path. */
    String packageName() {
        int slash = source.lastIndexOf('/');
        return slash < 0 ? "" : source.substring(0, slash).replace('/', '.');
    }

    /** The methods column as written. */
    String methodsColumn() {
        return String.join(" + ", methods.stream().map(MethodSpec::toString).toList());
    }

    static List<CorpusEntry> readAll() throws IOException {
        List<String> lines = Files.readAllLines(FILE, UTF_8);
        List<CorpusEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != 5) {
                throw new IllegalArgumentException(FILE + ":" + (i + 1) + ": expected 5 tab-separated columns, found "
                        + cells.length + ": " + line);
            }
            List<MethodSpec> methods = Arrays.stream(cells[2].split("\\s\\+\\s")).map(MethodSpec::parse).toList();
            entries.add(new CorpusEntry(i + 1, cells[0].strip(), cells[1].strip(), methods, cells[3].strip(),
                    Expected.parse(cells[4].strip())));
        }
        return entries;
    }

    /**
     * The expected outcome column: {@code ok}, or {@code refused at LOCATION: <message prefix>} where the
     * location is {@code line N} of the entry's own file or {@code Helper.java line N} of a helper's.
     */
    record Expected(boolean ok, String location, String messagePrefix) {

        private static final Pattern REFUSED = Pattern.compile("refused at ((?:\\S+\\.java )?line \\d+): (.*)");

        static Expected parse(String text) {
            if (text.equals("ok")) {
                return new Expected(true, "", "");
            }
            Matcher m = REFUSED.matcher(text);
            if (m.matches()) {
                return new Expected(false, m.group(1), m.group(2));
            }
            throw new IllegalArgumentException("expected 'ok' or 'refused at [File.java ]line N: <message prefix>', found: " + text);
        }

        static String refused(String location, String messagePrefix) {
            return "refused at " + location + ": " + messagePrefix;
        }

        @Override
        public String toString() {
            return ok ? "ok" : refused(location, messagePrefix);
        }
    }
}
