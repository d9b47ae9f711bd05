package dev.adjoint.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of {@code run-quiet.sh}: for each problem and size, generated code against its hand-written
 * counterpart (fGradient against the hand-written gradient into a fresh array, fGradientInto against the
 * hand-written gradient into the caller's buffer, and the variants), each time with its 99.9 % error and
 * the ratio's, propagated from both (relative errors added in quadrature). A row whose time has an error
 * above 5 % of its mean is marked: that number is not yet measured to the precision asked for.
 *
 * <pre>java -cp target/benchmarks.jar dev.adjoint.benchmarks.RatioReport results/quiet.json results/quiet-ratios.md</pre>
 */
public final class RatioReport {

    /** Error bars wanted: 5 % of the mean. */
    static final double WANTED = 0.05;

    /** generated approach, hand-written approach it is compared with. */
    static final List<String[]> PAIRS = List.of(
            new String[] {"adjointReverse", "handWritten"},
            new String[] {"adjointReverseInto", "handWrittenInto"},
            new String[] {"adjointReverse", "handWrittenAdjointInto"},
            new String[] {"adjointReverseWrt", "handWritten"},
            new String[] {"adjointReverseWrtInto", "handWrittenInto"},
            new String[] {"adjointReverseRule", "handWritten"},
            new String[] {"adjointReverseRuleInto", "handWrittenInto"});

    private RatioReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RatioReport results.json [out.md]");
            System.exit(2);
        }
        String table = table(Report.read(Path.of(args[0])));
        System.out.print(table);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), table, StandardCharsets.UTF_8);
        }
    }

    static String table(List<Report.Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| problem | size | generated | time ± 99.9% | B/op | hand-written | time ± 99.9% | B/op"
                + " | generated / hand-written |\n");
        md.append("| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: |\n");
        int imprecise = 0;
        for (var problem : Report.group(rows).entrySet()) {
            for (var size : problem.getValue().entrySet()) {
                Map<String, Report.Row> byApproach = size.getValue();
                for (String[] pair : PAIRS) {
                    String approach = pair[0];
                    // A method of scalars gets no fGradientInto: fGradient, whose record is then all it
                    // allocates, is what is compared with the hand-written gradient into a buffer.
                    if (!byApproach.containsKey(approach) && approach.endsWith("Into")) {
                        approach = approach.substring(0, approach.length() - "Into".length());
                    }
                    Report.Row generated = byApproach.get(approach);
                    Report.Row hand = byApproach.get(pair[1]);
                    if (generated == null || hand == null) {
                        continue;
                    }
                    double rg = generated.errorNs() / generated.ns();
                    double rh = hand.errorNs() / hand.ns();
                    double ratio = generated.ns() / hand.ns();
                    double ratioError = ratio * Math.sqrt(rg * rg + rh * rh);
                    boolean precise = rg <= WANTED && rh <= WANTED;
                    imprecise += precise ? 0 : 1;
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s ± %s%s | %s | %s | %s ± %s%s | %s | %.2f× ± %s |%n",
                            problem.getKey(), size.getKey(), approach, Report.time(generated.ns()),
                            Report.time(generated.errorNs()), rg <= WANTED ? "" : " (!)",
                            Report.bytes(generated.bytesPerOp()), pair[1], Report.time(hand.ns()),
                            Report.time(hand.errorNs()), rh <= WANTED ? "" : " (!)", Report.bytes(hand.bytesPerOp()),
                            ratio, Double.isNaN(ratioError) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratioError)));
                }
            }
        }
        md.append(String.format(Locale.ROOT, "%n%s%n", imprecise == 0
                ? "Every time has an error below 5 % of its mean."
                : imprecise + " comparison(s) marked (!) have an error above 5 % of the mean: rerun those with more"
                        + " forks or iterations (extra arguments to run-quiet.sh go to JMH)."));
        return md.toString();
    }
}
