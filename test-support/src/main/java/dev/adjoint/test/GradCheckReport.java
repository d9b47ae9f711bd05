package dev.adjoint.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link GradCheck}: every comparison of forward mode, reverse mode and finite
 * differences, the failures, and the points skipped because finite differences could not be trusted
 * there. {@link #toString()} is the readable report that {@link GradCheck#check()} puts in its
 * {@link AssertionError}.
 */
public final class GradCheckReport {

    /** How one derivative compared at one point. */
    public enum Status {
        /** Forward and reverse mode agree with each other and with finite differences. */
        OK,
        /** Forward or reverse mode disagrees with a reliable finite-difference estimate. */
        MISMATCH,
        /** Forward and reverse mode disagree with each other (finite differences may agree with one). */
        MODES_DISAGREE,
        /**
         * Finite differences were unreliable here (their error estimate exceeded the tolerance even
         * with a smaller step: a kink, a jump or steep curvature next to the point, or a non-finite
         * value), so only forward against reverse mode was checked.
         */
        SKIPPED;

        boolean failed() {
            return this == MISMATCH || this == MODES_DISAGREE;
        }
    }

    /**
     * One derivative at one point.
     *
     * @param method the method's signature, {@code loss(double[], double, double[][], double[])}
     * @param point the index of the point among the method's points (explicit ones first)
     * @param where the point, compactly
     * @param input the scalar input: {@code x}, {@code w[2]}, {@code a[0][1]}
     * @param forward forward mode's derivative (the tangent with this input seeded)
     * @param reverse reverse mode's partial
     * @param finiteDifference Ridders-extrapolated central difference (NaN if not computed)
     * @param finiteDifferenceError its error estimate
     * @param relativeError the larger of the two modes' {@code |ad - fd| / max(|ad|, |fd|)}
     *     (or, for {@link Status#MODES_DISAGREE}, {@code |forward - reverse| / max(|forward|, |reverse|)})
     * @param margin the larger discrepancy divided by its tolerance: above 1 fails
     * @param status the verdict
     * @param note why it failed or was skipped, else empty
     */
    public record Comparison(String method, int point, String where, String input, double forward, double reverse,
                             double finiteDifference, double finiteDifferenceError, double relativeError,
                             double margin, Status status, String note) {
    }

    /** Per method: how many points, comparisons against finite differences, and of those skipped. */
    record MethodSummary(String method, int points, int compared, int skipped) {
    }

    private final String title;
    private final List<Comparison> comparisons;
    private final List<String> failures;
    private final List<MethodSummary> summaries;

    GradCheckReport(String title, List<Comparison> comparisons, List<String> failures, List<MethodSummary> summaries) {
        this.title = title;
        this.comparisons = List.copyOf(comparisons);
        this.failures = List.copyOf(failures);
        this.summaries = List.copyOf(summaries);
    }

    /** True when nothing failed: no mismatch, no disagreement, no bad value or modified argument, not too many skips. */
    public boolean passed() {
        return failures.isEmpty();
    }

    /** Every failure, one readable line each (mismatches, values that differ from the method's, modified arguments...). */
    public List<String> failures() {
        return failures;
    }

    /** Every comparison, in the order made. */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /** The comparisons whose finite differences were unreliable. */
    public List<Comparison> skipped() {
        return comparisons.stream().filter(c -> c.status() == Status.SKIPPED).toList();
    }

    /**
     * For each method and input, its worst comparison: a failed one if any, else the one with the
     * largest margin; an input skipped at every point is shown skipped.
     */
    public List<Comparison> worstPerInput() {
        Map<String, Comparison> worst = new LinkedHashMap<>();
        Comparator<Comparison> badness = Comparator
                .comparingInt((Comparison c) -> c.status().failed() ? 2 : c.status() == Status.OK ? 1 : 0)
                .thenComparingDouble(c -> Double.isNaN(c.margin()) ? Double.POSITIVE_INFINITY : c.margin());
        for (Comparison c : comparisons) {
            worst.merge(c.method() + "\u0000" + c.input(), c, (a, b) -> badness.compare(b, a) > 0 ? b : a);
        }
        return new ArrayList<>(worst.values());
    }

    /** The worst-per-input table. */
    public String table() {
        return table(worstPerInput(), Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (MethodSummary s : summaries) {
            sb.append(String.format("  %s: %d point%s, %d derivative%s against finite differences, %d skipped%n",
                    s.method(), s.points(), s.points() == 1 ? "" : "s", s.compared(), s.compared() == 1 ? "" : "s",
                    s.skipped()));
        }
        if (!failures.isEmpty()) {
            sb.append('\n').append(failures.size()).append(failures.size() == 1 ? " failure:\n" : " failures:\n");
            int shown = Math.min(failures.size(), 25);
            for (int i = 0; i < shown; i++) {
                sb.append("  - ").append(failures.get(i).replace("\n", "\n    ")).append('\n');
            }
            if (shown < failures.size()) {
                sb.append("  ... and ").append(failures.size() - shown).append(" more\n");
            }
        }
        if (!comparisons.isEmpty()) {
            sb.append("\nWorst comparison per input:\n").append(table(worstPerInput(), 80));
        }
        List<Comparison> skipped = skipped();
        if (!skipped.isEmpty()) {
            sb.append('\n').append(skipped.size()).append(" comparison").append(skipped.size() == 1 ? "" : "s")
                    .append(" skipped (finite differences unreliable; forward and reverse mode still compared):\n")
                    .append(table(skipped, 20));
        }
        return sb.toString();
    }

    private static String table(List<Comparison> rows, int limit) {
        String[] head = {"method", "input", "point", "forward", "reverse", "finite difference", "rel. error", "status"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (int r = 0; r < Math.min(limit, rows.size()); r++) {
            Comparison c = rows.get(r);
            String fd = Double.isNaN(c.finiteDifference()) && !Double.isFinite(c.finiteDifferenceError()) ? "-"
                    : Values.num(c.finiteDifference()) + " ± " + Values.err(c.finiteDifferenceError());
            String status = c.status().name() + (c.note().isEmpty() ? "" : " (" + c.note() + ")");
            cells.add(new String[] {c.method(), c.input(), "#" + c.point() + " " + c.where(), Values.num(c.forward()),
                    Values.num(c.reverse()), fd, Values.err(c.relativeError()), status});
        }
        int[] width = new int[head.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], Math.min(row[i].length(), i == 2 ? 48 : 200));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] row = cells.get(r);
            sb.append("  ");
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                if (i == 2 && cell.length() > 48) {
                    cell = cell.substring(0, 45) + "...";
                }
                boolean last = i == row.length - 1;
                boolean numeric = i >= 3 && i <= 6 && r > 0;
                sb.append(last ? cell : numeric ? pad(cell, width[i], true) : pad(cell, width[i], false));
                if (!last) {
                    sb.append(" | ");
                }
            }
            sb.append('\n');
            if (r == 0) {
                sb.append("  ");
                for (int i = 0; i < width.length; i++) {
                    sb.append("-".repeat(i == width.length - 1 ? Math.max(6, width[i]) : width[i]));
                    if (i < width.length - 1) {
                        sb.append("-+-");
                    }
                }
                sb.append('\n');
            }
        }
        if (rows.size() > limit) {
            sb.append("  ... ").append(rows.size() - limit).append(" more rows\n");
        }
        return sb.toString();
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
