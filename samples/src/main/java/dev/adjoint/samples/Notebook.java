package dev.adjoint.samples;

import dev.adjoint.runtime.Dual;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the seed notebook in Java: for every derivative the notebook computes (and every partial of
 * its multi-input cases) prints PyTorch's figure as the notebook printed it, Adjoint's forward-mode
 * and reverse-mode results, and the notebook's hand-derived value, and checks that the three
 * double-precision values agree to {@value #RELATIVE_TOLERANCE} relative.
 *
 * <p>Exits with status 1 if any row disagrees. Run with {@code mvn -pl samples exec:java}.
 */
public final class Notebook {

    /** Forward mode, reverse mode and the analytical value must agree to this relative error. */
    public static final double RELATIVE_TOLERANCE = 1e-12;

    /** PyTorch computed in float32: its figures are compared to this relative precision at best. */
    static final double FLOAT32_RELATIVE_TOLERANCE = 1e-6;

    private Notebook() {
    }

    /**
     * One derivative of one notebook cell: one row of the table.
     *
     * @param cell the notebook cell, e.g. {@code Example 1}
     * @param quantity the derivative and the point, e.g. {@code dz/dx at x=3.5}
     * @param pytorch the figure PyTorch printed in the notebook, verbatim, or {@code null} if the
     *     notebook did not print this partial
     * @param forward Adjoint's forward-mode derivative (the tangent of the generated {@code ...Forward})
     * @param reverse Adjoint's reverse-mode derivative (a partial of the generated {@code ...Gradient})
     * @param analytical the notebook's hand-derived value
     */
    public record Row(String cell, String quantity, String pytorch,
                      double forward, double reverse, double analytical) {

        /** Whether forward mode, reverse mode and the analytical value agree. */
        public boolean agrees() {
            return close(forward, reverse) && close(forward, analytical) && close(reverse, analytical);
        }

        /**
         * Whether the analytical value is what PyTorch printed, up to float32 precision and the
         * digits PyTorch showed; {@code true} when the notebook printed no figure.
         */
        public boolean consistentWithPytorch() {
            if (pytorch == null) {
                return true;
            }
            BigDecimal printed = new BigDecimal(pytorch);
            double shownTo = printed.ulp().doubleValue() / 2;
            double tolerance = Math.max(shownTo, FLOAT32_RELATIVE_TOLERANCE * Math.abs(analytical));
            return Math.abs(printed.doubleValue() - analytical) <= tolerance;
        }

        /**
         * Whether PyTorch's figure shows float32 rounding: printed with more digits than float32
         * holds (as {@code x.grad} of a 0-d tensor prints) yet different from the double value.
         */
        boolean float32Visible() {
            return pytorch != null && new BigDecimal(pytorch).precision() > 9
                    && !close(Double.parseDouble(pytorch), analytical);
        }
    }

    /** Whether {@code a} and {@code b} agree to {@link #RELATIVE_TOLERANCE} relative (NaN never does). */
    public static boolean close(double a, double b) {
        return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }

    /** Every derivative of the notebook, in notebook order. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();

        // EXAMPLE 1: z = 2*x*x + 3 at x = 3.5
        double x = 3.5;
        rows.add(new Row("Example 1", "dz/dx at x=3.5", "14.0",
                Example1Grad.zForward(Dual.variable(x)).tangent(),
                Example1Grad.zGradient(x).dX(),
                Example1.dzdx(x)));

        // EXAMPLE 2: f = (x-2)**2 at x = 1
        x = 1;
        rows.add(new Row("Example 2", "df/dx at x=1", "-2.",
                Example2Grad.fForward(Dual.variable(x)).tangent(),
                Example2Grad.fGradient(x).dX(),
                Example2.df(x)));

        // EXAMPLE 3: y = x**2 + 5 at x = 2
        x = 2;
        rows.add(new Row("Example 3", "dy/dx at x=2", "4.",
                Example3Grad.yForward(Dual.variable(x)).tangent(),
                Example3Grad.yGradient(x).dX(),
                Example3.dy(x)));

        // EXAMPLE 4: sigmoid at x = 2
        x = 2;
        rows.add(new Row("Example 4", "ds/dx at x=2", "0.10499356687068939",
                Example4Grad.sigmoidForward(Dual.variable(x)).tangent(),
                Example4Grad.sigmoidGradient(x).dX(),
                Example4.grad(x)));

        // QUESTION 1: z(a, b) at (1, 2)
        double a = 1;
        double b = 2;
        Question1Grad.ZGradient q1 = Question1Grad.zGradient(a, b);
        rows.add(new Row("Question 1", "dz/da at (a,b)=(1,2)", "34.0",
                Question1Grad.zForward(Dual.variable(a), Dual.constant(b)).tangent(),
                q1.dA(),
                Question1.grad(a, b)));
        rows.add(new Row("Question 1", "dz/db at (a,b)=(1,2)", null,
                Question1Grad.zForward(Dual.constant(a), Dual.variable(b)).tangent(),
                q1.dB(),
                Question1.gradB(a, b)));

        // QUESTION 2: ReLU neuron at (w, x, b) = (3, 1, 2)
        double w = 3;
        x = 1;
        b = 2;
        Question2Grad.NeuronGradient q2 = Question2Grad.neuronGradient(w, x, b);
        String at = " at (w,x,b)=(3,1,2)";
        rows.add(new Row("Question 2", "da/dw" + at, "1.0",
                Question2Grad.neuronForward(Dual.variable(w), Dual.constant(x), Dual.constant(b)).tangent(),
                q2.dW(),
                Question2.getGrad(w, x, b)));
        rows.add(new Row("Question 2", "da/dx" + at, null,
                Question2Grad.neuronForward(Dual.constant(w), Dual.variable(x), Dual.constant(b)).tangent(),
                q2.dX(),
                Question2.getGradX(w, x, b)));
        rows.add(new Row("Question 2", "da/db" + at, null,
                Question2Grad.neuronForward(Dual.constant(w), Dual.constant(x), Dual.variable(b)).tangent(),
                q2.dB(),
                Question2.getGradB(w, x, b)));

        // QUESTION 3: sigmoid neuron at (w, x, b) = (1, 5, 1)
        w = 1;
        x = 5;
        b = 1;
        Question3Grad.NeuronGradient q3 = Question3Grad.neuronGradient(w, x, b);
        at = " at (w,x,b)=(1,5,1)";
        rows.add(new Row("Question 3", "da/dw" + at, "0.012332547456026077",
                Question3Grad.neuronForward(Dual.variable(w), Dual.constant(x), Dual.constant(b)).tangent(),
                q3.dW(),
                Question3.compGrad(w, x, b)));
        rows.add(new Row("Question 3", "da/dx" + at, null,
                Question3Grad.neuronForward(Dual.constant(w), Dual.variable(x), Dual.constant(b)).tangent(),
                q3.dX(),
                Question3.compGradX(w, x, b)));
        rows.add(new Row("Question 3", "da/db" + at, null,
                Question3Grad.neuronForward(Dual.constant(w), Dual.constant(x), Dual.variable(b)).tangent(),
                q3.dB(),
                Question3.compGradB(w, x, b)));

        // QUESTION 4: exp(-(x**2) - 2x - sin x) at x = 5
        x = 5;
        rows.add(new Row("Question 4", "df/dx at x=5", "-2.0206e-14",
                Question4Grad.fForward(Dual.variable(x)).tangent(),
                Question4Grad.fGradient(x).dX(),
                Question4.df(x)));

        // QUESTION 5: 8x**4 + 3x**3 + 7x**2 + 6x + 3 at x = 2
        x = 2;
        rows.add(new Row("Question 5", "df/dx at x=2", "326.0",
                Question5Grad.fForward(Dual.variable(x)).tangent(),
                Question5Grad.fGradient(x).dX(),
                Question5.computeGrad(x)));

        // QUESTION 6: tanh(log(1 + z*(2x/sin y))) at (1, 2, 3)
        x = 1;
        double y = 2;
        double z = 3;
        Question6Grad.FGradient q6 = Question6Grad.fGradient(x, y, z);
        Question6.Partials q6Analytical = Question6.analytical(x, y, z);
        at = " at (x,y,z)=(1,2,3)";
        rows.add(new Row("Question 6", "df/dx" + at, "0.0581",
                Question6Grad.fForward(Dual.variable(x), Dual.constant(y), Dual.constant(z)).tangent(),
                q6.dX(),
                q6Analytical.dfdx()));
        rows.add(new Row("Question 6", "df/dy" + at, "0.0266",
                Question6Grad.fForward(Dual.constant(x), Dual.variable(y), Dual.constant(z)).tangent(),
                q6.dY(),
                q6Analytical.dfdy()));
        rows.add(new Row("Question 6", "df/dz" + at, "0.0194",
                Question6Grad.fForward(Dual.constant(x), Dual.constant(y), Dual.variable(z)).tangent(),
                q6.dZ(),
                q6Analytical.dfdz()));

        return rows;
    }

    /** Prints the table; exits with status 1 if any row disagrees. */
    public static void main(String[] args) {
        List<Row> rows = rows();
        int failures = print(rows);
        if (failures > 0) {
            System.exit(1);
        }
    }

    /** Prints the table and the summary for {@code rows}; returns how many rows disagree. */
    static int print(List<Row> rows) {
        String[] header = {"Cell", "Quantity", "PyTorch (notebook)", "Adjoint forward",
            "Adjoint reverse", "Analytical", "Agree"};
        List<String[]> lines = new ArrayList<>();
        String previousCell = null;
        for (Row row : rows) {
            String pytorch;
            if (row.pytorch() == null) {
                pytorch = "(not printed)";
            } else {
                pytorch = row.pytorch() + (row.float32Visible() ? " [f32]" : "");
                if (!row.consistentWithPytorch()) {
                    pytorch += " [!]";
                }
            }
            lines.add(new String[] {
                row.cell().equals(previousCell) ? "" : row.cell(),
                row.quantity(),
                pytorch,
                format(row.forward()),
                format(row.reverse()),
                format(row.analytical()),
                row.agrees() ? "yes" : "NO"});
            previousCell = row.cell();
        }

        int[] widths = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            widths[c] = header[c].length();
            for (String[] line : lines) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }

        System.out.println("Adjoint on the seed notebook: PyTorch autograd vs. Adjoint forward and reverse mode"
                + " vs. the hand-derived gradients");
        System.out.println();
        System.out.println(formatLine(header, widths));
        String[] rule = new String[header.length];
        for (int c = 0; c < header.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        System.out.println(formatLine(rule, widths));
        for (String[] line : lines) {
            System.out.println(formatLine(line, widths));
        }
        System.out.println();
        System.out.println("PyTorch figures are copied verbatim from the notebook's output. PyTorch ran in float32 ([f32] marks");
        System.out.println("the figures where that shows) and its tensor printer rounds to 4-5 digits, so they are for reference.");
        System.out.printf(Locale.ROOT, "\"Agree\" compares the three double-precision columns to %.0e relative.%n", RELATIVE_TOLERANCE);

        long inconsistent = rows.stream().filter(r -> !r.consistentWithPytorch()).count();
        if (inconsistent > 0) {
            System.out.println("[!] " + inconsistent + " figure(s) differ from PyTorch's beyond float32/printed precision.");
        }
        System.out.println();

        int failures = (int) rows.stream().filter(r -> !r.agrees()).count();
        long cells = rows.stream().map(Row::cell).distinct().count();
        if (failures == 0) {
            System.out.printf(Locale.ROOT,
                    "OK: all %d derivatives of the %d notebook cells agree (forward = reverse = analytical).%n",
                    rows.size(), cells);
        } else {
            System.out.printf(Locale.ROOT, "FAILED: %d of %d derivatives disagree:", failures, rows.size());
            for (Row row : rows) {
                if (!row.agrees()) {
                    System.out.print(" [" + row.cell() + " " + row.quantity() + "]");
                }
            }
            System.out.println();
        }
        return failures;
    }

    private static String format(double value) {
        return Double.toString(value);
    }

    private static String formatLine(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", cells[c]));
        }
        return line.toString().stripTrailing();
    }
}
