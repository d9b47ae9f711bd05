package dev.adjoint.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Reads JMH's JSON result ({@code -rf json}) and writes the BENCHMARKS.md table rows (markdown) and a
 * log-log chart of time per Rosenbrock gradient against n for every approach (PNG, headless).
 *
 * <pre>java -cp target/benchmarks.jar dev.adjoint.benchmarks.Report results/quick.json results/quick.md results/rosenbrock-quick.png</pre>
 */
public final class Report {

    private Report() {
    }

    /** One JMH result: a benchmark method at one set of parameters. */
    record Row(String problem, String size, int n, String approach, double ns, double errorNs, double medianNs,
            double bytesPerOp) {
    }

    static final Map<String, String> APPROACHES = new LinkedHashMap<>();

    static {
        APPROACHES.put("primal", "primal (value only)");
        APPROACHES.put("handWritten", "hand-written gradient");
        APPROACHES.put("handWrittenInto", "hand-written gradient, into the caller's buffer");
        APPROACHES.put("adjointReverse", "Adjoint reverse (fGradient)");
        APPROACHES.put("adjointReverseInto", "Adjoint reverse into the caller's buffers (fGradientInto)");
        APPROACHES.put("adjointReverseInline", "Adjoint reverse, CDF inlined");
        APPROACHES.put("adjointReverseRule", "Adjoint reverse, CDF by @DerivativeOf rule");
        APPROACHES.put("adjointReverseRuleInto", "Adjoint reverse, CDF by rule, fGradientInto");
        APPROACHES.put("adjointReverseWrt", "Adjoint reverse, wrt = \"w\"");
        APPROACHES.put("adjointReverseWrtInto", "Adjoint reverse, wrt = \"w\", fGradientInto");
        APPROACHES.put("adjointForward", "Adjoint forward, 1 direction");
        APPROACHES.put("adjointForwardFull", "Adjoint forward, full gradient (n sweeps)");
        APPROACHES.put("hipparchusGradient", "Hipparchus Gradient");
        APPROACHES.put("hipparchusDS", "Hipparchus DerivativeStructure");
        APPROACHES.put("commonsMathDS", "Commons Math 3 DerivativeStructure");
        APPROACHES.put("finmathAAD", "finmath AAD");
        APPROACHES.put("finiteDifferences", "central finite differences");
    }

    static final List<String> PROBLEMS = List.of("Q6", "Black-Scholes", "Rosenbrock", "Logistic loss", "Iterated map",
            "Monte Carlo", "RK4", "RNN", "Long method");

    static String problem(String benchmarkClass) {
        if (benchmarkClass.startsWith("Q6")) {
            return "Q6";
        } else if (benchmarkClass.startsWith("BlackScholes")) {
            return "Black-Scholes";
        } else if (benchmarkClass.startsWith("Rosenbrock")) {
            return "Rosenbrock";
        } else if (benchmarkClass.startsWith("Logistic")) {
            return "Logistic loss";
        } else if (benchmarkClass.startsWith("IteratedMap")) {
            return "Iterated map";
        } else if (benchmarkClass.startsWith("MonteCarlo")) {
            return "Monte Carlo";
        } else if (benchmarkClass.startsWith("Rk4")) {
            return "RK4";
        } else if (benchmarkClass.startsWith("Rnn")) {
            return "RNN";
        } else if (benchmarkClass.startsWith("LongMethod")) {
            return "Long method";
        }
        return benchmarkClass;
    }

    static double toNs(double value, String unit) {
        switch (unit) {
            case "ns/op": return value;
            case "us/op": return value * 1e3;
            case "ms/op": return value * 1e6;
            case "s/op": return value * 1e9;
            default: throw new IllegalArgumentException("unit " + unit);
        }
    }

    static double number(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        return Double.NaN; // JMH writes "NaN" as a string
    }

