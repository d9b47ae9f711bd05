package dev.adjoint.processor.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 13: {@code @Differentiable} on methods users already have. The methods of
 * {@code corpus/methods.tsv} come from the sources of published numeric libraries as they are on Maven
 * Central (the {@code sources} jars are test dependencies of this module; nothing of theirs is copied
 * into this repository). Each method gets the annotation and nothing else, and its file is compiled
 * through the processor with the library's binary jars on the class path. Then:
 * <ul>
 *   <li>the outcome must be the one the file expects: {@code ok}, or refused with that first error on
 *       that line. A refusal that disappears, or a new one, fails, so the file tracks progress;</li>
 *   <li>an {@code ok} method's derivatives must be right at every point listed: forward and reverse mode
 *       against each other and against finite differences, generated values and the recompiled
 *       method's value against the published binary's, bit for bit. A wrong gradient fails loudly.</li>
 * </ul>
 * The last test prints a summary line and tables of outcomes by library and refusals by cause. After a
 * change to the processor, {@code -Dcorpus.update=true} rewrites the expected column (review the diff:
 * wrong gradients are never written down as expected).
 */
class PublishedLibraryCorpusTest {

    private static final boolean UPDATE = Boolean.getBoolean("corpus.update");

    @TestFactory
    Stream<DynamicTest> publishedMethodsCompileAsExpectedAndDifferentiateCorrectly() throws IOException {
        List<CorpusEntry> entries = CorpusEntry.readAll();
        assertTrue(entries.size() >= 40, "the corpus should hold at least 40 methods, has " + entries.size());
        Libraries libraries = Libraries.read(LibraryJars.onTestClassPath());
        CorpusRunner runner = new CorpusRunner(libraries);
        List<CorpusRunner.Result> results = Collections.synchronizedList(new ArrayList<>());

        Stream<DynamicTest> perMethod = entries.stream().map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            CorpusRunner.Result result = runner.run(entry);
            results.add(result);
            check(result);
        }));
        Stream<DynamicTest> summary = Stream.of(DynamicTest.dynamicTest("summary", () -> {
            CorpusSummary s = new CorpusSummary(results);
            System.out.println(s.line());
            System.out.println();
            System.out.println(s.markdown());
            if (UPDATE) {
                rewriteExpected(results);
            }
        }));
        return Stream.concat(perMethod, summary);
    }

    private static void check(CorpusRunner.Result result) {
        CorpusEntry entry = result.entry();
        Outcome outcome = result.outcome();
        String at = CorpusEntry.FILE + ":" + entry.lineInFile() + " " + entry.name();
        if (!result.wrongGradients().isEmpty()) {
            throw new AssertionError("WRONG GRADIENT (the processor accepted " + entry.checked() + " of "
                    + entry.artifact() + " and its derivatives or values disagree; unless the message says the"
                    + " point sits on a kink or leaves the domain, this is a serious processor bug):\n"
                    + String.join("\n", result.wrongGradients()));
        }
        switch (outcome.kind()) {
            case GENERATED_CODE_BROKEN, CRASHED -> throw new AssertionError(at + ": " + outcome.asExpected(entry.fileName())
                    + (outcome.compilation() == null ? "" : "\n" + dev.adjoint.processor.testing.AdjointCompiler.describe(outcome.compilation())));
            case COMPILED -> {
                if (!entry.expected().ok() && !UPDATE) {
                    throw new AssertionError(at + ": expected '" + entry.expected() + "' but it now compiles"
                            + " (and its gradients are right): write 'ok' in the expected column");
                }
                if (result.pointsChecked() == 0) {
                    throw new AssertionError(at + ": compiles, but the points column gives no point to check its derivatives at");
                }
            }
            case REFUSED -> {
                boolean same = !entry.expected().ok() && entry.expected().location().equals(outcome.location(entry.fileName()))
                        && outcome.message().startsWith(entry.expected().messagePrefix());
                if (!same && !UPDATE) {
                    throw new AssertionError(at + ": expected '" + entry.expected() + "' but got '"
                            + outcome.asExpected(entry.fileName()) + "'\nfull message: " + outcome.message());
                }
            }
            default -> throw new AssertionError(outcome.kind());
        }
    }

    /** -Dcorpus.update=true: the expected column becomes what this run saw (refusals and compiled methods only). */
    private static void rewriteExpected(List<CorpusRunner.Result> results) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(CorpusEntry.FILE, UTF_8));
        for (CorpusRunner.Result r : results) {
            Outcome.Kind kind = r.outcome().kind();
            if (kind != Outcome.Kind.COMPILED && kind != Outcome.Kind.REFUSED) {
                continue;
            }
            if (kind == Outcome.Kind.COMPILED && !r.correct()) {
                continue;
            }
            int index = r.entry().lineInFile() - 1;
            String line = lines.get(index);
            lines.set(index, line.substring(0, line.lastIndexOf('\t') + 1) + r.outcome().asExpected(r.entry().fileName()));
        }
        Files.write(CorpusEntry.FILE, lines, UTF_8);
    }
}
