package dev.adjoint.processor.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The one-line summary and the markdown tables of a corpus run. */
final class CorpusSummary {

    private final List<CorpusRunner.Result> results;

    CorpusSummary(List<CorpusRunner.Result> results) {
        this.results = results;
    }

    private long count(Outcome.Kind kind) {
        return results.stream().filter(r -> r.outcome().kind() == kind).count();
    }

    /** Refusal causes, most frequent first (ties by name), with the methods refused for each. */
    Map<String, List<CorpusRunner.Result>> refusalsByCause() {
        Map<String, List<CorpusRunner.Result>> byCause = new TreeMap<>();
        for (CorpusRunner.Result r : results) {
            if (r.outcome().kind() == Outcome.Kind.REFUSED) {
                byCause.computeIfAbsent(r.outcome().cause(), c -> new ArrayList<>()).add(r);
            }
        }
        return byCause.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<CorpusRunner.Result>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    String line() {
        long libraries = results.stream().map(r -> r.entry().artifact()).distinct().count();
        String causes = refusalsByCause().entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().size() + ")").collect(Collectors.joining("; "));
        return "corpus: " + results.size() + " methods from " + libraries + " libraries, "
                + count(Outcome.Kind.COMPILED) + " compile unchanged, "
                + results.stream().filter(CorpusRunner.Result::correct).count() + " correct, "
                + count(Outcome.Kind.REFUSED) + " refused"
                + (count(Outcome.Kind.GENERATED_CODE_BROKEN) > 0 ? ", " + count(Outcome.Kind.GENERATED_CODE_BROKEN) + " generated code broken" : "")
                + (count(Outcome.Kind.CRASHED) > 0 ? ", " + count(Outcome.Kind.CRASHED) + " crashed" : "")
                + "; refusals by cause: " + (causes.isEmpty() ? "none" : causes);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| library | methods | compile unchanged | correct | refused |\n|---|---:|---:|---:|---:|\n");
        Map<String, List<CorpusRunner.Result>> byLibrary = new LinkedHashMap<>();
        for (CorpusRunner.Result r : results) {
            byLibrary.computeIfAbsent(r.entry().artifact(), a -> new ArrayList<>()).add(r);
        }
        byLibrary.forEach((library, rs) -> sb.append("| ").append(library).append(" | ").append(rs.size())
                .append(" | ").append(rs.stream().filter(r -> r.outcome().kind() == Outcome.Kind.COMPILED).count())
                .append(" | ").append(rs.stream().filter(CorpusRunner.Result::correct).count())
                .append(" | ").append(rs.stream().filter(r -> r.outcome().kind() == Outcome.Kind.REFUSED).count())
                .append(" |\n"));
        sb.append("\n| refusal cause | count | methods (line) |\n|---|---:|---|\n");
        refusalsByCause().forEach((cause, rs) -> sb.append("| ").append(cause.replace("|", "\\|")).append(" | ")
                .append(rs.size()).append(" | ")
                .append(rs.stream().map(r -> simpleName(r) + " (" + r.outcome().location(r.entry().fileName()) + ")").collect(Collectors.joining(", ")))
                .append(" |\n"));
        Map<String, Long> callees = results.stream()
                .filter(r -> r.outcome().kind() == Outcome.Kind.REFUSED && !callee(r).isEmpty())
                .collect(Collectors.groupingBy(CorpusSummary::callee, TreeMap::new, Collectors.counting()));
        if (!callees.isEmpty()) {
            sb.append("\n| call without a known derivative (first refusal) | count |\n|---|---:|\n");
            callees.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                    .forEach(e -> sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
        }
        return sb.toString();
    }

    private static String callee(CorpusRunner.Result r) {
        String source = r.entry().source();
        String fileClass = source.substring(source.lastIndexOf('/') + 1, source.length() - ".java".length());
        return r.outcome().callee(fileClass);
    }

    private static String simpleName(CorpusRunner.Result r) {
        MethodSpec m = r.entry().checked();
        return m.classPath() + "." + m.method();
    }
}