    @SuppressWarnings("unchecked")
    static List<Row> read(Path json) throws IOException {
        List<Object> results = (List<Object>) new Json(Files.readString(json, StandardCharsets.UTF_8)).value();
        List<Row> rows = new ArrayList<>();
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            String benchmark = (String) r.get("benchmark");
            String[] parts = benchmark.split("\\.");
            String cls = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            Map<String, Object> params = (Map<String, Object>) r.getOrDefault("params", Map.of());
            StringBuilder size = new StringBuilder();
            int n = -1;
            for (Map.Entry<String, Object> p : new TreeMap<>(params).descendingMap().entrySet()) {
                if (size.length() > 0) {
                    size.append(", ");
                }
                size.append(p.getKey()).append('=').append(p.getValue());
                if (p.getKey().equals("n")) {
                    n = Integer.parseInt((String) p.getValue());
                }
            }
            Map<String, Object> primary = (Map<String, Object>) r.get("primaryMetric");
            String unit = (String) primary.get("scoreUnit");
            List<Double> raw = new ArrayList<>();
            for (Object fork : (List<Object>) primary.get("rawData")) {
                for (Object v : (List<Object>) fork) {
                    raw.add(number(v));
                }
            }
            double[] sorted = raw.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            double bytes = Double.NaN;
            Map<String, Object> secondary = (Map<String, Object>) r.getOrDefault("secondaryMetrics", Map.of());
            Map<String, Object> alloc = (Map<String, Object>) secondary.get("gc.alloc.rate.norm");
            if (alloc != null) {
                bytes = number(alloc.get("score"));
            }
            rows.add(new Row(problem(cls), size.length() == 0 ? "-" : size.toString(), n, method,
                    toNs(number(primary.get("score")), unit), toNs(number(primary.get("scoreError")), unit),
                    toNs(median, unit), bytes));
        }
        return rows;
    }

    static String time(double ns) {
        if (Double.isNaN(ns)) {
            return "n/a";
        }
        if (ns < 1e3) {
            return String.format(Locale.ROOT, "%.3g ns", ns);
        } else if (ns < 1e6) {
            return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
        } else if (ns < 1e9) {
            return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3g s", ns / 1e9);
    }

    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        if (b < 0.5) {
            return "0";
        } else if (b < 1e4) {
            return String.format(Locale.ROOT, "%.0f", b);
        } else if (b < 1e7) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1024);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / (1024 * 1024));
    }

    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "";
        }
        double r = a / b;
        return r >= 100 ? String.format(Locale.ROOT, "%.0f×", r) : String.format(Locale.ROOT, "%.2f×", r);
    }

    static int order(String approach) {
        int i = 0;
        for (String a : APPROACHES.keySet()) {
            if (a.equals(approach)) {
                return i;
            }
            i++;
        }
        return i;
    }

    /** Rows grouped problem → size → approach, in a stable order. */
    static Map<String, Map<String, Map<String, Row>>> group(List<Row> rows) {
        Map<String, Map<String, Map<String, Row>>> g = new LinkedHashMap<>();
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> {
            int c = Integer.compare(PROBLEMS.indexOf(a.problem()), PROBLEMS.indexOf(b.problem()));
            if (c == 0) {
                c = Integer.compare(a.n(), b.n());
            }
            if (c == 0) {
                c = a.size().compareTo(b.size());
            }
            return c != 0 ? c : Integer.compare(order(a.approach()), order(b.approach()));
        });
        for (Row r : sorted) {
            g.computeIfAbsent(r.problem(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.size(), k -> new LinkedHashMap<>()).put(r.approach(), r);
        }
        return g;
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| problem | size | approach | time/op (mean ± 99.9% error) | median | B/op | × primal | × Adjoint reverse |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (var problem : group(rows).entrySet()) {
            for (var size : problem.getValue().entrySet()) {
                Map<String, Row> byApproach = size.getValue();
                Row primal = byApproach.get("primal");
                Row reverse = byApproach.get("adjointReverse");
                for (Row r : byApproach.values()) {
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s ± %s | %s | %s | %s | %s |%n",
                            r.problem(), r.size(), APPROACHES.getOrDefault(r.approach(), r.approach()),
                            time(r.ns()), time(r.errorNs()), time(r.medianNs()), bytes(r.bytesPerOp()),
                            primal == null ? "" : ratio(r.ns(), primal.ns()),
                            reverse == null ? "" : ratio(r.ns(), reverse.ns())));
                }
            }
        }
        md.append("\n**Targets** (Adjoint reverse mode):\n\n");
        md.append("| problem | size | reverse / primal (≤ 3) | reverse / hand-written (≤ 1.2) | reverse B/op | hand-written B/op | library / reverse (fastest … slowest) |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (var problem : group(rows).entrySet()) {
            for (var size : problem.getValue().entrySet()) {
                Map<String, Row> m = size.getValue();
                Row rev = m.get("adjointReverse");
                if (rev == null) {
                    continue;
                }
                Row primal = m.get("primal");
                Row hand = m.get("handWritten");
                double fastest = Double.POSITIVE_INFINITY;
                double slowest = 0;
                for (String lib : List.of("hipparchusGradient", "hipparchusDS", "commonsMathDS", "finmathAAD")) {
                    Row l = m.get(lib);
                    if (l != null) {
                        fastest = Math.min(fastest, l.ns());
                        slowest = Math.max(slowest, l.ns());
                    }
                }
                String libs = slowest == 0 ? "" : ratio(fastest, rev.ns()) + " … " + ratio(slowest, rev.ns());
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", rev.problem(), rev.size(),
                        primal == null ? "" : ratio(rev.ns(), primal.ns()),
                        hand == null ? "" : ratio(rev.ns(), hand.ns()),
                        bytes(rev.bytesPerOp()), hand == null ? "" : bytes(hand.bytesPerOp()), libs));
            }
        }
        return md.toString();
    }

    static void chart(List<Row> rows, File png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (String a : APPROACHES.keySet()) {
            series.put(a, new XYSeries(APPROACHES.get(a)));
        }
        for (Row r : rows) {
            if (r.problem().equals("Rosenbrock") && r.n() > 0 && series.containsKey(r.approach())) {
                series.get(r.approach()).add(r.n(), r.ns() / 1e3);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series.values()) {
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        LogAxis x = new LogAxis("n (dimension)");
        x.setBase(10);
        x.setSmallestValue(1);
        LogAxis y = new LogAxis("time per gradient (µs), log scale");
        y.setBase(10);
        y.setSmallestValue(1e-4);
        for (LogAxis axis : List.of(x, y)) {
            axis.setTickUnit(new NumberTickUnit(1.0));
            axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
            axis.setMinorTickCount(9);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {Color.GRAY, Color.BLACK, new Color(0xD62728), new Color(0xFF7F0E), new Color(0xE377C2),
            new Color(0x9467BD), new Color(0x1F77B4), new Color(0x17BECF), new Color(0x2CA02C), new Color(0x8C564B),
            new Color(0xBCBD22)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colors[order(approachKey(data.getSeries(i).getKey().toString())) % colors.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Rosenbrock: time per gradient vs n (JMH, log-log)", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png, chart, 1000, 650);
    }

    static String approachKey(String label) {
        for (var e : APPROACHES.entrySet()) {
            if (e.getValue().equals(label)) {
                return e.getKey();
            }
        }
        return label;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Report results.json [table.md] [chart.png]");
            System.exit(2);
        }
        List<Row> rows = read(Path.of(args[0]));
        String md = markdown(rows);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), md, StandardCharsets.UTF_8);
        } else {
            System.out.print(md);
        }
        if (args.length > 2) {
            chart(rows, new File(args[2]));
        }
        System.out.println("Report: " + rows.size() + " results" + (args.length > 1 ? " -> " + String.join(", ",
                Arrays.asList(args).subList(1, args.length)) : ""));
    }

    /** Just enough JSON for JMH's result file: objects, arrays, strings, numbers, true/false/null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': i += 4; return Boolean.TRUE;
                case 'f': i += 5; return Boolean.FALSE;
                case 'n': i += 4; return null;
                default: return numberValue();
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            skip();
            if (s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                String key = string();
                skip();
                i++; // ':'
                m.put(key, value());
                skip();
                if (s.charAt(i++) == '}') {
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            skip();
            if (s.charAt(i) == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                skip();
                if (s.charAt(i++) == ']') {
                    return l;
                }
            }
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++;
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break;
                        case 't': b.append('\t'); break;
                        case 'r': b.append('\r'); break;
                        case 'b': b.append('\b'); break;
                        case 'f': b.append('\f'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private Double numberValue() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.valueOf(s.substring(start, i));
        }
    }
}
