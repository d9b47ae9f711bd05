package dev.adjoint.processor.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code corpus/libraries.tsv}: every library of the corpus (groupId:artifactId:version, as pinned in
 * the processor's pom) and the other artifacts its source files need on the class path to compile.
 * A source file is compiled, and its classes run, with exactly these binary jars.
 */
final class Libraries {

    static final Path FILE = Path.of("src/test/resources/corpus/libraries.tsv");

    private final Map<String, List<String>> needs;
    private final LibraryJars jars;

    private Libraries(Map<String, List<String>> needs, LibraryJars jars) {
        this.needs = needs;
        this.jars = jars;
    }

    static Libraries read(LibraryJars jars) throws IOException {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(FILE, UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            List<String> also = new ArrayList<>();
            if (cells.length > 1 && !cells[1].isBlank()) {
                also.addAll(List.of(cells[1].strip().split("\\s+")));
            }
            needs.put(cells[0].strip(), also);
        }
        return new Libraries(needs, jars);
    }

    /** The artifacts, in file order. */
    List<String> artifacts() {
        return new ArrayList<>(needs.keySet());
    }

    /** The binary jars a source file of {@code artifact} compiles and runs with. */
    List<File> classpath(String artifact) {
        List<String> also = needs.get(artifact);
        if (also == null) {
            throw new AssertionError(artifact + " is not listed in " + FILE);
        }
        List<File> files = new ArrayList<>();
        files.add(jars.binary(artifact));
        for (String other : also) {
            files.add(jars.binary(other));
        }
        return files;
    }

    LibraryJars jars() {
        return jars;
    }
}
