package dev.adjoint.samples;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The samples' main program (the README's main command runs it through {@code exec:java}): the seed
 * notebook's table ({@link Notebook}) first, then the six showcases,
 * {@link LogisticRegressionTraining}, {@link BlackScholesGreeks}, {@link RosenbrockDescent},
 * {@link HipparchusConjugateGradient}, {@link TinyNetTraining} and {@link MonteCarloGreeks}, whose charts go to {@link Charts#defaultDirectory()} ({@code samples/target/charts}).
 *
 * <p>Exits with status 1 if a row of the notebook disagrees (as {@link Notebook#main} does) or a
 * showcase's own check fails; the showcases run either way.
 */
public final class Samples {

    private Samples() {
    }

    /** Runs the notebook and the showcases; exits with status 1 on any failure. */
    public static void main(String[] args) {
        Charts.headless();
        if (!run(Charts.defaultDirectory())) {
            System.exit(1);
        }
    }

    /**
     * Prints the notebook table and runs the showcases, writing their charts to {@code charts};
     * returns whether the notebook and every showcase passed their checks.
     */
    public static boolean run(Path charts) {
        Charts.headless();
        int notebookFailures = Notebook.print(Notebook.rows());

        section("1. Training logistic regression on lossGradient");
        boolean logistic = LogisticRegressionTraining.run(charts);
        section("2. Black-Scholes Greeks from one reverse sweep");
        boolean greeks = BlackScholesGreeks.run();
        section("3. Gradient descent on the Rosenbrock function");
        boolean rosenbrock = RosenbrockDescent.run(charts);
        section("4. The same gradients handed to Hipparchus' conjugate gradient optimiser");
        boolean hipparchus = HipparchusConjugateGradient.run();
        section("5. A two-layer network whose parameters are a record");
        boolean tinyNet = TinyNetTraining.run();
        section("6. Monte Carlo Greeks through ten million steps, the tape within a budget");
        boolean monteCarlo = MonteCarloGreeks.run();

        System.out.println();
        System.out.println("=".repeat(100));
        System.out.printf(Locale.ROOT, "Notebook: %s. Logistic regression: %s. Black-Scholes Greeks: %s. Rosenbrock: %s."
                + " Hipparchus: %s. Tiny net: %s. Monte Carlo: %s.%n",
                notebookFailures == 0 ? "OK" : "FAILED (" + notebookFailures + " rows disagree)",
                verdict(logistic), verdict(greeks), verdict(rosenbrock), verdict(hipparchus), verdict(tinyNet),
                verdict(monteCarlo));
        System.out.println("Charts: " + charts.toAbsolutePath().normalize());
        return notebookFailures == 0 && logistic && greeks && rosenbrock && hipparchus && tinyNet && monteCarlo;
    }

    private static String verdict(boolean ok) {
        return ok ? "OK" : "FAILED";
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("=".repeat(100));
        System.out.println(title);
        System.out.println("=".repeat(100));
    }
}
