package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Showcase: gradient descent down Rosenbrock's banana valley, on the gradient Adjoint generates.
 *
 * <p>{@link #rosenbrock} is the n-dimensional Rosenbrock function {@code sum_i (1 - p_i)^2 +
 * 100 (p_(i+1) - p_i^2)^2} over a {@code double[]}; its generated {@code rosenbrockGradient} returns
 * the value and the whole gradient {@code dP} from one reverse sweep, and {@code rosenbrockGradientInto}
 * the same numbers into an array the caller reuses, which {@link #descend} does at every step. Here {@code n = 2}: from the
 * classic start {@code (-1.2, 1)}, with step {@value #STEP}, plain gradient descent and gradient descent
 * with (heavy-ball) momentum {@value #MOMENTUM} each take up to {@value #MAX_ITERATIONS} steps, stopping
 * once within {@value #TOLERANCE} of the minimum {@code (1, 1)}. Plain descent crawls along the valley
 * floor; momentum gets there in about 3 200 steps.
 *
 * <p>{@link #run} prints the progress of both and draws both paths over banded contours of
 * {@code log10 f} to {@code rosenbrock-descent.png}.
 */
public final class RosenbrockDescent {

    /** The start, the textbook's {@code (-1.2, 1)}. */
    static final double[] START = {-1.2, 1.0};
    /** The step size of both methods. */
    public static final double STEP = 1e-3;
    /** The momentum coefficient of the heavy-ball method. */
    public static final double MOMENTUM = 0.9;
    /** The most steps either method takes. */
    public static final int MAX_ITERATIONS = 5000;
    /** A run stops once its distance to {@code (1, 1)} is below this. */
    public static final double TOLERANCE = 1e-6;

    private RosenbrockDescent() {
    }

    /** The Rosenbrock function in {@code p.length} dimensions; its minimum is 0 at {@code (1, ..., 1)}. */
    @Differentiable
    public static double rosenbrock(double[] p) {
        double f = 0;
        for (int i = 0; i + 1 < p.length; i++) {
            double a = 1 - p[i];
            double b = p[i + 1] - p[i] * p[i];
            f += a * a + 100 * b * b;
        }
        return f;
    }

    /**
     * One descent run.
     *
     * @param name the method, as printed
     * @param xs the first coordinate after each step, the start first
     * @param ys the second coordinate after each step, the start first
     * @param values {@code f} at each of those points
     * @param converged whether it came within {@link #TOLERANCE} of {@code (1, 1)}
     */
    public record Run(String name, double[] xs, double[] ys, double[] values, boolean converged) {

        /** Steps taken. */
        public int steps() {
            return xs.length - 1;
        }

        /** Distance of the last point to the minimum {@code (1, 1)}. */
        public double finalDistance() {
            return Math.hypot(xs[steps()] - 1, ys[steps()] - 1);
        }
    }

    /**
     * Gradient descent with heavy-ball momentum from {@link #START}: {@code v = momentum v - step
     * grad f(p)}, {@code p = p + v}. Momentum 0 is plain gradient descent.
     */
    public static Run descend(String name, double step, double momentum, int maxIterations) {
        double[] p = START.clone();
        double[] v = new double[p.length];
        // The gradient goes into this one buffer at every step (rosenbrockGradientInto overwrites it).
        double[] gradient = new double[p.length];
        List<double[]> points = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        boolean converged = false;
        for (int k = 0; ; k++) {
            double value = RosenbrockDescentGrad.rosenbrockGradientInto(p, gradient);
            points.add(p.clone());
            values.add(value);
            if (Math.hypot(p[0] - 1, p[1] - 1) < TOLERANCE) {
                converged = true;
                break;
            }
            if (k == maxIterations) {
                break;
            }
            for (int i = 0; i < p.length; i++) {
                v[i] = momentum * v[i] - step * gradient[i];
                p[i] += v[i];
            }
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        double[] fs = new double[points.size()];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = points.get(k)[0];
            ys[k] = points.get(k)[1];
            fs[k] = values.get(k);
        }
        return new Run(name, xs, ys, fs, converged);
    }

    /** Plain gradient descent with {@link #STEP}. */
    public static Run plain() {
        return descend("gradient descent", STEP, 0, MAX_ITERATIONS);
    }

    /** Heavy-ball momentum {@link #MOMENTUM} with {@link #STEP}. */
    public static Run momentum() {
        return descend("with momentum " + MOMENTUM, STEP, MOMENTUM, MAX_ITERATIONS);
    }

    /**
     * Prints the progress of plain descent and momentum side by side and writes
     * {@code chartDirectory/rosenbrock-descent.png}; returns whether momentum reached the minimum.
     */
    public static boolean run(Path chartDirectory) {
        RosenbrockDescentGrad.RosenbrockGradient atStart = RosenbrockDescentGrad.rosenbrockGradient(START);
        System.out.printf(Locale.ROOT, "Rosenbrock f(x, y) = (1-x)^2 + 100 (y-x^2)^2 at the start (-1.2, 1): f = %s,"
                + " grad f = (%s, %s) (to 12 digits; closed form: 24.2, (-215.6, -88))%n",
                digits12(atStart.value()), digits12(atStart.dP()[0]), digits12(atStart.dP()[1]));
        System.out.printf(Locale.ROOT, "Step %s on RosenbrockDescentGrad.rosenbrockGradient; stop within %.0e"
                + " of (1, 1) or after %d steps%n", STEP, TOLERANCE, MAX_ITERATIONS);
        Run plain = plain();
        Run heavy = momentum();
        System.out.println();
        System.out.printf(Locale.ROOT, "%6s  %-34s  %s%n", "step", "plain: f  (x, y)", "momentum " + MOMENTUM + ": f  (x, y)");
        int[] shown = {0, 10, 100, 250, 500, 1000, 2000, 3000, 4000, 5000};
        for (int k : shown) {
            if (k > Math.max(plain.steps(), heavy.steps())) {
                break;
            }
            System.out.printf(Locale.ROOT, "%6d  %-34s  %s%n", k, state(plain, k), state(heavy, k));
        }
        for (Run r : List.of(plain, heavy)) {
            System.out.printf(Locale.ROOT, "%-22s %s after %d steps: (%.8f, %.8f), f = %.3e, distance to (1, 1) %.1e%n",
                    r.name() + ":", r.converged() ? "converged" : "stopped", r.steps(),
                    r.xs()[r.steps()], r.ys()[r.steps()], r.values()[r.steps()], r.finalDistance());
        }

        Path chart = chart(chartDirectory.resolve("rosenbrock-descent.png"), plain, heavy);
        System.out.println("Descent paths: " + chart);
        return heavy.converged();
    }

    private static String digits12(double v) {
        return new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }

    private static String state(Run r, int k) {
        if (k > r.steps()) {
            return "(converged at step " + r.steps() + ")";
        }
        return String.format(Locale.ROOT, "%.3e  (%.5f, %.5f)", r.values()[k], r.xs()[k], r.ys()[k]);
    }

    /** Both paths over banded contours of {@code log10 f}, the start and the minimum marked. */
    static Path chart(Path file, Run plain, Run heavy) {
        double x0 = -1.6;
        double x1 = 1.6;
        double y0 = -0.5;
        double y1 = 1.7;
        double cell = 0.01;
        int nx = (int) Math.round((x1 - x0) / cell) + 1;
        int ny = (int) Math.round((y1 - y0) / cell) + 1;
        double[][] field = new double[3][nx * ny];
        double[] p = new double[2];
        int c = 0;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                p[0] = x0 + i * cell;
                p[1] = y0 + j * cell;
                field[0][c] = p[0];
                field[1][c] = p[1];
                field[2][c] = Math.log10(Math.max(rosenbrock(p), 1e-3));
                c++;
            }
        }
        return Charts.pathsOverField(file,
                "Gradient descent on the Rosenbrock function",
                String.format(Locale.ROOT, "f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1), step %s,"
                        + " gradient from Adjoint's rosenbrockGradient", STEP),
                "x", "y",
                List.of(curve(plain, plain.name() + " (" + plain.steps() + " steps)"),
                        curve(heavy, heavy.name() + " (" + heavy.steps() + " steps)")),
                List.of(new Charts.Curve("minimum (1, 1)", new double[] {1}, new double[] {1}),
                        new Charts.Curve("start (-1.2, 1)", new double[] {START[0]}, new double[] {START[1]})),
                field, cell, cell, Charts.bands(-1, 3.5, 9), "log10 f(x, y)");
    }

    private static Charts.Curve curve(Run r, String name) {
        return new Charts.Curve(name, r.xs(), r.ys());
    }

    /** Runs both descents and draws them (see {@link #run}); exits with status 1 if momentum fails to converge. */
    public static void main(String[] args) {
        Charts.headless();
        if (!run(Charts.defaultDirectory())) {
            System.exit(1);
        }
    }
}
